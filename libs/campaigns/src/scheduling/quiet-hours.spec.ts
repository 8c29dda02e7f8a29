import fc from 'fast-check';
import { DEFAULT_SMS_WINDOW, isInsideWindow, quietHoursRelease, type SendWindow } from './quiet-hours';
import { instantArb, localTimeArb, PROPERTY_ZONES } from './testing/arbitraries';
import { intlHhmm } from './testing/intl-clock';

const MINUTE = 60_000;
const SMS = DEFAULT_SMS_WINDOW;
const release = (at: string, zone: string, window: SendWindow) => quietHoursRelease(new Date(at), zone, window)?.toISOString() ?? null;

describe('quietHoursRelease', () => {
  // New York EDT −4 in July; 2026-03-08 02:00 EST → 03:00 EDT (07:00Z); 2026-11-01 02:00 EDT → 01:00 EST (06:00Z).
  it.each([
    ['08:00 EDT is the opening minute: allowed', '2026-07-15T12:00:00.000Z', 'America/New_York', SMS, null],
    ['07:59 EDT: held until 08:00 EDT = 12:00Z', '2026-07-15T11:59:00.000Z', 'America/New_York', SMS, '2026-07-15T12:00:00.000Z'],
    ['07:59:59.999 EDT: held one millisecond', '2026-07-15T11:59:59.999Z', 'America/New_York', SMS, '2026-07-15T12:00:00.000Z'],
    ['20:59 EDT: still allowed', '2026-07-16T00:59:00.000Z', 'America/New_York', SMS, null],
    ['21:00 EDT is closed (end exclusive): next morning 08:00 EDT', '2026-07-16T01:00:00.000Z', 'America/New_York', SMS, '2026-07-16T12:00:00.000Z'],
    ['midnight EST on the spring-forward day: 08:00 EDT = 12:00Z, 7 h later', '2026-03-08T05:00:00.000Z', 'America/New_York', SMS, '2026-03-08T12:00:00.000Z'],
    ['midnight EDT on the fall-back day: 08:00 EST = 13:00Z, 9 h later', '2026-11-01T04:00:00.000Z', 'America/New_York', SMS, '2026-11-01T13:00:00.000Z'],
    ['London 00:30 GMT on 03-29: 08:00 BST = 07:00Z', '2026-03-29T00:30:00.000Z', 'Europe/London', SMS, '2026-03-29T07:00:00.000Z'],
    ['Auckland 07:00 NZST Monday (Sunday 19:00Z): 08:00 NZST = 20:00Z', '2026-06-14T19:00:00.000Z', 'Pacific/Auckland', SMS, '2026-06-14T20:00:00.000Z'],
    ['Kathmandu +05:45: 05:45 local (00:00Z) → 08:00 = 02:15Z', '2026-07-15T00:00:00.000Z', 'Asia/Kathmandu', SMS, '2026-07-15T02:15:00.000Z'],
    ['wrapping 20:00–02:00, at 12:00 EDT: 20:00 EDT = 00:00Z next UTC day', '2026-07-15T16:00:00.000Z', 'America/New_York', { start: '20:00', end: '02:00' }, '2026-07-16T00:00:00.000Z'],
    ['wrapping 20:00–02:00, at 20:00 EDT: allowed', '2026-07-16T00:00:00.000Z', 'America/New_York', { start: '20:00', end: '02:00' }, null],
    ['wrapping 20:00–02:00, at 01:30 EDT: allowed (after midnight)', '2026-07-16T05:30:00.000Z', 'America/New_York', { start: '20:00', end: '02:00' }, null],
    ['wrapping 20:00–02:00, at 02:00 EDT: closed until 20:00 EDT that evening', '2026-07-16T06:00:00.000Z', 'America/New_York', { start: '20:00', end: '02:00' }, '2026-07-17T00:00:00.000Z'],
    ['start = end is always allowed', '2026-07-16T06:00:00.000Z', 'America/New_York', { start: '09:00', end: '09:00' }, null],
    ['opening inside the gap: 02:30–06:00 on 03-08 opens at 03:00 EDT = 07:00Z', '2026-03-08T06:30:00.000Z', 'America/New_York', { start: '02:30', end: '06:00' }, '2026-03-08T07:00:00.000Z'],
    ['a window wholly inside the gap (02:15–02:45) never opens on 03-08: 03-09 02:15 EDT = 06:15Z', '2026-03-08T06:30:00.000Z', 'America/New_York', { start: '02:15', end: '02:45' }, '2026-03-09T06:15:00.000Z'],
    ['opening in the repeated hour: 01:10 EST (06:10Z, second pass) → 01:30 EST = 06:30Z, same night', '2026-11-01T06:10:00.000Z', 'America/New_York', { start: '01:30', end: '08:00' }, '2026-11-01T06:30:00.000Z'],
    ['fall-back re-entry: 22:00–01:30 closed at 01:45 EDT (05:45Z); at 06:00Z the clock reads 01:00 EST, inside again', '2026-11-01T05:45:00.000Z', 'America/New_York', { start: '22:00', end: '01:30' }, '2026-11-01T06:00:00.000Z'],
    ['Lord Howe 02:10–09:00, at 01:30 +10:30 on 10-04 (15:00Z): 02:10 is skipped, opens at 02:30 +11 = 15:30Z', '2026-10-03T15:00:00.000Z', 'Australia/Lord_Howe', { start: '02:10', end: '09:00' }, '2026-10-03T15:30:00.000Z'],
  ])('%s', (_name, at, zone, window, expected) => {
    expect(release(at, zone, window)).toBe(expected);
    expect(isInsideWindow(new Date(at), zone, window)).toBe(expected === null);
  });

  it.each([
    ['bad start', { start: '8:00', end: '21:00' }, 'America/New_York', 'INVALID_LOCAL_TIME'],
    ['bad end', { start: '08:00', end: '24:00' }, 'America/New_York', 'INVALID_LOCAL_TIME'],
    ['bad zone', SMS, 'Atlantis/Capital', 'INVALID_TIME_ZONE'],
  ])('throws a coded error for a %s', (_name, window, zone, code) => {
    expect(() => quietHoursRelease(new Date(0), zone, window)).toThrow(expect.objectContaining({ code }));
  });

  it('throws a coded error for an invalid Date', () => {
    expect(() => quietHoursRelease(new Date(Number.NaN), 'UTC', SMS)).toThrow(expect.objectContaining({ code: 'INVALID_INSTANT' }));
    expect(() => isInsideWindow(new Date(Number.NaN), 'UTC', SMS)).toThrow(expect.objectContaining({ code: 'INVALID_INSTANT' }));
  });
});

