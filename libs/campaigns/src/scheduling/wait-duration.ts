import { DateTime, Duration } from 'luxon';
import { SchedulingError } from './scheduling.errors';
import { requireInstant, requireZone, resolveWallTime, wallTimeOf } from './wall-clock';

const MAX_WAIT = Duration.fromObject({ years: 1 });

/**
 * What is wrong with a wait step's ISO-8601 duration (PT30S, PT1H, P1D, P2W,
 * P1DT12H), or undefined. Whole numbers of each unit, positive, at most one
 * year, where months count 30 days and years 365 for this limit only.
 */
export function waitDurationProblem(text: string): string | undefined {
  const duration = typeof text === 'string' ? Duration.fromISO(text) : Duration.invalid('not a string');
  if (!duration.isValid) return 'must be an ISO-8601 duration such as PT30M, P1D or P1DT12H';
  const parts = Object.values(duration.toObject());
  if (parts.some((v) => !Number.isInteger(v)) || duration.milliseconds !== 0) return 'must use whole numbers of each unit, down to seconds';
  if (parts.some((v) => v < 0) || duration.toMillis() <= 0) return 'must be positive';
  if (duration.toMillis() > MAX_WAIT.toMillis()) return 'must be at most one year';
  return undefined;
}

/**
 * When a wait of `iso` that starts at `from` ends, for a recipient in `zone`.
 * Years, months, weeks and days are calendar steps on the recipient's wall
 * clock (P1D from 09:00 is 09:00 the next local day even across a DST change;
 * a month from Jan 31 is the last day of February); hours, minutes and seconds
 * are then added as elapsed time (PT24H across a spring-forward reads 10:00).
 * A calendar step landing on a wall time that does not exist or exists twice
 * is resolved like every other wall time here: the first instant after the
 * gap, or the earlier of the two.
 */
export function addWaitDuration(from: Date, iso: string, zone: string): Date {
  requireZone(zone);
  requireInstant(from, 'from');
  const problem = waitDurationProblem(iso);
  if (problem) throw new SchedulingError('INVALID_WAIT_DURATION', 'duration', problem);
  const { years, months, weeks, days, hours, minutes, seconds } = Duration.fromISO(iso).toObject();
  const calendar = { years: years ?? 0, months: months ?? 0, weeks: weeks ?? 0, days: days ?? 0 };
  const elapsedMs = ((hours ?? 0) * 3600 + (minutes ?? 0) * 60 + (seconds ?? 0)) * 1000;
  let base = from.getTime();
  if (Object.values(calendar).some((v) => v !== 0)) {
    // Step the wall reading as a plain calendar (no zone), then find that reading in the zone.
    const wall = wallTimeOf(from, zone);
    const stepped = DateTime.utc(wall.year, wall.month, wall.day, wall.hour, wall.minute, wall.second ?? 0, wall.millisecond ?? 0).plus(calendar);
    const { year, month, day, hour, minute, second, millisecond } = stepped;
    base = resolveWallTime({ year, month, day, hour, minute, second, millisecond }, zone).getTime();
  }
  return new Date(base + elapsedMs);
}
