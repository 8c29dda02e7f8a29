import { Injectable } from '@nestjs/common';
import { Cron } from '@nestjs/schedule';
import { EngagementRetentionService } from '@localreach/analytics';

/** Nightly, off-peak (UTC): engagement hits past ENGAGEMENT_RETENTION_DAYS are rolled up and pruned. */
export const ENGAGEMENT_RETENTION_CRON = '20 3 * * *';

@Injectable()
export class EngagementRetentionJob {
  constructor(private readonly retention: EngagementRetentionService) {}

  @Cron(ENGAGEMENT_RETENTION_CRON, { name: 'engagement-retention', waitForCompletion: true })
  async run(): Promise<void> {
    await this.retention.rollUpAndPruneEngagement(new Date());
  }
}
