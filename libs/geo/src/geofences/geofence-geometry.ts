import { EARTH_MEAN_RADIUS_M, EARTH_RADIUS_MERCATOR_M, haversineMeters, toMercator, type MercatorPoint } from '../mercator';
import type { Position } from '../polygon/polygon-validation';

/** An axis-aligned box in Web Mercator metres. */
export interface ProjectedBox {
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
}

/** x of the antimeridian: boxes past it would wrap, which a PostgreSQL box cannot. */
export const MERCATOR_HALF_WORLD_M = Math.PI * EARTH_RADIUS_MERCATOR_M;

// Covers rounding differences between this projection and PostgreSQL's projection of the same ping.
const BOX_SLACK_M = 0.01;

const deg = (radians: number) => (radians * 180) / Math.PI;
const rad = (degrees: number) => (degrees * Math.PI) / 180;

/**
 * The smallest projected box covering every point whose haversine distance
 * from the centre is at most `radiusM`. On the haversine sphere the circle
 * spans latitudes φ0 ± δ (δ = r / R) and longitudes λ0 ± asin(sin δ / cos φ0);
 * both are projected exactly. This is tighter than the r / cos φmax rule of
 * thumb and, unlike it, accounts for the Mercator sphere (6,378,137 m) being
 * larger than the haversine one (6,371,008.8 m): r / cos φ alone misses a
 * 0.11 % rim of the circle.
 */
export function circleBox(lat: number, lng: number, radiusM: number): ProjectedBox {
  const delta = radiusM / EARTH_MEAN_RADIUS_M;
  const phi = rad(lat);
  const sinRatio = Math.sin(delta) / Math.cos(phi);
  // A circle reaching over a pole spans every longitude.
  const halfLambda = sinRatio >= 1 || delta >= Math.PI / 2 - Math.abs(phi) ? Math.PI : Math.asin(sinRatio);
  const centre = toMercator(lat, lng);
  const halfWidth = EARTH_RADIUS_MERCATOR_M * halfLambda;
  return {
    minX: centre.x - halfWidth - BOX_SLACK_M,
    maxX: centre.x + halfWidth + BOX_SLACK_M,
    minY: toMercator(deg(phi - delta), lng).y - BOX_SLACK_M,
    maxY: toMercator(deg(phi + delta), lng).y + BOX_SLACK_M,
  };
}

/** True when a box reaches past ±180° longitude (it would need to wrap). */
export function crossesAntimeridian(box: ProjectedBox): boolean {
  return box.minX < -MERCATOR_HALF_WORLD_M || box.maxX > MERCATOR_HALF_WORLD_M;
}

/** A closed ring projected to Web Mercator, without its closing repeat, and its bounding box. */
export function projectRing(ring: Position[]): { vertices: MercatorPoint[]; box: ProjectedBox } {
  const vertices = ring.slice(0, -1).map(([lng, lat]) => toMercator(lat, lng));
  const xs = vertices.map((v) => v.x);
  const ys = vertices.map((v) => v.y);
  return {
    vertices,
    box: {
      minX: Math.min(...xs) - BOX_SLACK_M,
      minY: Math.min(...ys) - BOX_SLACK_M,
      maxX: Math.max(...xs) + BOX_SLACK_M,
      maxY: Math.max(...ys) + BOX_SLACK_M,
    },
  };
}

/** PostgreSQL `polygon` text for projected vertices: ((x1,y1),(x2,y2),...). Shortest round-trip numbers keep full precision. */
export function polygonLiteral(vertices: MercatorPoint[]): string {
  return `(${vertices.map((v) => `(${v.x},${v.y})`).join(',')})`;
}

/** True when a ping lies inside a circle geofence: the exact test after the box prefilter. */
export function insideCircle(centre: { lat: number; lng: number }, radiusM: number, lat: number, lng: number): boolean {
  return haversineMeters(centre.lat, centre.lng, lat, lng) <= radiusM;
}
