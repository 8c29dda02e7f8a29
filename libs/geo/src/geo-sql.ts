import { EARTH_MEAN_RADIUS_M } from './mercator';

/** SQL for the haversine distance in metres between two lat/lng column pairs (same sphere as haversineMeters). */
export function haversineSql(lat1: string, lng1: string, lat2: string, lng2: string): string {
  const a = `power(sin(radians(${lat2} - ${lat1}) / 2), 2) + cos(radians(${lat1})) * cos(radians(${lat2})) * power(sin(radians(${lng2} - ${lng1}) / 2), 2)`;
  return `(2 * ${EARTH_MEAN_RADIUS_M} * asin(least(1.0, sqrt(${a}))))`;
}
