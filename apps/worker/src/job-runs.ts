import { Injectable, Logger, type BeforeApplicationShutdown } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { JobLock, Metrics } from '@localreach/core';
import { DatabaseState } from './database-state';

/** How a run ended: `skipped` = another worker process held the job (exclusive jobs). */
export type JobOutcome = 'ok' | 'failed' | 'skipped';

export interface JobRunOptions {
  /** What failures in a row are counted per: a claim loop's lane (its timer's name); the job's name by default. */
  readonly series?: string;
  /** The wait before the series' next run after `failures` failures in a row (claim loops back off); calendar jobs wait for their next tick. */
  readonly retryMs?: (failures: number) => number;
  /** At most one worker process runs the job at a time (JobLock); the others skip the tick. */
  readonly exclusive?: boolean;
}

export type JobRunResult<T> =
  | { readonly outcome: 'ok'; readonly value: T }
  | { readonly outcome: 'skipped' }
  | { readonly outcome: 'failed'; readonly failures: number; readonly retryMs: number | undefined };

export interface JobStats {
  runs: number;
  failed: number;
  skipped: number;
  last: { outcome: JobOutcome; seconds: number; at: Date } | undefined;
}

/**
 * The one way a job runs in the worker, calendar job or claim pass: timed,
 * its outcome recorded (`finished`), one log line per failure saying how many
 * in a row (the database being unreachable is DatabaseState's to log, once
 * when it goes and once when it is back), and waited for at shutdown: from
 * then on no run starts, the calendar jobs stop ticking, and shutdown returns
 * once the runs in flight have ended (the claim loops wait for their own
 * passes too, and abort them).
 */
@Injectable()
export class JobRuns implements BeforeApplicationShutdown {
  private readonly logger = new Logger(JobRuns.name);
  private readonly inFlight = new Set<Promise<unknown>>();
  /** Failures in a row per series. */
  private readonly streaks = new Map<string, number>();
  private readonly stats = new Map<string, JobStats>();
  private readonly stopping = new AbortController();

  constructor(
    private readonly database: DatabaseState,
    private readonly lock: JobLock,
    private readonly registry: SchedulerRegistry,
    private readonly metrics: Metrics,
  ) {}

  /** Aborts when the worker stops: long jobs check it between steps and end early. */
  get signal(): AbortSignal {
    return this.stopping.signal;
  }

  /** Runs `work` as a run of `job`; never throws (a failure is logged and returned). After shutdown began: skipped, `work` not called. */
  run<T>(job: string, work: () => Promise<T>, options: JobRunOptions = {}): Promise<JobRunResult<T>> {
    if (this.stopping.signal.aborted) return Promise.resolve({ outcome: 'skipped' });
    const running = this.measure(job, work, options);
    this.inFlight.add(running);
    void running.finally(() => this.inFlight.delete(running));
    return running;
  }

  /** Every run ends here (not the ones refused at shutdown): its stats and its metrics. */
  finished(job: string, outcome: JobOutcome, seconds: number): void {
    this.metrics.jobRun(job, outcome, seconds);
    let stats = this.stats.get(job);
    if (!stats) this.stats.set(job, (stats = { runs: 0, failed: 0, skipped: 0, last: undefined }));
    stats.runs += 1;
    if (outcome === 'failed') stats.failed += 1;
    if (outcome === 'skipped') stats.skipped += 1;
    stats.last = { outcome, seconds, at: new Date() };
  }

  /** Runs, failures and the last run of each job since the worker started. */
  summary(): ReadonlyMap<string, Readonly<JobStats>> {
    return this.stats;
  }

  /** Runs in flight now. */
  get running(): number {
    return this.inFlight.size;
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopping.abort();
    // No more ticks (ScheduleModule deletes the jobs only after every other module's shutdown hooks).
    for (const job of this.registry.getCronJobs().values()) void job.stop();
    while (this.inFlight.size > 0) await Promise.all([...this.inFlight]);
  }

  private async measure<T>(job: string, work: () => Promise<T>, options: JobRunOptions): Promise<JobRunResult<T>> {
    const series = options.series ?? job;
    const started = performance.now();
    const seconds = () => (performance.now() - started) / 1000;
    try {
      const result = options.exclusive ? await this.lock.runAlone(job, work) : { ran: true as const, value: await work() };
      this.streaks.delete(series);
      this.database.succeeded();
      this.finished(job, result.ran ? 'ok' : 'skipped', seconds());
      return result.ran ? { outcome: 'ok', value: result.value } : { outcome: 'skipped' };
    } catch (error) {
      const failures = (this.streaks.get(series) ?? 0) + 1;
      this.streaks.set(series, failures);
      const retryMs = options.retryMs?.(failures);
      this.finished(job, 'failed', seconds());
      if (!this.database.failed(error)) {
        const next = retryMs === undefined ? 'next run on its schedule' : `next in ${(retryMs / 1000).toFixed(1)} s`;
        this.logger.error(`${series} failed (${failures} in a row, ${next}): ${error instanceof Error ? error.message : String(error)}`);
      }
      return { outcome: 'failed', failures, retryMs };
    }
  }
}
