/** A point as Leaflet and people say it: latitude first. (GeoJSON, and so the API's polygons, say longitude first.) */
export interface LatLng {
  lat: number;
  lng: number;
}

export interface MapStore {
  id: string;
  name: string;
  lat: number | null;
  lng: number | null;
}

export type NearCondition = { type: 'near'; storeId: string; radiusMeters: number } | { type: 'near'; lat: number; lng: number; radiusMeters: number };
export type PolygonCondition = {
  type: 'inside';
  polygon: { type: 'Polygon'; coordinates: [number, number][][] };
};

/** The mean Earth radius (IUGG), as libs/geo measures distances. */
const EARTH_RADIUS_M = 6371008.8;
/** A drawn circle's centre this close to a store becomes "near that store". */
export const SNAP_METERS = 150;
/** Six decimals of a degree are about 11 cm: more would be noise from a mouse. */
const DEGREE_DECIMALS = 6;

const rad = (deg: number) => (deg * Math.PI) / 180;
const roundDegrees = (deg: number) => Number(deg.toFixed(DEGREE_DECIMALS));

/** Great-circle distance in metres (haversine). */
export function distanceMeters(a: LatLng, b: LatLng): number {
  const dLat = rad(b.lat - a.lat);
  const dLng = rad(b.lng - a.lng);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(rad(a.lat)) * Math.cos(rad(b.lat)) * Math.sin(dLng / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)));
}

export function placed(store: MapStore): store is MapStore & LatLng {
  return store.lat !== null && store.lng !== null;
}

/** The nearest placed store at most `maxMeters` from `point`. */
export function snapToStore(point: LatLng, stores: MapStore[], maxMeters = SNAP_METERS): (MapStore & LatLng) | undefined {
  let best: (MapStore & LatLng) | undefined;
  let bestDistance = Infinity;
  for (const store of stores.filter(placed)) {
    const d = distanceMeters(point, store);
    if (d <= maxMeters && d < bestDistance) {
      best = store;
      bestDistance = d;
    }
  }
  return best;
}

/** A drawn circle as a condition: around the store its centre snaps to, or around the point; whole metres. */
export function circleToCondition(center: LatLng, radiusMeters: number, stores: MapStore[], snapMeters = SNAP_METERS): NearCondition {
  const radius = Math.max(1, Math.round(radiusMeters));
  const store = snapToStore(center, stores, snapMeters);
  if (store) return { type: 'near', storeId: store.id, radiusMeters: radius };
  return { type: 'near', lat: roundDegrees(center.lat), lng: roundDegrees(center.lng), radiusMeters: radius };
}

/** The circle a near condition draws, or undefined when it cannot be drawn (an unplaced or unknown store, a radius not yet a number). */
export function conditionToCircle(node: object, stores: MapStore[]): { center: LatLng; radiusMeters: number } | undefined {
  const condition = node as Record<string, unknown>;
  const radius = condition.radiusMeters;
  if (typeof radius !== 'number' || !(radius > 0)) return undefined;
  if (typeof condition.storeId === 'string') {
    const store = stores.find((s) => s.id === condition.storeId);
    return store && placed(store) ? { center: { lat: store.lat, lng: store.lng }, radiusMeters: radius } : undefined;
  }
  if (typeof condition.lat === 'number' && typeof condition.lng === 'number') return { center: { lat: condition.lat, lng: condition.lng }, radiusMeters: radius };
  return undefined;
}

function samePoint(a: LatLng, b: LatLng): boolean {
  return a.lat === b.lat && a.lng === b.lng;
}

/** A drawn polygon (its corners, open or closed) as an "inside" condition: one closed GeoJSON ring of [lng, lat]. */
export function polygonToCondition(corners: LatLng[]): PolygonCondition {
  const open = corners.length > 1 && samePoint(corners[0], corners[corners.length - 1]) ? corners.slice(0, -1) : corners;
  const ring = open.map((p): [number, number] => [roundDegrees(p.lng), roundDegrees(p.lat)]);
  return { type: 'inside', polygon: { type: 'Polygon', coordinates: [[...ring, ring[0]]] } };
}

