import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { OpeningHours, PostalAddress } from '../database/entities';
import type { Queryable } from '../database/sql';

export interface Location {
  id: string;
  name: string;
  address: PostalAddress | null;
  lat: number | null;
  lng: number | null;
  timezone: string | null;
  phone: string | null;
  openingHours: OpeningHours | null;
  createdAt: Date;
  updatedAt: Date;
}

export type LocationFields = Omit<Location, 'id' | 'createdAt' | 'updatedAt'>;

const COLUMNS = `id, name, address, lat, lng, timezone, phone, opening_hours AS "openingHours", created_at AS "createdAt", updated_at AS "updatedAt"`;

@Injectable()
export class LocationRepository {
  constructor(private readonly dataSource: DataSource) {}

  async findById(businessId: string, id: string, q: Queryable = this.dataSource): Promise<Location | undefined> {
    const rows = await q.query<Location[]>(`SELECT ${COLUMNS} FROM location WHERE business_id = $1 AND id = $2 AND deleted_at IS NULL`, [businessId, id]);
    return rows[0];
  }

  async list(businessId: string, limit: number, after?: [string, string]): Promise<(Location & { sortKey: string })[]> {
    const params: unknown[] = [businessId, limit];
    let cursor = '';
    if (after) {
      params.push(after[0], after[1]);
      cursor = 'AND (created_at, id) > ($3::timestamptz, $4::uuid)';
    }
    return this.dataSource.query(
      `SELECT ${COLUMNS}, created_at::text AS "sortKey" FROM location
        WHERE business_id = $1 AND deleted_at IS NULL ${cursor} ORDER BY created_at, id LIMIT $2`,
      params,
    );
  }

  async insert(businessId: string, f: LocationFields, q: Queryable = this.dataSource): Promise<Location> {
    const rows = await q.query<Location[]>(
      `INSERT INTO location (business_id, name, address, lat, lng, timezone, phone, opening_hours)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING ${COLUMNS}`,
      [businessId, f.name, f.address && JSON.stringify(f.address), f.lat, f.lng, f.timezone, f.phone, f.openingHours && JSON.stringify(f.openingHours)],
    );
    return rows[0];
  }

  async update(businessId: string, id: string, f: LocationFields, q: Queryable = this.dataSource): Promise<Location | undefined> {
    const rows = await q.query<[Location[], number]>(
      `UPDATE location SET name = $3, address = $4, lat = $5, lng = $6, timezone = $7, phone = $8, opening_hours = $9, updated_at = now()
        WHERE business_id = $1 AND id = $2 AND deleted_at IS NULL RETURNING ${COLUMNS}`,
      [businessId, id, f.name, f.address && JSON.stringify(f.address), f.lat, f.lng, f.timezone, f.phone, f.openingHours && JSON.stringify(f.openingHours)],
    );
    return rows[0][0];
  }

  /** Stores are soft-deleted: past orders keep pointing at them. */
  async softDelete(businessId: string, id: string, q: Queryable = this.dataSource): Promise<boolean> {
    const rows = await q.query<[unknown[], number]>(
      `UPDATE location SET deleted_at = now() WHERE business_id = $1 AND id = $2 AND deleted_at IS NULL RETURNING id`,
      [businessId, id],
    );
    return rows[1] > 0;
  }
}
