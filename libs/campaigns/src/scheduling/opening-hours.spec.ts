import type { OpeningHours } from '@localreach/core';
import { isWithinOpeningHours } from './opening-hours';

// The store from the locations e2e spec: a Friday night shift past midnight and a Saturday lunch break.
const ELM_STREET: OpeningHours = { mon: [['07:00', '18:00']], fri: [['18:00', '02:00']], sat: [['08:00', '12:00'], ['13:00', '16:00']] };
const CHICAGO = 'America/Chicago';

describe('isWithinOpeningHours', () => {
  // Chicago is CDT (−5) in July: local = UTC − 5 h. 2026-07-13 is a Monday (July 1 2026 is a Wednesday), so
  // Fri = 07-17, Sat = 07-18, Sun = 07-19.
  it.each([
    ['Mon 07:00, the opening minute', '2026-07-13T12:00:00Z', true],
    ['Mon 06:59, before opening', '2026-07-13T11:59:00Z', false],
    ['Mon 17:59', '2026-07-13T22:59:00Z', true],
    ['Mon 18:00, closing is exclusive', '2026-07-13T23:00:00Z', false],
    ['Tue 01:00: Monday does not run past midnight, Tuesday has no hours', '2026-07-14T06:00:00Z', false],
    ['Fri 17:59, before the night opening', '2026-07-17T22:59:00Z', false],
    ['Fri 18:00', '2026-07-17T23:00:00Z', true],
    ['Fri 23:59 (Saturday in UTC)', '2026-07-18T04:59:00Z', true],
    ['Sat 00:00, still Friday\'s range', '2026-07-18T05:00:00Z', true],
    ['Sat 01:59, still Friday\'s range', '2026-07-18T06:59:00Z', true],
    ['Sat 02:00, Friday\'s range closed', '2026-07-18T07:00:00Z', false],
    ['Sat 08:00', '2026-07-18T13:00:00Z', true],
    ['Sat 12:30, lunch break', '2026-07-18T17:30:00Z', false],
    ['Sat 13:00, after lunch', '2026-07-18T18:00:00Z', true],
    ['Sat 16:00, closed', '2026-07-18T21:00:00Z', false],
    ['Sun 10:00, no Sunday hours', '2026-07-19T15:00:00Z', false],
  ])('Elm Street (Chicago) %s → %s', (_name, at, open) => {
    expect(isWithinOpeningHours(new Date(at), CHICAGO, ELM_STREET)).toBe(open);
  });

  it.each<[string, OpeningHours, string, string, boolean]>([
    // 2026-07-13 Monday 02:30 CDT = 07:30Z: inside Sunday 22:00–03:00 (the week wraps from sun to mon).
    ['Sunday night into Monday', { sun: [['22:00', '03:00']] }, CHICAGO, '2026-07-13T07:30:00Z', true],
    ['Sunday night range, Monday 03:00 is closed', { sun: [['22:00', '03:00']] }, CHICAGO, '2026-07-13T08:00:00Z', false],
    // Thursday 2026-07-16 23:59 CDT = 07-17 04:59Z; Friday 00:00 = 05:00Z. A close of 00:00 means until midnight.
    ['close "00:00" covers up to midnight', { thu: [['20:00', '00:00']] }, CHICAGO, '2026-07-17T04:59:00Z', true],
    ['close "00:00" ends at midnight', { thu: [['20:00', '00:00']] }, CHICAGO, '2026-07-17T05:00:00Z', false],
    // Auckland NZST +12: 2026-06-14T22:00Z is Monday 2026-06-15 10:00 local, still Sunday in UTC.
    ['the local weekday counts, not the UTC one', { mon: [['09:00', '17:00']] }, 'Pacific/Auckland', '2026-06-14T22:00:00Z', true],
    ['the UTC weekday would say Sunday', { sun: [['09:00', '17:00']] }, 'Pacific/Auckland', '2026-06-14T22:00:00Z', false],
    // Chicago 2026-03-08 (Sunday) 02:00 CST → 03:00 CDT at 08:00Z; 08:30Z reads 03:30 CDT.
    ['read on the wall clock across spring-forward', { sun: [['03:00', '04:00']] }, CHICAGO, '2026-03-08T08:30:00Z', true],
    // Chicago 2026-11-01 (Sunday) 02:00 CDT → 01:00 CST at 07:00Z: 01:30 reads twice (06:30Z and 07:30Z); both are open.
    ['the repeated hour on fall-back, first pass', { sun: [['01:00', '02:00']] }, CHICAGO, '2026-11-01T06:30:00Z', true],
    ['the repeated hour on fall-back, second pass', { sun: [['01:00', '02:00']] }, CHICAGO, '2026-11-01T07:30:00Z', true],
    ['no days at all is always closed', {}, CHICAGO, '2026-07-13T12:00:00Z', false],
    ['an empty day is closed', { mon: [] }, CHICAGO, '2026-07-13T12:00:00Z', false],
    ['open = close matches nothing', { mon: [['09:00', '09:00']] }, CHICAGO, '2026-07-13T14:00:00Z', false],
  ])('%s', (_name, hours, zone, at, open) => {
    expect(isWithinOpeningHours(new Date(at), zone, hours)).toBe(open);
  });

  it('throws a coded error naming the range for malformed stored hours', () => {
    const bad = { mon: [['9:00', '17:00']] } as OpeningHours;
    expect(() => isWithinOpeningHours(new Date('2026-07-13T15:00:00Z'), CHICAGO, bad)).toThrow(
      expect.objectContaining({ code: 'INVALID_OPENING_HOURS', details: [{ field: 'openingHours.mon[0]', message: 'must be ["HH:mm", "HH:mm"]' }] }),
    );
  });

  it('throws a coded error for an invalid zone or Date', () => {
    expect(() => isWithinOpeningHours(new Date(0), 'Lost/Island', ELM_STREET)).toThrow(expect.objectContaining({ code: 'INVALID_TIME_ZONE' }));
    expect(() => isWithinOpeningHours(new Date(Number.NaN), CHICAGO, ELM_STREET)).toThrow(expect.objectContaining({ code: 'INVALID_INSTANT' }));
  });
});
