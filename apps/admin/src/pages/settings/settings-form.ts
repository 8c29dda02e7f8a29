import type { Schemas } from '@localreach/api-client';
import { ApiError } from '../../api/api-error';

export type Settings = Schemas['BusinessSettingsDto'];
export type SettingsPatch = Schemas['SettingsPatchInput'];

/**
 * How a setting is edited. text: a string, '' sent as null (a nullable
 * setting) or kept as typed (required ones, so the API names the problem);
 * number: '' is null where the API allows it, text that is not a number is
 * sent as typed for the API to refuse at its field; flag: a checkbox;
 * window: a quiet-hours window, on or off, with start and end; choice: one
 * of `choices`.
 */
export type FieldKind = 'text' | 'nullableText' | 'number' | 'nullableNumber' | 'flag' | 'window' | 'choice';

export interface FieldSpec {
  /** The setting's path in the API (`quietHours.sms`, `costs.email`): also where its 422 problems are named. */
  path: string;
  kind: FieldKind;
  /** A choice's values, as the API names them, with what the page calls them. */
  choices?: readonly { value: string; label: string }[];
}

export type SectionId = 'senderEmail' | 'senderSms' | 'quietHours' | 'frequencyCap' | 'costs' | 'attribution' | 'consent' | 'contact' | 'experiments';

/** Every section, in the order the page shows them. */
export const SECTION_IDS = ['senderEmail', 'senderSms', 'quietHours', 'frequencyCap', 'costs', 'attribution', 'experiments', 'consent', 'contact'] as const satisfies readonly SectionId[];

const EXPERIMENT_METRICS: readonly { value: Settings['experiments']['metric']; label: string }[] = [
  { value: 'conversion_rate', label: 'Conversion rate' },
  { value: 'click_rate', label: 'Click rate' },
  { value: 'revenue_per_recipient', label: 'Revenue per recipient' },
];

/** The settings each form edits: one PATCH per section, of these paths only. */
export const SECTIONS: Record<SectionId, readonly FieldSpec[]> = {
  senderEmail: [
    { path: 'sender.email.fromName', kind: 'nullableText' },
    { path: 'sender.email.fromAddress', kind: 'nullableText' },
    { path: 'sender.email.replyTo', kind: 'nullableText' },
  ],
  senderSms: [{ path: 'sender.sms.from', kind: 'nullableText' }],
  quietHours: [
    { path: 'quietHours.email', kind: 'window' },
    { path: 'quietHours.sms', kind: 'window' },
  ],
  frequencyCap: [
    { path: 'frequencyCap.perDay', kind: 'nullableNumber' },
    { path: 'frequencyCap.perWeek', kind: 'nullableNumber' },
  ],
  costs: [
    { path: 'costs.email', kind: 'number' },
    { path: 'costs.smsSegment', kind: 'number' },
  ],
  attribution: [
    { path: 'attribution.clickWindow', kind: 'text' },
    { path: 'attribution.openWindow', kind: 'text' },
  ],
  experiments: [
    { path: 'experiments.metric', kind: 'choice', choices: EXPERIMENT_METRICS },
    { path: 'experiments.confidence', kind: 'number' },
    { path: 'experiments.minSamplePerVariant', kind: 'number' },
    { path: 'experiments.minDuration', kind: 'text' },
  ],
  consent: [{ path: 'consent.emailRequiresOptIn', kind: 'flag' }],
  contact: [
    { path: 'contact.phone', kind: 'nullableText' },
    { path: 'contact.email', kind: 'nullableText' },
    { path: 'contact.website', kind: 'nullableText' },
  ],
};

/**
 * A form's values keyed by API path: texts and flags as the controls hold
 * them; a window as `<path>.on`, `<path>.start`, `<path>.end`.
 */
export type FormValues = Record<string, string | boolean>;

/** Quiet hours switched on with nothing stored start with these. */
export const DEFAULT_WINDOW = { start: '08:00', end: '21:00' };

function getIn(source: unknown, path: string): unknown {
  return path.split('.').reduce<unknown>((node, key) => (node !== null && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined), source);
}

function setIn(target: Record<string, unknown>, path: string, value: unknown): void {
  const keys = path.split('.');
  let node = target;
  for (const key of keys.slice(0, -1)) node = (node[key] ??= {}) as Record<string, unknown>;
  node[keys[keys.length - 1]] = value;
}