/** The corners (ring without its closing repeat) of an "inside" condition's polygon, or undefined when it has none that can be drawn. */
export function conditionToPolygon(condition: object): LatLng[] | undefined {
  const polygon = (condition as { polygon?: unknown }).polygon as { coordinates?: unknown } | undefined;
  const ring = Array.isArray(polygon?.coordinates) ? (polygon.coordinates[0] as unknown) : undefined;
  if (!Array.isArray(ring)) return undefined;
  const points = ring.filter((p): p is [number, number] => Array.isArray(p) && typeof p[0] === 'number' && typeof p[1] === 'number').map(([lng, lat]) => ({ lat, lng }));
  if (points.length < 3) return undefined;
  return samePoint(points[0], points[points.length - 1]) ? points.slice(0, -1) : points;
}

/**
 * Corners typed one per line as "latitude, longitude" (or separated by
 * spaces or a semicolon). Says which line is wrong otherwise.
 */
export function parseCorners(text: string): { corners: LatLng[] } | { error: string } {
  const lines = text.split('\n').map((l) => l.trim()).filter((l) => l !== '');
  const corners: LatLng[] = [];
  for (const [i, line] of lines.entries()) {
    const parts = line.split(/[\s,;]+/).filter((p) => p !== '');
    const [lat, lng] = parts.map(Number);
    if (parts.length !== 2 || !Number.isFinite(lat) || !Number.isFinite(lng)) return { error: `Line ${i + 1}: write "latitude, longitude"` };
    if (Math.abs(lat) > 90 || Math.abs(lng) > 180) return { error: `Line ${i + 1}: latitude is within ±90 and longitude within ±180` };
    corners.push({ lat, lng });
  }
  if (corners.length < 3) return { error: 'A polygon needs at least 3 corners' };
  return { corners };
}

/** Kilometres as typed ("2", "2.5", "0,8") in whole metres, or undefined when that is not a positive number. */
export function kilometresToMeters(text: string): number | undefined {
  const meters = Math.round(Number(text.trim().replace(',', '.')) * 1000);
  return text.trim() !== '' && Number.isFinite(meters) && meters >= 1 ? meters : undefined;
}

/** "850 m", "2 km", "2.5 km". */
export function formatDistance(meters: number): string {
  if (meters < 1000) return `${Math.round(meters)} m`;
  return `${Number((meters / 1000).toFixed(meters < 10_000 ? 2 : 1))} km`;
}

/** South-west and north-east corners around the points, or undefined for none. */
export function boundsOf(points: LatLng[]): [[number, number], [number, number]] | undefined {
  if (points.length === 0) return undefined;
  const lats = points.map((p) => p.lat);
  const lngs = points.map((p) => p.lng);
  return [[Math.min(...lats), Math.min(...lngs)], [Math.max(...lats), Math.max(...lngs)]];
}

/** The points a circle's bounds must hold: its centre moved by its radius north, south, east and west. */
export function circleExtent(center: LatLng, radiusMeters: number): LatLng[] {
  const dLat = (radiusMeters / EARTH_RADIUS_M) * (180 / Math.PI);
  const dLng = dLat / Math.max(0.01, Math.cos(rad(center.lat)));
  return [{ lat: center.lat + dLat, lng: center.lng }, { lat: center.lat - dLat, lng: center.lng }, { lat: center.lat, lng: center.lng + dLng }, { lat: center.lat, lng: center.lng - dLng }];
}

/**
 * Decimals of a degree a click at `zoom` can mean: enough to tell one screen
 * pixel (of 256-px tiles) from the next, at most 6 (about 11 cm).
 */
export function clickDecimals(zoom: number): number {
  const degreesPerPixel = 360 / (256 * 2 ** zoom);
  return Math.min(DEGREE_DECIMALS, Math.max(0, Math.ceil(-Math.log10(degreesPerPixel))));
}

/** A clicked or dragged point rounded to what the zoom can tell, its longitude brought back within ±180 (the world repeats sideways). */
export function roundClick(point: LatLng, zoom: number): LatLng {
  const decimals = clickDecimals(zoom);
  const lng = ((((point.lng + 180) % 360) + 360) % 360) - 180;
  return { lat: Number(point.lat.toFixed(decimals)) + 0, lng: Number(lng.toFixed(decimals)) + 0 };
}
