import { haversineMeters, toMercator } from '@localreach/geo';

/** The parts of a campaign definition the area is read from (analytics never imports campaigns). */
export interface AreaDefinition {
  trigger: { type: string; geofenceId?: string; segmentId?: string };
  entry?: unknown;
}

/** Where a campaign's area comes from, before the geofence, store or segment it names is read. */
export type AreaTarget =
  | { kind: 'geofence'; geofenceId: string; from: AreaOrigin }
  | { kind: 'nearStore'; storeId: string; radiusMeters: number; from: AreaOrigin }
  | { kind: 'nearPoint'; lat: number; lng: number; radiusMeters: number; from: AreaOrigin }
  | { kind: 'polygon'; ring: [number, number][]; from: AreaOrigin };

/** The trigger's geofence, a condition of the trigger's segment, or a condition of the entry filter. */
export type AreaOrigin = 'trigger' | 'segment' | 'entry';

/**
 * The first geo condition every member must meet: the condition itself at the
 * root, or one reached only through `all` groups. Under `any` or `not` a
 * condition does not confine the audience to an area, so it does not count.
 */
export function requiredGeoCondition(node: unknown, from: AreaOrigin): AreaTarget | null {
  if (!node || typeof node !== 'object') return null;
  const n = node as Record<string, unknown>;
  if (Array.isArray(n.all)) {
    for (const child of n.all) {
      const found = requiredGeoCondition(child, from);
      if (found) return found;
    }
    return null;
  }
  if (n.type === 'near' && typeof n.radiusMeters === 'number') {
    if (typeof n.storeId === 'string') return { kind: 'nearStore', storeId: n.storeId, radiusMeters: n.radiusMeters, from };
    if (typeof n.lat === 'number' && typeof n.lng === 'number') return { kind: 'nearPoint', lat: n.lat, lng: n.lng, radiusMeters: n.radiusMeters, from };
  }
  if (n.type === 'inside') {
    if (typeof n.geofenceId === 'string') return { kind: 'geofence', geofenceId: n.geofenceId, from };
    const polygon = n.polygon as { coordinates?: [number, number][][] } | undefined;
    if (polygon?.coordinates?.[0]) return { kind: 'polygon', ring: polygon.coordinates[0], from };
  }
  return null;
}

/**
 * A geofence trigger aims at its fence; a segment or broadcast trigger at its
 * segment's required area (`segmentDefinition`, read by the caller); else the
 * entry filter's. Null: the campaign is not aimed at an area.
 */
export function areaTarget(definition: AreaDefinition, segmentDefinition: unknown): AreaTarget | null {
  if (definition.trigger.type === 'geofence' && definition.trigger.geofenceId) return { kind: 'geofence', geofenceId: definition.trigger.geofenceId, from: 'trigger' };
  return requiredGeoCondition(segmentDefinition, 'segment') ?? requiredGeoCondition(definition.entry, 'entry');
}

/** A resolved area: a circle (centre, radius) or a polygon (lng/lat ring), with the stores it is about. */
export interface GeoArea {
  shape: 'circle' | 'polygon';
  center: { lat: number; lng: number };
  radiusMeters: number | null;
  ring: [number, number][] | null;
  /** Where it came from, for the reader: 'geofence "Main St", from the trigger'. */
  description: string;
  /** Stores of the area (the fence's, the condition's, any inside it): never in the comparison. */
  storeIds: string[];
}

/** Map cells (clusters) a quarter of the area's width, within 100 m – 2 km: about a dozen cells cover the area. */
export function clusterCellMeters(area: GeoArea): number {
  const width = area.shape === 'circle' ? 2 * (area.radiusMeters ?? 0) : ringWidthMeters(area.ring ?? []);
  return Math.min(2000, Math.max(100, Math.round(width / 4)));
}

function ringWidthMeters(ring: [number, number][]): number {
  const lngs = ring.map((p) => p[0]);
  const lats = ring.map((p) => p[1]);
  const [w, e, s, n] = [Math.min(...lngs), Math.max(...lngs), Math.min(...lats), Math.max(...lats)];
  const mid = (s + n) / 2;
  return Math.max(haversineMeters(mid, w, mid, e), haversineMeters(s, w, n, w));
}

/** The ring's centroid of vertices (the cells' origin and the latitude of the Mercator scale). */
export function ringCenter(ring: [number, number][]): { lat: number; lng: number } {
  const open = ring.length > 1 && ring[0][0] === ring[ring.length - 1][0] && ring[0][1] === ring[ring.length - 1][1] ? ring.slice(0, -1) : ring;
  return { lng: open.reduce((s, p) => s + p[0], 0) / open.length, lat: open.reduce((s, p) => s + p[1], 0) / open.length };
}

/** The ring in Web-Mercator metres as a PostgreSQL polygon literal (customers' `point` is in the same projection). */
export function mercatorPolygonLiteral(ring: [number, number][]): string {
  return `(${ring.map(([lng, lat]) => toMercator(lat, lng)).map((p) => `(${p.x},${p.y})`).join(',')})`;
}

/** Cell size in Mercator units: Mercator stretches distances by 1/cos(latitude). */
export function mercatorCellSize(area: GeoArea): number {
  return clusterCellMeters(area) / Math.cos((area.center.lat * Math.PI) / 180);
}
