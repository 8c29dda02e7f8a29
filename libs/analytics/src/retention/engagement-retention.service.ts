import { Inject, Injectable, Logger } from '@nestjs/common';
import { APP_CONFIG, untilShortBatch, type AppConfig } from '@localreach/core';
import { EngagementRetentionRepository } from './engagement-retention.repository';

const DAY_MS = 86_400_000;

/** What one run did. */
export interface EngagementRetentionRun {
  /** Hits older than this were rolled up. */
  before: Date;
  moved: number;
  batches: number;
  /** The longest batch (one transaction, the longest any lock was held), in milliseconds. */
  longestBatchMs: number;
}

/**
 * Rolls raw engagement hits older than ENGAGEMENT_RETENTION_DAYS up into
 * engagement_message_rollup and engagement_period_rollup and deletes them, in
 * short batches. The reports read roll-ups and raw rows together, so their
 * figures are the same before and after. Idempotent (a second run finds
 * nothing to move) and safe with several workers at once.
 */
@Injectable()
export class EngagementRetentionService {
  private readonly logger = new Logger(EngagementRetentionService.name);

  constructor(
    private readonly repository: EngagementRetentionRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async rollUpAndPruneEngagement(now: Date, batchSize = 5_000): Promise<EngagementRetentionRun> {
    const before = new Date(now.getTime() - this.config.retention.engagementDays * DAY_MS);
    const { rows: moved, batches, longestBatchMs } = await untilShortBatch(batchSize, (size) => this.repository.moveBatch(before, size));
    const run: EngagementRetentionRun = { before, moved, batches, longestBatchMs };
    // Only a run that saw nothing left may say so.
    await this.repository.advanceWatermarks(before);
    if (run.moved > 0) this.logger.log(`rolled up ${run.moved} engagement hits older than ${before.toISOString()} in ${run.batches} batches`);
    return run;
  }
}
