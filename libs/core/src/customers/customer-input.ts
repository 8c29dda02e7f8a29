import type { CountryCode } from 'libphonenumber-js';
import type { FieldProblem } from '../errors/domain-error';
import { addressOf } from '../validation/address.input';
import { isPlainObject, normalizeEmail, normalizePhone, parseTimestamp, ProblemList } from '../validation/field-checks';
import { checkInput } from '../validation/input-class';
import { findUnsafeInput } from '../validation/untrusted-input';
import { CustomerInput, CustomerPatch } from './customer.input';
import { CONSENT_CHANNELS, type ConsentRecord, type ConsentSource, type CustomerChanges } from './customer.types';

/** A consent time this far ahead of the server's clock is still accepted (clock skew). */
const CONSENT_CLOCK_SKEW_MS = 5 * 60_000;

export interface NormalizeContext {
  defaultCountry: CountryCode;
  /** Today in the business's time zone, YYYY-MM-DD: birthdays after it are rejected. */
  today: string;
  now: Date;
  defaultConsentSource: ConsentSource;
  /** Upserts need an identity (CustomerInput); PATCH does not (CustomerPatch). */
  requireIdentity: boolean;
}

export interface NormalizeResult {
  changes: CustomerChanges;
  problems: FieldProblem[];
}

const blankToNull = (value: string | null): string | null => (value === null || value.trim() === '' ? null : value.trim());

function phoneOf(value: string | null, ctx: NormalizeContext, out: ProblemList): string | null | undefined {
  const text = blankToNull(value);
  if (text === null) return null;
  const phone = normalizePhone(text, ctx.defaultCountry);
  if (!phone) out.add('phone', `must be a valid phone number (E.164, or national for ${ctx.defaultCountry})`);
  return phone;
}

function birthdayOf(value: string | null, ctx: NormalizeContext, out: ProblemList): string | null | undefined {
  const birthday = blankToNull(value);
  if (birthday === null) return null;
  if (birthday > ctx.today) out.add('birthday', 'must not be in the future');
  else if (birthday < '1900-01-01') out.add('birthday', 'must be on or after 1900-01-01');
  else return birthday;
  return undefined;
}

function consentOf(input: NonNullable<CustomerInput['consent']>, ctx: NormalizeContext, out: ProblemList): CustomerChanges['consent'] {
  const consent: Partial<Record<string, ConsentRecord>> = {};
  for (const channel of CONSENT_CHANNELS) {
    const entry = input[channel];
    if (!entry) continue;
    let at = ctx.now;
    if (entry.at !== undefined) {
      const parsed = parseTimestamp(entry.at) as Date;
      if (parsed.getTime() > ctx.now.getTime() + CONSENT_CLOCK_SKEW_MS) {
        out.add(`consent.${channel}.at`, 'must not be in the future');
        continue;
      }
      at = parsed;
    }
    consent[channel] = { status: entry.status, source: entry.source ?? ctx.defaultConsentSource, at };
  }
  return consent;
}

/**
 * The changes a checked customer input makes, with the checks that need the
 * business: phones read in its country, birthdays up to its today, consent
 * times not ahead of now, the entry point's consent source. Every field the
 * class accepted is normalised (trimmed, blank → null, lower-cased email).
 */
export function customerChangesOf(input: CustomerInput, ctx: NormalizeContext, prefix = ''): NormalizeResult {
  const out = new ProblemList(prefix);
  const changes: CustomerChanges = {};
  if (input.externalId !== undefined) changes.externalId = blankToNull(input.externalId);
  if (input.email !== undefined) changes.email = input.email === null ? null : (normalizeEmail(input.email) ?? blankToNull(input.email));
  const phone = input.phone === undefined ? undefined : phoneOf(input.phone, ctx, out);
  if (phone !== undefined) changes.phone = phone;
  for (const key of ['firstName', 'lastName'] as const) {
    const name = input[key];
    if (name !== undefined) changes[key] = blankToNull(name);
  }
  const birthday = input.birthday === undefined ? undefined : birthdayOf(input.birthday, ctx, out);
  if (birthday !== undefined) changes.birthday = birthday;
  if (input.timezone !== undefined) changes.timezone = blankToNull(input.timezone);
  if (input.lat !== undefined) changes.lat = input.lat;
  if (input.lng !== undefined) changes.lng = input.lng;
  if (input.address !== undefined) changes.address = input.address === null ? null : addressOf(input.address);
  if (input.attributes !== undefined) changes.attributes = input.attributes;
  if (input.tags !== undefined) changes.tags = [...new Set(input.tags.map((tag) => tag.trim()))];
  if (input.consent !== undefined) changes.consent = consentOf(input.consent, ctx, out);
  return { changes, problems: out.problems };
}

/**
 * The part of a raw customer the class accepted: top-level fields without a
 * problem, and consent channels without one. The context checks then still
 * run on them, so a row's problems are all reported at once.
 */
function acceptedPart(raw: Record<string, unknown>, problems: FieldProblem[], prefix: string): CustomerInput {
  const rejected = new Set(problems.map((p) => p.field.slice(prefix.length).split(/[.[]/, 1)[0]));
  const accepted: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(raw)) if (!rejected.has(key)) accepted[key] = value;
  if (isPlainObject(raw.consent) && rejected.has('consent') && !problems.some((p) => p.field === `${prefix}consent`)) {
    const channels = new Set(problems.map((p) => /^consent\.(\w+)/.exec(p.field.slice(prefix.length))?.[1]));
    accepted.consent = Object.fromEntries(Object.entries(raw.consent).filter(([channel]) => !channels.has(channel)));
  }
  return accepted as CustomerInput;
}

/**
 * Validates and normalises one raw customer (an import row): the request
 * limits, then the class (CustomerInput, or CustomerPatch without
 * requireIdentity), then the context checks. Every problem is reported with
 * its field path under `prefix`.
 */
export function normalizeCustomer(raw: Record<string, unknown>, ctx: NormalizeContext, prefix = ''): NormalizeResult {
  // Import rows do not pass the API's boundary check, so the same rule runs here.
  const unsafe = findUnsafeInput(raw);
  if (unsafe.length > 0) return { changes: {}, problems: unsafe.map((p) => ({ field: `${prefix}${p.field}`, message: p.message })) };
  const checked = checkInput(ctx.requireIdentity ? CustomerInput : CustomerPatch, raw, prefix);
  if (checked.ok) return customerChangesOf(checked.value, ctx, prefix);
  const context = customerChangesOf(acceptedPart(raw, checked.problems, prefix), ctx, prefix);
  return { changes: {}, problems: [...checked.problems, ...context.problems] };
}
