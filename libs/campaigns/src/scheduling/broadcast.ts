import { DateTime } from 'luxon';
import { SchedulingError } from './scheduling.errors';
import { requireInstant, requireZone, resolveWallTime, wallTimeOf, zoneFor, type WallTime } from './wall-clock';

const WALL = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/;
// An instant needs a time and an explicit offset; without one luxon would silently read it in the server's zone.
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}(?::?\d{2})?)$/i;
const WALL_MESSAGE = 'must be a local date and time written YYYY-MM-DDTHH:MM';

function parseWall(text: string): WallTime | undefined {
  const match = typeof text === 'string' ? WALL.exec(text) : null;
  if (!match) return undefined;
  const [year, month, day, hour, minute, second] = match.slice(1).map((v) => Number(v ?? 0));
  return DateTime.utc(year, month, day, hour, minute, second).isValid ? { year, month, day, hour, minute, second } : undefined;
}

/** What is wrong with a local date-time "YYYY-MM-DDTHH:MM" (seconds optional, no offset), or undefined. */
export function wallTimeProblem(text: string): string | undefined {
  return parseWall(text) ? undefined : WALL_MESSAGE;
}

/**
 * The instant the wall clock in `zone` reads `wall` ("YYYY-MM-DDTHH:MM",
 * seconds optional): the earlier one when it reads it twice (fall-back), the
 * first instant after the gap when it never does (spring-forward).
 */
export function localWallTimeToInstant(wall: string, zone: string): Date {
  const parsed = parseWall(wall);
  if (!parsed) throw new SchedulingError('INVALID_WALL_TIME', 'at', WALL_MESSAGE);
  return resolveWallTime(parsed, requireZone(zone));
}

export interface BroadcastTiming {
  /**
   * When to send: an instant (a Date, or an ISO string with Z or an offset),
   * or a local date-time without offset ("2026-05-01T10:00"), read on the
   * business's wall clock.
   */
  readonly at: Date | string;
  /** Send when each recipient's own wall clock shows the broadcast's local time. */
  readonly recipientLocalTime: boolean;
  readonly businessZone: string;
  /** The recipient's zone; missing or invalid falls back to the business zone. */
  readonly recipientZone?: string | null;
}

// The wall reading a broadcast is scheduled at, on the business's clock.
function businessWall(at: Date | string, businessZone: string): WallTime {
  if (at instanceof Date) return wallTimeOf(requireInstant(at, 'at'), businessZone);
  const wall = parseWall(at);
  if (wall) return wall;
  return wallTimeOf(parseInstant(at), businessZone);
}

function parseInstant(text: string): Date {
  const parsed = typeof text === 'string' && INSTANT.test(text) ? DateTime.fromISO(text, { setZone: true }) : DateTime.invalid('no offset');
  if (!parsed.isValid) throw new SchedulingError('INVALID_WALL_TIME', 'at', 'must be an ISO-8601 instant with an offset, or a local date-time YYYY-MM-DDTHH:MM');
  return parsed.toJSDate();
}

/**
 * When one recipient of a broadcast is sent to. Without recipientLocalTime,
 * the broadcast instant (a local `at` read in the business zone). With it,
 * the same wall reading on the recipient's clock: "10:00 on May 1" in New
 * York is 10:00 in Los Angeles for a Los Angeles recipient, three hours
 * later. Recipients east of the business get instants earlier than the
 * broadcast's own, possibly already past; sending those at once is the
 * caller's call.
 */
export function broadcastSendAt(timing: BroadcastTiming): Date {
  const businessZone = requireZone(timing.businessZone, 'businessZone');
  if (!timing.recipientLocalTime) {
    if (timing.at instanceof Date) return new Date(requireInstant(timing.at, 'at'));
    const wall = parseWall(timing.at);
    return wall ? resolveWallTime(wall, businessZone) : parseInstant(timing.at);
  }
  return resolveWallTime(businessWall(timing.at, businessZone), zoneFor(timing.recipientZone, businessZone));
}
