import { setMaxListeners } from 'node:events';
import { Inject, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { DatabaseState } from './database-state';
import { JobRuns } from './job-runs';

/**
 * A claim loop: run a pass, go again at once while passes find work (a full
 * batch), otherwise sleep `idleMs`. `lanes` such loops run side by side (for
 * passes whose claims skip each other's rows), so one lane's database work
 * overlaps another's waiting. Each resting lane's timer is registered in
 * the SchedulerRegistry as `claim:<jobName>:lane-<n>`, so the worker's timers
 * can be listed by name; each pass is a run of the job `jobName` (JobRuns:
 * timed, recorded, failures logged). A lane whose passes fail backs off (see
 * DatabaseState: exponential with full jitter, reset by the next pass that
 * works). Shutdown waits for the passes in flight, so a SIGTERM never cuts a
 * batch in half (its transaction commits or never started), and aborts
 * `stopping` so a pass waiting on the database gives up.
 */
export abstract class PollingLoop implements OnApplicationBootstrap, BeforeApplicationShutdown {
  // Properties, so each loop's constructor stays about its own work.
  @Inject(DatabaseState) private readonly database!: DatabaseState;
  @Inject(JobRuns) private readonly runs!: JobRuns;
  @Inject(SchedulerRegistry) private readonly registry!: SchedulerRegistry;
  private readonly running = new Set<Promise<void>>();
  /** Lanes resting after a failed pass (wake() leaves them to their backoff). */
  private readonly backingOff: boolean[] = [];
  private readonly stopping = new AbortController();
  private unsubscribe: (() => void) | undefined;

  /** The job's name (in logs and metrics) and its timers' (`claim:<jobName>:lane-<n>`). */
  abstract readonly jobName: string;
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
    for (let lane = 0; lane < this.lanes; lane++) this.forgetTimer(lane);
    await Promise.all(this.running);
  }

  /** Ends the rest of every lane resting after work (not one backing off after failures): another loop just made work for this one. */
  wake(): void {
    this.wakeLanes((lane) => !this.backingOff[lane]);
  }

  /** Runs passes until one reports no more work (tests call this directly). */
  async runUntilIdle(maxPasses = 1_000): Promise<void> {
    for (let i = 0; i < maxPasses && !this.stopping.signal.aborted; i++) if (!(await this.pass(this.stopping.signal))) return;
  }

  /** The name lane `lane`'s timer is registered under while it rests. */
  timerName(lane: number): string {
    return `claim:${this.jobName}:lane-${lane}`;
  }

  private wakeLanes(which: (lane: number) => boolean): void {
    for (let lane = 0; lane < this.lanes; lane++) {
      if (which(lane) && this.forgetTimer(lane)) this.schedule(lane, 0);
    }
  }

  /** Clears the lane's timer if it is resting; true if it was. */
  private forgetTimer(lane: number): boolean {
    const name = this.timerName(lane);
    if (!this.registry.doesExist('timeout', name)) return false;
    this.registry.deleteTimeout(name);
    return true;
  }

  private schedule(lane: number, delayMs: number): void {
    if (this.stopping.signal.aborted) return;
    const timer = setTimeout(() => {
      this.forgetTimer(lane);
      const running: Promise<void> = this.runPass(lane).finally(() => this.running.delete(running));
      this.running.add(running);
    }, delayMs);
    this.registry.addTimeout(this.timerName(lane), timer);
  }

  private async runPass(lane: number): Promise<void> {
    const result = await this.runs.run(this.jobName, () => this.pass(this.stopping.signal), {
      series: this.timerName(lane),
      retryMs: (failures) => this.database.backoffMs(failures, this.idleMs),
    });
    this.backingOff[lane] = result.outcome === 'failed';
    if (result.outcome === 'ok') this.schedule(lane, result.value ? 0 : this.idleMs);
    else if (result.outcome === 'failed') this.schedule(lane, result.retryMs ?? this.idleMs);
    // 'skipped': the worker is stopping.
  }
}
