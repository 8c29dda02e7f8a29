import { isValidTimeZone } from '@localreach/core';
import { DateTime, IANAZone } from 'luxon';
import { SchedulingError } from './scheduling.errors';

/** A time of day on the wall clock, 00:00–23:59. */
export interface LocalTime {
  readonly hour: number;
  readonly minute: number;
}

// A calendar date and wall-clock reading with no zone attached.
export interface WallTime {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly second?: number;
  readonly millisecond?: number;
}

const HHMM = /^([01]\d|2[0-3]):([0-5]\d)$/;
const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
export const DAY_MS = 24 * HOUR_MS;
// Offsets span UTC-12..UTC+14, so every instant a wall reading can denote lies within this of the reading taken as
// UTC; tz changes are months apart, so at most one falls in that reach.
const OFFSET_REACH_MS = 15 * HOUR_MS;
// Transitions in the tz database are months apart; sampling this often cannot step over two of them.
const TRANSITION_SAMPLE_MS = 6 * HOUR_MS;

/** Parses "HH:MM" (24-hour, two digits each); returns the time, or what is wrong with the text. */
export function parseLocalTime(text: string): LocalTime | string {
  const match = typeof text === 'string' ? HHMM.exec(text) : null;
  if (!match) return 'must be a 24-hour time written HH:MM, such as 09:30';
  return { hour: Number(match[1]), minute: Number(match[2]) };
}

/** What is wrong with a local time of day "HH:MM", or undefined when it is usable. */
export function localTimeProblem(text: string): string | undefined {
  const parsed = parseLocalTime(text);
  return typeof parsed === 'string' ? parsed : undefined;
}

/**
 * The zone to schedule a recipient in: their own IANA zone when it is a real
 * one, otherwise the business's. Throws if the business zone itself is invalid.
 */
export function zoneFor(customerZone: string | null | undefined, businessZone: string): string {
  if (typeof customerZone === 'string' && isValidTimeZone(customerZone)) return customerZone;
  return requireZone(businessZone, 'businessZone');
}

export function requireZone(zone: string, field = 'zone'): string {
  if (typeof zone !== 'string' || !isValidTimeZone(zone)) throw new SchedulingError('INVALID_TIME_ZONE', field, 'must be an IANA time zone such as Europe/London');
  return zone;
}

export function requireInstant(at: Date, field: string): number {
  const ms = at instanceof Date ? at.getTime() : Number.NaN;
  if (Number.isNaN(ms)) throw new SchedulingError('INVALID_INSTANT', field, 'must be a valid date');
  return ms;
}

export function requireLocalTime(text: string, field = 'localTime'): LocalTime {
  const parsed = parseLocalTime(text);
  if (typeof parsed === 'string') throw new SchedulingError('INVALID_LOCAL_TIME', field, parsed);
  return parsed;
}

// Milliseconds since local midnight as the wall clock reads them (a repeated hour reads the same twice).
export function wallMsOfDay(at: Date | number, zone: string): number {
  const local = DateTime.fromMillis(+at, { zone });
  return ((local.hour * 60 + local.minute) * 60 + local.second) * 1000 + local.millisecond;
}

export function localTimeMs(time: LocalTime): number {
  return (time.hour * 60 + time.minute) * MINUTE_MS;
}

export function wallTimeOf(at: Date | number, zone: string): WallTime {
  const { year, month, day, hour, minute, second, millisecond } = DateTime.fromMillis(+at, { zone });
  return { year, month, day, hour, minute, second, millisecond };
}

// The local calendar date `days` after (year, month, day), with its ISO weekday (1 = Monday).
export function addLocalDays(date: Pick<WallTime, 'year' | 'month' | 'day'>, days: number): { year: number; month: number; day: number; weekday: number } {
  const shifted = DateTime.utc(date.year, date.month, date.day).plus({ days });
  return { year: shifted.year, month: shifted.month, day: shifted.day, weekday: shifted.weekday };
}

// The reading taken as if it were UTC: the "local timestamp" that offsets are subtracted from.
function naiveMs(wall: WallTime): number {
  return DateTime.utc(wall.year, wall.month, wall.day, wall.hour, wall.minute, wall.second ?? 0, wall.millisecond ?? 0).toMillis();
}

// The first instant in (lo, hi] whose offset differs from the offset at lo; the offset must differ at hi.
function transitionWithin(zone: IANAZone, lo: number, hi: number): number {
  const before = zone.offset(lo);
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (zone.offset(mid) === before) lo = mid;
    else hi = mid;
  }
  return hi;
}

// Every instant at which the wall clock in `zone` shows `wall`, earliest first: one normally, two in a fall-back
// overlap. In a spring-forward gap the clock never shows it; then the single answer is the first instant after the
// gap (the transition itself), and `inGap` is true.
export function wallInstants(wall: WallTime, zone: string): { instants: number[]; inGap: boolean } {
  const tz = IANAZone.create(requireZone(zone));
  const naive = naiveMs(wall);
  const [early, late] = [tz.offset(naive - OFFSET_REACH_MS), tz.offset(naive + OFFSET_REACH_MS)];
  // The usual case: no change anywhere near, one offset, one instant.
  if (early === late) return { instants: [naive - early * MINUTE_MS], inGap: false };
  const instants = [early, late]
    .map((offset) => ({ offset, at: naive - offset * MINUTE_MS }))
    .filter(({ offset, at }) => tz.offset(at) === offset)
    .map(({ at }) => at)
    .sort((a, b) => a - b);
  if (instants.length > 0) return { instants, inGap: false };
  // In a gap: taken at the larger offset the reading lands before the transition, at the smaller one after it.
  const [larger, smaller] = [Math.max(early, late), Math.min(early, late)];
  return { instants: [transitionWithin(tz, naive - larger * MINUTE_MS, naive - smaller * MINUTE_MS)], inGap: true };
}

// The instant a wall reading denotes in `zone`: the earlier one when the clock shows it twice (fall-back), the first
// instant after the gap when it never does (spring-forward: 02:30 on New York's change day gives 03:00 EDT).
export function resolveWallTime(wall: WallTime, zone: string): Date {
  return new Date(wallInstants(wall, zone).instants[0]);
}

// Instants in [from, to] at which the zone's UTC offset changes (the clock jumps), in order.
export function offsetTransitions(zone: string, from: number, to: number): number[] {
  const tz = IANAZone.create(requireZone(zone));
  const found: number[] = [];
  for (let lo = from - 1; lo < to; lo += TRANSITION_SAMPLE_MS) {
    const hi = Math.min(lo + TRANSITION_SAMPLE_MS, to);
    if (tz.offset(lo) !== tz.offset(hi)) found.push(transitionWithin(tz, lo, hi));
  }
  return found;
}
