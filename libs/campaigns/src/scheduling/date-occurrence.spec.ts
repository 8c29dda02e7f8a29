import fc from 'fast-check';
import { nextDateOccurrence, type DateOccurrenceInput } from './date-occurrence';
import { intlOffsetMinutes, intlReading } from './testing/intl-clock';

const NY = 'America/New_York';
const occurrence = (input: Omit<DateOccurrenceInput, 'after'> & { after: string }) => {
  const { fireAt, occurrence: key } = nextDateOccurrence({ ...input, after: new Date(input.after) });
  return { fireAt: fireAt.toISOString(), occurrence: key };
};

describe('nextDateOccurrence', () => {
  // New York: EST −5 / EDT −4. DST 2026 from 03-08, 2027 from 03-14 (second Sundays: 2027-03-01 is a Monday), so
  // 09:00 on Mar 14 is EDT in both years; late December and January are EST. Auckland NZST +12 in July.
  // 2028 is a leap year (divisible by 4, not by 100); 2026, 2027 and 2029 are not.
  it.each([
    ['birthday later this year: 2026-03-14 09:00 EDT = 13:00Z', { date: '1990-03-14', offsetDays: 0, localTime: '09:00', zone: NY, after: '2026-01-10T00:00:00.000Z' }, '2026-03-14T13:00:00.000Z', '2026-03-14'],
    ['at-or-after: exactly the fire instant returns it', { date: '1990-03-14', offsetDays: 0, localTime: '09:00', zone: NY, after: '2026-03-14T13:00:00.000Z' }, '2026-03-14T13:00:00.000Z', '2026-03-14'],
    ['one millisecond later: next year (2027-03-14 is the DST day, 09:00 already EDT)', { date: '1990-03-14', offsetDays: 0, localTime: '09:00', zone: NY, after: '2026-03-14T13:00:00.001Z' }, '2027-03-14T13:00:00.000Z', '2027-03-14'],
    ['a week before: 2026-03-07 09:00 EST = 14:00Z, keyed by the birthday', { date: '1990-03-14', offsetDays: -7, localTime: '09:00', zone: NY, after: '2026-01-10T00:00:00.000Z' }, '2026-03-07T14:00:00.000Z', '2026-03-14'],
    ['offset before New Year: Jan 3 − 7 days = Dec 27 2026 09:00 EST, keyed 2027-01-03', { date: '1985-01-03', offsetDays: -7, localTime: '09:00', zone: NY, after: '2026-12-01T00:00:00.000Z' }, '2026-12-27T14:00:00.000Z', '2027-01-03'],
    ['same, from early January: the 2026 anchor fired on 2025-12-27, so the next is Dec 27 2026', { date: '1985-01-03', offsetDays: -7, localTime: '09:00', zone: NY, after: '2026-01-01T00:00:00.000Z' }, '2026-12-27T14:00:00.000Z', '2027-01-03'],
    ['same, just after it fired: Dec 27 2027, keyed 2028-01-03', { date: '1985-01-03', offsetDays: -7, localTime: '09:00', zone: NY, after: '2026-12-27T14:00:00.001Z' }, '2027-12-27T14:00:00.000Z', '2028-01-03'],
    ['offset after New Year: Dec 30 + 7 = Jan 6 2026, keyed by the 2025 birthday', { date: '1970-12-30', offsetDays: 7, localTime: '09:00', zone: NY, after: '2026-01-01T00:00:00.000Z' }, '2026-01-06T14:00:00.000Z', '2025-12-30'],
    ['Feb 29 in a common year falls on Feb 28', { date: '2000-02-29', offsetDays: 0, localTime: '09:00', zone: NY, after: '2027-01-01T00:00:00.000Z' }, '2027-02-28T14:00:00.000Z', '2027-02-28'],
    ['Feb 29 in a leap year is Feb 29', { date: '2000-02-29', offsetDays: 0, localTime: '09:00', zone: NY, after: '2027-03-01T00:00:00.000Z' }, '2028-02-29T14:00:00.000Z', '2028-02-29'],
    ['Feb 29 + 1 day in a common year: Feb 28 + 1 = Mar 1 2027', { date: '2000-02-29', offsetDays: 1, localTime: '09:00', zone: NY, after: '2027-01-01T00:00:00.000Z' }, '2027-03-01T14:00:00.000Z', '2027-02-28'],
    ['Mar 1 − 1 day in 2028 is Feb 29', { date: '1999-03-01', offsetDays: -1, localTime: '09:00', zone: NY, after: '2028-01-01T00:00:00.000Z' }, '2028-02-29T14:00:00.000Z', '2028-03-01'],
    ['Mar 1 − 1 day in 2027 is Feb 28', { date: '1999-03-01', offsetDays: -1, localTime: '09:00', zone: NY, after: '2027-01-01T00:00:00.000Z' }, '2027-02-28T14:00:00.000Z', '2027-03-01'],
    ['a birthday on the spring-forward day at 02:30: first instant after the gap, 03:00 EDT = 07:00Z', { date: '1990-03-08', offsetDays: 0, localTime: '02:30', zone: NY, after: '2026-01-01T00:00:00.000Z' }, '2026-03-08T07:00:00.000Z', '2026-03-08'],
    ['Auckland: 09:00 NZST on Jul 4 is Jul 3 21:00Z, keyed by the local date', { date: '1985-07-04', offsetDays: 0, localTime: '09:00', zone: 'Pacific/Auckland', after: '2026-07-03T20:00:00.000Z' }, '2026-07-03T21:00:00.000Z', '2026-07-04'],
    ['Auckland, after the local fire time although still Jul 3 in UTC: next year', { date: '1985-07-04', offsetDays: 0, localTime: '09:00', zone: 'Pacific/Auckland', after: '2026-07-03T21:30:00.000Z' }, '2027-07-03T21:00:00.000Z', '2027-07-04'],
    ['a large offset, +300 days: Jan 10 2026 + 300 = Nov 6 2026 09:00 EST', { date: '1990-01-10', offsetDays: 300, localTime: '09:00', zone: NY, after: '2026-06-01T00:00:00.000Z' }, '2026-11-06T14:00:00.000Z', '2026-01-10'],
  ])('%s', (_name, input, fireAt, key) => {
    expect(occurrence(input)).toEqual({ fireAt, occurrence: key });
  });

  it.each([
    ['a fractional offset', { offsetDays: 1.5 }, 'INVALID_DATE_TRIGGER'],
    ['an offset over a year', { offsetDays: 366 }, 'INVALID_DATE_TRIGGER'],
    ['a month 13', { date: '1990-13-01' }, 'INVALID_DATE_TRIGGER'],
    ['April 31', { date: '1990-04-31' }, 'INVALID_DATE_TRIGGER'],
    ['not a date', { date: 'March 14' }, 'INVALID_DATE_TRIGGER'],
    ['a bad local time', { localTime: '9am' }, 'INVALID_LOCAL_TIME'],
    ['a bad zone', { zone: 'Gondor/Minas_Tirith' }, 'INVALID_TIME_ZONE'],
    ['an invalid after', { after: new Date(Number.NaN) }, 'INVALID_INSTANT'],
  ])('throws a coded error for %s', (_name, patch, code) => {
    const input = { date: '1990-03-14', offsetDays: 0, localTime: '09:00', zone: NY, after: new Date('2026-01-01T00:00:00Z'), ...patch };
    expect(() => nextDateOccurrence(input)).toThrow(expect.objectContaining({ code }));
  });

  it('fires once per year: stepping past each fire gives consecutive anchor years', () => {
    let after = new Date('2026-01-01T00:00:00Z');
    const keys: string[] = [];
    for (let i = 0; i < 5; i++) {
      const next = nextDateOccurrence({ date: '2004-02-29', offsetDays: -3, localTime: '10:00', zone: 'Europe/London', after });
      keys.push(next.occurrence);
      after = new Date(next.fireAt.getTime() + 1);
    }
    // 2028 is leap, so its anchor is the 29th; the others fall on the 28th.
    expect(keys).toEqual(['2026-02-28', '2027-02-28', '2028-02-29', '2029-02-28', '2030-02-28']);
  });
});

