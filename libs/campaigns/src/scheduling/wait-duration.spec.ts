import fc from 'fast-check';
import { instantArb, PROPERTY_ZONES } from './testing/arbitraries';
import { intlReading } from './testing/intl-clock';
import { addWaitDuration, waitDurationProblem } from './wait-duration';

describe('waitDurationProblem', () => {
  it.each(['PT30S', 'PT1H', 'PT90M', 'P1D', 'P7D', 'P1W', 'P1DT12H', 'P1M', 'P1Y', 'P12M', 'P365D', 'PT8760H', 'P52W', 'P11M35D'])('accepts %s', (text) => {
    expect(waitDurationProblem(text)).toBeUndefined();
  });

  // One year is 365 days for the limit (a month 30), so P366D, P53W (371 d) and P1Y1D are over it.
  it.each([
    ['', /ISO-8601/],
    ['1D', /ISO-8601/],
    ['p1d', /ISO-8601/],
    ['P1.5D', /whole numbers/],
    ['PT1.5S', /whole numbers/],
    ['PT0.5H', /whole numbers/],
    ['P', /positive/],
    ['PT0S', /positive/],
    ['-P1D', /positive/],
    ['P-1D', /positive/],
    ['P1DT-1H', /positive/],
    ['P366D', /at most one year/],
    ['P53W', /at most one year/],
    ['P1Y1D', /at most one year/],
    ['PT8761H', /at most one year/],
  ])('rejects %p', (text, message) => {
    expect(waitDurationProblem(text)).toMatch(message);
  });
});

