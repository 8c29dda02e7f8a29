import { Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';

/**
 * A worker loop: run a pass, go again at once while passes find work (a full
 * batch), otherwise sleep `idleMs`. `lanes` such loops run side by side (for
 * passes whose claims skip each other's rows), so one lane's database work
 * overlaps another's waiting. Shutdown waits for the passes in flight, so a
 * SIGTERM never cuts a batch in half (its transaction commits or never started).
 */
export abstract class PollingLoop implements OnApplicationBootstrap, BeforeApplicationShutdown {
  protected readonly logger = new Logger(this.constructor.name);
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly running = new Set<Promise<void>>();
  private stopped = false;

  protected abstract readonly idleMs: number;
  protected readonly lanes: number = 1;

  /** One pass; returns true when there may be more work right away. */
  protected abstract pass(): Promise<boolean>;

  onApplicationBootstrap(): void {
    for (let lane = 0; lane < this.lanes; lane++) this.schedule(0);
  }

  // Before any onApplicationShutdown hook: the pool closes in one, and the pass in flight still needs it.
  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    for (const timer of this.timers) clearTimeout(timer);
    await Promise.all(this.running);
  }

  /** Ends the rest of every resting lane now: another loop just made work for this one. */
  wake(): void {
    if (this.stopped) return;
    for (const timer of [...this.timers]) {
      clearTimeout(timer);
      this.timers.delete(timer);
      this.schedule(0);
    }
  }

  /** Runs passes until one reports no more work (tests call this directly). */
  async runUntilIdle(maxPasses = 1_000): Promise<void> {
    for (let i = 0; i < maxPasses && !this.stopped; i++) if (!(await this.pass())) return;
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      let more = false;
      const running: Promise<void> = this.pass()
        .then((busy) => {
          more = busy;
        })
        .catch((error: unknown) => this.logger.error(`pass failed: ${error instanceof Error ? error.message : String(error)}`))
        .finally(() => {
          this.running.delete(running);
          this.schedule(more ? 0 : this.idleMs);
        });
      this.running.add(running);
    }, delayMs);
    this.timers.add(timer);
  }
}
