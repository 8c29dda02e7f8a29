import type { Schemas } from '@localreach/api-client';

type Customer = Schemas['CustomerResponseDto'];
export type CustomerPatch = Schemas['CustomerPatch'];

/** The contact form's text fields, as typed (address lines flattened). */
export interface ContactFields {
  firstName: string;
  lastName: string;
  email: string;
  phone: string;
  externalId: string;
  birthday: string;
  timezone: string;
  line1: string;
  line2: string;
  city: string;
  region: string;
  postalCode: string;
  country: string;
}

const TOP_FIELDS = ['firstName', 'lastName', 'email', 'phone', 'externalId', 'birthday', 'timezone'] as const;
const ADDRESS_FIELDS = ['line1', 'line2', 'city', 'region', 'postalCode', 'country'] as const;

/** Where the API names each form field in its 422 details (`address.city` for the City box). */
export const CONTACT_FIELD_PATHS: Record<keyof ContactFields, string> = {
  ...Object.fromEntries(TOP_FIELDS.map((f) => [f, f])),
  ...Object.fromEntries(ADDRESS_FIELDS.map((f) => [f, `address.${f}`])),
} as Record<keyof ContactFields, string>;

export function contactFieldsOf(c: Customer): ContactFields {
  const address = (c.address ?? {}) as Partial<Record<(typeof ADDRESS_FIELDS)[number], string>>;
  const fields = {} as ContactFields;
  for (const f of TOP_FIELDS) fields[f] = c[f] ?? '';
  for (const f of ADDRESS_FIELDS) fields[f] = address[f] ?? '';
  return fields;
}

/**
 * The PATCH body for what changed: a field emptied is sent as null (the API
 * clears it); the address goes whole when any line changed, null once every
 * line is empty. Text is sent as typed: checking it is the API's.
 */
export function contactPatch(before: ContactFields, after: ContactFields): CustomerPatch {
  const patch: Record<string, unknown> = {};
  for (const f of TOP_FIELDS) {
    if (after[f].trim() !== before[f].trim()) patch[f] = after[f].trim() === '' ? null : after[f].trim();
  }
  if (ADDRESS_FIELDS.some((f) => after[f].trim() !== before[f].trim())) {
    const address = Object.fromEntries(ADDRESS_FIELDS.filter((f) => after[f].trim() !== '').map((f) => [f, after[f].trim()]));
    patch.address = Object.keys(address).length === 0 ? null : address;
  }
  return patch as CustomerPatch;
}

/** One attribute row of the editor: its key and its value as typed. */
export interface AttributeRow {
  key: string;
  value: string;
}

/** Strings as they are; numbers, booleans, objects and arrays as JSON (so `12` stays a number when edited back). */
export function attributeText(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** What a typed value means: JSON when it reads as a number, boolean, object or array; text otherwise. */
export function attributeValue(text: string): unknown {
  const t = text.trim();
  if (/^(-?\d+(\.\d+)?([eE][+-]?\d+)?|true|false)$/.test(t) || /^[[{]/.test(t)) {
    try {
      return JSON.parse(t);
    } catch {
      return text;
    }
  }
  return text;
}

export function attributeRowsOf(attributes: Record<string, unknown>): AttributeRow[] {
  return Object.entries(attributes).map(([key, value]) => ({ key, value: attributeText(value) }));
}

/**
 * The attributes part of a PATCH: keys added or changed with their values,
 * keys removed as null (the API merges attributes; null deletes a key).
 * Undefined when nothing changed. Blank keys are left out.
 */
export function attributesPatch(before: Record<string, unknown>, rows: AttributeRow[]): Record<string, unknown> | undefined {
  const out: Record<string, unknown> = {};
  const kept = new Set<string>();
  for (const { key, value } of rows) {
    const k = key.trim();
    if (k === '') continue;
    kept.add(k);
    const next = attributeValue(value);
    if (!(k in before) || JSON.stringify(before[k]) !== JSON.stringify(next)) out[k] = next;
  }
  for (const k of Object.keys(before)) if (!kept.has(k)) out[k] = null;
  return Object.keys(out).length === 0 ? undefined : out;
}

/** The tags as the API takes them: trimmed, blank and repeated ones dropped. */
export function tagList(tags: string[]): string[] {
  return [...new Set(tags.map((t) => t.trim()).filter((t) => t !== ''))];
}

export type Channel = 'email' | 'sms' | 'location';
export const CHANNELS: readonly Channel[] = ['email', 'sms', 'location'];
export const CHANNEL_LABELS: Record<Channel, string> = { email: 'Email', sms: 'SMS', location: 'Location' };

/** The sources a person in the admin may record (the API's input sources), with what each means. */
export const CONSENT_SOURCES = [
  { value: 'form', label: 'The customer\'s own opt-in (form)' },
  { value: 'pos', label: 'At the till (pos)' },
  { value: 'import', label: 'From a file (import)' },
  { value: 'api', label: 'Recorded by staff (api)' },
] as const;
export type ConsentSource = (typeof CONSENT_SOURCES)[number]['value'];

export function consentPatch(channel: Channel, status: 'granted' | 'denied', source: ConsentSource): CustomerPatch {
  return { consent: { [channel]: { status, source } } } as CustomerPatch;
}

/** What to type to erase this customer: their email, else their name as the page shows it. */
export function erasePhrase(c: { email: string | null }, shownName: string): string {
  return c.email ?? shownName;
}

/** Typed exactly (ignoring surrounding spaces; an email ignoring case, as the API stores it lower-cased). */
export function confirmsErase(typed: string, phrase: string): boolean {
  const t = typed.trim();
  return t !== '' && (phrase.includes('@') ? t.toLowerCase() === phrase.toLowerCase() : t === phrase.trim());
}
