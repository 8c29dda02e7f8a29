import type { ProblemList } from '@localreach/core';
import { METRES_PER_DEGREE_LAT } from '../mercator';
import type { GeoJsonPolygon } from '../polygon/polygon-validation';
import { circleBox, crossesAntimeridian, polygonLiteral, projectRing } from './geofence-geometry';
import type { GeofencePatch } from './geofence.input';
import { GEOFENCE_LIMITS as LIMITS, type Geofence, type GeofenceDraft, type GeofenceFields } from './geofence.types';

/** A checked input over the stored geofence (null or absent where unset). */
type Merged = GeofencePatch;

/**
 * The stored geofence overlaid with a patch. Sending a polygon turns a circle
 * into a polygon (and a centre or radius the reverse) without having to null
 * the other shape's fields.
 */
function mergePatch(base: Geofence | undefined, input: GeofencePatch): Merged {
  if (!base) return { ...input };
  const merged: Merged = { ...base, ...input };
  if (input.polygon != null) {
    if (!('center' in input)) merged.center = null;
    if (!('radiusMeters' in input)) merged.radiusMeters = null;
  }
  if ((input.center != null || input.radiusMeters != null) && !('polygon' in input)) merged.polygon = null;
  return merged;
}

function readCircle(merged: Merged, out: ProblemList): Pick<GeofenceDraft, 'area' | 'box'> & Pick<GeofenceFields, 'center' | 'radiusMeters'> | undefined {
  const { center, radiusMeters } = merged;
  if (center == null) out.add('center', 'a circle needs center { lat, lng } with radiusMeters');
  if (radiusMeters == null) out.add('radiusMeters', 'a circle needs radiusMeters with center');
  if (center == null || radiusMeters == null) return undefined;
  const { lat, lng } = center;
  const before = out.problems.length;
  const box = circleBox(lat, lng, radiusMeters);
  if (crossesAntimeridian(box)) out.add('center.lng', 'the circle must not cross the antimeridian (±180° longitude)');
  if (Math.abs(lat) + radiusMeters / METRES_PER_DEGREE_LAT > LIMITS.maxAbsLatitude) out.add('center.lat', `the circle must stay within ±${LIMITS.maxAbsLatitude}° latitude`);
  if (out.problems.length > before) return undefined;
  return { center: { lat, lng }, radiusMeters, area: null, box };
}

/** The polygon as stored: positions without their altitude (checked by GeofenceInput). */
function readPolygon(polygon: GeoJsonPolygon): Pick<GeofenceDraft, 'area' | 'box'> & Pick<GeofenceFields, 'polygon'> {
  const ring = polygon.coordinates[0].map(([lng, lat]): [number, number] => [lng, lat]);
  const { vertices, box } = projectRing(ring);
  return { polygon: { type: 'Polygon', coordinates: [ring] }, area: polygonLiteral(vertices), box };
}

function readShape(merged: Merged, out: ProblemList): Pick<GeofenceDraft, 'area' | 'box'> & Pick<GeofenceFields, 'kind' | 'center' | 'radiusMeters' | 'polygon'> | undefined {
  const circle = merged.center != null || merged.radiusMeters != null;
  const polygon = merged.polygon;
  if (circle && polygon != null) {
    out.add('polygon', 'give either center + radiusMeters (a circle) or polygon, not both');
    return undefined;
  }
  if (!circle && polygon == null) {
    out.add('center', 'a geofence needs center + radiusMeters (a circle) or polygon (GeoJSON)');
    out.add('polygon', 'a geofence needs center + radiusMeters (a circle) or polygon (GeoJSON)');
    return undefined;
  }
  if (polygon != null) return { ...readPolygon(polygon), kind: 'polygon', center: null, radiusMeters: null };
  const read = readCircle(merged, out);
  return read && { ...read, kind: 'circle', polygon: null };
}

/**
 * A checked geofence input (or a patch over `base`) as stored, with its shape
 * projected. GeofenceInput checked each field; the rules of the merged whole
 * are checked here: a circle or a polygon, a circle within ±85° and not over
 * the antimeridian, and a name left after a PATCH. Problems go to `out`;
 * `draft` is undefined when any was found. `storeId` is the merged store
 * reference, for the caller's store check, which needs the database.
 */
export function geofenceDraftOf(input: GeofencePatch, out: ProblemList, base?: Geofence): { draft: GeofenceDraft | undefined; storeId: string | null } {
  const merged = mergePatch(base, input);
  if (typeof merged.name !== 'string') out.add('name', `is required: 1 to ${LIMITS.nameMaxLength} characters`);
  const storeId = merged.storeId?.toLowerCase() ?? null;
  const shape = readShape(merged, out);
  if (!shape || !out.ok) return { draft: undefined, storeId };
  const { area, box, ...geometry } = shape;
  const settings = { name: (merged.name as string).trim(), storeId, dwellSeconds: merged.dwellSeconds ?? null, cooldownSeconds: merged.cooldownSeconds ?? 0 };
  return { draft: { fields: { ...settings, ...geometry }, area, box }, storeId };
}
