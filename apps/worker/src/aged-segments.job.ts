import { Injectable } from '@nestjs/common';
import { Cron } from '@nestjs/schedule';
import { WORKER_CRON_DEFAULTS } from '@localreach/core';
import { SegmentService } from '@localreach/segmentation';
import { JobRuns } from './job-runs';

/**
 * Segments not refreshed for 10 minutes (windows slide, birthdays come
 * closer), drained one claim at a time. Not exclusive: the claims skip each
 * other's segments (SKIP LOCKED and a claim stamp), so every worker takes a
 * share of the backlog.
 */
@Injectable()
export class AgedSegmentsJob {
  constructor(
    private readonly runs: JobRuns,
    private readonly segments: SegmentService,
  ) {}

  @Cron(WORKER_CRON_DEFAULTS['aged-segments'], { name: 'aged-segments', waitForCompletion: true })
  async run(): Promise<void> {
    await this.runs.run('aged-segments', () => this.segments.refreshAged(this.runs.signal));
  }
}
