import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { SegmentService } from '@localreach/segmentation';

/** Stale segments are picked up within a second; all others are re-evaluated every 10 minutes as time windows slide. */
export const SEGMENT_POLL_MS = 1_000;
export const SEGMENT_MAX_AGE_SECONDS = 600;
const BATCH = 10;

@Injectable()
export class SegmentRefresherService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(SegmentRefresherService.name);
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = false;

  constructor(private readonly segments: SegmentService) {}

  onApplicationBootstrap(): void {
    this.schedule(0);
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  /** One pass: refresh until nothing is due (used by the loop and by tests). */
  async runOnce(): Promise<number> {
    let total = 0;
    for (;;) {
      const refreshed = await this.segments.refreshDue(SEGMENT_MAX_AGE_SECONDS, BATCH);
      total += refreshed;
      if (refreshed < BATCH || this.stopped) return total;
    }
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.runOnce()
        .then(() => undefined)
        .catch((error: unknown) => this.logger.error(`segment refresh pass failed: ${error instanceof Error ? error.message : String(error)}`))
        .finally(() => this.schedule(SEGMENT_POLL_MS));
    }, delayMs);
  }
}
