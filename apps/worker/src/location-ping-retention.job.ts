import { Injectable } from '@nestjs/common';
import { Cron } from '@nestjs/schedule';
import { LocationPingRetentionService } from '@localreach/geo';

/** Hourly, so no ping outlives LOCATION_PING_RETENTION_DAYS by more than an hour. */
export const LOCATION_PING_RETENTION_CRON = '40 * * * *';

@Injectable()
export class LocationPingRetentionJob {
  constructor(private readonly retention: LocationPingRetentionService) {}

  @Cron(LOCATION_PING_RETENTION_CRON, { name: 'location-ping-retention', waitForCompletion: true })
  async run(): Promise<void> {
    await this.retention.deleteOldLocationPings(new Date());
  }
}
