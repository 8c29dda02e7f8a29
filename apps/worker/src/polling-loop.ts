import { Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';

/**
 * A worker loop: run a pass, go again at once while passes find work (a full
 * batch), otherwise sleep `idleMs`. Shutdown waits for the pass in flight, so
 * a SIGTERM never cuts a batch in half (its transaction commits or never started).
 */
export abstract class PollingLoop implements OnApplicationBootstrap, BeforeApplicationShutdown {
  protected readonly logger = new Logger(this.constructor.name);
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = false;

  protected abstract readonly idleMs: number;

  /** One pass; returns true when there may be more work right away. */
  protected abstract pass(): Promise<boolean>;

  onApplicationBootstrap(): void {
    this.schedule(0);
  }

  // Before any onApplicationShutdown hook: the pool closes in one, and the pass in flight still needs it.
  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  /** Runs passes until one reports no more work (tests call this directly). */
  async runUntilIdle(maxPasses = 1_000): Promise<void> {
    for (let i = 0; i < maxPasses && !this.stopped; i++) if (!(await this.pass())) return;
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      let more = false;
      this.running = this.pass()
        .then((busy) => {
          more = busy;
        })
        .catch((error: unknown) => this.logger.error(`pass failed: ${error instanceof Error ? error.message : String(error)}`))
        .finally(() => this.schedule(more ? 0 : this.idleMs));
    }, delayMs);
  }
}
