import { Injectable, Logger } from '@nestjs/common';
import { isUuid, LocationRepository, type PostalAddress } from '@localreach/core';
import { GeocodingError } from '../geocoding/geocoding.errors';
import { GeocodingService } from '../geocoding/geocoding.service';
import { NearestStoreService } from './nearest-store.service';

export interface Coordinates {
  lat: number;
  lng: number;
}

const same = (a: Coordinates | null, b: Coordinates | null) => (a === null || b === null ? a === b : a.lat === b.lat && a.lng === b.lng);

/** What follows a store being created, edited or removed: geocoding it if needed, and customers' nearest store. */
@Injectable()
export class StoreGeoService {
  private readonly logger = new Logger(StoreGeoService.name);

  constructor(
    private readonly stores: LocationRepository,
    private readonly geocoding: GeocodingService,
    private readonly nearest: NearestStoreService,
  ) {}

  /** The store's coordinates now (null when it has none or is gone), to compare after a change. */
  async coordinatesOf(businessId: string, storeId: string): Promise<Coordinates | null> {
    const store = isUuid(storeId) ? await this.stores.findById(businessId, storeId) : undefined;
    return store && store.lat !== null && store.lng !== null ? { lat: store.lat, lng: store.lng } : null;
  }

  /**
   * Call after a store was saved or removed, with its coordinates from
   * before. A store with an address and no coordinates is geocoded right away
   * (when geocoding is on); if its coordinates differ from before, every
   * customer's nearest store is recomputed. Returns the coordinates now.
   */
  async afterStoreChange(businessId: string, storeId: string, before: Coordinates | null): Promise<Coordinates | null> {
    const store = await this.stores.findById(businessId, storeId);
    let now: Coordinates | null = store && store.lat !== null && store.lng !== null ? { lat: store.lat, lng: store.lng } : null;
    if (store && !now && store.address) now = await this.geocodeNow(businessId, store);
    if (!same(before, now)) await this.nearest.refreshNearestStores(businessId);
    return now;
  }

  private async geocodeNow(businessId: string, store: { id: string; address: PostalAddress | null }): Promise<Coordinates | null> {
    try {
      return await this.geocoding.geocodeStore(businessId, store);
    } catch (error) {
      if (!(error instanceof GeocodingError)) throw error;
      // The store is saved either way; the scheduled geocodePending pass retries it.
      this.logger.warn({ businessId, storeId: store.id, code: error.code }, `store geocoding deferred: ${error.message}`);
      return null;
    }
  }
}
