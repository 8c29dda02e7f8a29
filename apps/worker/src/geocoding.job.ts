import { Injectable } from '@nestjs/common';
import { Cron } from '@nestjs/schedule';
import { WORKER_CRON_DEFAULTS } from '@localreach/core';
import { GeocodingService } from '@localreach/geo';
import { JobRuns } from './job-runs';

/**
 * Geocodes customers and stores that have an address and no coordinates
 * (only does work when a Maps key is set). One worker at a time: two would
 * ask the paid geocoder about the same addresses.
 */
@Injectable()
export class GeocodingJob {
  constructor(
    private readonly runs: JobRuns,
    private readonly geocoding: GeocodingService,
  ) {}

  @Cron(WORKER_CRON_DEFAULTS.geocoding, { name: 'geocoding', waitForCompletion: true })
  async run(): Promise<void> {
    await this.runs.run('geocoding', () => this.geocoding.geocodeAllPending(this.runs.signal), { exclusive: true });
  }
}
