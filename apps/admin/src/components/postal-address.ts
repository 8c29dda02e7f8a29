import type { Schemas } from '@localreach/api-client';

/** The lines of a business postal address as typed in a form. */
export interface AddressLines {
  line1: string;
  line2: string;
  city: string;
  region: string;
  postalCode: string;
}

/** The API's address from typed lines: trimmed, the country upper-cased, empty optional lines left out. */
export function postalAddress(lines: AddressLines, country: string): Schemas['BusinessAddressInput'] {
  const optional = (value: string) => (value.trim() === '' ? undefined : value.trim());
  return {
    line1: lines.line1.trim(), line2: optional(lines.line2), city: lines.city.trim(), region: optional(lines.region), postalCode: lines.postalCode.trim(),
    country: country.trim().toUpperCase(),
  };
}
