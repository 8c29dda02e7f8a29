import { Injectable } from '@nestjs/common';
import { Cron } from '@nestjs/schedule';
import { WORKER_CRON_DEFAULTS } from '@localreach/core';
import { LocationPingRetentionService } from '@localreach/geo';
import { JobRuns } from './job-runs';

/** Location pings past LOCATION_PING_RETENTION_DAYS deleted, one worker at a time. */
@Injectable()
export class LocationPingRetentionJob {
  constructor(
    private readonly runs: JobRuns,
    private readonly retention: LocationPingRetentionService,
  ) {}

  @Cron(WORKER_CRON_DEFAULTS['location-ping-retention'], { name: 'location-ping-retention', waitForCompletion: true, timeZone: 'UTC' })
  async run(): Promise<void> {
    await this.runs.run('location-ping-retention', () => this.retention.deleteOldLocationPings(new Date()), { exclusive: true });
  }
}
