import { SOURCE_ID_TYPE, TIMELINE_SOURCES, type TimelinePosition, type TimelineSource } from './timeline.types';

const SOURCE_RANK = new Map<TimelineSource, number>(TIMELINE_SOURCES.map((source, rank) => [source, rank]));

/** Orders ids of one type as PostgreSQL does: bigints by value, uuids by their bytes (= lower-case text). */
export function compareIds(a: string, b: string, type: 'bigint' | 'uuid'): number {
  if (type === 'bigint' && a.length !== b.length) return a.length - b.length;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Negative when `a` comes first in the timeline: newer first, then by source tie order, then larger id first. */
export function compareTimelinePositions(a: TimelinePosition, b: TimelinePosition): number {
  if (a.atKey !== b.atKey) return a.atKey > b.atKey ? -1 : 1;
  if (a.source !== b.source) return SOURCE_RANK.get(a.source)! - SOURCE_RANK.get(b.source)!;
  return -compareIds(a.id, b.id, SOURCE_ID_TYPE[a.source]);
}

interface Head {
  list: number;
  index: number;
}

/**
 * Merges lists that are each already in `compare` order and returns the first
 * `take` items of the merged order, reading only as far into each list as
 * needed (a binary heap of the lists' heads: take × log k comparisons).
 * Equal items keep the order of their lists.
 */
export function kWayMerge<T>(lists: readonly (readonly T[])[], compare: (a: T, b: T) => number, take: number): T[] {
  const before = (x: Head, y: Head): boolean => {
    const order = compare(lists[x.list][x.index], lists[y.list][y.index]);
    return order < 0 || (order === 0 && x.list < y.list);
  };
  const heap: Head[] = [];
  const siftUp = (i: number) => {
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(heap[i], heap[parent])) return;
      [heap[i], heap[parent]] = [heap[parent], heap[i]];
      i = parent;
    }
  };
  const siftDown = (i: number) => {
    for (;;) {
      const left = 2 * i + 1;
      const right = left + 1;
      let first = i;
      if (left < heap.length && before(heap[left], heap[first])) first = left;
      if (right < heap.length && before(heap[right], heap[first])) first = right;
      if (first === i) return;
      [heap[i], heap[first]] = [heap[first], heap[i]];
      i = first;
    }
  };
  lists.forEach((list, i) => {
    if (list.length > 0) {
      heap.push({ list: i, index: 0 });
      siftUp(heap.length - 1);
    }
  });
  const out: T[] = [];
  while (out.length < take && heap.length > 0) {
    const head = heap[0];
    out.push(lists[head.list][head.index]);
    if (head.index + 1 < lists[head.list].length) {
      heap[0] = { list: head.list, index: head.index + 1 };
    } else {
      const last = heap.pop()!;
      if (heap.length > 0) heap[0] = last;
    }
    if (heap.length > 0) siftDown(0);
  }
  return out;
}

/**
 * One page of a merged keyset read: every source returned up to `limit + 1`
 * rows after the cursor, so the merged first `limit + 1` are exact, and a
 * `limit + 1`-th one means there is a next page.
 */
export function mergePage<T>(lists: readonly (readonly T[])[], compare: (a: T, b: T) => number, limit: number): { items: T[]; hasMore: boolean } {
  const merged = kWayMerge(lists, compare, limit + 1);
  return { items: merged.slice(0, limit), hasMore: merged.length > limit };
}
