import type { Schemas } from '@localreach/api-client';

export interface SignUpFields {
  name: string;
  timezone: string;
  currency: string;
  country: string;
  line1: string;
  line2: string;
  city: string;
  region: string;
  postalCode: string;
}

/** The sign-up body from the form: trimmed, upper-cased codes, empty optional lines left out. */
export function signUpBody(f: SignUpFields): Schemas['SignUpInput'] {
  const country = f.country.trim().toUpperCase();
  const optional = (value: string) => (value.trim() === '' ? undefined : value.trim());
  return {
    name: f.name.trim(),
    timezone: f.timezone,
    currency: f.currency.trim().toUpperCase(),
    country,
    address: { line1: f.line1.trim(), line2: optional(f.line2), city: f.city.trim(), region: optional(f.region), postalCode: f.postalCode.trim(), country },
  };
}

/** Every IANA zone this browser knows, the browser's own first. */
export function timeZones(own: string, all: readonly string[]): string[] {
  return [own, ...all.filter((z) => z !== own)];
}
