import { DomainError, isPlainObject, isUuid, ProblemList } from '@localreach/core';
import { METRES_PER_DEGREE_LAT } from '../mercator';
import { validatePolygon } from '../polygon/polygon-validation';
import { circleBox, crossesAntimeridian, polygonLiteral, projectRing } from './geofence-geometry';
import { GEOFENCE_LIMITS as LIMITS, type Geofence, type GeofenceDraft, type GeofenceFields } from './geofence.types';

const KNOWN_FIELDS = ['name', 'center', 'radiusMeters', 'polygon', 'storeId', 'dwellSeconds', 'cooldownSeconds'];

type Raw = Record<string, unknown>;

const isInteger = (value: unknown, min: number, max: number): value is number =>
  typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max;

/**
 * The stored geofence overlaid with a patch. Sending a polygon turns a circle
 * into a polygon (and a centre or radius the reverse) without having to null
 * the other shape's fields.
 */
function mergePatch(base: Geofence | undefined, raw: Raw): Raw {
  if (!base) return raw;
  const merged: Raw = { ...base, ...raw };
  if (raw.polygon != null) {
    if (!('center' in raw)) merged.center = null;
    if (!('radiusMeters' in raw)) merged.radiusMeters = null;
  }
  if ((raw.center != null || raw.radiusMeters != null) && !('polygon' in raw)) merged.polygon = null;
  return merged;
}

function readCircle(raw: Raw, out: ProblemList): Pick<GeofenceDraft, 'area' | 'box'> & Pick<GeofenceFields, 'center' | 'radiusMeters'> | undefined {
  const before = out.problems.length;
  const { center, radiusMeters } = raw;
  const { min, max } = LIMITS.radiusMeters;
  if (!isPlainObject(center)) out.add('center', 'must be { lat, lng }');
  else {
    for (const key of Object.keys(center)) if (key !== 'lat' && key !== 'lng') out.add(`center.${key}`, 'is not a field of a centre: give lat and lng');
    const lat = center.lat;
    if (typeof lat !== 'number' || !(Math.abs(lat) <= LIMITS.maxAbsLatitude)) out.add('center.lat', `must be a number between -${LIMITS.maxAbsLatitude} and ${LIMITS.maxAbsLatitude}`);
    if (typeof center.lng !== 'number' || !(Math.abs(center.lng) <= 180)) out.add('center.lng', 'must be a number between -180 and 180');
  }
  if (typeof radiusMeters !== 'number' || !(radiusMeters >= min && radiusMeters <= max)) out.add('radiusMeters', `must be a number of metres from ${min} to ${max}`);
  if (out.problems.length > before) return undefined;
  const { lat, lng } = center as { lat: number; lng: number };
  const box = circleBox(lat, lng, radiusMeters as number);
  if (crossesAntimeridian(box)) out.add('center.lng', 'the circle must not cross the antimeridian (±180° longitude)');
  if (Math.abs(lat) + ((radiusMeters as number) / METRES_PER_DEGREE_LAT) > LIMITS.maxAbsLatitude) out.add('center.lat', `the circle must stay within ±${LIMITS.maxAbsLatitude}° latitude`);
  if (out.problems.length > before) return undefined;
  return { center: { lat, lng }, radiusMeters: radiusMeters as number, area: null, box };
}

function readPolygon(raw: Raw, out: ProblemList): Pick<GeofenceDraft, 'area' | 'box'> & Pick<GeofenceFields, 'polygon'> | undefined {
  const polygon = validatePolygon(raw.polygon, 'polygon', out);
  if (!polygon) return undefined;
  const ring = polygon.coordinates[0];
  const far = ring.findIndex(([, lat]) => Math.abs(lat) > LIMITS.maxAbsLatitude);
  if (far >= 0) {
    out.add(`polygon.coordinates[0][${far}][1]`, `geofences must stay within ±${LIMITS.maxAbsLatitude}° latitude`);
    return undefined;
  }
  const { vertices, box } = projectRing(ring);
  return { polygon, area: polygonLiteral(vertices), box };
}

function readShape(raw: Raw, out: ProblemList): Pick<GeofenceDraft, 'area' | 'box'> & Pick<GeofenceFields, 'kind' | 'center' | 'radiusMeters' | 'polygon'> | undefined {
  const circle = raw.center != null || raw.radiusMeters != null;
  const polygon = raw.polygon != null;
  if (circle && polygon) {
    out.add('polygon', 'give either center + radiusMeters (a circle) or polygon, not both');
    return undefined;
  }
  if (!circle && !polygon) {
    out.add('center', 'a geofence needs center + radiusMeters (a circle) or polygon (GeoJSON)');
    out.add('polygon', 'a geofence needs center + radiusMeters (a circle) or polygon (GeoJSON)');
    return undefined;
  }
  if (circle) {
    const read = readCircle(raw, out);
    return read && { ...read, kind: 'circle', polygon: null };
  }
  const read = readPolygon(raw, out);
  return read && { ...read, kind: 'polygon', center: null, radiusMeters: null };
}

function readSettings(raw: Raw, out: ProblemList): Pick<GeofenceFields, 'name' | 'storeId' | 'dwellSeconds' | 'cooldownSeconds'> {
  const { name, storeId, dwellSeconds, cooldownSeconds } = raw;
  if (typeof name !== 'string' || name.trim() === '' || name.length > LIMITS.nameMaxLength) out.add('name', `is required: 1 to ${LIMITS.nameMaxLength} characters`);
  if (storeId != null && !isUuid(storeId)) out.add('storeId', 'must be the id (UUID) of one of your stores');
  const dwell = LIMITS.dwellSeconds;
  if (dwellSeconds != null && !isInteger(dwellSeconds, dwell.min, dwell.max)) out.add('dwellSeconds', `must be a whole number of seconds from ${dwell.min} to ${dwell.max}, or null`);
  const cool = LIMITS.cooldownSeconds;
  if (cooldownSeconds != null && !isInteger(cooldownSeconds, cool.min, cool.max)) out.add('cooldownSeconds', `must be a whole number of seconds from ${cool.min} to ${cool.max} (30 days)`);
  return {
    name: typeof name === 'string' ? name.trim() : '',
    storeId: typeof storeId === 'string' ? storeId.toLowerCase() : null,
    dwellSeconds: (dwellSeconds as number | null | undefined) ?? null,
    cooldownSeconds: (cooldownSeconds as number | null | undefined) ?? 0,
  };
}

/**
 * Validates a geofence body (or a patch over `base`) and projects its shape.
 * Problems are collected in `out`; `draft` is undefined when any was found.
 * `storeId` is the (merged) store reference, given back even then so the
 * caller can add the store check, which needs the database.
 */
export function readGeofence(raw: unknown, out: ProblemList, base?: Geofence): { draft: GeofenceDraft | undefined; storeId: string | null } {
  if (!isPlainObject(raw)) throw DomainError.invalid('INVALID_GEOFENCE', [{ field: 'body', message: 'must be a geofence object' }]);
  for (const key of Object.keys(raw)) if (!KNOWN_FIELDS.includes(key)) out.add(key, 'is not a known geofence field');
  const merged = mergePatch(base, raw);
  const settings = readSettings(merged, out);
  const shape = readShape(merged, out);
  const storeId = isUuid(settings.storeId) ? settings.storeId : null;
  if (!shape || !out.ok) return { draft: undefined, storeId };
  const { area, box, ...geometry } = shape;
  return { draft: { fields: { ...settings, ...geometry }, area, box }, storeId };
}
