/** Web Mercator (EPSG:3857) on the WGS84 semi-major axis, as stored in every located row's `point`. */
export const EARTH_RADIUS_MERCATOR_M = 6378137;
/** Latitudes are clamped here: Web Mercator diverges at the poles. */
export const MAX_MERCATOR_LAT = 85;

export interface MercatorPoint {
  x: number;
  y: number;
}

const rad = (deg: number) => (deg * Math.PI) / 180;

/** Projects a latitude/longitude to Web Mercator metres (same formula as the SQL generated column). */
export function toMercator(lat: number, lng: number): MercatorPoint {
  const clamped = Math.max(-MAX_MERCATOR_LAT, Math.min(MAX_MERCATOR_LAT, lat));
  return {
    x: EARTH_RADIUS_MERCATOR_M * rad(lng),
    y: EARTH_RADIUS_MERCATOR_M * Math.log(Math.tan(Math.PI / 4 + rad(clamped) / 2)),
  };
}

/** Mean Earth radius used for great-circle distances. */
export const EARTH_MEAN_RADIUS_M = 6371008.8;

/** Great-circle distance in metres (haversine). */
export function haversineMeters(lat1: number, lng1: number, lat2: number, lng2: number): number {
  const dLat = rad(lat2 - lat1);
  const dLng = rad(lng2 - lng1);
  const a = Math.sin(dLat / 2) ** 2 + Math.cos(rad(lat1)) * Math.cos(rad(lat2)) * Math.sin(dLng / 2) ** 2;
  return 2 * EARTH_MEAN_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(a)));
}

/** Length of one degree of latitude on the haversine sphere: about 111,195 m. */
export const METRES_PER_DEGREE_LAT = (Math.PI * EARTH_MEAN_RADIUS_M) / 180;
