import { SchedulingError } from './scheduling.errors';
import { localTimeProblem, offsetTransitions, parseLocalTime, resolveWallTime, wallInstants, zoneFor } from './wall-clock';

const iso = (ms: number) => new Date(ms).toISOString();

describe('parseLocalTime / localTimeProblem', () => {
  it.each([
    ['00:00', 0, 0],
    ['09:30', 9, 30],
    ['23:59', 23, 59],
    ['12:05', 12, 5],
  ])('%s is hour %i minute %i', (text, hour, minute) => {
    expect(parseLocalTime(text)).toEqual({ hour, minute });
    expect(localTimeProblem(text)).toBeUndefined();
  });

  it.each(['24:00', '9:30', '09:3', '09:60', '0930', '09:30:00', ' 09:30', '09:30 ', 'noon', '', '-1:00', '１２:００'])('rejects %p', (text) => {
    expect(typeof parseLocalTime(text)).toBe('string');
    expect(localTimeProblem(text)).toMatch(/HH:MM/);
  });
});

describe('zoneFor', () => {
  it.each([
    ['the customer zone when valid', 'Europe/London', 'America/New_York', 'Europe/London'],
    ['the business zone when the customer has none (null)', null, 'America/New_York', 'America/New_York'],
    ['the business zone when the customer has none (undefined)', undefined, 'Pacific/Auckland', 'Pacific/Auckland'],
    ['the business zone for an empty string', '', 'Europe/London', 'Europe/London'],
    ['the business zone for a made-up zone', 'Mars/Olympus_Mons', 'Europe/London', 'Europe/London'],
    ['the business zone for an offset, which is not an IANA name', '+02:00', 'Europe/London', 'Europe/London'],
    ['UTC itself', 'UTC', 'Europe/London', 'UTC'],
  ])('%s', (_name, customer, business, expected) => {
    expect(zoneFor(customer, business)).toBe(expected);
  });

  it('throws a coded error when the business zone is invalid too', () => {
    expect(() => zoneFor('Nowhere/Land', 'Also/Nowhere')).toThrow(SchedulingError);
    expect(() => zoneFor(null, 'Also/Nowhere')).toThrow(expect.objectContaining({ code: 'INVALID_TIME_ZONE' }));
  });
});

