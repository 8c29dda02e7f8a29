/**
 * A business's messaging settings, stored in `business.settings` (jsonb).
 * Every field has a default, so a business that never set anything still
 * sends sensibly; `resolveBusinessSettings` fills them in.
 */
export interface BusinessSettings {
  /** Sender identities. */
  sender: {
    email: { fromName: string | null; fromAddress: string | null; replyTo: string | null };
    /** E.164 number or Twilio messaging service SID the SMS go from. */
    sms: { from: string | null };
  };
  /** Allowed sending windows in the recipient's local time (`start`–`end`, may wrap midnight); null = any time. */
  quietHours: { email: LocalWindow | null; sms: LocalWindow | null };
  /** Most messages one customer receives across channels; null = no cap. Rolling 24 hours and 7 days. */
  frequencyCap: { perDay: number | null; perWeek: number | null };
  /** What each message costs the business, in its currency (SMS per billed segment). */
  costs: { email: number; smsSegment: number };
  /** Attribution windows (issue 6 reads them): order after a click / an open. ISO-8601 durations. */
  attribution: { clickWindow: string; openWindow: string };
  /**
   * Consent rules at send time. SMS always needs a granted opt-in (TCPA);
   * email needs one only when `emailRequiresOptIn` (GDPR-style), otherwise
   * anyone who has not opted out may be emailed (CAN-SPAM).
   */
  consent: { emailRequiresOptIn: boolean };
  /** Contact line HELP replies and email footers show. */
  contact: { phone: string | null; email: string | null; website: string | null };
  /**
   * A/B defaults: what a split's automatic-winner rule takes for the fields it
   * leaves out (filled in when the campaign is saved and stored with it, so a
   * running test's rule never changes under it), and the metric and
   * confidence the report judges splits without a rule on.
   */
  experiments: ExperimentDefaults;
}

/** The metrics an A/B winner may be chosen on; never open rate, which machine opens inflate. */
export const EXPERIMENT_METRICS = ['click_rate', 'conversion_rate', 'revenue_per_recipient'] as const;
export type ExperimentMetric = (typeof EXPERIMENT_METRICS)[number];

export interface ExperimentDefaults {
  metric: ExperimentMetric;
  /** Confidence a winner needs, 0.8 to 0.999. */
  confidence: number;
  /** Recipients each variant needs before a winner can be chosen. */
  minSamplePerVariant: number;
  /** ISO-8601 duration an experiment runs before a winner can be chosen. */
  minDuration: string;
}

export interface LocalWindow {
  start: string;
  end: string;
}

export const DEFAULT_BUSINESS_SETTINGS: BusinessSettings = {
  sender: { email: { fromName: null, fromAddress: null, replyTo: null }, sms: { from: null } },
  // US TCPA practice: no marketing texts before 8 am or after 9 pm recipient time.
  quietHours: { email: null, sms: { start: '08:00', end: '21:00' } },
  frequencyCap: { perDay: 2, perWeek: 6 },
  costs: { email: 0.001, smsSegment: 0.0079 },
  attribution: { clickWindow: 'P7D', openWindow: 'P1D' },
  consent: { emailRequiresOptIn: false },
  contact: { phone: null, email: null, website: null },
  // A week evens out weekday effects; conversions are what a shop is paid for.
  experiments: { metric: 'conversion_rate', confidence: 0.95, minSamplePerVariant: 100, minDuration: 'P7D' },
};

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Deep-merges stored (already validated) settings over the defaults. */
export function resolveBusinessSettings(stored: unknown): BusinessSettings {
  return merge(DEFAULT_BUSINESS_SETTINGS as unknown as Json, isObject(stored) ? stored : {}) as unknown as BusinessSettings;
}

function merge(base: Json, over: Json): Json {
  const out: Json = { ...base };
  for (const [key, value] of Object.entries(over)) {
    if (!(key in base)) continue;
    out[key] = isObject(base[key]) && isObject(value) ? merge(base[key] as Json, value) : value;
  }
  return out;
}
