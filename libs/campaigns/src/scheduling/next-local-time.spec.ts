import fc from 'fast-check';
import { nextLocalTime, weekdaysProblem } from './next-local-time';
import { instantArb, localTimeArb, PROPERTY_ZONES } from './testing/arbitraries';
import { intlOffsetMinutes, intlReading } from './testing/intl-clock';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

describe('nextLocalTime', () => {
  // New York: EST −5, EDT −4; 2026 DST 2026-03-08 02:00 EST → 03:00 EDT (07:00Z), ends 2026-11-01 02:00 EDT → 01:00 EST (06:00Z).
  // London: 2026-03-29 01:00 GMT → 02:00 BST (01:00Z); 2026-10-25 02:00 BST → 01:00 GMT (01:00Z).
  // Auckland: NZST +12 in June. Lord Howe: 2026-10-04 02:00 +10:30 → 02:30 +11 (2026-10-03T15:30Z).
  // Weekdays: 2026-03-08 Sun, 2026-03-09 Mon, 2026-06-15 Mon, 2026-07-15 Wed, 2026-11-01 Sun.
  it.each([
    ['later today: 12:00Z is 08:00 EDT, 09:00 EDT = 13:00Z', '2026-07-15T12:00:00.000Z', 'America/New_York', '09:00', undefined, '2026-07-15T13:00:00.000Z'],
    ['already past today: tomorrow 09:00 EDT', '2026-07-15T16:00:00.000Z', 'America/New_York', '09:00', undefined, '2026-07-16T13:00:00.000Z'],
    ['at-or-after: exactly 09:30 EDT returns the same instant', '2026-03-09T13:30:00.000Z', 'America/New_York', '09:30', undefined, '2026-03-09T13:30:00.000Z'],
    ['one millisecond later is the next day', '2026-03-09T13:30:00.001Z', 'America/New_York', '09:30', undefined, '2026-03-10T13:30:00.000Z'],
    ['midnight local: 00:00 EDT = 04:00Z next day', '2026-07-15T12:00:00.000Z', 'America/New_York', '00:00', undefined, '2026-07-16T04:00:00.000Z'],
    ['spring-forward gap: 02:30 on 03-08 never shows, first instant after is 03:00 EDT = 07:00Z', '2026-03-07T12:00:00.000Z', 'America/New_York', '02:30', undefined, '2026-03-08T07:00:00.000Z'],
    ['the day before the gap is ordinary: 02:30 EST = 07:30Z', '2026-03-07T07:00:00.000Z', 'America/New_York', '02:30', undefined, '2026-03-07T07:30:00.000Z'],
    ['09:00 on the change day is EDT: 13:00Z (only 23 h after the day before)', '2026-03-07T15:00:00.000Z', 'America/New_York', '09:00', undefined, '2026-03-08T13:00:00.000Z'],
    ['fall-back: 01:30 shows at 05:30Z (EDT) and 06:30Z (EST); the earlier one', '2026-11-01T04:00:00.000Z', 'America/New_York', '01:30', undefined, '2026-11-01T05:30:00.000Z'],
    ['fall-back, between the two readings: that date already fired, so the next day 01:30 EST = 06:30Z', '2026-11-01T06:10:00.000Z', 'America/New_York', '01:30', undefined, '2026-11-02T06:30:00.000Z'],
    ['09:00 on the fall-back day is EST: 14:00Z', '2026-11-01T04:00:00.000Z', 'America/New_York', '09:00', undefined, '2026-11-01T14:00:00.000Z'],
    ['London gap 01:00–02:00 on 03-29: 01:30 → 02:00 BST = 01:00Z', '2026-03-28T12:00:00.000Z', 'Europe/London', '01:30', undefined, '2026-03-29T01:00:00.000Z'],
    ['London overlap on 10-25: 01:30 BST = 00:30Z', '2026-10-24T12:00:00.000Z', 'Europe/London', '01:30', undefined, '2026-10-25T00:30:00.000Z'],
    ['Auckland: 07:00 NZST Monday 06-15 is Sunday 19:00Z; 08:00 NZST = Sunday 20:00Z', '2026-06-14T19:00:00.000Z', 'Pacific/Auckland', '08:00', undefined, '2026-06-14T20:00:00.000Z'],
    ['Lord Howe 30-minute gap: 02:15 on 10-04 → 02:30 +11 = 15:30Z on 10-03', '2026-10-03T00:00:00.000Z', 'Australia/Lord_Howe', '02:15', undefined, '2026-10-03T15:30:00.000Z'],
    ['weekdays [Mon] from Wednesday noon: Monday 07-20 09:00 EDT', '2026-07-15T16:00:00.000Z', 'America/New_York', '09:00', [1], '2026-07-20T13:00:00.000Z'],
    ['weekdays [Wed] after today\'s 09:00: next Wednesday 07-22', '2026-07-15T16:00:00.000Z', 'America/New_York', '09:00', [3], '2026-07-22T13:00:00.000Z'],
    ['weekdays [Wed] before today\'s 09:00: today', '2026-07-15T12:59:00.000Z', 'America/New_York', '09:00', [3], '2026-07-15T13:00:00.000Z'],
    ['weekdays [Sat, Sun] from Wednesday: Saturday 07-18', '2026-07-15T16:00:00.000Z', 'America/New_York', '09:00', [6, 7], '2026-07-18T13:00:00.000Z'],
    ['weekday is the local one: Monday in Auckland while still Sunday in UTC', '2026-06-14T19:00:00.000Z', 'Pacific/Auckland', '08:00', [1], '2026-06-14T20:00:00.000Z'],
    ['weekdays [Sun] in Auckland: next local Sunday 06-21 08:00 NZST = 06-20 20:00Z', '2026-06-14T19:00:00.000Z', 'Pacific/Auckland', '08:00', [7], '2026-06-20T20:00:00.000Z'],
    ['weekdays [Sun] on the spring-forward Sunday: gap rule still applies', '2026-03-02T12:00:00.000Z', 'America/New_York', '02:30', [7], '2026-03-08T07:00:00.000Z'],
    ['a full week when only today\'s weekday is allowed and its time has passed', '2026-07-15T13:00:00.001Z', 'America/New_York', '09:00', [3], '2026-07-22T13:00:00.000Z'],
  ])('%s', (_name, after, zone, time, weekdays, expected) => {
    expect(nextLocalTime(new Date(after), zone, time, weekdays).toISOString()).toBe(expected);
  });

  it.each([
    ['bad local time', () => nextLocalTime(new Date(0), 'UTC', '9:00'), 'INVALID_LOCAL_TIME'],
    ['bad zone', () => nextLocalTime(new Date(0), 'Moon/Base', '09:00'), 'INVALID_TIME_ZONE'],
    ['an invalid Date', () => nextLocalTime(new Date('not a date'), 'UTC', '09:00'), 'INVALID_INSTANT'],
    ['empty weekdays', () => nextLocalTime(new Date(0), 'UTC', '09:00', []), 'INVALID_WEEKDAYS'],
    ['weekday 0', () => nextLocalTime(new Date(0), 'UTC', '09:00', [0]), 'INVALID_WEEKDAYS'],
    ['weekday 8', () => nextLocalTime(new Date(0), 'UTC', '09:00', [1, 8]), 'INVALID_WEEKDAYS'],
  ])('throws a coded error for %s', (_name, call, code) => {
    expect(call).toThrow(expect.objectContaining({ code }));
  });

  it.each([
    [[1], undefined],
    [[1, 2, 3, 4, 5, 6, 7], undefined],
    [[], 'must list at least one weekday'],
    [[1.5], 'must be ISO weekdays 1 (Monday) to 7 (Sunday)'],
  ])('weekdaysProblem(%p)', (days, problem) => {
    expect(weekdaysProblem(days)).toBe(problem);
  });
});

