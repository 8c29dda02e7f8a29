import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { PostalAddress } from '@localreach/core';

export interface PendingAddress {
  id: string;
  address: PostalAddress;
}

export type GeocodedTable = 'customer' | 'location';

// Rows with an address and no coordinates that were not tried since their last change.
const PENDING = `lat IS NULL AND address IS NOT NULL AND (geocoded_at IS NULL OR geocoded_at < updated_at)`;
const LIVE: Record<GeocodedTable, string> = { customer: 'erased_at IS NULL', location: 'deleted_at IS NULL' };

/** Customers and stores waiting for coordinates, and writing the answers back. */
@Injectable()
export class GeocodingRepository {
  constructor(private readonly dataSource: DataSource) {}

  async findPending(table: GeocodedTable, businessId: string, limit: number): Promise<PendingAddress[]> {
    return this.dataSource.query<PendingAddress[]>(
      `SELECT id, address FROM ${table} WHERE business_id = $1 AND ${LIVE[table]} AND ${PENDING} ORDER BY updated_at, id LIMIT $2`,
      [businessId, limit],
    );
  }

  /**
   * Records a geocoding attempt. With coordinates, they are set (and
   * updated_at moves with geocoded_at, so the row is no longer pending);
   * without, only the attempt time is kept so the row is not asked again
   * until it changes. Coordinates given meanwhile are never overwritten.
   */
  async recordAttempt(table: GeocodedTable, businessId: string, id: string, coordinates: { lat: number; lng: number } | null): Promise<boolean> {
    const set = coordinates ? 'lat = $3, lng = $4, geocoded_at = now(), updated_at = now()' : 'geocoded_at = now()';
    const params = coordinates ? [businessId, id, coordinates.lat, coordinates.lng] : [businessId, id];
    const [, count] = await this.dataSource.query<[unknown[], number]>(
      `UPDATE ${table} SET ${set} WHERE business_id = $1 AND id = $2 AND lat IS NULL AND ${LIVE[table]} RETURNING id`,
      params,
    );
    return count > 0;
  }

  /** Businesses with anything to geocode (the one unscoped read: it is how the scheduler finds the scopes). */
  async businessesWithPending(limit: number): Promise<string[]> {
    const rows = await this.dataSource.query<{ business_id: string }[]>(
      `SELECT business_id FROM customer WHERE ${LIVE.customer} AND ${PENDING}
       UNION SELECT business_id FROM location WHERE ${LIVE.location} AND ${PENDING} LIMIT $1`,
      [limit],
    );
    return rows.map((r) => r.business_id);
  }
}
