import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Queryable } from '@localreach/core';
import type { MercatorPoint } from '../mercator';
import type { GeoJsonPolygon } from '../polygon/polygon-validation';
import type { Geofence, GeofenceDraft, GeofenceKind } from './geofence.types';

interface GeofenceRow {
  id: string;
  name: string;
  kind: GeofenceKind;
  center_lat: number | null;
  center_lng: number | null;
  radius_m: number | null;
  polygon: GeoJsonPolygon | null;
  location_id: string | null;
  dwell_seconds: number | null;
  cooldown_seconds: number;
  created_at: Date;
  updated_at: Date;
}

const COLUMNS = `id, name, kind, center_lat, center_lng, radius_m, polygon, location_id, dwell_seconds, cooldown_seconds, created_at, updated_at`;

function mapRow(row: GeofenceRow): Geofence {
  return {
    id: row.id,
    name: row.name,
    kind: row.kind,
    center: row.center_lat === null || row.center_lng === null ? null : { lat: row.center_lat, lng: row.center_lng },
    radiusMeters: row.radius_m,
    polygon: row.polygon,
    storeId: row.location_id,
    dwellSeconds: row.dwell_seconds,
    cooldownSeconds: row.cooldown_seconds,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function draftValues(d: GeofenceDraft): unknown[] {
  const f = d.fields;
  return [
    f.name, f.kind, f.center?.lat ?? null, f.center?.lng ?? null, f.radiusMeters, f.polygon && JSON.stringify(f.polygon), d.area,
    d.box.minX, d.box.minY, d.box.maxX, d.box.maxY, f.storeId, f.dwellSeconds, f.cooldownSeconds,
  ];
}

// $1 is the business; the draft's values follow from $2 (see draftValues).
const DRAFT_SQL = {
  columns: 'name, kind, center_lat, center_lng, radius_m, polygon, area, bbox, location_id, dwell_seconds, cooldown_seconds',
  values: '$2, $3, $4, $5, $6, $7::jsonb, $8::polygon, box(point($9, $10), point($11, $12)), $13, $14, $15',
};

/** One box hit of a ping: `inArea` is the exact polygon test (`point <@ area`), null for circles (tested by haversine). */
export interface GeofenceHit {
  pingIndex: number;
  geofenceId: string;
  inArea: boolean | null;
}

@Injectable()
export class GeofenceRepository {
  constructor(private readonly dataSource: DataSource) {}

  async findById(businessId: string, id: string): Promise<Geofence | undefined> {
    const rows = await this.dataSource.query<GeofenceRow[]>(
      `SELECT ${COLUMNS} FROM geofence WHERE business_id = $1 AND id = $2 AND deleted_at IS NULL`,
      [businessId, id],
    );
    return rows[0] && mapRow(rows[0]);
  }

  /** Live geofences by id (deleted or unknown ids are left out). */
  async findByIds(q: Queryable, businessId: string, ids: string[]): Promise<Geofence[]> {
    if (ids.length === 0) return [];
    const rows = await q.query<GeofenceRow[]>(
      `SELECT ${COLUMNS} FROM geofence WHERE business_id = $1 AND id = ANY($2::uuid[]) AND deleted_at IS NULL`,
      [businessId, ids],
    );
    return rows.map(mapRow);
  }

  async list(businessId: string, limit: number, after?: [string, string]): Promise<{ items: Geofence[]; sortKeys: string[] }> {
    const params: unknown[] = [businessId, limit];
    let cursor = '';
    if (after) {
      params.push(after[0], after[1]);
      cursor = 'AND (created_at, id) > ($3::timestamptz, $4::uuid)';
    }
    const rows = await this.dataSource.query<(GeofenceRow & { sort_key: string })[]>(
      `SELECT ${COLUMNS}, created_at::text AS sort_key FROM geofence
        WHERE business_id = $1 AND deleted_at IS NULL ${cursor} ORDER BY created_at, id LIMIT $2`,
      params,
    );
    return { items: rows.map(mapRow), sortKeys: rows.map((r) => r.sort_key) };
  }

  async insert(businessId: string, draft: GeofenceDraft, q: Queryable = this.dataSource): Promise<Geofence> {
    const rows = await q.query<GeofenceRow[]>(
      `INSERT INTO geofence (business_id, ${DRAFT_SQL.columns}) VALUES ($1, ${DRAFT_SQL.values}) RETURNING ${COLUMNS}`,
      [businessId, ...draftValues(draft)],
    );
    return mapRow(rows[0]);
  }

  async update(businessId: string, id: string, draft: GeofenceDraft, q: Queryable = this.dataSource): Promise<Geofence | undefined> {
    const [rows] = await q.query<[GeofenceRow[], number]>(
      `UPDATE geofence SET (${DRAFT_SQL.columns}, updated_at) = (${DRAFT_SQL.values}, now())
        WHERE business_id = $1 AND id = $16 AND deleted_at IS NULL RETURNING ${COLUMNS}`,
      [businessId, ...draftValues(draft), id],
    );
    return rows[0] && mapRow(rows[0]);
  }

  /** Soft delete: events already emitted keep naming the geofence. */
  async softDelete(businessId: string, id: string, q: Queryable = this.dataSource): Promise<boolean> {
    const [, count] = await q.query<[unknown[], number]>(
      `UPDATE geofence SET deleted_at = now() WHERE business_id = $1 AND id = $2 AND deleted_at IS NULL RETURNING id`,
      [businessId, id],
    );
    return count > 0;
  }

  /**
   * Geofences whose box holds each ping, with the exact polygon test done in
   * the same pass. Points are exact projected pings; `pingIndex` is the
   * position in `points`. The ping is written as a zero-size box because GiST
   * box_ops indexes `box @> box` but not `box @> point`, which would scan.
   */
  async findHits(q: Queryable, businessId: string, points: MercatorPoint[]): Promise<GeofenceHit[]> {
    if (points.length === 0) return [];
    return q.query<GeofenceHit[]>(
      `SELECT (p.ord - 1)::int AS "pingIndex", g.id AS "geofenceId",
              CASE WHEN g.kind = 'polygon' THEN point(p.x, p.y) <@ g.area END AS "inArea"
         FROM unnest($2::float8[], $3::float8[]) WITH ORDINALITY AS p(x, y, ord)
         JOIN geofence g ON g.business_id = $1 AND g.deleted_at IS NULL AND g.bbox @> box(point(p.x, p.y), point(p.x, p.y))`,
      [businessId, points.map((p) => p.x), points.map((p) => p.y)],
    );
  }
}
