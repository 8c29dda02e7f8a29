import type { GeoJsonPolygon } from '../polygon/polygon-validation';
import type { ProjectedBox } from './geofence-geometry';

export type GeofenceKind = 'circle' | 'polygon';

/** A stored geofence as the API shows it. */
export interface Geofence {
  id: string;
  name: string;
  kind: GeofenceKind;
  center: { lat: number; lng: number } | null;
  radiusMeters: number | null;
  polygon: GeoJsonPolygon | null;
  storeId: string | null;
  dwellSeconds: number | null;
  cooldownSeconds: number;
  createdAt: Date;
  updatedAt: Date;
}

export type GeofenceFields = Omit<Geofence, 'id' | 'createdAt' | 'updatedAt'>;

/** Validated fields plus the projected shapes the ping matcher searches: `area` as PostgreSQL polygon text, `box` for the GiST prefilter. */
export interface GeofenceDraft {
  fields: GeofenceFields;
  area: string | null;
  box: ProjectedBox;
}

export const GEOFENCE_LIMITS = {
  nameMaxLength: 200,
  radiusMeters: { min: 50, max: 50_000 },
  dwellSeconds: { min: 60, max: 86_400 },
  cooldownSeconds: { min: 0, max: 30 * 86_400 },
  /** Web Mercator is clamped at ±85°, so geofences must stay inside it. */
  maxAbsLatitude: 85,
} as const;