/** Inside the window by the Intl clock reading, compared as "HH:MM" strings. */
function insideByIntl(ms: number, zone: string, { start, end }: SendWindow): boolean {
  const now = intlHhmm(ms, zone);
  if (start === end) return true;
  return start < end ? now >= start && now < end : now >= start || now < end;
}

describe('quietHoursRelease properties', () => {
  it('is null exactly when inside; otherwise the first whole minute after `at` whose wall clock is inside the window', () => {
    // Offsets and DST changes fall on whole minutes, and the window's bounds are whole minutes, so inside/outside can only
    // change on a minute boundary: scanning minute by minute is an exact, independent oracle.
    fc.assert(
      fc.property(instantArb, fc.constantFrom(...PROPERTY_ZONES), localTimeArb, localTimeArb, (at, zone, start, end) => {
        const window = { start, end };
        const result = quietHoursRelease(new Date(at), zone, window);
        expect(result === null).toBe(insideByIntl(at, zone, window));
        if (result === null) return;
        let expected = Math.floor(at / MINUTE) * MINUTE + MINUTE;
        while (!insideByIntl(expected, zone, window)) expected += MINUTE;
        expect(result.toISOString()).toBe(new Date(expected).toISOString());
      }),
      { numRuns: 250 },
    );
  });
});
