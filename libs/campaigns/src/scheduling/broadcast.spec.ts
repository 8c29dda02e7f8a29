import { broadcastSendAt, localWallTimeToInstant, wallTimeProblem, type BroadcastTiming } from './broadcast';

const NY = 'America/New_York';
const send = (timing: BroadcastTiming) => broadcastSendAt(timing).toISOString();

describe('localWallTimeToInstant', () => {
  // New York: EST −5 / EDT −4, 2026-03-08 02:00 → 03:00 (07:00Z), 2026-11-01 02:00 → 01:00 (06:00Z). London GMT/BST,
  // 2026-03-29 01:00Z. Los Angeles PDT −7 in May. Auckland NZST +12 in May–September.
  it.each([
    ['NY 10:00 EDT = 14:00Z', '2026-05-01T10:00', NY, '2026-05-01T14:00:00.000Z'],
    ['NY with seconds', '2026-05-01T10:00:30', NY, '2026-05-01T14:00:30.000Z'],
    ['LA 10:00 PDT = 17:00Z', '2026-05-01T10:00', 'America/Los_Angeles', '2026-05-01T17:00:00.000Z'],
    ['Auckland 10:00 NZST on May 1 = Apr 30 22:00Z', '2026-05-01T10:00', 'Pacific/Auckland', '2026-04-30T22:00:00.000Z'],
    ['NY gap: 02:30 on 03-08 → 03:00 EDT = 07:00Z', '2026-03-08T02:30', NY, '2026-03-08T07:00:00.000Z'],
    ['NY overlap: 01:30 on 11-01 → the earlier, EDT = 05:30Z', '2026-11-01T01:30', NY, '2026-11-01T05:30:00.000Z'],
    ['London gap: 01:30 on 03-29 → 02:00 BST = 01:00Z', '2026-03-29T01:30', 'Europe/London', '2026-03-29T01:00:00.000Z'],
    ['leap day in Auckland: 2028-02-29 09:00 NZDT (+13) = 02-28 20:00Z', '2028-02-29T09:00', 'Pacific/Auckland', '2028-02-28T20:00:00.000Z'],
  ])('%s', (_name, wall, zone, expected) => {
    expect(localWallTimeToInstant(wall, zone).toISOString()).toBe(expected);
    expect(wallTimeProblem(wall)).toBeUndefined();
  });

  it.each(['2026-05-01 10:00', '2026-05-01T10', '2026-05-01T25:00', '2026-02-30T10:00', '2027-02-29T10:00', '2026-05-01T10:00Z', '2026-05-01T10:00+02:00', ''])(
    'rejects %p',
    (wall) => {
      expect(wallTimeProblem(wall)).toMatch(/YYYY-MM-DDTHH:MM/);
      expect(() => localWallTimeToInstant(wall, NY)).toThrow(expect.objectContaining({ code: 'INVALID_WALL_TIME' }));
    },
  );
});

describe('broadcastSendAt', () => {
  const instant = new Date('2026-05-01T14:00:00.000Z'); // 10:00 EDT in New York
  it.each<[string, BroadcastTiming, string]>([
    ['a Date, business time: unchanged', { at: instant, recipientLocalTime: false, businessZone: NY, recipientZone: 'Europe/London' }, '2026-05-01T14:00:00.000Z'],
    ['a local string, business time: read in the business zone (10:00 EDT)', { at: '2026-05-01T10:00', recipientLocalTime: false, businessZone: NY, recipientZone: 'Europe/London' }, '2026-05-01T14:00:00.000Z'],
    ['an instant string with offset: that instant (10:00+02:00 = 08:00Z)', { at: '2026-05-01T10:00:00+02:00', recipientLocalTime: false, businessZone: NY }, '2026-05-01T08:00:00.000Z'],
    ['an instant string with milliseconds and a −04:00 offset', { at: '2026-05-01T10:00:00.250-04:00', recipientLocalTime: false, businessZone: NY }, '2026-05-01T14:00:00.250Z'],
    ['an instant string with Z', { at: '2026-05-01T14:00:00Z', recipientLocalTime: false, businessZone: NY }, '2026-05-01T14:00:00.000Z'],
    ['recipient time, LA: 10:00 PDT = 17:00Z', { at: '2026-05-01T10:00', recipientLocalTime: true, businessZone: NY, recipientZone: 'America/Los_Angeles' }, '2026-05-01T17:00:00.000Z'],
    ['recipient time from a Date: its NY reading 10:00, in London 10:00 BST = 09:00Z', { at: instant, recipientLocalTime: true, businessZone: NY, recipientZone: 'Europe/London' }, '2026-05-01T09:00:00.000Z'],
    ['recipient time from an offset string: 14:00Z reads 10:00 in NY, so 10:00 PDT', { at: '2026-05-01T14:00:00Z', recipientLocalTime: true, businessZone: NY, recipientZone: 'America/Los_Angeles' }, '2026-05-01T17:00:00.000Z'],
    ['recipient time, Auckland: 10:00 NZST May 1 = Apr 30 22:00Z (before the NY send)', { at: '2026-05-01T10:00', recipientLocalTime: true, businessZone: NY, recipientZone: 'Pacific/Auckland' }, '2026-04-30T22:00:00.000Z'],
    ['recipient time, no recipient zone: business zone', { at: '2026-05-01T10:00', recipientLocalTime: true, businessZone: NY, recipientZone: null }, '2026-05-01T14:00:00.000Z'],
    ['recipient time, invalid recipient zone: business zone', { at: '2026-05-01T10:00', recipientLocalTime: true, businessZone: NY, recipientZone: 'Mars/Olympus' }, '2026-05-01T14:00:00.000Z'],
    ['recipient time into a gap: NY 02:30 on 03-08 → 07:00Z', { at: '2026-03-08T02:30', recipientLocalTime: true, businessZone: 'Europe/London', recipientZone: NY }, '2026-03-08T07:00:00.000Z'],
    ['London 01:30 on 03-29 is a London gap, but NY is already EDT there: 05:30Z', { at: '2026-03-29T01:30', recipientLocalTime: true, businessZone: 'Europe/London', recipientZone: NY }, '2026-03-29T05:30:00.000Z'],
    ['same wall in London itself: gap → 02:00 BST = 01:00Z', { at: '2026-03-29T01:30', recipientLocalTime: true, businessZone: 'Europe/London', recipientZone: 'Europe/London' }, '2026-03-29T01:00:00.000Z'],
  ])('%s', (_name, timing, expected) => {
    expect(send(timing)).toBe(expected);
  });

  it.each<[string, BroadcastTiming, string]>([
    ['unparseable at', { at: 'tomorrow at ten', recipientLocalTime: false, businessZone: NY }, 'INVALID_WALL_TIME'],
    ['a date without a time (its "-01" is not an offset)', { at: '2026-05-01', recipientLocalTime: false, businessZone: NY }, 'INVALID_WALL_TIME'],
    ['an invalid Date', { at: new Date(Number.NaN), recipientLocalTime: true, businessZone: NY }, 'INVALID_INSTANT'],
    ['an out-of-range local time', { at: '2026-05-01T24:30', recipientLocalTime: true, businessZone: NY }, 'INVALID_WALL_TIME'],
    ['an invalid business zone', { at: instant, recipientLocalTime: false, businessZone: 'Nope/Nope' }, 'INVALID_TIME_ZONE'],
  ])('throws a coded error for %s', (_name, timing, code) => {
    expect(() => broadcastSendAt(timing)).toThrow(expect.objectContaining({ code }));
  });
});
