import { Injectable } from '@nestjs/common';
import { Cron } from '@nestjs/schedule';
import { WORKER_CRON_DEFAULTS } from '@localreach/core';
import { EngagementRetentionService } from '@localreach/analytics';
import { JobRuns } from './job-runs';

/** Engagement hits past ENGAGEMENT_RETENTION_DAYS rolled up and pruned (safe in two workers at once; one at a time saves the other's work). */
@Injectable()
export class EngagementRetentionJob {
  constructor(
    private readonly runs: JobRuns,
    private readonly retention: EngagementRetentionService,
  ) {}

  @Cron(WORKER_CRON_DEFAULTS['engagement-retention'], { name: 'engagement-retention', waitForCompletion: true, timeZone: 'UTC' })
  async run(): Promise<void> {
    await this.runs.run('engagement-retention', () => this.retention.rollUpAndPruneEngagement(new Date()), { exclusive: true });
  }
}
