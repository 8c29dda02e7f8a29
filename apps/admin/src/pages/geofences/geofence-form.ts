import type { Geofence, GeofenceBody } from '../../api/hooks/geofences';
import { conditionToPolygon, formatDistance, parseCorners, polygonToCondition, type LatLng } from '../../components/map/geometry';
import type { MapShape } from '../../components/map/map-types';
import { numberOrText, textOf } from '../../components/segment-builder/conditions';

/** The geofence form as typed: numbers stay text until sent, so nothing typed is lost. */
export interface GeofenceDraft {
  name: string;
  kind: 'circle' | 'polygon';
  lat: string;
  lng: string;
  radiusMeters: string;
  /** One "latitude, longitude" per line. */
  corners: string;
  storeId: string | null;
  dwellSeconds: string;
  cooldownSeconds: string;
}

export const EMPTY_GEOFENCE: GeofenceDraft = { name: '', kind: 'circle', lat: '', lng: '', radiusMeters: '200', corners: '', storeId: null, dwellSeconds: '', cooldownSeconds: '0' };

function cornersText(corners: LatLng[]): string {
  return corners.map((p) => `${p.lat}, ${p.lng}`).join('\n');
}

export function draftOf(g: Geofence): GeofenceDraft {
  return {
    name: g.name,
    kind: g.kind,
    lat: textOf(g.center?.lat),
    lng: textOf(g.center?.lng),
    radiusMeters: textOf(g.radiusMeters),
    corners: g.polygon ? cornersText(conditionToPolygon({ polygon: g.polygon }) ?? []) : '',
    storeId: g.storeId,
    dwellSeconds: textOf(g.dwellSeconds),
    cooldownSeconds: textOf(g.cooldownSeconds),
  };
}

/** A circle drawn or edited on the map, into the form (whole metres, 6 decimals). */
export function withCircle(d: GeofenceDraft, center: LatLng, radiusMeters: number): GeofenceDraft {
  return { ...d, kind: 'circle', lat: String(Number(center.lat.toFixed(6))), lng: String(Number(center.lng.toFixed(6))), radiusMeters: String(Math.max(1, Math.round(radiusMeters))) };
}

/** A polygon drawn or edited on the map, into the form. */
export function withPolygon(d: GeofenceDraft, corners: LatLng[]): GeofenceDraft {
  return { ...d, kind: 'polygon', corners: cornersText(conditionToPolygon(polygonToCondition(corners)) ?? []) };
}

const numberOrNull = (text: string) => (text.trim() === '' ? null : (numberOrText(text) as number));

/**
 * The body for POST or PATCH. The API checks every field and names the wrong
 * one; text that is not a number is sent as it is so that it does. Corners
 * that do not read as a polygon are sent as no polygon (the API says a shape is needed).
 */
export function geofenceBody(d: GeofenceDraft): GeofenceBody {
  const parsed = parseCorners(d.corners);
  const circle = d.kind === 'circle';
  const lat = numberOrNull(d.lat);
  const lng = numberOrNull(d.lng);
  return {
    name: d.name.trim(),
    center: circle && (lat !== null || lng !== null) ? { lat: lat as number, lng: lng as number } : null,
    radiusMeters: circle ? numberOrNull(d.radiusMeters) : null,
    polygon: !circle && 'corners' in parsed ? polygonToCondition(parsed.corners).polygon : null,
    storeId: d.storeId,
    dwellSeconds: numberOrNull(d.dwellSeconds),
    ...(d.cooldownSeconds.trim() === '' ? {} : { cooldownSeconds: numberOrText(d.cooldownSeconds) as number }),
  };
}

/** The problem with typed corners, before anything is sent. */
export function cornersProblem(d: GeofenceDraft): string | undefined {
  if (d.kind !== 'polygon' || d.corners.trim() === '') return undefined;
  const parsed = parseCorners(d.corners);
  return 'error' in parsed ? parsed.error : undefined;
}

/** The draft's shape on the map, when it has one that can be drawn. */
export function draftShape(d: GeofenceDraft, key: string, label: string): MapShape | undefined {
  if (d.kind === 'circle') {
    const [lat, lng, r] = [Number(d.lat), Number(d.lng), Number(d.radiusMeters)];
    return d.lat.trim() && d.lng.trim() && Number.isFinite(lat) && Number.isFinite(lng) && r > 0 ? { key, label, kind: 'circle', center: { lat, lng }, radiusMeters: r } : undefined;
  }
  const parsed = parseCorners(d.corners);
  return 'corners' in parsed ? { key, label, kind: 'polygon', corners: parsed.corners } : undefined;
}

/** "800 m radius", "5 corners". */
export function sizeText(g: Geofence): string {
  if (g.kind === 'circle') return g.radiusMeters === null ? '—' : `${formatDistance(g.radiusMeters)} radius`;
  return `${Math.max(0, (g.polygon?.coordinates[0]?.length ?? 1) - 1)} corners`;
}
