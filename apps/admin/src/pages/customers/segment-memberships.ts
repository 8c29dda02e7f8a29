/** One segment change from the customer's timeline (kind "segment"). */
export interface SegmentChange {
  at: string;
  segment: { change: 'entered' | 'exited'; segmentId: string | null; segmentName: string | null };
}

export interface SegmentMembership {
  segmentId: string;
  name: string;
  /** When they last entered. */
  since: string;
}

/**
 * The segments the customer is in now, from their segment entries and exits
 * (any order): a segment whose latest change is an entry. Deleted segments
 * (no name) and changes naming no segment are left out. By name.
 */
export function currentMemberships(changes: readonly SegmentChange[]): SegmentMembership[] {
  const latest = new Map<string, SegmentChange>();
  for (const c of changes) {
    const id = c.segment.segmentId;
    if (id === null) continue;
    const seen = latest.get(id);
    if (!seen || Date.parse(c.at) >= Date.parse(seen.at)) latest.set(id, c);
  }
  return [...latest.entries()]
    .filter(([, c]) => c.segment.change === 'entered' && c.segment.segmentName !== null)
    .map(([segmentId, c]) => ({ segmentId, name: c.segment.segmentName as string, since: c.at }))
    .sort((a, b) => a.name.localeCompare(b.name));
}