/** The form values of one section, from the stored settings. */
export function formValuesOf(settings: Settings, section: SectionId): FormValues {
  const values: FormValues = {};
  for (const { path, kind } of SECTIONS[section]) {
    const stored = getIn(settings, path);
    if (kind === 'window') {
      const window = stored as { start: string; end: string } | null;
      values[`${path}.on`] = window !== null;
      values[`${path}.start`] = window?.start ?? DEFAULT_WINDOW.start;
      values[`${path}.end`] = window?.end ?? DEFAULT_WINDOW.end;
    } else if (kind === 'flag') {
      values[path] = stored === true;
    } else {
      values[path] = stored === null || stored === undefined ? '' : String(stored);
    }
  }
  return values;
}

function bodyValue(kind: FieldKind, raw: string | boolean): unknown {
  if (kind === 'flag') return raw === true;
  const text = String(raw).trim();
  if (kind === 'nullableText') return text === '' ? null : text;
  if (kind === 'text' || kind === 'choice') return text;
  if (text === '' && kind === 'nullableNumber') return null;
  // Not a number: sent as typed, so the API's answer says what is wrong at the field.
  return text !== '' && Number.isFinite(Number(text)) ? Number(text) : text;
}

function windowValue(values: FormValues, path: string): { start: string; end: string } | null {
  return values[`${path}.on`] === true ? { start: String(values[`${path}.start`]).trim(), end: String(values[`${path}.end`]).trim() } : null;
}

/**
 * The PATCH body of one section: only the settings the form changed (so an
 * unchanged From address is not sent again, which would not matter, and an
 * unchanged window is not rewritten). Empty when nothing changed.
 */
export function sectionPatch(settings: Settings, section: SectionId, values: FormValues): SettingsPatch {
  const saved = formValuesOf(settings, section);
  const patch: Record<string, unknown> = {};
  for (const { path, kind } of SECTIONS[section]) {
    if (kind === 'window') {
      const keys = ['on', 'start', 'end'].map((k) => `${path}.${k}`);
      const now = windowValue(values, path);
      const before = windowValue(saved, path);
      if (JSON.stringify(now) !== JSON.stringify(before) && keys.some((k) => k in values)) setIn(patch, path, now);
    } else if (path in values && bodyValue(kind, values[path]) !== bodyValue(kind, saved[path])) {
      setIn(patch, path, bodyValue(kind, values[path]));
    }
  }
  return patch as SettingsPatch;
}

export function isEmptyPatch(patch: SettingsPatch): boolean {
  return Object.keys(patch).length === 0;
}

/**
 * The problems of a refused save that belong to this section, by form field:
 * a window's problem named at `quietHours.sms` or `quietHours.sms.start`
 * shows at that control. Problems elsewhere (none expected) are left out.
 */
export function sectionProblems(section: SectionId, byField: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const { path, kind } of SECTIONS[section]) {
    if (kind === 'window') {
      for (const part of ['start', 'end']) {
        const problem = byField[`${path}.${part}`];
        if (problem) out[`${path}.${part}`] = problem;
      }
      if (byField[path] && !out[`${path}.start`] && !out[`${path}.end`]) out[`${path}.on`] = byField[path];
    } else if (byField[path]) {
      out[path] = byField[path];
    }
  }
  return out;
}

/** What the email sender's confirmation state means for a person, in words. */
export function confirmationSummary(confirmation: Settings['sender']['email']['confirmation']): { tone: 'ok' | 'waiting' | 'problem' | 'none'; text: string } {
  if (!confirmation) return { tone: 'none', text: 'No From address set: mail goes from the platform\'s default sender.' };
  if (confirmation.status === 'confirmed') return { tone: 'ok', text: 'Confirmed' };
  if (confirmation.sendError) return { tone: 'problem', text: `The confirmation mail could not be sent: ${confirmation.sendError}` };
  return { tone: 'waiting', text: 'Waiting for confirmation: mail goes from the platform\'s default sender until someone opens the link mailed to this address and presses Confirm.' };
}

/** A refused "re-send confirmation" in a sentence: the API's reason, and when to try again after a 429. */
export function resendRefusal(error: unknown): string {
  if (!(error instanceof ApiError)) return 'Something went wrong';
  const reason = error.message.charAt(0).toUpperCase() + error.message.slice(1).replace(/\.?$/, '.');
  return error.status === 429 && error.retryAfterSeconds !== null ? `${reason} Try again in ${error.retryAfterSeconds} s.` : reason;
}
