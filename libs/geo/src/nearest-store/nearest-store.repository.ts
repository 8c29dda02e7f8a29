import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { haversineSql } from '../geo-sql';

/**
 * How many stores the index hands over, nearest first in Web Mercator, before
 * the exact haversine pick. Mercator stretches distances by 1 / cos(latitude),
 * which barely changes between stores a customer could choose from, so the
 * true nearest is among the first few.
 */
const KNN_CANDIDATES = 5;

/** A customer's nearest store as stored (see refresh). */
export interface NearestStore {
  id: string;
  name: string;
  distanceMeters: number;
}

@Injectable()
export class NearestStoreRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Sets nearest_location_id / nearest_location_distance_m for the given
   * customers (cleared when they have no coordinates or the business has no
   * located store). Uses the GiST index on location.point for a KNN
   * (`<->`) shortlist. Only rows whose answer changed are written.
   */
  async refresh(businessId: string, customerIds: string[]): Promise<number> {
    if (customerIds.length === 0) return 0;
    const [, changed] = await this.dataSource.query<[unknown[], number]>(
      `WITH target AS (
         SELECT c.id, best.location_id, best.distance_m
           FROM customer c
           LEFT JOIN LATERAL (
             SELECT k.id AS location_id, ${haversineSql('c.lat', 'c.lng', 'k.lat', 'k.lng')} AS distance_m
               FROM (SELECT l.id, l.lat, l.lng FROM location l
                      WHERE l.business_id = $1 AND l.deleted_at IS NULL AND l.point IS NOT NULL AND c.point IS NOT NULL
                      ORDER BY l.point <-> c.point LIMIT ${KNN_CANDIDATES}) k
              ORDER BY distance_m, k.id LIMIT 1
           ) best ON true
          WHERE c.business_id = $1 AND c.id = ANY($2::uuid[]) AND c.erased_at IS NULL
       )
       UPDATE customer u SET nearest_location_id = t.location_id, nearest_location_distance_m = t.distance_m
         FROM target t
        WHERE u.business_id = $1 AND u.id = t.id
          AND (u.nearest_location_id IS DISTINCT FROM t.location_id OR u.nearest_location_distance_m IS DISTINCT FROM t.distance_m)
       RETURNING u.id`,
      [businessId, customerIds],
    );
    return changed;
  }

  /** The customer's stored nearest store (a live one) with its name and distance; null when not located or no store is placed. */
  async findNearestStoreOf(businessId: string, customerId: string): Promise<NearestStore | null> {
    const rows = await this.dataSource.query<NearestStore[]>(
      `SELECT l.id, l.name, c.nearest_location_distance_m AS "distanceMeters"
         FROM customer c
         JOIN location l ON l.business_id = $1 AND l.id = c.nearest_location_id AND l.deleted_at IS NULL
        WHERE c.business_id = $1 AND c.id = $2 AND c.erased_at IS NULL`,
      [businessId, customerId],
    );
    return rows[0] ?? null;
  }

  /** One page of the business's customer ids (live ones), for refreshing everyone in bounded batches. */
  async customerIdsAfter(businessId: string, afterId: string | null, limit: number): Promise<string[]> {
    const rows = await this.dataSource.query<{ id: string }[]>(
      `SELECT id FROM customer WHERE business_id = $1 AND erased_at IS NULL AND ($2::uuid IS NULL OR id > $2::uuid) ORDER BY id LIMIT $3`,
      [businessId, afterId, limit],
    );
    return rows.map((r) => r.id);
  }
}
