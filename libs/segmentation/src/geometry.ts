import { EARTH_MEAN_RADIUS_M, EARTH_RADIUS_MERCATOR_M, segmentsIntersect, toMercator, type MercatorPoint } from '@localreach/geo';

/** Half the Web-Mercator world width: x of longitude 180°. */
export const MERCATOR_HALF_WORLD = Math.PI * EARTH_RADIUS_MERCATOR_M;

/** An axis-aligned box in Web-Mercator metres. */
export interface MercatorBox {
  xmin: number;
  ymin: number;
  xmax: number;
  ymax: number;
}

// Float rounding between JS and PostgreSQL's ln/tan must never push a point on the circle out of the box.
export const BOX_PAD_M = 1e-3;

/**
 * Boxes (one, or two when the circle crosses the antimeridian) that cover a
 * geodesic circle once projected. North/south the extent is the exact meridian
 * arc. East/west: along any path from the centre, dλ ≤ ds / cos φ and |φ| stays
 * ≤ φfar (the circle's latitude farthest from the equator), so |Δλ| ≤ θ / cos φfar;
 * in Mercator metres that is R_merc·θ / cos φfar. (The design's "r / cos φ" in
 * metres omits R_merc / R_mean ≈ 1.0011, which would clip points near the east
 * and west edges.)
 */
export function coveringBoxes(lat: number, lng: number, radiusM: number): MercatorBox[] {
  const theta = radiusM / EARTH_MEAN_RADIUS_M;
  const thetaDeg = (theta * 180) / Math.PI;
  const farthest = Math.abs(lat) + thetaDeg;
  const halfWidth = farthest >= 90 ? 2 * MERCATOR_HALF_WORLD : (EARTH_RADIUS_MERCATOR_M * theta) / Math.cos((farthest * Math.PI) / 180);
  const x0 = toMercator(lat, lng).x;
  const ymin = toMercator(Math.max(-90, lat - thetaDeg), 0).y - BOX_PAD_M;
  const ymax = toMercator(Math.min(90, lat + thetaDeg), 0).y + BOX_PAD_M;
  const xmin = x0 - halfWidth - BOX_PAD_M;
  const xmax = x0 + halfWidth + BOX_PAD_M;
  if (xmin <= -MERCATOR_HALF_WORLD && xmax >= MERCATOR_HALF_WORLD) {
    return [{ xmin: -MERCATOR_HALF_WORLD, ymin, xmax: MERCATOR_HALF_WORLD, ymax }];
  }
  const boxes = [{ xmin, ymin, xmax, ymax }];
  // The part past ±180° wraps to the other side of the map.
  if (xmin < -MERCATOR_HALF_WORLD) boxes.push({ xmin: xmin + 2 * MERCATOR_HALF_WORLD, ymin, xmax: MERCATOR_HALF_WORLD, ymax });
  if (xmax > MERCATOR_HALF_WORLD) boxes.push({ xmin: -MERCATOR_HALF_WORLD, ymin, xmax: xmax - 2 * MERCATOR_HALF_WORLD, ymax });
  return boxes;
}

export function boxContains(box: MercatorBox, p: MercatorPoint): boolean {
  return p.x >= box.xmin && p.x <= box.xmax && p.y >= box.ymin && p.y <= box.ymax;
}

/** Projects a GeoJSON ring of [lng, lat] positions, dropping the closing position. */
export function projectRing(ring: readonly (readonly number[])[]): MercatorPoint[] {
  const open = ring.length > 1 && samePosition(ring[0], ring[ring.length - 1]) ? ring.slice(0, -1) : ring;
  return open.map(([lng, lat]) => toMercator(lat, lng));
}

export function samePosition(a: readonly number[], b: readonly number[]): boolean {
  return a[0] === b[0] && a[1] === b[1];
}

/** PostgreSQL polygon text, e.g. `((1,2),(3,4),(5,6))`; numbers in shortest round-trip form. */
export function polygonLiteral(points: readonly MercatorPoint[]): string {
  return `(${points.map((p) => `(${p.x},${p.y})`).join(',')})`;
}

/** Even-odd ray casting on projected coordinates (edges are straight in Web Mercator). */
export function pointInPolygon(p: MercatorPoint, polygon: readonly MercatorPoint[]): boolean {
  let inside = false;
  for (let i = 0, j = polygon.length - 1; i < polygon.length; j = i++) {
    const a = polygon[i];
    const b = polygon[j];
    if (a.y > p.y !== b.y > p.y && p.x < ((b.x - a.x) * (p.y - a.y)) / (b.y - a.y) + a.x) inside = !inside;
  }
  return inside;
}

// Closed-segment intersection is libs/geo's, as is the polygon validator (one definition for geofences and segments).
export { segmentsIntersect };
