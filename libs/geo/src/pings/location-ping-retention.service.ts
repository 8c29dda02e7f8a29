import { Inject, Injectable, Logger } from '@nestjs/common';
import { APP_CONFIG, untilShortBatch, type AppConfig } from '@localreach/core';
import { LocationPingRetentionRepository } from './location-ping-retention.repository';

const DAY_MS = 86_400_000;

/**
 * Deletes location pings older than LOCATION_PING_RETENTION_DAYS (where a
 * person was is sensitive; geofence presence keeps its own state and needs
 * no history). Short batches; idempotent; several workers may run it at once.
 */
@Injectable()
export class LocationPingRetentionService {
  private readonly logger = new Logger(LocationPingRetentionService.name);

  constructor(
    private readonly repository: LocationPingRetentionRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Returns how many pings were deleted. */
  async deleteOldLocationPings(now: Date, batchSize = 10_000): Promise<number> {
    const before = new Date(now.getTime() - this.config.retention.locationPingDays * DAY_MS);
    const { rows: deleted } = await untilShortBatch(batchSize, (size) => this.repository.deleteBatch(before, size));
    if (deleted > 0) this.logger.log(`deleted ${deleted} location pings older than ${before.toISOString()}`);
    return deleted;
  }
}
