import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { AddressQuery } from '@localreach/core';
import type { GeocodeResult } from './geocoder';

interface CacheRow {
  status: 'ok' | 'not_found';
  lat: number | null;
  lng: number | null;
  formatted_address: string | null;
}

/** geocode_cache: per business, keyed by the normalised address hash; "not found" answers are cached too. */
@Injectable()
export class GeocodeCacheRepository {
  constructor(private readonly dataSource: DataSource) {}

  async find(businessId: string, query: AddressQuery): Promise<GeocodeResult | undefined> {
    const rows = await this.dataSource.query<CacheRow[]>(
      `SELECT status, lat, lng, formatted_address FROM geocode_cache WHERE business_id = $1 AND query_hash = $2`,
      [businessId, query.hash],
    );
    const row = rows[0];
    if (!row) return undefined;
    if (row.status === 'not_found' || row.lat === null || row.lng === null) return { status: 'not_found' };
    return { status: 'ok', lat: row.lat, lng: row.lng, formattedAddress: row.formatted_address };
  }

  async save(businessId: string, query: AddressQuery, result: GeocodeResult): Promise<void> {
    const ok = result.status === 'ok' ? result : undefined;
    await this.dataSource.query(
      `INSERT INTO geocode_cache (business_id, query_hash, query, status, lat, lng, formatted_address) VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (business_id, query_hash) DO UPDATE SET
         query = EXCLUDED.query, status = EXCLUDED.status, lat = EXCLUDED.lat, lng = EXCLUDED.lng,
         formatted_address = EXCLUDED.formatted_address, created_at = now()`,
      [businessId, query.hash, query.text, result.status, ok?.lat ?? null, ok?.lng ?? null, ok?.formattedAddress ?? null],
    );
  }
}
