import { Injectable } from '@nestjs/common';
import type { Queryable } from '@localreach/core';
import type { GeoLiftCell } from './geo-lift-estimator';
import { GEO_LIFT_CELLS_SQL } from './geo-lift.sql';

export interface GeoLiftCampaign {
  id: string;
  name: string;
  activatedAt: Date | null;
  definition: { trigger: { type: string; geofenceId?: string; segmentId?: string }; entry?: unknown };
}

export interface StoredFence {
  id: string;
  name: string;
  kind: 'circle' | 'polygon';
  centerLat: number | null;
  centerLng: number | null;
  radiusM: number | null;
  polygon: { coordinates: [number, number][][] } | null;
  storeId: string | null;
}

export interface LocatedStore { id: string; name: string; lat: number; lng: number }

/** What the cells query needs: the area, the comparison stores, the cell size and the window bounds. */
export interface GeoLiftCellsQuery {
  campaignId: string;
  shape: 'circle' | 'polygon';
  center: { lat: number; lng: number };
  radiusMeters: number | null;
  mercatorPolygon: string | null;
  comparisonStoreIds: string[];
  cellSize: number;
  matchFrom: Date;
  preFrom: Date;
  preMid: Date;
  start: Date;
  postTo: Date;
}

export type GeoLiftCellRow = GeoLiftCell & { enrolled: number };

/** Geo-lift reads; every method takes the business id and scopes by it. */
@Injectable()
export class GeoLiftRepository {
  async findCampaign(q: Queryable, businessId: string, campaignId: string): Promise<GeoLiftCampaign | undefined> {
    const rows = await q.query<GeoLiftCampaign[]>(
      `SELECT c.id, c.name, c.activated_at AS "activatedAt", v.definition
         FROM campaign c JOIN campaign_version v ON v.campaign_id = c.id AND v.version = c.version
        WHERE c.business_id = $1 AND c.id = $2`,
      [businessId, campaignId],
    );
    return rows[0];
  }

  async segmentDefinition(q: Queryable, businessId: string, segmentId: string): Promise<unknown> {
    const rows = await q.query<{ definition: unknown }[]>(`SELECT definition FROM segment WHERE business_id = $1 AND id = $2`, [businessId, segmentId]);
    return rows[0]?.definition ?? null;
  }

  async geofence(q: Queryable, businessId: string, geofenceId: string): Promise<StoredFence | undefined> {
    const rows = await q.query<StoredFence[]>(
      `SELECT id, name, kind, center_lat AS "centerLat", center_lng AS "centerLng", radius_m AS "radiusM", polygon, location_id AS "storeId"
         FROM geofence WHERE business_id = $1 AND id = $2 AND deleted_at IS NULL`,
      [businessId, geofenceId],
    );
    return rows[0];
  }

  /** The business's stores that have a position (only they have surroundings). */
  locatedStores(q: Queryable, businessId: string): Promise<LocatedStore[]> {
    return q.query(
      `SELECT id, name, lat, lng FROM location WHERE business_id = $1 AND deleted_at IS NULL AND lat IS NOT NULL AND lng IS NOT NULL ORDER BY name, id`,
      [businessId],
    );
  }

  /** Stores of the business inside a polygon (Web-Mercator literal). */
  async storesInPolygon(q: Queryable, businessId: string, mercatorPolygon: string): Promise<string[]> {
    const rows = await q.query<{ id: string }[]>(
      `SELECT id FROM location WHERE business_id = $1 AND deleted_at IS NULL AND point <@ $2::polygon`,
      [businessId, mercatorPolygon],
    );
    return rows.map((r) => r.id);
  }

  /** Customers summed per (map cell, treated or comparison, prior-order bin): see GEO_LIFT_CELLS_SQL. */
  cells(q: Queryable, businessId: string, p: GeoLiftCellsQuery): Promise<GeoLiftCellRow[]> {
    return q.query(GEO_LIFT_CELLS_SQL, [
      businessId, p.campaignId, p.shape, p.center.lat, p.center.lng, p.radiusMeters, p.mercatorPolygon, p.comparisonStoreIds, p.cellSize,
      p.matchFrom, p.preFrom, p.preMid, p.start, p.postTo,
    ]);
  }
}
