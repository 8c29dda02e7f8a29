/** How a column found its target: named like it, a known other spelling, or the request's mapping. */
export type ColumnMatchKind = 'exact' | 'alias' | 'explicit';

/** A target field and the other header spellings that mean it. */
export interface ImportHeaderTarget {
  target: string;
  aliases: readonly string[];
}

/**
 * The CSV headers a customer import recognises without a mapping. A header
 * matches when it equals the target or one of its aliases after lower-casing
 * and dropping spaces, "_", "-" and "." ("First Name", "first_name" and
 * "FIRSTNAME" all name firstName). `attributes.<key>[:type]` headers are
 * always read as attributes. This one list feeds the matcher and the API docs.
 */
export const IMPORT_HEADER_TARGETS: readonly ImportHeaderTarget[] = [
  { target: 'externalId', aliases: ['id', 'customer id', 'customer number', 'client id', 'member id', 'loyalty number'] },
  { target: 'email', aliases: ['email address', 'e-mail address', 'mail'] },
  { target: 'phone', aliases: ['phone number', 'mobile', 'mobile number', 'mobile phone', 'cell', 'cell phone', 'telephone', 'tel'] },
  { target: 'firstName', aliases: ['first', 'fname', 'given name', 'forename'] },
  { target: 'lastName', aliases: ['last', 'lname', 'surname', 'family name'] },
  { target: 'birthday', aliases: ['birth date', 'date of birth', 'dob', 'born'] },
  { target: 'timezone', aliases: ['tz'] },
  { target: 'lat', aliases: ['latitude'] },
  { target: 'lng', aliases: ['longitude', 'lon', 'long'] },
  { target: 'tags', aliases: ['tag', 'labels'] },
  { target: 'address.line1', aliases: ['address', 'address line 1', 'address1', 'street', 'street address', 'line1'] },
  { target: 'address.line2', aliases: ['address line 2', 'address2', 'line2'] },
  { target: 'address.city', aliases: ['city', 'town'] },
  { target: 'address.region', aliases: ['region', 'state', 'province', 'county'] },
  { target: 'address.postalCode', aliases: ['postal code', 'postcode', 'zip', 'zip code'] },
  { target: 'address.country', aliases: ['country', 'country code'] },
  {
    target: 'consent.email',
    aliases: ['email consent', 'email opt-in', 'email optin', 'email marketing', 'accepts email marketing', 'accepts marketing', 'marketing opt-in', 'opt-in'],
  },
  { target: 'consent.sms', aliases: ['sms consent', 'sms opt-in', 'sms marketing', 'accepts sms marketing', 'text consent', 'text opt-in'] },
  { target: 'consent.location', aliases: ['location consent', 'location opt-in'] },
];

/** The cell values a consent column takes (case-insensitive); an empty cell leaves consent as it is. */
export const CONSENT_WORDS = {
  granted: ['granted', 'yes', 'y', 'true', '1', 'subscribed'],
  denied: ['denied', 'no', 'n', 'false', '0', 'unsubscribed'],
} as const;

/** "First Name", "first_name", "first-name" and "firstName" are one header. */
export function canonicalHeader(name: string): string {
  return name.toLowerCase().replace(/[\s_.-]/g, '');
}

const BY_CANONICAL = new Map<string, { target: string; how: 'exact' | 'alias' }>();
for (const { target } of IMPORT_HEADER_TARGETS) BY_CANONICAL.set(canonicalHeader(target), { target, how: 'exact' });
for (const { target, aliases } of IMPORT_HEADER_TARGETS) {
  for (const alias of aliases) {
    const key = canonicalHeader(alias);
    const taken = BY_CANONICAL.get(key);
    // A spelling that means two targets would be a silent guess; the list is fixed, so this is a programming error.
    if (taken && taken.target !== target) throw new Error(`import header "${alias}" names both ${taken.target} and ${target}`);
    if (!taken) BY_CANONICAL.set(key, { target, how: 'alias' });
  }
}

const ATTRIBUTE_PREFIX = /^attributes\./i;

/** The target a CSV header names by itself, or undefined when the import does not recognise it. */
export function matchHeader(header: string): { target: string; how: 'exact' | 'alias' } | undefined {
  const name = header.trim();
  if (ATTRIBUTE_PREFIX.test(name)) return { target: `attributes.${name.slice('attributes.'.length)}`, how: 'exact' };
  return BY_CANONICAL.get(canonicalHeader(name));
}
