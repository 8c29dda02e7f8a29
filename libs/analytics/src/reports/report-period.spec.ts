import { reportInstant } from './report-period';

const iso = (text: string, zone: string) => reportInstant(text, zone).toISOString();

describe('report periods in the business\'s time zone', () => {
  it('a date is the local midnight: Tokyo +9, Chicago −6 in winter and −5 in summer, UTC itself', () => {
    expect(iso('2026-12-01', 'Asia/Tokyo')).toBe('2026-11-30T15:00:00.000Z');
    expect(iso('2026-12-01', 'America/Chicago')).toBe('2026-12-01T06:00:00.000Z');
    expect(iso('2026-07-01', 'America/Chicago')).toBe('2026-07-01T05:00:00.000Z');
    expect(iso('2026-12-01', 'UTC')).toBe('2026-12-01T00:00:00.000Z');
    expect(iso('2026-12-01', 'Asia/Kolkata')).toBe('2026-11-30T18:30:00.000Z');
  });

  it('around Chicago\'s DST changes (8 March and 1 November 2026): the 23- and 25-hour days', () => {
    expect([iso('2026-03-08', 'America/Chicago'), iso('2026-03-09', 'America/Chicago')]).toEqual(['2026-03-08T06:00:00.000Z', '2026-03-09T05:00:00.000Z']);
    expect([iso('2026-11-01', 'America/Chicago'), iso('2026-11-02', 'America/Chicago')]).toEqual(['2026-11-01T05:00:00.000Z', '2026-11-02T06:00:00.000Z']);
    // 02:30 on 8 March does not exist: read with the offset before the change, 03:30 CDT.
    expect(iso('2026-03-08T02:30', 'America/Chicago')).toBe('2026-03-08T08:30:00.000Z');
    // 01:30 on 1 November happens twice: the first (CDT).
    expect(iso('2026-11-01T01:30', 'America/Chicago')).toBe('2026-11-01T06:30:00.000Z');
  });

  it('a wall time without an offset is local; with Z or an offset it is that instant; nonsense is invalid', () => {
    expect(iso('2026-12-01T09:30', 'Asia/Tokyo')).toBe('2026-12-01T00:30:00.000Z');
    expect(iso('2026-12-01T09:30:15.250', 'Asia/Tokyo')).toBe('2026-12-01T00:30:15.250Z');
    expect(iso('2026-12-01T00:00:00Z', 'Asia/Tokyo')).toBe('2026-12-01T00:00:00.000Z');
    expect(iso('2026-12-01T00:00:00+01:00', 'Asia/Tokyo')).toBe('2026-11-30T23:00:00.000Z');
    expect(Number.isNaN(reportInstant('2026-02-30', 'Asia/Tokyo').getTime())).toBe(true);
    expect(Number.isNaN(reportInstant('yesterday', 'Asia/Tokyo').getTime())).toBe(true);
  });
});
