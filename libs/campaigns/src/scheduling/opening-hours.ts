import type { OpeningHours } from '@localreach/core';
import { DateTime } from 'luxon';
import { SchedulingError } from './scheduling.errors';
import { localTimeMs, parseLocalTime, requireInstant, requireZone, wallMsOfDay } from './wall-clock';

const DAY_KEYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
type DayKey = (typeof DAY_KEYS)[number];

function rangeMs(range: readonly [string, string], day: DayKey, index: number): [number, number] {
  const open = Array.isArray(range) ? parseLocalTime(range[0]) : 'is not a range';
  const close = Array.isArray(range) ? parseLocalTime(range[1]) : 'is not a range';
  if (typeof open === 'string' || typeof close === 'string') {
    throw new SchedulingError('INVALID_OPENING_HOURS', `openingHours.${day}[${index}]`, 'must be ["HH:mm", "HH:mm"]');
  }
  return [localTimeMs(open), localTimeMs(close)];
}

/**
 * Whether a store is open at `at`, reading its stored weekly hours (location
 * `openingHours`: weekday mon..sun → ["HH:mm", "HH:mm"] ranges) on the wall
 * clock of `zone` (the store's zone, else the business's). Open is inclusive
 * and close exclusive. A close earlier than the open runs past midnight and
 * belongs to the day it opens: fri ["18:00", "02:00"] covers Friday 18:00 to
 * Saturday 02:00, and a close of "00:00" means until midnight. A missing day
 * is closed; a range with open = close (which the location validator
 * rejects) matches nothing. Stores with no hours recorded (null) are the
 * caller's policy, not decided here.
 */
export function isWithinOpeningHours(at: Date, zone: string, openingHours: OpeningHours): boolean {
  requireZone(zone);
  requireInstant(at, 'at');
  const weekday = DateTime.fromJSDate(at, { zone }).weekday;
  const today = DAY_KEYS[weekday - 1];
  const yesterday = DAY_KEYS[(weekday + 5) % 7];
  const now = wallMsOfDay(at, zone);
  const openToday = (openingHours[today] ?? []).some((range, i) => {
    const [open, close] = rangeMs(range, today, i);
    return open < close ? now >= open && now < close : open > close && now >= open;
  });
  if (openToday) return true;
  return (openingHours[yesterday] ?? []).some((range, i) => {
    const [open, close] = rangeMs(range, yesterday, i);
    return open > close && now < close;
  });
}
