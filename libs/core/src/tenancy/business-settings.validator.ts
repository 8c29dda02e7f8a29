import type { CountryCode } from 'libphonenumber-js';
import { DomainError, type FieldProblem } from '../errors/domain-error';
import { isPlainObject, normalizeEmail, normalizePhone } from '../validation/field-checks';
import { checkInput } from '../validation/input-class';
import { resolveBusinessSettings, type BusinessSettings } from './business-settings';
import { CONTACT_PHONE_MESSAGE, isMessagingServiceSid, SettingsPatchInput, SMS_SENDER_MESSAGE } from './business-settings.input';

type Json = Record<string, unknown>;

export interface SettingsCheckOptions {
  /** The business's country: phone numbers without a country code are read in it. */
  defaultCountry: CountryCode;
}

/** The validated PATCH body: only what was given, normalised; null where the caller cleared a value. */
export type SettingsPatch = Json;

/**
 * How a setting is stored, once SettingsPatchInput has checked it. `nullAs`:
 * 'off' is stored as null (no quiet hours, no cap); 'unset' removes the
 * stored value (its default is null anyway). `normalise` returns the stored
 * form, or undefined with a problem when it needs the business to tell
 * (phone numbers read in its country).
 */
interface Setting {
  readonly setting: true;
  readonly nullAs?: 'off' | 'unset';
  normalise(value: unknown, options: SettingsCheckOptions): { value: unknown } | { problem: string };
}

type Schema = { readonly [key: string]: Schema | Setting };

function setting(nullAs?: Setting['nullAs'], normalise: Setting['normalise'] = (value) => ({ value })): Setting {
  return { setting: true, nullAs, normalise };
}

const isSetting = (node: Schema | Setting): node is Setting => (node as Setting).setting === true;

const email = setting('unset', (value) => ({ value: normalizeEmail(value as string) }));

const contactPhone = setting('unset', (value, { defaultCountry }) => {
  const phone = normalizePhone(value as string, defaultCountry);
  return phone ? { value: phone } : { problem: CONTACT_PHONE_MESSAGE };
});

const smsFrom = setting('unset', (value, { defaultCountry }) => {
  if (isMessagingServiceSid(value as string)) return { value };
  const phone = normalizePhone(value as string, defaultCountry);
  return phone ? { value: phone } : { problem: SMS_SENDER_MESSAGE };
});

const window = setting('off', (value) => ({ value: { start: (value as Json).start, end: (value as Json).end } }));

const SCHEMA: Schema = {
  sender: { email: { fromName: setting('unset', (value) => ({ value: (value as string).trim() })), fromAddress: email, replyTo: email }, sms: { from: smsFrom } },
  quietHours: { email: window, sms: window },
  frequencyCap: { perDay: setting('off'), perWeek: setting('off') },
  costs: { email: setting(), smsSegment: setting() },
  attribution: { clickWindow: setting(), openWindow: setting() },
  consent: { emailRequiresOptIn: setting() },
  contact: { phone: contactPhone, email, website: setting('unset') },
  experiments: { metric: setting(), confidence: setting(), minSamplePerVariant: setting(), minDuration: setting() },
};

/**
 * The stored form of what the body sets. A setting SettingsPatchInput found a
 * problem in (at it, or below it for a quiet-hours window) is left out; so
 * are unknown fields.
 */
function readGroup(schema: Schema, raw: Json, path: string, refused: readonly string[], problems: FieldProblem[], options: SettingsCheckOptions): Json {
  const patch: Json = {};
  for (const [key, value] of Object.entries(raw)) {
    const field = path ? `${path}.${key}` : key;
    const node = Object.hasOwn(schema, key) ? schema[key] : undefined;
    if (!node || value === undefined || refused.includes(field)) continue;
    if (!isSetting(node)) {
      if (isPlainObject(value)) patch[key] = readGroup(node, value, field, refused, problems, options);
    } else if (refused.some((f) => f.startsWith(`${field}.`))) {
      continue;
    } else if (value === null) {
      patch[key] = null;
    } else {
      const normalised = node.normalise(value, options);
      if ('problem' in normalised) problems.push({ field, message: normalised.problem });
      else patch[key] = normalised.value;
    }
  }
  return patch;
}

/** The stored settings with the patch applied: given values replace, 'unset' nulls are removed, empty groups dropped. */
function merge(schema: Schema, stored: Json, patch: Json): Json {
  const out: Json = { ...stored };
  for (const [key, value] of Object.entries(patch)) {
    const node = schema[key];
    if (isSetting(node)) {
      if (value === null && node.nullAs === 'unset') delete out[key];
      else out[key] = value;
      continue;
    }
    const group = merge(node, isPlainObject(stored[key]) ? stored[key] : {}, value as Json);
    if (Object.keys(group).length > 0) out[key] = group;
    else delete out[key];
  }
  return out;
}

function checkCaps(settings: BusinessSettings, patch: Json, problems: FieldProblem[]): void {
  if (problems.some((p) => p.field.startsWith('frequencyCap.'))) return;
  const { perDay, perWeek } = settings.frequencyCap;
  if (perDay === null || perWeek === null || perDay <= perWeek) return;
  const given = isPlainObject(patch.frequencyCap) ? patch.frequencyCap : {};
  if ('perDay' in given || !('perWeek' in given)) problems.push({ field: 'frequencyCap.perDay', message: `must be at most perWeek (${perWeek})` });
  else problems.push({ field: 'frequencyCap.perWeek', message: `must be at least perDay (${perDay})` });
}

export interface ValidatedSettingsPatch {
  /** What the caller set, normalised. */
  patch: SettingsPatch;
  /** The JSON to store: the previous stored JSON with the patch deep-merged in. */
  stored: Json;
  /** The stored JSON resolved over the defaults. */
  settings: BusinessSettings;
}

/**
 * Validates a PATCH of the business settings (a deep partial of
 * BusinessSettings, checked by SettingsPatchInput) against what is stored,
 * and merges it. The class's problems and those that need the business
 * (phone numbers read in its country, perDay ≤ perWeek on the merged result)
 * are reported together: `DomainError` INVALID_SETTINGS listing every problem
 * with its path (`quietHours.sms.start`).
 */
export function validateSettingsPatch(raw: unknown, stored: unknown, options: SettingsCheckOptions): ValidatedSettingsPatch {
  const checked = checkInput(SettingsPatchInput, raw);
  const problems = checked.ok ? [] : [...checked.problems];
  if (!isPlainObject(raw)) throw DomainError.invalid('INVALID_SETTINGS', problems);
  const patch = readGroup(SCHEMA, raw, '', problems.map((p) => p.field), problems, options);
  const merged = merge(SCHEMA, isPlainObject(stored) ? stored : {}, patch);
  const settings = resolveBusinessSettings(merged);
  checkCaps(settings, patch, problems);
  if (problems.length > 0) throw DomainError.invalid('INVALID_SETTINGS', problems);
  return { patch, stored: merged, settings };
}
