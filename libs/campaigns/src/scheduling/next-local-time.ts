import { SchedulingError } from './scheduling.errors';
import { addLocalDays, requireInstant, requireLocalTime, requireZone, wallInstants, wallTimeOf } from './wall-clock';

/** What is wrong with a weekday filter (ISO numbers, 1 = Monday … 7 = Sunday), or undefined. */
export function weekdaysProblem(weekdays: readonly number[]): string | undefined {
  if (!Array.isArray(weekdays) || weekdays.length === 0) return 'must list at least one weekday';
  if (weekdays.some((d) => !Number.isInteger(d) || d < 1 || d > 7)) return 'must be ISO weekdays 1 (Monday) to 7 (Sunday)';
  return undefined;
}

/**
 * The first instant at or after `after` at which the wall clock in `zone`
 * reads `localTime` ("HH:MM") on an allowed ISO weekday (1 = Monday … 7 =
 * Sunday; omitted = every day). At-or-after, so a journey reaching "wait
 * until 09:00" at exactly 09:00 goes on at once; pass `after + 1 ms` for
 * strictly-after. Each local date fires once: when the time is repeated
 * (fall-back) it is the earlier reading, and a date whose earlier reading has
 * passed waits for the next allowed date; when the time does not exist
 * (spring-forward gap) it is the first instant after the gap (02:30 on New
 * York's change day gives 03:00 EDT). The weekday is the local date's.
 */
export function nextLocalTime(after: Date, zone: string, localTime: string, weekdays?: readonly number[]): Date {
  requireZone(zone);
  const from = requireInstant(after, 'after');
  const time = requireLocalTime(localTime);
  const problem = weekdays === undefined ? undefined : weekdaysProblem(weekdays);
  if (problem) throw new SchedulingError('INVALID_WEEKDAYS', 'weekdays', problem);
  const allowed = new Set(weekdays ?? [1, 2, 3, 4, 5, 6, 7]);
  const today = wallTimeOf(after, zone);
  // Day 0 may already be past; days 1–7 then hold every weekday once.
  for (let offset = 0; offset <= 7; offset++) {
    const date = addLocalDays(today, offset);
    if (!allowed.has(date.weekday)) continue;
    const [first] = wallInstants({ ...date, ...time }, zone).instants;
    if (first >= from) return new Date(first);
  }
  throw new Error('unreachable: an allowed weekday occurs within eight local days');
}
