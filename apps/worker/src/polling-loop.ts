import { setMaxListeners } from 'node:events';
import { Inject, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { Metrics } from '@localreach/core';
import { DatabaseState } from './database-state';

/** A loop's job label: its class name in kebab case, without "Service" (DeliveryPassService → delivery-pass). */
export function jobName(className: string): string {
  return className.replace(/Service$/, '').replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase();
}

/**
 * A worker loop: run a pass, go again at once while passes find work (a full
 * batch), otherwise sleep `idleMs`. `lanes` such loops run side by side (for
 * passes whose claims skip each other's rows), so one lane's database work
 * overlaps another's waiting. A lane whose passes fail backs off (see
 * DatabaseState: exponential with full jitter, reset by the next pass that
 * works); the database being unreachable is logged once for the whole worker,
 * any other failure on each pass. Shutdown waits for the passes in flight, so
 * a SIGTERM never cuts a batch in half (its transaction commits or never
 * started), and aborts `stopping` so a pass waiting on the database gives up.
 */
export abstract class PollingLoop implements OnApplicationBootstrap, BeforeApplicationShutdown {
  protected readonly logger = new Logger(this.constructor.name);
  // A property, so each loop's constructor stays about its own work.
  @Inject(DatabaseState) private readonly database!: DatabaseState;
  @Inject(Metrics) private readonly metrics!: Metrics;
  private readonly job = jobName(this.constructor.name);
  /** Resting lanes: lane → its timer. */
  private readonly timers = new Map<number, NodeJS.Timeout>();
  private readonly running = new Set<Promise<void>>();
  /** Failed passes in a row, per lane. */
  private readonly failures: number[] = [];
  private readonly stopping = new AbortController();
  private unsubscribe: (() => void) | undefined;

  protected abstract readonly idleMs: number;
  protected readonly lanes: number = 1;

  /** One pass; returns true when there may be more work right away. `signal` aborts when the worker stops. */
  protected abstract pass(signal: AbortSignal): Promise<boolean>;

  constructor() {
    // Every send of a pass waiting for the database to record it listens to this signal (20 at once in delivery's two lanes).
    setMaxListeners(0, this.stopping.signal);
  }

  onApplicationBootstrap(): void {
    // The database is back: lanes backing off try at once instead of sleeping out their draw.
    this.unsubscribe = this.database.onBack(() => this.wakeLanes(() => true));
    for (let lane = 0; lane < this.lanes; lane++) this.schedule(lane, 0);
  }

  // Before any onApplicationShutdown hook: the pool closes in one, and the pass in flight still needs it.
  async beforeApplicationShutdown(): Promise<void> {
    this.stopping.abort();
    this.unsubscribe?.();
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    await Promise.all(this.running);
  }

  /** Ends the rest of every lane resting after work (not one backing off after failures): another loop just made work for this one. */
  wake(): void {
    this.wakeLanes((lane) => !this.failures[lane]);
  }

  /** Runs passes until one reports no more work (tests call this directly). */
  async runUntilIdle(maxPasses = 1_000): Promise<void> {
    for (let i = 0; i < maxPasses && !this.stopping.signal.aborted; i++) if (!(await this.pass(this.stopping.signal))) return;
  }

  private wakeLanes(which: (lane: number) => boolean): void {
    for (const [lane, timer] of [...this.timers]) {
      if (!which(lane)) continue;
      clearTimeout(timer);
      this.timers.delete(lane);
      this.schedule(lane, 0);
    }
  }

  private schedule(lane: number, delayMs: number): void {
    if (this.stopping.signal.aborted) return;
    const timer = setTimeout(() => {
      this.timers.delete(lane);
      const running: Promise<void> = this.runPass(lane).finally(() => this.running.delete(running));
      this.running.add(running);
    }, delayMs);
    this.timers.set(lane, timer);
  }

  private async runPass(lane: number): Promise<void> {
    let nextMs: number;
    const started = process.hrtime.bigint();
    const seconds = () => Number(process.hrtime.bigint() - started) / 1e9;
    try {
      const more = await this.pass(this.stopping.signal);
      this.metrics.jobRun(this.job, 'ok', seconds());
      this.failures[lane] = 0;
      this.database.succeeded();
      nextMs = more ? 0 : this.idleMs;
    } catch (error) {
      this.metrics.jobRun(this.job, 'failed', seconds());
      const failures = (this.failures[lane] ?? 0) + 1;
      this.failures[lane] = failures;
      nextMs = this.database.backoffMs(failures, this.idleMs);
      if (!this.database.failed(error)) {
        this.logger.error(`pass failed (${failures} in a row, next in ${(nextMs / 1000).toFixed(1)} s): ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    this.schedule(lane, nextMs);
  }
}
