import { endOfLocalDay, isCatchUp } from './catch-up';

describe('endOfLocalDay', () => {
  it.each<[string, string, string, string]>([
    ['an ordinary day in Chicago (CDT, UTC−5)', '2026-03-10T14:00:00Z', 'America/Chicago', '2026-03-11T05:00:00.000Z'],
    ['just before local midnight', '2026-03-11T04:59:59Z', 'America/Chicago', '2026-03-11T05:00:00.000Z'],
    ['local midnight starts the next day', '2026-03-11T05:00:00Z', 'America/Chicago', '2026-03-12T05:00:00.000Z'],
    // Saturday Mar 7 is on CST (UTC−6); the clocks go forward at 02:00 on Sunday, after midnight.
    ['the day before spring-forward', '2026-03-07T15:00:00Z', 'America/Chicago', '2026-03-08T06:00:00.000Z'],
    // A 23-hour day: Sunday Mar 8 00:00 CST → Monday 00:00 CDT.
    ['the spring-forward day itself', '2026-03-08T15:00:00Z', 'America/Chicago', '2026-03-09T05:00:00.000Z'],
    // Tokyo is UTC+9: 10:00 local on Mar 10 is 01:00Z; its day ends at 15:00Z.
    ['a customer in Tokyo', '2026-03-10T01:00:00Z', 'Asia/Tokyo', '2026-03-10T15:00:00.000Z'],
    // Santiago moves its clocks at midnight (2026-09-06 00:00 does not exist): the day ends at the first instant after the gap.
    ['a zone whose midnight falls in a DST gap', '2026-09-05T15:00:00Z', 'America/Santiago', '2026-09-06T04:00:00.000Z'],
  ])('%s', (_case, at, zone, end) => {
    expect(endOfLocalDay(new Date(at), zone).toISOString()).toBe(end);
  });
});

describe('isCatchUp', () => {
  const due = new Date('2026-03-10T14:00:00Z');
  it.each<[number, boolean]>([[0, false], [5 * 60_000, false], [5 * 60_000 + 1, true], [11 * 3_600_000, true], [-60_000, false]])('%d ms late → %s', (late, expected) => {
    expect(isCatchUp(due, new Date(due.getTime() + late))).toBe(expected);
  });
});
