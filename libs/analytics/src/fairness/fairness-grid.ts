import { EARTH_RADIUS_MERCATOR_M } from '@localreach/geo';

/** Grid cells are squares of this many Web-Mercator metres; below 250 a cell holds too few people to ever be shown, above 50 km it says nothing about neighbourhoods. */
export const MIN_CELL_SIZE_M = 250;
export const MAX_CELL_SIZE_M = 50_000;
export const DEFAULT_CELL_SIZE_M = 1_000;

/** West, south, east, north in degrees (GeoJSON bbox order). */
export type Bbox = [west: number, south: number, east: number, north: number];

/** A GeoJSON polygon: one closed ring of [lng, lat] positions, counter-clockwise. */
export interface GeoJsonPolygon {
  type: 'Polygon';
  coordinates: [number, number][][];
}

const deg = (rad: number) => (rad * 180) / Math.PI;
const round7 = (v: number) => Math.round(v * 1e7) / 1e7;

/** Latitude/longitude of a Web-Mercator point (the inverse of `toMercator`, unclamped). */
export function fromMercator(x: number, y: number): { lat: number; lng: number } {
  return { lng: deg(x / EARTH_RADIUS_MERCATOR_M), lat: deg(2 * Math.atan(Math.exp(y / EARTH_RADIUS_MERCATOR_M)) - Math.PI / 2) };
}

/** The key the SQL gives a cell: its column and row on the grid, "cx,cy" (floor of the point's metres / size). */
export function parseCellKey(key: string): { cx: number; cy: number } | null {
  const match = /^(-?\d+),(-?\d+)$/.exec(key);
  return match ? { cx: Number(match[1]), cy: Number(match[2]) } : null;
}

/** The cell's bounds in degrees, rounded to 7 decimals (about 1 cm). */
export function cellBbox(cx: number, cy: number, sizeM: number): Bbox {
  const sw = fromMercator(cx * sizeM, cy * sizeM);
  const ne = fromMercator((cx + 1) * sizeM, (cy + 1) * sizeM);
  return [round7(sw.lng), round7(sw.lat), round7(ne.lng), round7(ne.lat)];
}

/** The cell as a GeoJSON polygon (its bbox's corners; the cell's edges are straight on the Mercator map). */
export function bboxPolygon([west, south, east, north]: Bbox): GeoJsonPolygon {
  return { type: 'Polygon', coordinates: [[[west, south], [east, south], [east, north], [west, north], [west, south]]] };
}
