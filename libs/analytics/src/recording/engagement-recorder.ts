import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Metrics, SegmentStalenessRepository } from '@localreach/core';
import { buildEngagementBatch, ClickHistory, KnownOpens } from './engagement-batch';
import { EngagementRepository } from './engagement.repository';
import type { TrackingHit } from './engagement.types';
import { MessageFactsCache } from './message-facts.cache';
import { RECORDING_OPTIONS, type RecordingOptions } from './recording.options';

/** Hits a failed write leaves unwritten, to be put back at the head of the queue. */
class UnwrittenHits extends Error {
  constructor(
    readonly hits: TrackingHit[],
    override readonly cause: unknown,
  ) {
    super(cause instanceof Error ? cause.message : String(cause));
  }
}

/** SQLSTATE classes 22 (data exception) and 23 (integrity): retrying the same rows cannot help. */
function isDataError(error: unknown): boolean {
  const code = (error as { code?: unknown; driverError?: { code?: unknown } })?.code ?? (error as { driverError?: { code?: unknown } })?.driverError?.code;
  return typeof code === 'string' && /^2[23]/.test(code);
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Opens and clicks, written in batches: the public endpoints only append a
 * hit to memory and answer; every `flushIntervalMs` (or at once when
 * `batchRows` are waiting) one INSERT … SELECT writes them all, joined to
 * message for the business, customer, campaign, step and variant. A failed
 * write is logged and retried with backoff, its rows kept at the head of the
 * queue; only rows the database rejects as invalid (bisected down to the
 * row) or, while it is down, rows beyond `maxBufferedRows` are dropped, each
 * with an error log. On shutdown the queue is written before the pool closes:
 * one pass before the HTTP server stops, and all the rest after its last
 * request.
 */
@Injectable()
export class EngagementRecorder implements OnModuleInit, BeforeApplicationShutdown, OnApplicationShutdown {
  private readonly logger = new Logger(EngagementRecorder.name);
  private pending: TrackingHit[] = [];
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private failures = 0;
  private readonly history: ClickHistory;
  private readonly knownOpens: KnownOpens;
  private unwatchBuffer: (() => void) | undefined;
  /** Counters for logs and tests: hits recorded, rows written, hits dropped. */
  readonly stats = { recorded: 0, written: 0, dropped: 0, failedWrites: 0 };

  constructor(
    private readonly repository: EngagementRepository,
    private readonly cache: MessageFactsCache,
    private readonly staleness: SegmentStalenessRepository,
    private readonly dataSource: DataSource,
    @Inject(RECORDING_OPTIONS) private readonly options: RecordingOptions,
    private readonly metrics: Metrics,
  ) {
    this.history = new ClickHistory(options.machineRules.burstWindowMs);
    this.knownOpens = new KnownOpens(options.knownOpensSize);
  }

  onModuleInit(): void {
    this.unwatchBuffer = this.metrics.watchEngagementBuffer(() => this.pending.length);
  }

  /** Queues one hit; it is written within `flushIntervalMs` unless the database is failing. */
  record(hit: TrackingHit): void {
    this.pending.push(hit);
    this.stats.recorded += 1;
    const excess = this.pending.length - this.options.maxBufferedRows;
    if (excess > 0) {
      this.pending.splice(0, excess);
      this.stats.dropped += excess;
      this.logger.error(`engagement buffer full (${this.options.maxBufferedRows} rows unwritten): dropped the ${excess} oldest`);
    }
    this.schedule(this.pending.length >= this.options.batchRows ? 0 : this.options.flushIntervalMs);
  }

  /** Hits waiting to be written. */
  get queued(): number {
    return this.pending.length;
  }

  /**
   * Writes everything queued so far, retrying failed writes until `timeoutMs`
   * has passed. Returns how many hits are still unwritten (0: all written).
   */
  async flush(timeoutMs = this.options.shutdownTimeoutMs): Promise<number> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      this.clearTimer();
      if (this.running) await this.running;
      if (this.pending.length === 0) return 0;
      const left = deadline - Date.now();
      if (left <= 0) return this.pending.length;
      if (this.failures > 0) await sleep(Math.min(this.retryDelay(), left));
      this.clearTimer();
      await this.run();
    }
  }

  /**
   * Requests are still arriving: one pass writes what is queued now. It does
   * not wait for the queue to empty (under steady traffic it never would, and
   * the server would never be closed); the rest, and anything a failed write
   * kept, is written after the server has closed.
   */
  async beforeApplicationShutdown(): Promise<void> {
    this.clearTimer();
    if (this.running) await this.running;
    await this.run();
  }

  /** Runs after the HTTP server has closed: what its last requests recorded. */
  async onApplicationShutdown(): Promise<void> {
    await this.flushForShutdown();
    this.history.prune(Number.POSITIVE_INFINITY);
    this.unwatchBuffer?.();
  }

  private async flushForShutdown(): Promise<void> {
    const lost = await this.flush();
    if (lost > 0) {
      this.stats.dropped += lost;
      this.pending = [];
      this.logger.error(`shutting down with the database unavailable: ${lost} engagement rows could not be written and are lost`);
    }
  }

  private schedule(delayMs: number): void {
    if (this.timer) {
      if (delayMs > 0) return;
      clearTimeout(this.timer);
    }
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.run();
    }, delayMs);
    this.timer.unref();
  }

  private clearTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private retryDelay(): number {
    const [first, max] = this.options.retryDelayMs;
    return Math.min(max, first * 2 ** Math.max(0, this.failures - 1));
  }

  /** One pass over the queue, never two at once; a failure schedules the retry. */
  private run(): Promise<void> {
    if (this.running) return this.running;
    this.running = this.drain()
      .then(() => {
        this.failures = 0;
      })
      .catch((error: unknown) => {
        this.failures += 1;
        this.stats.failedWrites += 1;
        this.logger.error(`writing engagement rows failed (attempt ${this.failures}, ${this.pending.length} queued; retrying): ${(error as Error).message}`);
      })
      .finally(() => {
        this.running = null;
        if (this.pending.length === 0) return;
        const delay = this.failures > 0 ? this.retryDelay() : this.pending.length >= this.options.batchRows ? 0 : this.options.flushIntervalMs;
        this.schedule(delay);
      });
    return this.running;
  }

  /** Writes the hits queued when the pass starts; later ones wait for the next pass, so a pass ends under steady traffic. */
  private async drain(): Promise<void> {
    let left = this.pending.length;
    while (left > 0 && this.pending.length > 0) {
      const batch = this.pending.splice(0, Math.min(this.options.batchRows, left));
      left -= batch.length;
      try {
        await this.writeIsolating(batch);
      } catch (error) {
        const unwritten = error instanceof UnwrittenHits ? error.hits : batch;
        this.pending.unshift(...unwritten);
        throw error instanceof UnwrittenHits ? error.cause : error;
      }
    }
  }

  /** Writes a batch; rows the database rejects as invalid are found by halving and dropped with a log. */
  private async writeIsolating(batch: TrackingHit[]): Promise<void> {
    try {
      await this.write(batch);
    } catch (error) {
      if (!isDataError(error)) throw new UnwrittenHits(batch, error);
      if (batch.length === 1) {
        this.stats.dropped += 1;
        this.logger.error(`dropping an engagement row the database rejects (${(error as Error).message}): ${JSON.stringify(batch[0])}`);
        return;
      }
      const half = Math.ceil(batch.length / 2);
      const second = batch.slice(half);
      try {
        await this.writeIsolating(batch.slice(0, half));
      } catch (e) {
        throw e instanceof UnwrittenHits ? new UnwrittenHits([...e.hits, ...second], e.cause) : e;
      }
      await this.writeIsolating(second);
    }
  }

  private async write(batch: readonly TrackingHit[]): Promise<void> {
    const started = process.hrtime.bigint();
    const facts = await this.cache.getMany(batch.map((hit) => hit.messageId));
    const built = buildEngagementBatch(batch, facts, this.history, this.options.machineRules, this.knownOpens);
    const written = await this.repository.insertBatch(built.rows);
    this.stats.written += written;
    this.metrics.engagementFlushed(written, Number(process.hrtime.bigint() - started) / 1e9);
    for (const row of built.rows) this.knownOpens.add(row.messageId);
    // Pruned by the hits' own clock (the demo clock may run days ahead of the wall clock).
    let latest = Number.NEGATIVE_INFINITY;
    for (const hit of batch) latest = Math.max(latest, hit.occurredAt.getTime());
    this.history.prune(latest);
    // The rows are in: what follows is best effort and must not make a retry write them twice.
    await this.afterWrite(built.bursts, new Set(built.rows.map((row) => facts.get(row.messageId)?.businessId).filter((id): id is string => id !== undefined)));
  }

  private async afterWrite(bursts: ReturnType<typeof buildEngagementBatch>['bursts'], businessIds: Set<string>): Promise<void> {
    try {
      for (const burst of bursts) await this.repository.flagClickBurst(burst.messageId, burst.from, burst.to);
      // Segments with engagement rules ("opened in the last 7 days") refresh within seconds.
      for (const businessId of businessIds) await this.staleness.markStale(this.dataSource, businessId, ['engagement']);
    } catch (error) {
      this.logger.error(`after writing engagement rows: flagging click bursts or marking segments stale failed: ${(error as Error).message}`);
    }
  }
}
