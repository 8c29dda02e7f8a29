import { MAX_MERCATOR_LAT, validatePolygon as validateGeoPolygon } from '@localreach/geo';
import { SEGMENT_LIMITS } from '../segment-definition';
import { checkKeys, checkNumber, checkUuid, isObject, type JsonObject, type Problems } from './problems';

/** near, inside, nearestStore. */
export function validateNear(node: JsonObject, path: string, out: Problems): void {
  checkKeys(node, ['type', 'storeId', 'lat', 'lng', 'radiusMeters'], path, out);
  checkNumber(node.radiusMeters, `${path}.radiusMeters`, out, { min: 1, max: SEGMENT_LIMITS.maxRadiusMeters });
  const byStore = node.storeId !== undefined;
  const byPoint = node.lat !== undefined || node.lng !== undefined;
  if (byStore === byPoint) {
    out.add(path, 'needs either storeId or lat and lng');
    return;
  }
  if (byStore) {
    checkUuid(node.storeId, `${path}.storeId`, out);
    return;
  }
  checkNumber(node.lat, `${path}.lat`, out, { min: -90, max: 90 });
  checkNumber(node.lng, `${path}.lng`, out, { min: -180, max: 180 });
}

export function validateInside(node: JsonObject, path: string, out: Problems): void {
  checkKeys(node, ['type', 'geofenceId', 'polygon'], path, out);
  const byFence = node.geofenceId !== undefined;
  if (byFence === (node.polygon !== undefined)) {
    out.add(path, 'needs either geofenceId or polygon');
    return;
  }
  if (byFence) {
    checkUuid(node.geofenceId, `${path}.geofenceId`, out);
    return;
  }
  // Counted before the ring is checked: a definition past the total never pays for the rings beyond it.
  const polygon = node.polygon;
  const ring = isObject(polygon) && Array.isArray(polygon.coordinates) ? (polygon.coordinates as unknown[])[0] : undefined;
  out.polygonPositions += Array.isArray(ring) ? ring.length : 0;
  if (out.polygonPositions > SEGMENT_LIMITS.maxTotalPolygonPositions) {
    out.add(`${path}.polygon`, `takes the definition's polygons past ${SEGMENT_LIMITS.maxTotalPolygonPositions} positions in all`);
    return;
  }
  validatePolygon(node.polygon, `${path}.polygon`, out);
}

export function validateNearestStore(node: JsonObject, path: string, out: Problems): void {
  checkKeys(node, ['type', 'storeId'], path, out);
  checkUuid(node.storeId, `${path}.storeId`, out);
}

/**
 * A GeoJSON Polygon with one closed, simple ring: the one polygon validator
 * of libs/geo, shared with geofences. Latitudes stop at ±85° because Web
 * Mercator (and so the stored points) is clamped there.
 */
export function validatePolygon(value: unknown, path: string, out: Problems): void {
  const ring = validateGeoPolygon(value, path, out)?.coordinates[0] ?? [];
  const far = ring.findIndex(([, lat]) => Math.abs(lat) > MAX_MERCATOR_LAT);
  if (far >= 0) out.add(`${path}.coordinates[0][${far}][1]`, `must be between -${MAX_MERCATOR_LAT} and ${MAX_MERCATOR_LAT}`);
}
