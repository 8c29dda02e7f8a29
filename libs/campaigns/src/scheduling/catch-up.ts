import { addLocalDays, requireInstant, requireZone, resolveWallTime, wallTimeOf } from './wall-clock';

/**
 * How late a run scheduled at a local time may start and still count as on
 * time: the journey loop picks due work up within seconds, so anything later
 * is a catch-up (a worker that was down, a clock that jumped).
 */
export const CATCH_UP_GRACE_MS = 5 * 60_000;

/**
 * The end of the local day `at` falls on in `zone`: the first instant of the
 * next local date (its midnight, or the end of a gap a DST change puts there).
 * A run scheduled at a local time that has not started by then is skipped.
 */
export function endOfLocalDay(at: Date, zone: string): Date {
  requireZone(zone);
  requireInstant(at, 'at');
  const next = addLocalDays(wallTimeOf(at, zone), 1);
  return resolveWallTime({ year: next.year, month: next.month, day: next.day, hour: 0, minute: 0 }, zone);
}

/** Whether a run due at `dueAt` and started at `now` is a catch-up (later than the grace). */
export function isCatchUp(dueAt: Date, now: Date): boolean {
  return now.getTime() - dueAt.getTime() > CATCH_UP_GRACE_MS;
}
