import { MAX_MERCATOR_LAT } from '@localreach/geo';
import { findSelfIntersection, projectRing, samePosition } from '../geometry';
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
  if (byFence) checkUuid(node.geofenceId, `${path}.geofenceId`, out);
  else validatePolygon(node.polygon, `${path}.polygon`, out);
}

export function validateNearestStore(node: JsonObject, path: string, out: Problems): void {
  checkKeys(node, ['type', 'storeId'], path, out);
  checkUuid(node.storeId, `${path}.storeId`, out);
}

/**
 * A GeoJSON Polygon with one closed, simple ring. Latitudes stop at ±85°
 * because Web Mercator (and so the stored points) is clamped there.
 */
export function validatePolygon(value: unknown, path: string, out: Problems): void {
  if (!isObject(value)) {
    out.add(path, 'must be a GeoJSON Polygon');
    return;
  }
  checkKeys(value, ['type', 'coordinates'], path, out);
  if (value.type !== 'Polygon') out.add(`${path}.type`, 'must be Polygon');
  const rings = value.coordinates;
  if (!Array.isArray(rings) || rings.length !== 1) {
    out.add(`${path}.coordinates`, 'must hold exactly one ring (holes are not supported)');
    return;
  }
  validateRing(rings[0], `${path}.coordinates[0]`, out);
}

function validateRing(ring: unknown, path: string, out: Problems): void {
  const { minPolygonPositions: min, maxPolygonPositions: max } = SEGMENT_LIMITS;
  if (!Array.isArray(ring) || ring.length < min || ring.length > max) {
    out.add(path, `must be a list of ${min} to ${max} [lng, lat] positions`);
    return;
  }
  const before = out.list.length;
  ring.forEach((position, i) => validatePosition(position, `${path}[${i}]`, out));
  if (out.list.length > before) return;
  const positions = ring as [number, number][];
  if (!samePosition(positions[0], positions[positions.length - 1])) {
    out.add(path, 'must be closed: the last position must equal the first');
    return;
  }
  const repeated = positions.findIndex((p, i) => i > 0 && samePosition(p, positions[i - 1]));
  if (repeated > 0) {
    out.add(`${path}[${repeated}]`, 'repeats the previous position');
    return;
  }
  const crossing = findSelfIntersection(projectRing(positions));
  if (crossing) out.add(path, `must not intersect itself: edges ${crossing[0]} and ${crossing[1]} meet`);
}

function validatePosition(position: unknown, path: string, out: Problems): void {
  if (!Array.isArray(position) || position.length !== 2) {
    out.add(path, 'must be [lng, lat]');
    return;
  }
  checkNumber(position[0], `${path}[0]`, out, { min: -180, max: 180 });
  checkNumber(position[1], `${path}[1]`, out, { min: -MAX_MERCATOR_LAT, max: MAX_MERCATOR_LAT });
}
