import type { Schemas } from '@localreach/api-client';

type Business = Schemas['BusinessDto'];
export type BusinessPatch = Schemas['BusinessPatchInput'];

export interface BusinessFields {
  name: string;
  timezone: string;
  currency: string;
  country: string;
  line1: string;
  line2: string;
  city: string;
  region: string;
  postalCode: string;
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
  if (lines.some((l) => f[l].trim() !== was[l])) {
    const optional = (v: string) => (v.trim() === '' ? undefined : v.trim());
    patch.address = {
      line1: f.line1.trim(), line2: optional(f.line2), city: f.city.trim(), region: optional(f.region), postalCode: f.postalCode.trim(), country: f.addressCountry.trim().toUpperCase(),
    };
  }
  return patch;
}
