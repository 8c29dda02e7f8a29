import { Duration } from 'luxon';
import type { CountryCode } from 'libphonenumber-js';
import { DomainError } from '../errors/domain-error';
import { isPlainObject, normalizeEmail, normalizePhone, ProblemList } from '../validation/field-checks';
import { resolveBusinessSettings, type BusinessSettings } from './business-settings';

type Json = Record<string, unknown>;

/** Reports a problem at a path below the setting being checked ('' for the setting itself). */
type Report = (subPath: string, message: string) => void;

/**
 * One setting. `check` returns the normalised value, reporting what is wrong.
 * `nullAs`: what a null means. 'off' is stored as null (no quiet hours, no
 * cap); 'unset' removes the stored value (its default is null anyway);
 * without it, null is rejected.
 */
interface Setting {
  readonly setting: true;
  readonly nullAs?: 'off' | 'unset';
  check(value: unknown, report: Report, options: SettingsCheckOptions): unknown;
}

type Schema = { readonly [key: string]: Schema | Setting };

export interface SettingsCheckOptions {
  /** The business's country: phone numbers without a country code are read in it. */
  defaultCountry: CountryCode;
}

/** The validated PATCH body: only what was given, normalised; null where the caller cleared a value. */
export type SettingsPatch = Json;

const HH_MM = /^([01]\d|2[0-3]):[0-5]\d$/;
const MESSAGING_SERVICE_SID = /^MG[0-9a-fA-F]{32}$/;
const MIN_WINDOW_MS = Duration.fromISO('PT1H').toMillis();
const MAX_WINDOW_MS = Duration.fromISO('P90D').toMillis();

function setting(check: Setting['check'], nullAs?: Setting['nullAs']): Setting {
  return { setting: true, nullAs, check };
}

const isSetting = (node: Schema | Setting): node is Setting => (node as Setting).setting === true;

const email = setting((value, report) => {
  const normalised = typeof value === 'string' ? normalizeEmail(value) : undefined;
  if (!normalised) report('', 'must be an email address');
  return normalised;
}, 'unset');

const contactPhone = setting((value, report, { defaultCountry }) => {
  const normalised = typeof value === 'string' ? normalizePhone(value, defaultCountry) : undefined;
  if (!normalised) report('', 'must be a valid phone number, e.g. +12175550100');
  return normalised;
}, 'unset');

const smsFrom = setting((value, report, { defaultCountry }) => {
  if (typeof value === 'string' && MESSAGING_SERVICE_SID.test(value)) return value;
  const normalised = typeof value === 'string' && !value.startsWith('MG') ? normalizePhone(value, defaultCountry) : undefined;
  if (!normalised) report('', 'must be an E.164 phone number (+12175550100) or a Twilio messaging service SID (MG followed by 32 hex digits)');
  return normalised;
}, 'unset');

const fromName = setting((value, report) => {
  // A display name goes into the From header: no line breaks.
  if (typeof value !== 'string' || value.trim() === '' || value.length > 100 || /[\r\n]/.test(value)) {
    report('', 'must be 1 to 100 characters on one line');
    return undefined;
  }
  return value.trim();
}, 'unset');

const website = setting((value, report) => {
  let url: URL | undefined;
  try {
    url = typeof value === 'string' && value.length <= 2000 ? new URL(value) : undefined;
  } catch {
    url = undefined;
  }
  if (!url || !['http:', 'https:'].includes(url.protocol) || !url.hostname) report('', 'must be an http or https URL');
  return value;
}, 'unset');

const window = setting((value, report) => {
  if (!isPlainObject(value)) {
    report('', 'must be null (no quiet hours) or { "start": "HH:MM", "end": "HH:MM" }');
    return undefined;
  }
  for (const key of Object.keys(value)) if (key !== 'start' && key !== 'end') report(`.${key}`, 'is not a known setting');
  for (const key of ['start', 'end']) {
    if (typeof value[key] !== 'string' || !HH_MM.test(value[key] as string)) report(`.${key}`, 'must be a 24-hour time HH:MM, e.g. 08:00');
  }
  if (value.start === value.end && typeof value.start === 'string') report('.end', 'must differ from start');
  return { start: value.start, end: value.end };
}, 'off');

