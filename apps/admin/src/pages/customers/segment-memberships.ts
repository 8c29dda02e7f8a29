/** What the membership check needs of a segment (GET /v1/segments). */
export interface SegmentSummary {
  id: string;
  name: string;
  memberCount: number | null;
  refreshedAt: string | null;
}

type Identified = { id: string; externalId: string | null; email: string | null; phone: string | null };

/**
 * The exact-match list filter that finds this customer (externalId, else
 * email, else phone; every customer keeps one of them). The API has no
 * "segments of a customer" route, but its list takes a segmentId and these
 * filters: asking once per segment is exact, at each segment's last refresh.
 */
export function identifierFilter(c: Identified): { externalId: string } | { email: string } | { phone: string } | null {
  if (c.externalId) return { externalId: c.externalId };
  if (c.email) return { email: c.email };
  if (c.phone) return { phone: c.phone };
  return null;
}

/** The list queries to ask, one per segment that may hold the customer (a segment counted empty cannot). */
export function membershipQueries(c: Identified, segments: readonly SegmentSummary[]): { segment: SegmentSummary; query: Record<string, string | number> }[] {
  const filter = identifierFilter(c);
  if (!filter) return [];
  return segments.filter((s) => s.memberCount !== 0).map((segment) => ({ segment, query: { ...filter, segmentId: segment.id, limit: 1 } }));
}

/** The segments whose answer lists the customer, by name. */
export function memberOf(c: Identified, answers: readonly { segment: SegmentSummary; ids: readonly string[] }[]): SegmentSummary[] {
  return answers.filter((a) => a.ids.includes(c.id)).map((a) => a.segment).sort((a, b) => a.name.localeCompare(b.name));
}