describe('addWaitDuration', () => {
  // New York: EST −5 / EDT −4; 2026-03-08 02:00 EST → 03:00 EDT (07:00Z); 2026-11-01 02:00 EDT → 01:00 EST (06:00Z).
  // London: 2026-03-29 01:00Z GMT → BST. Auckland: 2026-09-27 02:00 NZST (+12) → 03:00 NZDT (+13) at 2026-09-26T14:00Z.
  it.each([
    ['PT30S across the NY change is 30 s of elapsed time', '2026-03-08T06:59:45.000Z', 'PT30S', 'America/New_York', '2026-03-08T07:00:15.000Z'],
    ['PT1H from 01:30 EST on 03-08 is 03:30 EDT (elapsed)', '2026-03-08T06:30:00.000Z', 'PT1H', 'America/New_York', '2026-03-08T07:30:00.000Z'],
    ['P1D from Sat 09:00 EST keeps 09:00: Sun 09:00 EDT = 13:00Z (23 h)', '2026-03-07T14:00:00.000Z', 'P1D', 'America/New_York', '2026-03-08T13:00:00.000Z'],
    ['PT24H from the same start reads 10:00 EDT = 14:00Z', '2026-03-07T14:00:00.000Z', 'PT24H', 'America/New_York', '2026-03-08T14:00:00.000Z'],
    ['P1D across fall-back: 09:00 EDT → 09:00 EST = 14:00Z (25 h)', '2026-10-31T13:00:00.000Z', 'P1D', 'America/New_York', '2026-11-01T14:00:00.000Z'],
    ['P1DT12H: 09:00 EST Sat → 09:00 EDT Sun (13:00Z) + 12 h = 21:00 EDT = 01:00Z Mon', '2026-03-07T14:00:00.000Z', 'P1DT12H', 'America/New_York', '2026-03-09T01:00:00.000Z'],
    ['P7D: Mon 09:00 EST 03-02 → Mon 09:00 EDT 03-09 = 13:00Z', '2026-03-02T14:00:00.000Z', 'P7D', 'America/New_York', '2026-03-09T13:00:00.000Z'],
    ['P1W is the same as P7D', '2026-03-02T14:00:00.000Z', 'P1W', 'America/New_York', '2026-03-09T13:00:00.000Z'],
    ['P1M from Jan 31 clamps to Feb 28 (2026 is common): 09:00 EST = 14:00Z', '2026-01-31T14:00:00.000Z', 'P1M', 'America/New_York', '2026-02-28T14:00:00.000Z'],
    ['P1M from Jan 31 2028 lands on Feb 29 (2028 is leap)', '2028-01-31T14:00:00.000Z', 'P1M', 'America/New_York', '2028-02-29T14:00:00.000Z'],
    ['P1Y from Feb 29 2028 is Feb 28 2029', '2028-02-29T14:00:00.000Z', 'P1Y', 'America/New_York', '2029-02-28T14:00:00.000Z'],
    ['P1D onto a time in the gap: 02:30 EST Sat → 03:00 EDT Sun = 07:00Z', '2026-03-07T07:30:00.000Z', 'P1D', 'America/New_York', '2026-03-08T07:00:00.000Z'],
    ['P1D onto a repeated time: 01:30 EDT Sat → the earlier 01:30 (EDT) = 05:30Z', '2026-10-31T05:30:00.000Z', 'P1D', 'America/New_York', '2026-11-01T05:30:00.000Z'],
    ['PT30M from the second 01:30 (EST) stays elapsed: 02:00 EST = 07:00Z', '2026-11-01T06:30:00.000Z', 'PT30M', 'America/New_York', '2026-11-01T07:00:00.000Z'],
    ['London P1D: 09:00 GMT Sat 03-28 → 09:00 BST Sun = 08:00Z', '2026-03-28T09:00:00.000Z', 'P1D', 'Europe/London', '2026-03-29T08:00:00.000Z'],
    ['Auckland P1D: 09:00 NZST 09-26 (21:00Z on the 25th) → 09:00 NZDT 09-27 = 20:00Z on the 26th', '2026-09-25T21:00:00.000Z', 'P1D', 'Pacific/Auckland', '2026-09-26T20:00:00.000Z'],
    ['Santiago skips midnight (2026-09-06 00:00 −04 → 01:00 −03 at 04:00Z): 00:30 Sat + P1D → 01:00 −03 = 04:00Z', '2026-09-05T04:30:00.000Z', 'P1D', 'America/Santiago', '2026-09-06T04:00:00.000Z'],
    ['the zone matters: the same P1D in UTC is exactly 24 h', '2026-03-07T14:00:00.000Z', 'P1D', 'UTC', '2026-03-08T14:00:00.000Z'],
    ['milliseconds of the start are kept', '2026-07-01T10:00:00.123Z', 'P1D', 'Europe/London', '2026-07-02T10:00:00.123Z'],
  ])('%s', (_name, from, duration, zone, expected) => {
    expect(addWaitDuration(new Date(from), duration, zone).toISOString()).toBe(expected);
  });

  it.each([
    ['bad duration', 'P0D', 'UTC', 'INVALID_WAIT_DURATION'],
    ['over a year', 'P2Y', 'UTC', 'INVALID_WAIT_DURATION'],
    ['bad zone', 'P1D', 'Utopia/Main', 'INVALID_TIME_ZONE'],
  ])('throws a coded error for a %s', (_name, duration, zone, code) => {
    expect(() => addWaitDuration(new Date(0), duration, zone)).toThrow(expect.objectContaining({ code }));
  });

  it('throws a coded error for an invalid start', () => {
    expect(() => addWaitDuration(new Date(Number.NaN), 'P1D', 'UTC')).toThrow(expect.objectContaining({ code: 'INVALID_INSTANT' }));
  });

  it('a whole number of days keeps the local wall time unless it fell in a gap, and always moves forward', () => {
    fc.assert(
      fc.property(instantArb, fc.constantFrom(...PROPERTY_ZONES), fc.integer({ min: 1, max: 60 }), (from, zone, days) => {
        const result = addWaitDuration(new Date(from), `P${days}D`, zone).getTime();
        const before = intlReading(from, zone);
        const after = intlReading(result, zone);
        expect(result).toBeGreaterThan(from);
        // The local date moves by exactly `days`.
        expect((Date.parse(after.date) - Date.parse(before.date)) / 86_400_000).toBe(days);
        // Same reading, or later only when a spring-forward skipped it (then the clock has jumped just now).
        if (after.msOfDay !== before.msOfDay) {
          expect(after.msOfDay).toBeGreaterThan(before.msOfDay);
          const justBefore = intlReading(result - 1, zone);
          // (Santiago's gap starts at midnight, so "just before" may be the previous date: count it as negative.)
          expect(justBefore.date === after.date ? justBefore.msOfDay : justBefore.msOfDay - 86_400_000).toBeLessThan(before.msOfDay);
        }
      }),
      { numRuns: 300 },
    );
  });
});
