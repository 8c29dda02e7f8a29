import {
  addLocalDays,
  DAY_MS,
  localTimeMs,
  offsetTransitions,
  requireInstant,
  requireLocalTime,
  requireZone,
  wallInstants,
  wallMsOfDay,
  wallTimeOf,
  type LocalTime,
} from './wall-clock';

/** The hours of the day sending is allowed, on the recipient's wall clock; `end` is exclusive. */
export interface SendWindow {
  readonly start: string;
  readonly end: string;
}

/** The usual SMS allowance: 08:00 to 21:00 local time. */
export const DEFAULT_SMS_WINDOW: SendWindow = { start: '08:00', end: '21:00' };

// A window may be closed on a day the clock skips its opening, so look a little past two days ahead.
const SEARCH_DAYS = 3;

function parseWindow(window: SendWindow): { start: LocalTime; end: LocalTime } {
  return { start: requireLocalTime(window.start, 'window.start'), end: requireLocalTime(window.end, 'window.end') };
}

function insideParsed(at: number, zone: string, start: number, end: number): boolean {
  if (start === end) return true;
  const now = wallMsOfDay(at, zone);
  return start < end ? now >= start && now < end : now >= start || now < end;
}

/**
 * Whether the wall clock in `zone` at `at` is inside the window: start ≤ time
 * < end, or, for a window that wraps midnight (20:00–02:00), time ≥ start or
 * time < end. start = end means always allowed.
 */
export function isInsideWindow(at: Date, zone: string, window: SendWindow): boolean {
  requireZone(zone);
  const { start, end } = parseWindow(window);
  return insideParsed(requireInstant(at, 'at'), zone, localTimeMs(start), localTimeMs(end));
}

/**
 * Quiet hours: null when `at` is inside the allowed window, otherwise the
 * first instant after it at which the recipient's wall clock is inside it —
 * normally the next time the clock reads `start`; on DST days possibly the
 * end of a spring-forward gap (a 02:30 opening on New York's change day opens
 * at 03:00 EDT) or the moment a fall-back puts the clock back inside.
 */
export function quietHoursRelease(at: Date, zone: string, window: SendWindow): Date | null {
  requireZone(zone);
  const { start, end } = parseWindow(window);
  const [startMs, endMs] = [localTimeMs(start), localTimeMs(end)];
  const from = requireInstant(at, 'at');
  if (insideParsed(from, zone, startMs, endMs)) return null;
  // Outside now, the clock re-enters the window only by running up to `start` or by jumping (a DST change).
  const today = wallTimeOf(from, zone);
  const candidates: number[] = [];
  for (let offset = 0; offset < SEARCH_DAYS; offset++) {
    candidates.push(...wallInstants({ ...addLocalDays(today, offset), ...start }, zone).instants);
  }
  candidates.push(...offsetTransitions(zone, from, from + SEARCH_DAYS * DAY_MS));
  const opening = candidates.filter((t) => t > from && insideParsed(t, zone, startMs, endMs)).sort((a, b) => a - b)[0];
  if (opening === undefined) throw new Error(`unreachable: the window ${window.start}–${window.end} opens within ${SEARCH_DAYS} days`);
  return new Date(opening);
}
