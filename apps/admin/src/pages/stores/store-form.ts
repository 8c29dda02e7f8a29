import type { Store, StoreInput, StorePatch } from '../../api/hooks/locations';
import type { LatLng } from '../../components/map/geometry';
import { hoursBody, type HoursForm } from './opening-hours';

export interface StoreFields {
  name: string;
  line1: string;
  line2: string;
  city: string;
  region: string;
  postalCode: string;
  country: string;
  lat: string;
  lng: string;
  phone: string;
  /** An IANA zone, or '' for the business's. */
  timezone: string;
}

export const EMPTY_STORE: StoreFields = { name: '', line1: '', line2: '', city: '', region: '', postalCode: '', country: '', lat: '', lng: '', phone: '', timezone: '' };

const text = (v: string) => (v.trim() === '' ? undefined : v.trim());
const coordinate = (v: string) => (v.trim() === '' ? null : Number.isFinite(Number(v)) ? Number(v) : (v as unknown as number));

function addressOf(f: StoreFields) {
  const address = { line1: text(f.line1), line2: text(f.line2), city: text(f.city), region: text(f.region), postalCode: text(f.postalCode), country: text(f.country) };
  return Object.values(address).some((v) => v !== undefined) ? address : undefined;
}

/**
 * The create body: an address when any line is filled, coordinates when both
 * are numbers. Checking is the API's (it names the field); text that is not a
 * number is sent as is, so the API's answer says what is wrong with it.
 */
export function storeBody(f: StoreFields): StoreInput {
  const address = addressOf(f);
  const lat = coordinate(f.lat);
  const lng = coordinate(f.lng);
  return {
    name: f.name.trim(),
    ...(address ? { address } : {}),
    ...(lat !== null || lng !== null ? { lat, lng } : {}),
    ...(text(f.phone) ? { phone: text(f.phone) } : {}),
  };
}

/** One line for a stored address. */
export function addressLine(address: { line1?: string; city?: string; postalCode?: string; country?: string } | null): string {
  if (!address) return '—';
  return [address.line1, [address.postalCode, address.city].filter(Boolean).join(' '), address.country].filter((p) => p && p.trim() !== '').join(', ') || '—';
}

/** The edit form for a stored store. */
export function storeFieldsOf(store: Store): StoreFields {
  const a = store.address ?? {};
  return {
    name: store.name, line1: a.line1 ?? '', line2: a.line2 ?? '', city: a.city ?? '', region: a.region ?? '', postalCode: a.postalCode ?? '', country: a.country ?? '',
    lat: store.lat === null ? '' : String(store.lat), lng: store.lng === null ? '' : String(store.lng), phone: store.phone ?? '', timezone: store.timezone ?? '',
  };
}

/**
 * The PATCH body: every field, a blank one as null (cleared). Clearing both
 * coordinates while an address is given lets the API geocode it again.
 */
export function storePatch(f: StoreFields, hours: HoursForm): StorePatch {
  return {
    name: f.name.trim(),
    address: addressOf(f) ?? null,
    lat: coordinate(f.lat),
    lng: coordinate(f.lng),
    phone: text(f.phone) ?? null,
    timezone: text(f.timezone) ?? null,
    openingHours: hoursBody(hours),
  };
}

/** The form with a point set from the map (already rounded). */
export function withPoint(f: StoreFields, point: LatLng): StoreFields {
  return { ...f, lat: String(point.lat), lng: String(point.lng) };
}

/** The point the form's coordinates name, when both are numbers in range (for the map's pin). */
export function pointOf(f: StoreFields): LatLng | undefined {
  const lat = Number(f.lat);
  const lng = Number(f.lng);
  if (f.lat.trim() === '' || f.lng.trim() === '' || !Number.isFinite(lat) || !Number.isFinite(lng) || Math.abs(lat) > 90 || Math.abs(lng) > 180) return undefined;
  return { lat, lng };
}
