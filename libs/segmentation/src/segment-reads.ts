import { isAllGroup, isAnyGroup, isNotGroup, type SegmentCondition, type SegmentDefinition, type SegmentNode } from './segment-definition';

/**
 * The kinds of data a segment's rules read, in the vocabulary ingest uses to
 * mark segments stale (`SegmentStalenessRepository`): `customer`, `orders`,
 * `engagement`, `location`, `geofence` and `event:<type>`. Every segment reads
 * `customer` (membership excludes erased customers and rules test profiles).
 */
export function segmentReads(definition: SegmentDefinition): string[] {
  const reads = new Set<string>(['customer']);
  collect(definition, reads);
  return [...reads].sort();
}

function collect(node: SegmentNode, reads: Set<string>): void {
  if (isAllGroup(node)) node.all.forEach((n) => collect(n, reads));
  else if (isAnyGroup(node)) node.any.forEach((n) => collect(n, reads));
  else if (isNotGroup(node)) collect(node.not, reads);
  else for (const kind of conditionReads(node)) reads.add(kind);
}

function conditionReads(cond: SegmentCondition): string[] {
  switch (cond.type) {
    case 'near': return 'storeId' in cond ? ['location'] : [];
    case 'inside': return 'geofenceId' in cond ? ['geofence'] : [];
    case 'event': return [`event:${cond.eventType}`];
    case 'orders':
    case 'rfm':
    case 'churnRisk': return ['orders'];
    case 'engagement': return ['engagement'];
    default: return [];
  }
}

const SELECTIVE = new Set(['near', 'inside', 'nearestStore']);

/**
 * Run in the transaction of a whole-segment query (refresh, broadcast). Its
 * joins (grouped behaviour tables, the membership diff's anti-joins) are
 * meant to be hashed once. Right after bulk writes, before autovacuum has
 * analysed them, the planner can take a just-filled table for empty and pick
 * a nested loop that rescans it for every customer: measured at 2 % scale, a
 * second refresh of 20 segments took 194 s that way instead of 2 s. Per-row
 * probes (SubPlans, GiST scans) are not joins and are unaffected. The
 * grouped behaviour tables, RFM's sorts and the member set of a large segment
 * outgrow the default 4 MB of work_mem and would spill to disk (RFM over 216k
 * customers: 41 hash batches and two external sorts).
 */
export const WHOLE_SEGMENT_PLAN = "SET LOCAL enable_nestloop = off; SET LOCAL work_mem = '64MB'";

/**
 * The compiler strategy for evaluating a whole segment (refresh, broadcast):
 * per-customer probes when a geo condition narrows every member down (it is
 * ANDed at the top), grouped joins otherwise (every customer is a candidate,
 * so grouping each behaviour table once is far cheaper than probing it a
 * million times).
 */
export function wholeSegmentBehaviour(definition: SegmentDefinition): 'correlated' | 'aggregate' {
  const top = isAllGroup(definition) ? definition.all : [definition];
  return top.some((n) => !isAllGroup(n) && !isAnyGroup(n) && !isNotGroup(n) && SELECTIVE.has(n.type)) ? 'correlated' : 'aggregate';
}
