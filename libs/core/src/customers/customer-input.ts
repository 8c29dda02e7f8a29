import type { CountryCode } from 'libphonenumber-js';
import type { PostalAddress } from '../database/entities';
import {
  isCalendarDate,
  isPlainObject,
  isValidTimeZone,
  normalizeEmail,
  normalizePhone,
  parseTimestamp,
  ProblemList,
} from '../validation/field-checks';
import { findUnsafeInput } from '../validation/untrusted-input';
import { CONSENT_CHANNELS, INPUT_CONSENT_SOURCES, type ConsentRecord, type ConsentSource, type CustomerChanges } from './customer.types';

export const ATTRIBUTE_LIMITS = { maxKeys: 100, maxBytes: 16 * 1024, keyPattern: /^[A-Za-z_][A-Za-z0-9_]{0,63}$/ };
export const TAG_LIMITS = { maxTags: 100, maxLength: 64 };
const TEXT_LIMIT = 200;

export interface NormalizeContext {
  defaultCountry: CountryCode;
  /** Today in the business's time zone, YYYY-MM-DD: birthdays after it are rejected. */
  today: string;
  now: Date;
  defaultConsentSource: ConsentSource;
  /** Upserts need an identity; PATCH does not. */
  requireIdentity: boolean;
}

export interface NormalizeResult {
  changes: CustomerChanges;
  problems: ProblemList['problems'];
}

type Raw = Record<string, unknown>;

function readText(raw: Raw, key: string, out: ProblemList, max = TEXT_LIMIT): string | null | undefined {
  const value = raw[key];
  if (value === undefined) return undefined;
  if (value === null) return null;
  if (typeof value !== 'string') {
    out.add(key, 'must be a string');
    return undefined;
  }
  const trimmed = value.trim();
  if (trimmed.length > max) out.add(key, `must be at most ${max} characters`);
  return trimmed === '' ? null : trimmed;
}

function readIdentity(raw: Raw, ctx: NormalizeContext, out: ProblemList, changes: CustomerChanges): void {
  const externalId = readText(raw, 'externalId', out, 255);
  if (externalId !== undefined) changes.externalId = externalId;
  const email = readText(raw, 'email', out, 254);
  if (typeof email === 'string') {
    const normalized = normalizeEmail(email);
    if (normalized) changes.email = normalized;
    else out.add('email', 'must be a valid email address');
  } else if (email === null) changes.email = null;
  const phone = readText(raw, 'phone', out, 32);
  if (typeof phone === 'string') {
    const normalized = normalizePhone(phone, ctx.defaultCountry);
    if (normalized) changes.phone = normalized;
    else out.add('phone', `must be a valid phone number (E.164, or national for ${ctx.defaultCountry})`);
  } else if (phone === null) changes.phone = null;
  if (ctx.requireIdentity && !changes.externalId && !changes.email && !changes.phone && out.ok) {
    out.add('externalId', 'at least one of externalId, email or phone is required');
  }
}

function readBirthday(raw: Raw, ctx: NormalizeContext, out: ProblemList, changes: CustomerChanges): void {
  const birthday = readText(raw, 'birthday', out, 10);
  if (typeof birthday !== 'string') {
    if (birthday === null) changes.birthday = null;
    return;
  }
  if (!isCalendarDate(birthday)) out.add('birthday', 'must be a real date written YYYY-MM-DD');
  else if (birthday > ctx.today) out.add('birthday', 'must not be in the future');
  else if (birthday < '1900-01-01') out.add('birthday', 'must be on or after 1900-01-01');
  else changes.birthday = birthday;
}

function readCoordinates(raw: Raw, out: ProblemList, changes: CustomerChanges): void {
  const { lat, lng } = raw;
  if (lat === undefined && lng === undefined) return;
  if (lat === null && lng === null) {
    changes.lat = null;
    changes.lng = null;
    return;
  }
  const latOk = typeof lat === 'number' && Number.isFinite(lat) && lat >= -90 && lat <= 90;
  const lngOk = typeof lng === 'number' && Number.isFinite(lng) && lng >= -180 && lng <= 180;
  if (!latOk) out.add('lat', lat === undefined || lat === null ? 'is required when lng is given' : 'must be a number between -90 and 90');
  if (!lngOk) out.add('lng', lng === undefined || lng === null ? 'is required when lat is given' : 'must be a number between -180 and 180');
  if (latOk && lngOk) {
    changes.lat = lat;
    changes.lng = lng;
  }
}

function readAttributes(raw: Raw, out: ProblemList, changes: CustomerChanges): void {
  const value = raw.attributes;
  if (value === undefined) return;
  if (!isPlainObject(value)) {
    out.add('attributes', 'must be a JSON object');
    return;
  }
  const keys = Object.keys(value);
  if (keys.length > ATTRIBUTE_LIMITS.maxKeys) out.add('attributes', `must have at most ${ATTRIBUTE_LIMITS.maxKeys} keys`);
  for (const key of keys) {
    if (!ATTRIBUTE_LIMITS.keyPattern.test(key)) {
      out.add(`attributes.${key}`, 'key must start with a letter or _ and hold only letters, digits and _ (max 64)');
    }
  }
  if (Buffer.byteLength(JSON.stringify(value)) > ATTRIBUTE_LIMITS.maxBytes) {
    out.add('attributes', `must be at most ${ATTRIBUTE_LIMITS.maxBytes} bytes of JSON`);
  }
  changes.attributes = value;
}

