import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { SegmentStalenessRepository } from '@localreach/core';
import { NearestStoreRepository, type NearestStore } from './nearest-store.repository';

export type { NearestStore } from './nearest-store.repository';

// Small enough that one batch's row locks are brief, big enough that a 100k-customer business takes 20 statements.
const BATCH = 5000;

/** Keeps the derived customer.nearest_location_id / nearest_location_distance_m current. */
@Injectable()
export class NearestStoreService {
  constructor(
    private readonly nearest: NearestStoreRepository,
    private readonly staleness: SegmentStalenessRepository,
    private readonly dataSource: DataSource,
  ) {}

  /**
   * Recomputes the nearest store of the given customers (after their
   * coordinates change, e.g. on ingest or geocoding), or of every customer of
   * the business when no ids are given (after a store moves, appears or goes).
   * Returns how many customers changed.
   */
  async refreshNearestStores(businessId: string, customerIds?: string[]): Promise<number> {
    const changed = await this.recompute(businessId, customerIds);
    // nearestStore segment conditions read these columns.
    if (changed > 0) await this.staleness.markStale(this.dataSource, businessId, ['customer']);
    return changed;
  }

  /** The customer's nearest placed store as last derived (what nearestStore segment conditions match), or null. */
  nearestStoreOf(businessId: string, customerId: string): Promise<NearestStore | null> {
    return this.nearest.findNearestStoreOf(businessId, customerId);
  }

  private async recompute(businessId: string, customerIds?: string[]): Promise<number> {
    if (customerIds) {
      let changed = 0;
      for (let i = 0; i < customerIds.length; i += BATCH) changed += await this.nearest.refresh(businessId, customerIds.slice(i, i + BATCH));
      return changed;
    }
    let changed = 0;
    let after: string | null = null;
    for (;;) {
      const ids = await this.nearest.customerIdsAfter(businessId, after, BATCH);
      if (ids.length === 0) return changed;
      changed += await this.nearest.refresh(businessId, ids);
      after = ids[ids.length - 1];
    }
  }
}
