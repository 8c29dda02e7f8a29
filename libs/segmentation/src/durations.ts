import { DateTime, Duration } from 'luxon';
import { SEGMENT_LIMITS } from './segment-definition';

export interface DurationRule {
  maxYears: number;
  /** Shown in the message for text that is not a duration. */
  examples: string;
}

const RULE_WINDOW: DurationRule = { maxYears: SEGMENT_LIMITS.maxDurationYears, examples: 'P30D or PT12H' };

/**
 * Checks an ISO-8601 duration (rule windows, waits, goals, re-entry); returns
 * what is wrong, or undefined. Whole units only, because fractional months
 * and days have no calendar meaning luxon and PostgreSQL agree on. No signs
 * anywhere: luxon reads `-P-1D` as one day and `P1DT-0H` as valid, which the
 * published schema (and any reader of the JSON) would not. What this accepts
 * is what SEGMENT_DEFINITION_SCHEMAS' duration pattern accepts (tested).
 */
export function durationProblem(text: string, rule: DurationRule = RULE_WINDOW): string | undefined {
  if (/[+-]/.test(text)) return 'must be positive, written without a sign';
  const duration = Duration.fromISO(text);
  if (!duration.isValid) return `must be an ISO-8601 duration such as ${rule.examples}`;
  const parts = Object.values(duration.toObject());
  // A fraction of any unit but seconds must be zeros: P1.00000000000000000001D is a whole day only after rounding.
  if (parts.some((v) => !Number.isInteger(v)) || /\.\d*[1-9]\d*[YMWDH]/.test(text)) return 'must use whole numbers of each unit';
  if (duration.toMillis() <= 0) return 'must be positive';
  if (duration.toMillis() > Duration.fromObject({ years: rule.maxYears }).toMillis()) {
    return `must be at most ${rule.maxYears === 1 ? '1 year' : `${rule.maxYears} years`}`;
  }
  return undefined;
}

/**
 * Start of a window that ends at `now`: now minus the duration, counted on the
 * business's calendar so P1M and P1D follow its months and DST changes.
 */
export function windowStart(now: Date, duration: string, timezone: string): Date {
  return DateTime.fromJSDate(now, { zone: timezone }).minus(Duration.fromISO(duration)).toJSDate();
}
