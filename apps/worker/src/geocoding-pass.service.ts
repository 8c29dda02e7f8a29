import { Injectable, Logger, type OnApplicationBootstrap, type BeforeApplicationShutdown } from '@nestjs/common';
import { GeocodingService } from '@localreach/geo';
import { DatabaseState } from './database-state';

/** Geocodes customers and stores that have an address but no coordinates (only does work when a Maps key is set). */
export const GEOCODING_PASS_MS = 60_000;

@Injectable()
export class GeocodingPassService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(GeocodingPassService.name);
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;

  constructor(
    private readonly geocoding: GeocodingService,
    private readonly database: DatabaseState,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => {
      if (!this.running) this.running = this.runOnce().finally(() => (this.running = undefined));
    }, GEOCODING_PASS_MS);
  }

  // Before the pool closes (in an onApplicationShutdown hook).
  async beforeApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  async runOnce(): Promise<void> {
    try {
      for (const businessId of await this.geocoding.businessesWithPending()) {
        await this.geocoding.geocodePending(businessId);
      }
      this.database.succeeded();
    } catch (error) {
      if (this.database.failed(error)) return;
      this.logger.error(`geocoding pass failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}
