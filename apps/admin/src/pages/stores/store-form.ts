import type { StoreInput } from '../../api/hooks/locations';

export interface StoreFields {
  name: string;
  line1: string;
  city: string;
  postalCode: string;
  country: string;
  lat: string;
  lng: string;
  phone: string;
}

export const EMPTY_STORE: StoreFields = { name: '', line1: '', city: '', postalCode: '', country: '', lat: '', lng: '', phone: '' };

/**
 * The create body: an address when any line is filled, coordinates when both
 * are numbers. Checking is the API's (it names the field); text that is not a
 * number is sent as is, so the API's answer says what is wrong with it.
 */
export function storeBody(f: StoreFields): StoreInput {
  const text = (v: string) => (v.trim() === '' ? undefined : v.trim());
  const address = { line1: text(f.line1), city: text(f.city), postalCode: text(f.postalCode), country: text(f.country) };
  const hasAddress = Object.values(address).some((v) => v !== undefined);
  const coordinate = (v: string) => (v.trim() === '' ? null : Number.isFinite(Number(v)) ? Number(v) : (v as unknown as number));
  const lat = coordinate(f.lat);
  const lng = coordinate(f.lng);
  return {
    name: f.name.trim(),
    ...(hasAddress ? { address } : {}),
    ...(lat !== null || lng !== null ? { lat, lng } : {}),
    ...(text(f.phone) ? { phone: text(f.phone) } : {}),
  };
}

/** One line for a stored address. */
export function addressLine(address: { line1?: string; city?: string; postalCode?: string; country?: string } | null): string {
  if (!address) return '—';
  return [address.line1, [address.postalCode, address.city].filter(Boolean).join(' '), address.country].filter((p) => p && p.trim() !== '').join(', ') || '—';
}