const ymd = (date: string): [number, number, number] => {
  const [y, m, d] = date.split('-').map(Number);
  return [y, m - 1, d];
};

/** Whether the clock showed this reading a moment earlier already (the second pass of a fall-back hour). */
function isRepeatedReading(ms: number, zone: string): boolean {
  const now = intlOffsetMinutes(ms, zone);
  const before = intlOffsetMinutes(ms - 3 * HOUR, zone);
  return before > now && intlOffsetMinutes(ms - (before - now) * MINUTE, zone) === before;
}

describe('nextLocalTime properties', () => {
  it('lands at or after `after`, on an allowed local weekday, reading the time (or just past a gap that skipped it), with no earlier qualifying reading', () => {
    fc.assert(
      fc.property(instantArb, fc.constantFrom(...PROPERTY_ZONES), localTimeArb, fc.option(fc.subarray([1, 2, 3, 4, 5, 6, 7], { minLength: 1 }), { nil: undefined }), (after, zone, time, weekdays) => {
        const result = nextLocalTime(new Date(after), zone, time, weekdays).getTime();
        expect(result).toBeGreaterThanOrEqual(after);
        expect(result - after).toBeLessThanOrEqual(weekdays ? 8 * DAY : DAY + HOUR);
        const reading = intlReading(result, zone);
        expect(weekdays ?? [1, 2, 3, 4, 5, 6, 7]).toContain(reading.weekday);
        if (reading.hhmm !== time || reading.msOfDay % MINUTE !== 0) {
          // Only allowed when a spring-forward jumped over the time: just before, the clock read less; now more.
          // (Santiago's gap starts at midnight, so "just before" may be the previous date: count it as negative.)
          const justBefore = intlReading(result - 1, zone);
          const beforeMs = justBefore.date === reading.date ? justBefore.msOfDay : justBefore.msOfDay - DAY;
          const wanted = Number(time.slice(0, 2)) * HOUR + Number(time.slice(3)) * MINUTE;
          expect(beforeMs).toBeLessThan(wanted);
          expect(reading.msOfDay).toBeGreaterThan(wanted);
        }
        // No earlier first reading of the time on an allowed day. A reading of D HH:MM is at (D HH:MM as UTC) − offset,
        // with the offset one of those in force within 15 h either side; try each, keep those that really read it.
        for (let day = Date.UTC(...ymd(intlReading(after, zone).date)); day <= result + DAY; day += DAY) {
          const naive = day + Number(time.slice(0, 2)) * HOUR + Number(time.slice(3)) * MINUTE;
          for (const offset of new Set([intlOffsetMinutes(naive - 15 * HOUR, zone), intlOffsetMinutes(naive + 15 * HOUR, zone)])) {
            const t = naive - offset * MINUTE;
            const r = intlReading(t, zone);
            const qualifies = t >= after && t < result && r.hhmm === time && (weekdays ?? [r.weekday]).includes(r.weekday) && !isRepeatedReading(t, zone);
            expect({ t: new Date(t).toISOString(), qualifies }).toEqual({ t: new Date(t).toISOString(), qualifies: false });
          }
        }
      }),
      { numRuns: 300 },
    );
  });
});
