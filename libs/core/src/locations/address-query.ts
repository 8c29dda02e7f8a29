import { createHash } from 'node:crypto';
import type { PostalAddress } from '../database/entities';

export interface AddressQuery {
  /** What is sent to the geocoder: the address parts joined with commas. */
  text: string;
  /** Cache key: SHA-256 of the normalised text, so spacing and case variants share one lookup. */
  hash: string;
}

const PARTS = ['line1', 'line2', 'city', 'region', 'postalCode', 'country'] as const;

/** Lower-cased, Unicode-compatibility-folded text with runs of spaces and spaces around commas removed. */
export function normalizeAddressText(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').replace(/\s*,\s*/g, ',').trim();
}

/**
 * The geocoding query for a postal address, or undefined when it is too thin
 * to place a person or a store (a street line and a city or postcode are
 * needed; a bare country would geocode to its middle).
 */
export function addressQuery(address: Partial<PostalAddress> | null | undefined): AddressQuery | undefined {
  if (!address?.line1?.trim() || !(address.city?.trim() || address.postalCode?.trim())) return undefined;
  const text = PARTS.map((p) => address[p]?.trim()).filter((v): v is string => !!v).join(', ');
  return { text, hash: createHash('sha256').update(normalizeAddressText(text)).digest('hex') };
}
