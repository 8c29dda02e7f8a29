import fc from 'fast-check';
import { compareIds, compareTimelinePositions, kWayMerge, mergePage } from './timeline-merge';
import type { TimelinePosition, TimelineSource } from './timeline.types';

const at = (seconds: number, micros = 0) => `2026-03-10T15:00:${String(seconds).padStart(2, '0')}.${String(micros).padStart(6, '0')}Z`;
const pos = (atKey: string, source: TimelineSource, id: string): TimelinePosition => ({ atKey, source, id });
const numbers = (a: number, b: number) => a - b;

describe('compareIds', () => {
  it('orders bigints by value, not as text', () => {
    expect(compareIds('9', '10', 'bigint')).toBeLessThan(0);
    expect(compareIds('100', '99', 'bigint')).toBeGreaterThan(0);
    expect(compareIds('12', '12', 'bigint')).toBe(0);
  });

  it('orders uuids by their text (PostgreSQL compares their bytes, and lower-case hex sorts the same way)', () => {
    expect(compareIds('0a000000-0000-4000-8000-000000000000', '9f000000-0000-4000-8000-000000000000', 'uuid')).toBeLessThan(0);
    expect(compareIds('f0000000-0000-4000-8000-000000000000', 'a0000000-0000-4000-8000-000000000000', 'uuid')).toBeGreaterThan(0);
  });
});

describe('timeline order', () => {
  it('is newest first, then by source in tie order, then larger id first', () => {
    const shuffled = [
      pos(at(1), 'event', '5'),
      pos(at(2), 'event', '3'),
      pos(at(2), 'consent', '1'),
      pos(at(2), 'event', '10'),
      pos(at(2, 1), 'order', 'a0000000-0000-4000-8000-000000000000'),
      pos(at(2), 'enrollment_ended', 'b0000000-0000-4000-8000-000000000000'),
      pos(at(2), 'message', 'c0000000-0000-4000-8000-000000000000'),
    ];
    // Worked by hand: 15:00:02.000001 is the newest; at 15:00:02 the tie order is enrollment_ended, consent, message, …, event,
    // and event 10 before event 3 (10 > 3 as numbers).
    expect([...shuffled].sort(compareTimelinePositions)).toEqual([
      pos(at(2, 1), 'order', 'a0000000-0000-4000-8000-000000000000'),
      pos(at(2), 'enrollment_ended', 'b0000000-0000-4000-8000-000000000000'),
      pos(at(2), 'consent', '1'),
      pos(at(2), 'message', 'c0000000-0000-4000-8000-000000000000'),
      pos(at(2), 'event', '10'),
      pos(at(2), 'event', '3'),
      pos(at(1), 'event', '5'),
    ]);
  });
});

describe('kWayMerge', () => {
  it('merges sorted lists and stops after `take` items', () => {
    expect(kWayMerge([[1, 4, 9], [2, 3, 10], [], [5]], numbers, 5)).toEqual([1, 2, 3, 4, 5]);
    expect(kWayMerge([[1, 4, 9], [2, 3, 10], [], [5]], numbers, 100)).toEqual([1, 2, 3, 4, 5, 9, 10]);
    expect(kWayMerge([], numbers, 3)).toEqual([]);
    expect(kWayMerge([[7]], numbers, 0)).toEqual([]);
  });

  it('keeps equal items in the order of their lists', () => {
    const byKey = (a: { k: number }, b: { k: number }) => a.k - b.k;
    const merged = kWayMerge([[{ k: 1, from: 'b' }], [{ k: 1, from: 'c' }, { k: 2, from: 'c' }], [{ k: 1, from: 'd' }]], byKey, 4);
    expect(merged.map((x) => `${x.k}${x.from}`)).toEqual(['1b', '1c', '1d', '2c']);
  });

  it('equals sorting the concatenation, for any sorted lists', () => {
    fc.assert(
      fc.property(fc.array(fc.array(fc.integer({ min: -50, max: 50 }), { maxLength: 12 }), { maxLength: 9 }), fc.nat(120), (raw, take) => {
        const lists = raw.map((list) => [...list].sort(numbers));
        expect(kWayMerge(lists, numbers, take)).toEqual(lists.flat().sort(numbers).slice(0, take));
      }),
    );
  });
});

describe('mergePage', () => {
  it('says there is more when the sources hold more than a page', () => {
    // Each source read limit + 1 = 3 rows.
    expect(mergePage([[1, 5, 6], [2, 3, 7]], numbers, 2)).toEqual({ items: [1, 2], hasMore: true });
    expect(mergePage([[1], [2]], numbers, 2)).toEqual({ items: [1, 2], hasMore: false });
    expect(mergePage([[1], [2, 3]], numbers, 2)).toEqual({ items: [1, 2], hasMore: true });
    expect(mergePage([[], []], numbers, 2)).toEqual({ items: [], hasMore: false });
  });
});
