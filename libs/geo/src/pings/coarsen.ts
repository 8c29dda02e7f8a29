import { METRES_PER_DEGREE_LAT } from '../mercator';

export const DEFAULT_LOCATION_PRECISION_M = 100;
const MAX_LOCATION_PRECISION_M = 100_000;

/** Reads a business's `settings.locationPrecisionMeters`: 0 keeps pings exact; missing or unusable means 100 m. */
export function locationPrecisionFrom(settings: Record<string, unknown> | null | undefined): number {
  const value = settings?.locationPrecisionMeters;
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 && value <= MAX_LOCATION_PRECISION_M ? value : DEFAULT_LOCATION_PRECISION_M;
}

const clamp = (value: number, limit: number) => Math.max(-limit, Math.min(limit, value));
// 7 decimals is about 1 cm: enough, and keeps stored values free of float noise.
const tidy = (value: number) => Number(value.toFixed(7));

/**
 * Snaps a coordinate to a grid of cells about `precisionM` metres on a side,
 * so stored location history does not pinpoint a home. Latitude steps are
 * fixed; the longitude step widens by 1 / cos(latitude) of the snapped
 * latitude so cells stay roughly square. 0 returns the input unchanged.
 */
export function coarsen(lat: number, lng: number, precisionM: number): { lat: number; lng: number } {
  if (precisionM <= 0) return { lat, lng };
  const latStep = precisionM / METRES_PER_DEGREE_LAT;
  const snappedLat = clamp(Math.round(lat / latStep) * latStep, 90);
  const cosLat = Math.cos((snappedLat * Math.PI) / 180);
  const lngStep = cosLat < 1e-9 ? 360 : Math.min(360, precisionM / (METRES_PER_DEGREE_LAT * cosLat));
  const snappedLng = clamp(Math.round(lng / lngStep) * lngStep, 180);
  return { lat: tidy(snappedLat), lng: tidy(snappedLng) };
}
