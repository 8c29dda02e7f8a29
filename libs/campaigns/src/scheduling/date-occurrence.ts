import { DateTime } from 'luxon';
import { SchedulingError } from './scheduling.errors';
import { addLocalDays, requireInstant, requireLocalTime, requireZone, resolveWallTime, wallTimeOf } from './wall-clock';

/** Largest |offsetDays| a date trigger may use: within a year either side of the anchor. */
export const MAX_DATE_OFFSET_DAYS = 365;

export interface DateOccurrenceInput {
  /** The attribute value, "YYYY-MM-DD"; only its month and day are used. */
  readonly date: string;
  /** Days from the anchor to the fire date; negative fires before (−7 = a week ahead of a birthday). */
  readonly offsetDays: number;
  /** Wall-clock time of day to fire at, "HH:MM". */
  readonly localTime: string;
  readonly zone: string;
  readonly after: Date;
}

export interface DateOccurrence {
  readonly fireAt: Date;
  /** The anchor date, "YYYY-MM-DD": one key per yearly occurrence, for idempotent enrolment. */
  readonly occurrence: string;
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

// Month and day of an attribute date; any year is accepted, so a Feb 29 birthday is usable as such.
function monthDay(date: string): { month: number; day: number } {
  const match = typeof date === 'string' ? ISO_DATE.exec(date) : null;
  const [month, day] = match ? [Number(match[2]), Number(match[3])] : [0, 0];
  // 2000 is a leap year, so this accepts exactly the month/day pairs some year has.
  if (!DateTime.utc(2000, month, day).isValid) throw new SchedulingError('INVALID_DATE_TRIGGER', 'date', 'must be a date written YYYY-MM-DD');
  return { month, day };
}

// The anchor in `year`: the month/day, with Feb 29 falling on Feb 28 in common years.
function anchorIn(year: number, month: number, day: number): { year: number; month: number; day: number } {
  const clamped = month === 2 && day === 29 && !DateTime.utc(year, 2, 29).isValid ? 28 : day;
  return { year, month, day: clamped };
}

function isoDate({ year, month, day }: { year: number; month: number; day: number }): string {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/**
 * The next firing of a date-attribute trigger (birthday offers) at or after
 * `after`: the anchor is the attribute's month/day in some year (Feb 29 is
 * Feb 28 in common years, as most calendars and payroll systems treat it),
 * and it fires `offsetDays` calendar days from the anchor at `localTime` in
 * `zone` (gap and overlap resolved as in nextLocalTime). `occurrence` is the
 * anchor date, so an offset that crosses New Year keeps the birthday's year:
 * Jan 3 with −7 fires on Dec 27 and is keyed by the following January 3.
 */
export function nextDateOccurrence(input: DateOccurrenceInput): DateOccurrence {
  const zone = requireZone(input.zone);
  const time = requireLocalTime(input.localTime);
  const { offsetDays } = input;
  if (!Number.isInteger(offsetDays) || Math.abs(offsetDays) > MAX_DATE_OFFSET_DAYS) {
    throw new SchedulingError('INVALID_DATE_TRIGGER', 'offsetDays', `must be a whole number of days between -${MAX_DATE_OFFSET_DAYS} and ${MAX_DATE_OFFSET_DAYS}`);
  }
  const { month, day } = monthDay(input.date);
  const after = requireInstant(input.after, 'after');
  // Fire dates rise with the anchor year and lie within a year of it, so two years back is a safe start.
  const startYear = wallTimeOf(after, zone).year - 2;
  for (let year = startYear; year <= startYear + 5; year++) {
    const anchor = anchorIn(year, month, day);
    const fireAt = resolveWallTime({ ...addLocalDays(anchor, offsetDays), ...time }, zone);
    if (fireAt.getTime() >= after) return { fireAt, occurrence: isoDate(anchor) };
  }
  throw new Error('unreachable: a yearly date fires within five years');
}