describe('nextDateOccurrence properties', () => {
  const dateArb = fc.tuple(fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 31 })).filter(([m, d]) => d <= [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1]);
  // Daytime hours only: no DST change in these zones happens between 06:00 and 22:00, so the reading is exact.
  const zones = ['America/New_York', 'Europe/London', 'Pacific/Auckland', 'Australia/Lord_Howe', 'Asia/Kathmandu'];

  it('fires on anchor + offset at the local time, at or after `after`, and the previous anchor year fired before `after`', () => {
    fc.assert(
      fc.property(
        dateArb,
        fc.integer({ min: -365, max: 365 }),
        fc.integer({ min: 6, max: 21 }),
        fc.constantFrom(...zones),
        fc.integer({ min: Date.parse('2020-01-01T00:00:00Z'), max: Date.parse('2035-01-01T00:00:00Z') }),
        ([month, day], offsetDays, hour, zone, after) => {
          const date = `2000-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
          const localTime = `${String(hour).padStart(2, '0')}:00`;
          const result = nextDateOccurrence({ date, offsetDays, localTime, zone, after: new Date(after) });
          expect(result.fireAt.getTime()).toBeGreaterThanOrEqual(after);
          const reading = intlReading(result.fireAt.getTime(), zone);
          expect(reading.hhmm).toBe(localTime);
          // The fire date is the anchor plus the offset, by plain calendar arithmetic on the key.
          expect((Date.parse(reading.date) - Date.parse(result.occurrence)) / 86_400_000).toBe(offsetDays);
          const [y, m, d] = result.occurrence.split('-').map(Number);
          const leap = (year: number) => (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
          expect([m, d]).toEqual(month === 2 && day === 29 && !leap(y) ? [2, 28] : [month, day]);
          // Minimal: the previous anchor year's fire, found here by plain date arithmetic and the Intl offset, was before `after`.
          const prevDay = month === 2 && day === 29 && !leap(y - 1) ? 28 : day;
          const naive = Date.UTC(y - 1, month - 1, prevDay + offsetDays, hour);
          const guess = naive - intlOffsetMinutes(naive, zone) * 60_000;
          const previousFire = naive - intlOffsetMinutes(guess, zone) * 60_000;
          expect(intlReading(previousFire, zone).hhmm).toBe(localTime);
          expect(previousFire).toBeLessThan(after);
        },
      ),
      { numRuns: 300 },
    );
  });
});
