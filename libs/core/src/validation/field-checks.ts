import { IANAZone } from 'luxon';
import { getCountries, parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';
import type { FieldProblem } from '../errors/domain-error';

/** Collects field problems under a path prefix ("customer.", "events[3].", ...). */
export class ProblemList {
  readonly problems: FieldProblem[] = [];
  constructor(private readonly prefix = '') {}

  add(field: string, message: string): void {
    this.problems.push({ field: `${this.prefix}${field}`, message });
  }

  get ok(): boolean {
    return this.problems.length === 0;
  }
}

const zoneCache = new Map<string, boolean>();
/** IANA time zone check, cached: Intl lookups are slow and imports repeat the same few zones. */
export function isValidTimeZone(zone: string): boolean {
  let valid = zoneCache.get(zone);
  if (valid === undefined) {
    valid = zone.length <= 64 && /^[A-Za-z_]+(\/[A-Za-z0-9_+-]+)*$/.test(zone) && IANAZone.isValidZone(zone);
    if (zoneCache.size < 10_000) zoneCache.set(zone, valid);
  }
  return valid;
}

const CURRENCIES = new Set(Intl.supportedValuesOf('currency'));
export function isValidCurrency(code: string): boolean {
  return /^[A-Z]{3}$/.test(code) && CURRENCIES.has(code);
}

const COUNTRIES = new Set<string>(getCountries());
export function isValidCountry(code: string): code is CountryCode {
  return COUNTRIES.has(code);
}

// Deliberately practical rather than full RFC 5322: one @, no spaces, a dotted domain.
const EMAIL_RE = /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$/;
/** Lower-cased, trimmed email, or undefined when it is not a usable address. */
export function normalizeEmail(raw: string): string | undefined {
  const email = raw.trim().toLowerCase();
  if (email.length > 254 || !EMAIL_RE.test(email)) return undefined;
  const [local] = email.split('@');
  if (local.length > 64 || local.startsWith('.') || local.endsWith('.') || local.includes('..')) return undefined;
  return email;
}

/** E.164 form of a phone number read with the business's default country, or undefined when invalid. */
export function normalizePhone(raw: string, defaultCountry: CountryCode): string | undefined {
  const trimmed = raw.trim();
  if (trimmed.length === 0 || trimmed.length > 32) return undefined;
  const parsed = parsePhoneNumberFromString(trimmed, defaultCountry);
  if (!parsed || !parsed.isValid()) return undefined;
  return parsed.number;
}

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
/** True for a real calendar date written YYYY-MM-DD (so 2023-02-29 is false and 2024-02-29 true). */
export function isCalendarDate(value: string): boolean {
  const m = DATE_RE.exec(value);
  if (!m) return false;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (month < 1 || month > 12 || day < 1) return false;
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return day <= daysInMonth;
}

/** Parses an ISO-8601 timestamp with an explicit offset or Z; undefined otherwise. */
export function parseTimestamp(value: unknown): Date | undefined {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/.test(value)) {
    return undefined;
  }
  if (!isCalendarDate(value.slice(0, 10))) return undefined;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/** A plain JSON object: its prototype is an Object.prototype, of any realm (values made by structuredClone count too). */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value) as object | null;
  return proto !== null && Object.getPrototypeOf(proto) === null;
}