const cap = setting((value, report) => {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > 100) report('', 'must be null (no cap) or a whole number from 1 to 100');
  return value;
}, 'off');

const cost = setting((value, report) => {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > 10 || Number(value.toFixed(5)) !== value) {
    report('', 'must be a number from 0 to 10 with at most 5 decimals');
  }
  return value;
});

const attributionWindow = setting((value, report) => {
  const duration = typeof value === 'string' ? Duration.fromISO(value) : undefined;
  const parts = duration?.isValid ? duration.toObject() : undefined;
  if (!duration || !parts) {
    report('', 'must be an ISO-8601 duration such as P7D or PT12H');
  } else if (parts.years !== undefined || parts.months !== undefined) {
    report('', 'must use weeks, days, hours or minutes (months and years vary in length)');
  } else if (Object.values(parts).some((v) => !Number.isInteger(v))) {
    report('', 'must use whole numbers of each unit');
  } else if (duration.toMillis() < MIN_WINDOW_MS || duration.toMillis() > MAX_WINDOW_MS) {
    report('', 'must be between PT1H and P90D');
  }
  return value;
});

const flag = setting((value, report) => {
  if (typeof value !== 'boolean') report('', 'must be true or false');
  return value;
});

const SCHEMA: Schema = {
  sender: { email: { fromName, fromAddress: email, replyTo: email }, sms: { from: smsFrom } },
  quietHours: { email: window, sms: window },
  frequencyCap: { perDay: cap, perWeek: cap },
  costs: { email: cost, smsSegment: cost },
  attribution: { clickWindow: attributionWindow, openWindow: attributionWindow },
  consent: { emailRequiresOptIn: flag },
  contact: { phone: contactPhone, email, website },
};

function readGroup(schema: Schema, raw: unknown, path: string, out: ProblemList, options: SettingsCheckOptions): Json {
  const patch: Json = {};
  if (!isPlainObject(raw)) {
    out.add(path || 'body', 'must be a JSON object');
    return patch;
  }
  for (const [key, value] of Object.entries(raw)) {
    const field = path ? `${path}.${key}` : key;
    const node = Object.hasOwn(schema, key) ? schema[key] : undefined;
    if (!node) out.add(field, 'is not a known setting');
    else if (!isSetting(node)) patch[key] = readGroup(node, value, field, out, options);
    else if (value === null && node.nullAs) patch[key] = null;
    else if (value === null || value === undefined) out.add(field, 'cannot be null');
    else patch[key] = node.check(value, (subPath, message) => out.add(`${field}${subPath}`, message), options);
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

function checkCaps(settings: BusinessSettings, patch: Json, out: ProblemList): void {
  if (out.problems.some((p) => p.field.startsWith('frequencyCap.'))) return;
  const { perDay, perWeek } = settings.frequencyCap;
  if (perDay === null || perWeek === null || perDay <= perWeek) return;
  const given = isPlainObject(patch.frequencyCap) ? patch.frequencyCap : {};
  if ('perDay' in given || !('perWeek' in given)) out.add('frequencyCap.perDay', `must be at most perWeek (${perWeek})`);
  else out.add('frequencyCap.perWeek', `must be at least perDay (${perDay})`);
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
 * BusinessSettings) against what is stored, and merges it. Throws
 * `DomainError` INVALID_SETTINGS listing every problem with its path
 * (`quietHours.sms.start`); rules that span fields (perDay ≤ perWeek) are
 * checked on the merged result.
 */
export function validateSettingsPatch(raw: unknown, stored: unknown, options: SettingsCheckOptions): ValidatedSettingsPatch {
  const out = new ProblemList();
  const patch = readGroup(SCHEMA, raw, '', out, options);
  const merged = merge(SCHEMA, isPlainObject(stored) ? stored : {}, patch);
  const settings = resolveBusinessSettings(merged);
  checkCaps(settings, patch, out);
  if (!out.ok) throw DomainError.invalid('INVALID_SETTINGS', out.problems);
  return { patch, stored: merged, settings };
}
