/** A store as far as distance goes. */
export interface PlacedStore {
  id: string;
  name: string;
  lat: number | null;
  lng: number | null;
}

const EARTH_RADIUS_M = 6_371_008.8;
const rad = (deg: number) => (deg * Math.PI) / 180;

/** Great-circle distance in metres (haversine on the mean Earth radius). */
export function distanceMeters(aLat: number, aLng: number, bLat: number, bLng: number): number {
  const h = Math.sin(rad(bLat - aLat) / 2) ** 2 + Math.cos(rad(aLat)) * Math.cos(rad(bLat)) * Math.sin(rad(bLng - aLng) / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** The placed store closest to the point (ties: the first listed); null when the point or every store is unplaced. */
export function nearestStore<S extends PlacedStore>(lat: number | null, lng: number | null, stores: readonly S[]): { store: S; meters: number } | null {
  if (lat === null || lng === null) return null;
  let best: { store: S; meters: number } | null = null;
  for (const store of stores) {
    if (store.lat === null || store.lng === null) continue;
    const meters = distanceMeters(lat, lng, store.lat, store.lng);
    if (!best || meters < best.meters) best = { store, meters };
  }
  return best;
}

/** "850 m", "12.4 km", "120 km". */
export function distanceText(meters: number, locale?: string): string {
  if (meters < 1000) return `${Math.round(meters)} m`;
  const km = meters / 1000;
  return `${new Intl.NumberFormat(locale, { maximumFractionDigits: km < 100 ? 1 : 0 }).format(km)} km`;
}
