import { isPlainObject, type ProblemList } from '@localreach/core';
import { toMercator } from '../mercator';
import { findSelfIntersection, orientation } from './segment-intersection';

/** A GeoJSON position as stored: [longitude, latitude] (altitude dropped). */
export type Position = [number, number];

/** A GeoJSON Polygon with exactly one (outer) ring, closed. */
export interface GeoJsonPolygon {
  type: 'Polygon';
  coordinates: [Position[]];
}

export const POLYGON_LIMITS = { minPositions: 4, maxPositions: 2000 } as const;

const SHAPE_HINT = 'must be a GeoJSON Polygon { "type": "Polygon", "coordinates": [[[lng, lat], ...]] }';

function readPosition(value: unknown, path: string, out: ProblemList): Position | undefined {
  if (!Array.isArray(value) || value.length < 2 || value.length > 3 || !value.every((n) => typeof n === 'number' && Number.isFinite(n))) {
    out.add(path, 'must be a position [lng, lat] of two finite numbers');
    return undefined;
  }
  const [lng, lat] = value as number[];
  let ok = true;
  if (lng < -180 || lng > 180) {
    out.add(`${path}[0]`, 'longitude must be between -180 and 180');
    ok = false;
  }
  if (lat < -90 || lat > 90) {
    out.add(`${path}[1]`, 'latitude must be between -90 and 90');
    ok = false;
  }
  return ok ? [lng, lat] : undefined;
}

function readRing(value: unknown, path: string, out: ProblemList): Position[] | undefined {
  const { minPositions, maxPositions } = POLYGON_LIMITS;
  if (!Array.isArray(value) || value.length < minPositions || value.length > maxPositions) {
    out.add(path, `must be a closed ring of ${minPositions} to ${maxPositions} positions [lng, lat] (the last repeating the first)`);
    return undefined;
  }
  const before = out.problems.length;
  const positions = value.map((p: unknown, i) => readPosition(p, `${path}[${i}]`, out));
  if (out.problems.length > before) return undefined;
  return positions as Position[];
}

/**
 * Shape rules of a ring whose positions are individually valid: closed, no
 * repeated consecutive positions, a non-zero area and no self-intersection.
 * Checked in Web Mercator metres because that is the geometry containment uses
 * (edges drawn on a web map are straight there).
 */
function checkRingShape(ring: Position[], path: string, out: ProblemList): boolean {
  const [first, last] = [ring[0], ring[ring.length - 1]];
  if (first[0] !== last[0] || first[1] !== last[1]) {
    out.add(path, 'must be closed: the last position must equal the first');
    return false;
  }
  const open = ring.slice(0, -1);
  const repeated = open.findIndex((p, i) => i > 0 && p[0] === open[i - 1][0] && p[1] === open[i - 1][1]);
  if (repeated > 0) {
    out.add(`${path}[${repeated}]`, 'repeats the previous position');
    return false;
  }
  const points = open.map(([lng, lat]) => toMercator(lat, lng));
  // Not a zero signed area: a bow-tie's two lobes cancel out and it must be reported as crossing itself.
  if (points.every((p) => orientation(points[0], points[1], p) === 0)) {
    out.add(path, 'must enclose an area (its positions are all on one line)');
    return false;
  }
  const crossing = findSelfIntersection(points);
  if (crossing) {
    const [i, j] = crossing;
    // Edge k runs from position k to position k + 1 of the ring as given.
    const edge = (k: number) => `${k}→${k + 1}`;
    out.add(path, `must not intersect itself: edge ${edge(i)} meets edge ${edge(j)}`);
    return false;
  }
  return true;
}

/**
 * Validates a GeoJSON Polygon (RFC 7946) for use as a geofence or a segment
 * area: one outer ring only (holes are rejected), closed, 4 to 2,000
 * positions, [lng, lat] in range, no self-intersection. Every problem is
 * added to `out` under `path` (e.g. `polygon.coordinates[0][3][1]`). Returns
 * the polygon with two-dimensional positions, or undefined when invalid.
 */
export function validatePolygon(value: unknown, path: string, out: ProblemList): GeoJsonPolygon | undefined {
  if (!isPlainObject(value)) {
    out.add(path, SHAPE_HINT);
    return undefined;
  }
  const before = out.problems.length;
  for (const key of Object.keys(value)) if (key !== 'type' && key !== 'coordinates') out.add(`${path}.${key}`, 'is not a member of a GeoJSON Polygon');
  if (value.type !== 'Polygon') out.add(`${path}.type`, 'must be "Polygon"');
  const coordinates = value.coordinates;
  if (!Array.isArray(coordinates) || coordinates.length === 0) {
    out.add(`${path}.coordinates`, 'must be a list holding one linear ring: [[[lng, lat], ...]]');
    return undefined;
  }
  if (coordinates.length > 1) out.add(`${path}.coordinates`, 'holes are not supported: give only the outer ring');
  const ring = readRing(coordinates[0], `${path}.coordinates[0]`, out);
  if (!ring || !checkRingShape(ring, `${path}.coordinates[0]`, out) || out.problems.length > before) return undefined;
  return { type: 'Polygon', coordinates: [ring] };
}