describe('wallInstants / resolveWallTime', () => {
  // Rules (tzdata 2025): New York EST −5 / EDT −4, 2nd Sunday of March 02:00 → 03:00, 1st Sunday of November 02:00 → 01:00.
  // London GMT / BST +1, last Sunday of March and October at 01:00 UTC. Auckland NZST +12 / NZDT +13, last Sunday of
  // September 02:00 → 03:00, 1st Sunday of April 03:00 → 02:00. Lord Howe +10:30 / +11, 30-minute shift, 1st Sunday
  // of October 02:00 → 02:30, 1st Sunday of April 02:00 → 01:30.
  it.each([
    ['NY an ordinary winter time: 09:00 EST = 14:00Z', 'America/New_York', [2026, 1, 15, 9, 0], ['2026-01-15T14:00:00.000Z'], false],
    ['NY the minute before the gap: 01:59 EST = 06:59Z', 'America/New_York', [2026, 3, 8, 1, 59], ['2026-03-08T06:59:00.000Z'], false],
    ['NY 02:30 on 2026-03-08 is in the gap: first instant after it, 03:00 EDT = 07:00Z', 'America/New_York', [2026, 3, 8, 2, 30], ['2026-03-08T07:00:00.000Z'], true],
    ['NY 02:00 on 2026-03-08 is the gap start, also skipped → 07:00Z', 'America/New_York', [2026, 3, 8, 2, 0], ['2026-03-08T07:00:00.000Z'], true],
    ['NY 03:00 EDT is real: 07:00Z', 'America/New_York', [2026, 3, 8, 3, 0], ['2026-03-08T07:00:00.000Z'], false],
    ['NY 01:30 on 2026-11-01 happens twice: 01:30 EDT = 05:30Z, 01:30 EST = 06:30Z', 'America/New_York', [2026, 11, 1, 1, 30], ['2026-11-01T05:30:00.000Z', '2026-11-01T06:30:00.000Z'], false],
    ['NY 02:00 on 2026-11-01 only as EST (02:00 EDT would be the 06:00Z switch, which reads 01:00 EST): 07:00Z', 'America/New_York', [2026, 11, 1, 2, 0], ['2026-11-01T07:00:00.000Z'], false],
    ['London 01:30 on 2026-03-29 is in the 01:00→02:00 gap: 02:00 BST = 01:00Z', 'Europe/London', [2026, 3, 29, 1, 30], ['2026-03-29T01:00:00.000Z'], true],
    ['London 01:30 on 2026-10-25 twice: BST 00:30Z, GMT 01:30Z', 'Europe/London', [2026, 10, 25, 1, 30], ['2026-10-25T00:30:00.000Z', '2026-10-25T01:30:00.000Z'], false],
    ['Auckland 08:00 NZST on 2026-06-15 is the 14th in UTC: 20:00Z', 'Pacific/Auckland', [2026, 6, 15, 8, 0], ['2026-06-14T20:00:00.000Z'], false],
    ['Auckland 02:30 on 2026-04-05 twice: NZDT 13:30Z, NZST 14:30Z (4th)', 'Pacific/Auckland', [2026, 4, 5, 2, 30], ['2026-04-04T13:30:00.000Z', '2026-04-04T14:30:00.000Z'], false],
    ['Auckland 02:30 on 2026-09-27 is in the gap: 03:00 NZDT = 14:00Z (26th)', 'Pacific/Auckland', [2026, 9, 27, 2, 30], ['2026-09-26T14:00:00.000Z'], true],
    ['Lord Howe 02:15 on 2026-10-04 is in the half-hour gap: 02:30 +11 = 15:30Z (3rd)', 'Australia/Lord_Howe', [2026, 10, 4, 2, 15], ['2026-10-03T15:30:00.000Z'], true],
    ['Lord Howe 01:45 on 2026-04-05 twice: +11 → 14:45Z, +10:30 → 15:15Z (4th)', 'Australia/Lord_Howe', [2026, 4, 5, 1, 45], ['2026-04-04T14:45:00.000Z', '2026-04-04T15:15:00.000Z'], false],
    ['Kolkata has no DST, +05:30: 12:00 = 06:30Z', 'Asia/Kolkata', [2026, 7, 1, 12, 0], ['2026-07-01T06:30:00.000Z'], false],
  ])('%s', (_name, zone, [year, month, day, hour, minute], expected, inGap) => {
    const result = wallInstants({ year, month, day, hour, minute }, zone);
    expect(result.instants.map(iso)).toEqual(expected);
    expect(result.inGap).toBe(inGap);
    expect(resolveWallTime({ year, month, day, hour, minute }, zone).toISOString()).toBe(expected[0]);
  });

  it('keeps seconds and milliseconds of the reading', () => {
    expect(resolveWallTime({ year: 2026, month: 1, day: 15, hour: 9, minute: 0, second: 7, millisecond: 250 }, 'America/New_York').toISOString()).toBe('2026-01-15T14:00:07.250Z');
  });

  it('rejects an invalid zone with a coded error', () => {
    expect(() => resolveWallTime({ year: 2026, month: 1, day: 1, hour: 0, minute: 0 }, 'Not/A_Zone')).toThrow(expect.objectContaining({ code: 'INVALID_TIME_ZONE' }));
  });
});

describe('offsetTransitions', () => {
  it.each([
    ['New York 2026', 'America/New_York', '2026-01-01T00:00:00Z', '2027-01-01T00:00:00Z', ['2026-03-08T07:00:00.000Z', '2026-11-01T06:00:00.000Z']],
    ['London 2026', 'Europe/London', '2026-01-01T00:00:00Z', '2027-01-01T00:00:00Z', ['2026-03-29T01:00:00.000Z', '2026-10-25T01:00:00.000Z']],
    ['Lord Howe 2026', 'Australia/Lord_Howe', '2026-01-01T00:00:00Z', '2027-01-01T00:00:00Z', ['2026-04-04T15:00:00.000Z', '2026-10-03T15:30:00.000Z']],
    ['a transition exactly at the start is included', 'America/New_York', '2026-03-08T07:00:00Z', '2026-03-09T00:00:00Z', ['2026-03-08T07:00:00.000Z']],
    ['Kolkata: none', 'Asia/Kolkata', '2026-01-01T00:00:00Z', '2027-01-01T00:00:00Z', []],
  ])('%s', (_name, zone, from, to, expected) => {
    expect(offsetTransitions(zone, Date.parse(from), Date.parse(to)).map(iso)).toEqual(expected);
  });
});