function readTags(raw: Raw, out: ProblemList, changes: CustomerChanges): void {
  const value = raw.tags;
  if (value === undefined) return;
  if (!Array.isArray(value)) {
    out.add('tags', 'must be an array of strings');
    return;
  }
  const tags = new Set<string>();
  value.forEach((tag, i) => {
    if (typeof tag !== 'string' || tag.trim() === '' || tag.trim().length > TAG_LIMITS.maxLength) {
      out.add(`tags[${i}]`, `must be a non-empty string of at most ${TAG_LIMITS.maxLength} characters`);
    } else tags.add(tag.trim());
  });
  if (tags.size > TAG_LIMITS.maxTags) out.add('tags', `must hold at most ${TAG_LIMITS.maxTags} tags`);
  changes.tags = [...tags];
}

function readConsent(raw: Raw, ctx: NormalizeContext, out: ProblemList, changes: CustomerChanges): void {
  const value = raw.consent;
  if (value === undefined) return;
  if (!isPlainObject(value)) {
    out.add('consent', 'must be an object keyed by channel (email, sms, location)');
    return;
  }
  const consent: Partial<Record<string, ConsentRecord>> = {};
  for (const [channel, entry] of Object.entries(value)) {
    const path = `consent.${channel}`;
    if (!(CONSENT_CHANNELS as readonly string[]).includes(channel)) {
      out.add(path, 'unknown channel; use email, sms or location');
      continue;
    }
    if (!isPlainObject(entry)) {
      out.add(path, 'must be an object { status, source?, at? }');
      continue;
    }
    const record = readConsentRecord(entry, path, ctx, out);
    if (record) consent[channel] = record;
  }
  changes.consent = consent;
}

function readConsentRecord(entry: Raw, path: string, ctx: NormalizeContext, out: ProblemList): ConsentRecord | undefined {
  const before = out.problems.length;
  if (entry.status !== 'granted' && entry.status !== 'denied') out.add(`${path}.status`, 'must be "granted" or "denied"');
  const source = entry.source ?? ctx.defaultConsentSource;
  if (typeof source !== 'string' || !(INPUT_CONSENT_SOURCES as readonly string[]).includes(source)) {
    out.add(`${path}.source`, `must be one of ${INPUT_CONSENT_SOURCES.join(', ')}`);
  }
  let at = ctx.now;
  if (entry.at !== undefined) {
    const parsed = parseTimestamp(entry.at);
    if (!parsed) out.add(`${path}.at`, 'must be an ISO-8601 timestamp with a time zone');
    else if (parsed.getTime() > ctx.now.getTime() + 5 * 60_000) out.add(`${path}.at`, 'must not be in the future');
    else at = parsed;
  }
  for (const key of Object.keys(entry)) {
    if (!['status', 'source', 'at'].includes(key)) out.add(`${path}.${key}`, 'is not a known consent field');
  }
  if (out.problems.length > before) return undefined;
  return { status: entry.status as ConsentRecord['status'], source: source as ConsentSource, at };
}

const ADDRESS_FIELDS = ['line1', 'line2', 'city', 'region', 'postalCode', 'country'] as const;
/** Validates a postal address object; used for customers, stores and businesses. */
export function readAddress(value: unknown, path: string, out: ProblemList, required: readonly string[] = []): PostalAddress | null | undefined {
  if (value === undefined || value === null) return value;
  if (!isPlainObject(value)) {
    out.add(path, 'must be an object { line1, line2?, city, region?, postalCode, country }');
    return undefined;
  }
  const address: Record<string, string> = {};
  for (const [key, field] of Object.entries(value)) {
    if (!(ADDRESS_FIELDS as readonly string[]).includes(key)) out.add(`${path}.${key}`, 'is not a known address field');
    else if (typeof field !== 'string' || field.length > TEXT_LIMIT) out.add(`${path}.${key}`, `must be a string of at most ${TEXT_LIMIT} characters`);
    else if (field.trim() !== '') address[key] = field.trim();
  }
  for (const key of required) if (!address[key]) out.add(`${path}.${key}`, 'is required');
  return address as unknown as PostalAddress;
}

const KNOWN_FIELDS = new Set([
  'externalId', 'email', 'phone', 'firstName', 'lastName', 'birthday', 'timezone', 'lat', 'lng', 'address', 'attributes', 'tags', 'consent',
]);

/**
 * Validates and normalises one customer payload (API body or import row).
 * Every problem is reported with its field path under `prefix`.
 */
export function normalizeCustomer(raw: Raw, ctx: NormalizeContext, prefix = ''): NormalizeResult {
  const out = new ProblemList(prefix);
  const changes: CustomerChanges = {};
  // Import rows do not pass the API's boundary check, so the same rule runs here for both.
  const unsafe = findUnsafeInput(raw);
  if (unsafe.length > 0) {
    for (const problem of unsafe) out.add(problem.field, problem.message);
    return { changes, problems: out.problems };
  }
  for (const key of Object.keys(raw)) if (!KNOWN_FIELDS.has(key)) out.add(key, 'is not a known customer field');
  readIdentity(raw, ctx, out, changes);
  for (const key of ['firstName', 'lastName'] as const) {
    const text = readText(raw, key, out);
    if (text !== undefined) changes[key] = text;
  }
  readBirthday(raw, ctx, out, changes);
  const timezone = readText(raw, 'timezone', out, 64);
  if (typeof timezone === 'string' && !isValidTimeZone(timezone)) out.add('timezone', 'must be an IANA time zone such as Europe/Paris');
  else if (timezone !== undefined) changes.timezone = timezone;
  readCoordinates(raw, out, changes);
  const address = readAddress(raw.address, 'address', out);
  if (address !== undefined) changes.address = address;
  readAttributes(raw, out, changes);
  readTags(raw, out, changes);
  readConsent(raw, ctx, out, changes);
  return { changes, problems: out.problems };
}
