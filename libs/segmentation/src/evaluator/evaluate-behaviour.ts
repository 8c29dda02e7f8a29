import { DateTime, Duration } from 'luxon';
import type {
  EngagementCondition, EventCondition, OccurrenceWindow, OrdersCondition, RfmCondition, SegmentContext,
} from '../segment-definition';
import type { EvalEngagement, EvalEvent, EvalMessage, EvalOrder, EvaluationData } from './evaluation-data';
import { compareCents, compareCount, matchJsonValue } from './evaluate-values';

type Scores = { recency: number; frequency: number; monetary: number };

function groupBy<T extends { customerId: string }>(rows: T[]): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const row of rows) {
    const list = map.get(row.customerId);
    if (list) list.push(row);
    else map.set(row.customerId, [row]);
  }
  return map;
}

/** Per-customer behaviour rows, and RFM scores computed once per evaluation. */
export class BehaviourIndex {
  readonly events: Map<string, EvalEvent[]>;
  readonly orders: Map<string, EvalOrder[]>;
  readonly messages: Map<string, EvalMessage[]>;
  readonly engagements: Map<string, EvalEngagement[]>;
  private scores?: Map<string, Scores>;

  constructor(data: EvaluationData, private readonly ctx: SegmentContext, private readonly liveCustomers: Set<string>) {
    this.events = groupBy(data.events);
    this.orders = groupBy(data.orders);
    this.messages = groupBy(data.messages);
    this.engagements = groupBy(data.engagements);
  }

  /** The instant `duration` before now, on the business's calendar. */
  /** Mirrors CompileScope.behaviourWindowStart; -Infinity for "ever". */
  windowStart(cond: { within?: string; sinceEnrollment?: true }): number {
    const within = cond.within ? this.since(cond.within) : -Infinity;
    if (!cond.sinceEnrollment) return within;
    if (!this.ctx.enrolledAt) throw new Error('enrolledAt is required to evaluate sinceEnrollment conditions');
    return Math.max(within, this.ctx.enrolledAt.getTime());
  }

  since(duration: string): number {
    return DateTime.fromJSDate(this.ctx.now, { zone: this.ctx.businessTimezone }).minus(Duration.fromISO(duration)).toMillis();
  }

  get now(): number {
    return this.ctx.now.getTime();
  }

  rfmScores(): Map<string, Scores> {
    this.scores ??= this.computeScores();
    return this.scores;
  }

  private computeScores(): Map<string, Scores> {
    const stats: { id: string; last: number; count: number; cents: number }[] = [];
    for (const [id, rows] of this.orders) {
      const past = rows.filter((o) => o.occurredAt.getTime() <= this.now);
      if (!this.liveCustomers.has(id) || past.length === 0) continue;
      const last = Math.max(...past.map((o) => o.occurredAt.getTime()));
      stats.push({ id, last, count: past.length, cents: past.reduce((s, o) => s + Math.round(o.total * 100), 0) });
    }
    const scores = new Map<string, Scores>(stats.map((s) => [s.id, { recency: 0, frequency: 0, monetary: 0 }]));
    const assign = (key: keyof Scores, metric: (s: (typeof stats)[number]) => number) => {
      // Ascending, ties by id; quintile buckets as equal as possible, the first ones one larger.
      const sorted = [...stats].sort((a, b) => metric(a) - metric(b) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
      const base = Math.floor(sorted.length / 5);
      const larger = sorted.length % 5;
      let position = 0;
      for (let bucket = 1; bucket <= 5; bucket++) {
        const size = base + (bucket <= larger ? 1 : 0);
        for (let i = 0; i < size; i++) (scores.get(sorted[position++].id) as Scores)[key] = bucket;
      }
    };
    assign('recency', (s) => s.last);
    assign('frequency', (s) => s.count);
    assign('monetary', (s) => s.cents);
    return scores;
  }
}

function occursIn(at: number, window: OccurrenceWindow, index: BehaviourIndex): boolean {
  return 'within' in window ? at >= index.since(window.within) : at < index.since(window.before);
}

export function evaluateEvent(cond: EventCondition, customerId: string, index: BehaviourIndex): boolean {
  const matching = (index.events.get(customerId) ?? []).filter(
    (e) => e.type === cond.eventType && e.occurredAt.getTime() <= index.now
      && (cond.where ?? []).every((w) => matchJsonValue(Object.hasOwn(e.properties, w.field) ? e.properties[w.field] : undefined, w)),
  );
  const times = matching.map((e) => e.occurredAt.getTime());
  const start = index.windowStart(cond);
  const count = times.filter((t) => t >= start).length;
  if (!compareCount(count, cond.count?.op ?? 'gte', cond.count?.value ?? 1)) return false;
  if (cond.first && (times.length === 0 || !occursIn(Math.min(...times), cond.first, index))) return false;
  if (cond.last && (times.length === 0 || !occursIn(Math.max(...times), cond.last, index))) return false;
  return true;
}

export function evaluateOrders(cond: OrdersCondition, customerId: string, index: BehaviourIndex): boolean {
  const start = index.windowStart(cond);
  const rows = (index.orders.get(customerId) ?? []).filter((o) => o.occurredAt.getTime() <= index.now && o.occurredAt.getTime() >= start);
  if (cond.metric === 'count') return compareCount(rows.length, cond.op, cond.value);
  const cents = BigInt(rows.reduce((sum, o) => sum + Math.round(o.total * 100), 0));
  if (cond.metric === 'sum') return compareCents(cents, 1n, cond.op, cond.value);
  return rows.length > 0 && compareCents(cents, BigInt(rows.length), cond.op, cond.value);
}

export function evaluateRfm(cond: RfmCondition, customerId: string, index: BehaviourIndex): boolean {
  const scores = index.rfmScores().get(customerId);
  if (!scores) return false;
  return (['recency', 'frequency', 'monetary'] as const).every((key) => {
    const range = cond[key];
    return !range || (scores[key] >= range[0] && scores[key] <= range[1]);
  });
}

export function evaluateEngagement(cond: EngagementCondition, customerId: string, index: BehaviourIndex): boolean {
  const start = index.windowStart(cond);
  const inWindow = (at: Date | null) => at !== null && at.getTime() >= start && at.getTime() <= index.now;
  const ofCampaign = (campaignId: string | null) => !cond.campaignId || (campaignId !== null && campaignId.toLowerCase() === cond.campaignId.toLowerCase());
  if (cond.action === 'received') {
    return (index.messages.get(customerId) ?? []).some((m) => inWindow(m.sentAt) && ofCampaign(m.campaignId));
  }
  return (index.engagements.get(customerId) ?? []).some((e) => e.type === cond.action && inWindow(e.occurredAt) && ofCampaign(e.campaignId));
}
