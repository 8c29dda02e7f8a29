/**
 * The benchmark's city: a 100 × 100 km square centred on Chicago, ten stores,
 * a 64-vertex blob geofence, and the bench's OWN geometry helpers for the
 * hand-written queries (deliberately not the compiler's: same definition of
 * the set, independent arithmetic).
 */

export const METRO = { lat: 41.88, lng: -87.63, halfSideM: 50_000 };
/** The point the radius conditions measure from: near, not at, the centre. */
export const PROBE = { lat: 41.8781, lng: -87.6298 };
export const BUSINESS_TIMEZONE = 'America/Chicago';

const MEAN_EARTH_M = 6371008.8; // haversine sphere (design: "exact haversine test")
const MERCATOR_A = 6378137; // Web Mercator sphere
const METRES_PER_DEG_LAT = (Math.PI * MEAN_EARTH_M) / 180;
const rad = (d: number) => (d * Math.PI) / 180;

/** Degrees of latitude / longitude spanned by the metro square (used by the SQL generator). */
export function metroSpanDegrees(): { dLat: number; dLng: number } {
  const side = 2 * METRO.halfSideM;
  return { dLat: side / METRES_PER_DEG_LAT, dLng: side / (METRES_PER_DEG_LAT * Math.cos(rad(METRO.lat))) };
}

/** Ten store positions spread over the inner part of the metro (deterministic). */
export function storePositions(): { name: string; lat: number; lng: number }[] {
  const out: { name: string; lat: number; lng: number }[] = [];
  for (let i = 0; i < 10; i++) {
    const angle = (i / 10) * 2 * Math.PI + 0.3;
    const distM = i === 0 ? 800 : 6_000 + 2_500 * (i % 4);
    out.push(offset(`Store ${i + 1}`, METRO.lat, METRO.lng, distM * Math.sin(angle), distM * Math.cos(angle)));
  }
  return out;
}

function offset(name: string, lat: number, lng: number, northM: number, eastM: number): { name: string; lat: number; lng: number } {
  return {
    name,
    lat: Number((lat + northM / METRES_PER_DEG_LAT).toFixed(6)),
    lng: Number((lng + eastM / (METRES_PER_DEG_LAT * Math.cos(rad(lat)))).toFixed(6)),
  };
}

export interface GeoJsonPolygonRing {
  type: 'Polygon';
  coordinates: [number, number][][];
}

/**
 * A 64-vertex star-shaped (simple, not convex) blob about 8–9 km across,
 * centred a little north-west of the probe so circles and blob overlap
 * partially. Coordinates are rounded to 6 decimals like a web map's output.
 */
export function blobPolygon(): GeoJsonPolygonRing {
  const centre = { lat: 41.8935, lng: -87.6512 };
  const ring: [number, number][] = [];
  for (let i = 0; i < 64; i++) {
    const t = (i / 64) * 2 * Math.PI;
    const r = 4_000 * (1 + 0.12 * Math.sin(3 * t + 0.4) + 0.06 * Math.cos(5 * t));
    const p = offset('', centre.lat, centre.lng, r * Math.sin(t), r * Math.cos(t));
    ring.push([p.lng, p.lat]);
  }
  ring.push([ring[0][0], ring[0][1]]);
  return { type: 'Polygon', coordinates: [ring] };
}

/** Web Mercator metres, written out here again (x = a·λ, y = a·ln tan(π/4 + φ/2)). */
export function mercator(lat: number, lng: number): { x: number; y: number } {
  return { x: MERCATOR_A * rad(lng), y: MERCATOR_A * Math.log(Math.tan(Math.PI / 4 + rad(lat) / 2)) };
}

/** PostgreSQL polygon text of a GeoJSON ring projected to Web Mercator (closing vertex dropped). */
export function mercatorPolygonText(polygon: GeoJsonPolygonRing): string {
  const ring = polygon.coordinates[0].slice(0, -1);
  return `(${ring.map(([lng, lat]) => mercator(lat, lng)).map((p) => `(${p.x},${p.y})`).join(',')})`;
}

/**
 * Bounding box (Web Mercator) of a spherical cap: latitudes φ0 ± δ and the
 * exact longitude half-extent asin(sin δ / cos φ0), padded by 1 m. Tighter
 * than the design's r / cos φmax rule, and derived independently of it.
 */
export function capBox(lat: number, lng: number, radiusM: number): { xmin: number; ymin: number; xmax: number; ymax: number } {
  const delta = radiusM / MEAN_EARTH_M;
  const halfLng = Math.asin(Math.sin(delta) / Math.cos(rad(lat)));
  const x0 = mercator(lat, lng).x;
  const south = mercator(lat - (delta * 180) / Math.PI, lng).y;
  const north = mercator(lat + (delta * 180) / Math.PI, lng).y;
  return { xmin: x0 - MERCATOR_A * halfLng - 1, xmax: x0 + MERCATOR_A * halfLng + 1, ymin: south - 1, ymax: north + 1 };
}

export const HAVERSINE_RADIUS_M = MEAN_EARTH_M;
