import type { Schemas } from '@localreach/api-client';
import { postalAddress, type AddressLines } from '../../components/postal-address';

type Business = Schemas['BusinessDto'];
export type BusinessPatch = Schemas['BusinessPatchInput'];

export interface BusinessFields extends AddressLines {
  name: string;
  timezone: string;
  currency: string;
  country: string;
  addressCountry: string;
}

export function businessFields(b: Business): BusinessFields {
  const a = b.address as { line1?: string; line2?: string; city?: string; region?: string; postalCode?: string; country?: string };
  return {
    name: b.name, timezone: b.timezone, currency: b.currency, country: b.country,
    line1: a.line1 ?? '', line2: a.line2 ?? '', city: a.city ?? '', region: a.region ?? '', postalCode: a.postalCode ?? '', addressCountry: a.country ?? '',
  };
}

/**
 * Only what changed: each profile field on its own, the address whole when
 * any of its lines changed (the API replaces it). Codes are upper-cased;
 * empty optional lines are left out.
 */
export function businessPatch(current: Business, f: BusinessFields): BusinessPatch {
  const was = businessFields(current);
  const patch: BusinessPatch = {};
  if (f.name.trim() !== was.name) patch.name = f.name.trim();
  if (f.timezone !== was.timezone) patch.timezone = f.timezone;
  if (f.currency.trim().toUpperCase() !== was.currency) patch.currency = f.currency.trim().toUpperCase();
  if (f.country.trim().toUpperCase() !== was.country) patch.country = f.country.trim().toUpperCase();
  const lines = ['line1', 'line2', 'city', 'region', 'postalCode', 'addressCountry'] as const;
  if (lines.some((l) => f[l].trim() !== was[l])) patch.address = postalAddress(f, f.addressCountry);
  return patch;
}
