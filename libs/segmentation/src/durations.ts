import { DateTime, Duration } from 'luxon';
import { SEGMENT_LIMITS } from './segment-definition';

const MAX_DURATION = Duration.fromObject({ years: SEGMENT_LIMITS.maxDurationYears });

/**
 * Checks an ISO-8601 duration for a rule window; returns what is wrong, or
 * undefined. Whole units only, because fractional months and days have no
 * calendar meaning luxon and PostgreSQL agree on.
 */
export function durationProblem(text: string): string | undefined {
  const duration = Duration.fromISO(text);
  if (!duration.isValid) return 'must be an ISO-8601 duration such as P30D or PT12H';
  const parts = Object.values(duration.toObject());
  if (parts.some((v) => !Number.isInteger(v))) return 'must use whole numbers of each unit';
  if (parts.some((v) => v < 0) || duration.toMillis() <= 0) return 'must be positive';
  if (duration.toMillis() > MAX_DURATION.toMillis()) return `must be at most ${SEGMENT_LIMITS.maxDurationYears} years`;
  return undefined;
}

/**
 * Start of a window that ends at `now`: now minus the duration, counted on the
 * business's calendar so P1M and P1D follow its months and DST changes.
 */
export function windowStart(now: Date, duration: string, timezone: string): Date {
  return DateTime.fromJSDate(now, { zone: timezone }).minus(Duration.fromISO(duration)).toJSDate();
}
