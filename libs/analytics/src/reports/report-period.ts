/**
 * Report periods are read in the business's time zone: an owner's "from 1 December" is their midnight,
 * not UTC's. A date (`2026-12-01`) or a date and time without an offset (`2026-12-01T09:30`) is a wall
 * time in the zone; a timestamp with `Z` or an offset is that instant.
 */

import { DomainError, type FieldProblem } from '@localreach/core';

const WALL_TIME = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3})\d*)?)?)?$/;

/** The zone's offset from UTC at an instant, in milliseconds (Chicago in winter: −6 h). */
function offsetAt(instant: number, zone: string): number {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', { timeZone: zone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' })
      .formatToParts(new Date(instant))
      .filter((p) => p.type !== 'literal')
      .map((p) => [p.type, Number(p.value)]),
  );
  const asUtc = Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute, parts.second);
  return asUtc - (instant - (instant % 1000 + 1000) % 1000);
}

/**
 * The instant a report bound names in `zone`: wall times (no offset) are local; anything else is parsed as
 * an instant. A wall time skipped by a DST change (02:30 on a spring-forward night) is read with the offset
 * before the change, so it lands just after it. Invalid text gives an invalid Date, for the caller to refuse.
 */
export function reportInstant(text: string, zone: string): Date {
  const m = WALL_TIME.exec(text);
  if (!m) return new Date(text);
  const [, y, mo, d, h = '0', mi = '0', s = '0', ms = '0'] = m;
  const wall = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s), Number(ms.padEnd(3, '0')));
  if (Number.isNaN(wall) || new Date(wall).getUTCDate() !== Number(d)) return new Date(Number.NaN);
  // Two passes: the offset at the first guess may be the other side of a DST change from the answer.
  const first = wall - offsetAt(wall, zone);
  const second = wall - offsetAt(first, zone);
  if (offsetAt(second, zone) === offsetAt(first, zone)) return new Date(second);
  // No such wall time (skipped forward): the offset in force before the change.
  return new Date(wall - offsetAt(Math.min(first, second), zone));
}

const DAY_MS = 86_400_000;
/** The longest period a report reads (ten years and some). */
export const MAX_REPORT_PERIOD_DAYS = 3_660;

/**
 * A report's period from its `from` / `to` query values, read in `zone` (reportInstant): `to`
 * defaults to `now`, `from` to `defaultFrom(end)`. Refused (400 INVALID_PERIOD naming the field)
 * when unreadable, not ascending, or longer than MAX_REPORT_PERIOD_DAYS.
 */
export function reportPeriod(from: string | undefined, to: string | undefined, zone: string, now: Date, defaultFrom: (end: Date) => Date): { from: Date; to: Date } {
  const end = to ? reportInstant(to, zone) : now;
  const start = from ? reportInstant(from, zone) : defaultFrom(end);
  const problems: FieldProblem[] = [];
  if (Number.isNaN(start.getTime())) problems.push({ field: 'from', message: 'must be an ISO-8601 date or timestamp' });
  if (Number.isNaN(end.getTime())) problems.push({ field: 'to', message: 'must be an ISO-8601 date or timestamp' });
  if (problems.length === 0 && !(start < end)) problems.push({ field: 'from', message: 'must be before to' });
  if (problems.length === 0 && end.getTime() - start.getTime() > MAX_REPORT_PERIOD_DAYS * DAY_MS) {
    problems.push({ field: 'from', message: `the period may span at most ${MAX_REPORT_PERIOD_DAYS} days` });
  }
  if (problems.length > 0) throw DomainError.invalid('INVALID_PERIOD', problems);
  return { from: start, to: end };
}
