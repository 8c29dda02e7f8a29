import { haversineMeters, toMercator } from '@localreach/geo';
import { fromMercator } from './fairness-grid';

/** A store an owner knows, as a landmark for naming grid cells. */
export interface LandmarkStore {
  id: string;
  name: string;
  lat: number;
  lng: number;
}

const EIGHT = ['N', 'NE', 'E', 'SE', 'S', 'SW', 'W', 'NW'] as const;
const SIXTEEN = ['N', 'NNE', 'NE', 'ENE', 'E', 'ESE', 'SE', 'SSE', 'S', 'SSW', 'SW', 'WSW', 'W', 'WNW', 'NW', 'NNW'] as const;
const rad = (deg: number) => (deg * Math.PI) / 180;

/** Initial great-circle bearing from `a` to `b`, degrees clockwise from north in [0, 360). */
export function bearingDegrees(a: { lat: number; lng: number }, b: { lat: number; lng: number }): number {
  const dLng = rad(b.lng - a.lng);
  const y = Math.sin(dLng) * Math.cos(rad(b.lat));
  const x = Math.cos(rad(a.lat)) * Math.sin(rad(b.lat)) - Math.sin(rad(a.lat)) * Math.cos(rad(b.lat)) * Math.cos(dLng);
  return ((Math.atan2(y, x) * 180) / Math.PI + 360) % 360;
}

/** The compass point of a bearing: 8 points ("NE") or 16 ("NNE"). */
export function compassPoint(bearing: number, points: 8 | 16 = 8): string {
  const names = points === 8 ? EIGHT : SIXTEEN;
  return names[Math.round(bearing / (360 / points)) % points];
}

/** "0.8 km", "2.5 km", "12 km": a tenth of a kilometre under 10 km (at least 0.1), whole kilometres beyond. */
export function formatKm(meters: number): string {
  const km = meters / 1000;
  return km < 9.95 ? `${Math.max(0.1, Math.round(km * 10) / 10)} km` : `${Math.round(km)} km`;
}

/** A cell's side on the ground: "760 m" (to 10 m) under a kilometre, "1.5 km" beyond. */
export function formatSide(meters: number): string {
  return meters < 995 ? `${Math.round(meters / 10) * 10} m` : `${Math.round(meters / 100) / 10} km`;
}

interface Placed { store: LandmarkStore; inside: boolean; meters: number; bearing: number }

/**
 * Where a grid cell is, relative to the stores: the store inside it ("around Elm Street"), else the
 * nearest one to its centre (haversine) with the compass direction and distance from it. Null when
 * the business has no placed store.
 */
function place(cx: number, cy: number, sizeM: number, stores: readonly LandmarkStore[]): Placed | null {
  const centre = fromMercator((cx + 0.5) * sizeM, (cy + 0.5) * sizeM);
  const candidates = stores.map((store) => {
    const p = toMercator(store.lat, store.lng);
    const inside = Math.floor(p.x / sizeM) === cx && Math.floor(p.y / sizeM) === cy;
    return { store, inside, meters: haversineMeters(store.lat, store.lng, centre.lat, centre.lng), bearing: bearingDegrees(store, centre) };
  });
  // A store inside the cell names it even when one outside is a little nearer its centre: it is where the owner would point.
  candidates.sort((a, b) => Number(b.inside) - Number(a.inside) || a.meters - b.meters || a.store.name.localeCompare(b.store.name) || a.store.id.localeCompare(b.store.id));
  return candidates[0] ?? null;
}

/** The cell's side on the ground at its centre: Mercator metres shrink by the cosine of the latitude. */
export function groundSideMeters(cy: number, sizeM: number): number {
  const centre = fromMercator(0, (cy + 0.5) * sizeM);
  return sizeM * Math.cos(rad(centre.lat));
}

function describe(p: Placed, side: string, points: 8 | 16): string {
  return p.inside ? `${side} square around ${p.store.name}` : `${side} square ${formatKm(p.meters)} ${compassPoint(p.bearing, points)} of ${p.store.name}`;
}

/**
 * Human labels for grid cells ("cx,cy" keys), keyed by cell: "760 m square 0.8 km NE of Elm Street",
 * "760 m square around Elm Street"; "Cell cx,cy" when the business has no placed store. Two cells
 * that would read the same are told apart by a 16-point compass, and if that is not enough by their key.
 */
export function gridCellLabels(cells: readonly { cx: number; cy: number }[], sizeM: number, stores: readonly LandmarkStore[]): Map<string, string> {
  const keyOf = (c: { cx: number; cy: number }) => `${c.cx},${c.cy}`;
  const placed = cells.map((c) => ({ key: keyOf(c), side: formatSide(groundSideMeters(c.cy, sizeM)), at: place(c.cx, c.cy, sizeM, stores) }));
  const labels = new Map<string, string>();
  const duplicates = (of: (p: (typeof placed)[number]) => string) => {
    const counts = new Map<string, number>();
    for (const p of placed) counts.set(of(p), (counts.get(of(p)) ?? 0) + 1);
    return (p: (typeof placed)[number]) => (counts.get(of(p)) ?? 0) > 1;
  };
  const eight = (p: (typeof placed)[number]) => (p.at ? describe(p.at, p.side, 8) : `Cell ${p.key}`);
  const sixteen = (p: (typeof placed)[number]) => (p.at ? describe(p.at, p.side, 16) : `Cell ${p.key}`);
  const clashes8 = duplicates(eight);
  const clashes16 = duplicates((p) => (clashes8(p) ? sixteen(p) : eight(p)));
  for (const p of placed) {
    const label = clashes8(p) ? sixteen(p) : eight(p);
    labels.set(p.key, clashes16(p) && p.at ? `${label} (cell ${p.key})` : label);
  }
  return labels;
}

