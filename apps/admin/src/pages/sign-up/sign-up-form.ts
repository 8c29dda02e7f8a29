import type { Schemas } from '@localreach/api-client';
import { postalAddress, type AddressLines } from '../../components/postal-address';

export interface SignUpFields extends AddressLines {
  name: string;
  timezone: string;
  currency: string;
  country: string;
}

/** The sign-up body from the form: trimmed, upper-cased codes, empty optional lines left out. */
export function signUpBody(f: SignUpFields): Schemas['SignUpInput'] {
  return {
    name: f.name.trim(),
    timezone: f.timezone,
    currency: f.currency.trim().toUpperCase(),
    country: f.country.trim().toUpperCase(),
    address: postalAddress(f, f.country),
  };
}

/** Every IANA zone this browser knows, the browser's own first. */
export function timeZones(own: string, all: readonly string[]): string[] {
  return [own, ...all.filter((z) => z !== own)];
}
