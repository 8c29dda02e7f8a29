import { roi } from '../statistics/roi';
import type { EngagementCount, EnrolmentCount, MessageCount, RevenueCount } from './campaign-report.repository';

/** One line of a campaign funnel: a (step, variant), a variant across steps, or the whole campaign. */
export interface FunnelRow {
  level: 'campaign' | 'variant' | 'step';
  stepId: string | null;
  variant: string | null;
  channel: string | null;
  /** Enrolments (variant and campaign lines only), and how many of them were held out. */
  enrolled: number | null;
  holdout: number | null;
  sent: number;
  delivered: number;
  failed: number;
  suppressed: number;
  /** Messages opened at least once by a person / only ever by machines (privacy proxies, prefetchers). */
  openedHuman: number;
  openedMachine: number;
  /** Messages clicked at least once (any hit), and every click. */
  clickedUnique: number;
  clickedTotal: number;
  /** Messages credited with at least one order, and the orders credited. */
  converted: number;
  orders: number;
  revenue: number;
  unsubscribed: number;
  replied: number;
  cost: number;
  /** (revenue − cost) / cost; null when nothing was spent. */
  roi: number | null;
}

type Counts = Omit<FunnelRow, 'level' | 'stepId' | 'variant' | 'channel' | 'enrolled' | 'holdout' | 'roi'>;
const COUNT_KEYS: (keyof Counts)[] = [
  'sent', 'delivered', 'failed', 'suppressed', 'openedHuman', 'openedMachine', 'clickedUnique', 'clickedTotal', 'converted', 'orders', 'revenue', 'unsubscribed', 'replied', 'cost',
];
const zero = (): Counts => Object.fromEntries(COUNT_KEYS.map((k) => [k, 0])) as unknown as Counts;
const money = (x: number) => Math.round(x * 100_000) / 100_000;

function add(into: Counts, from: Counts): void {
  for (const k of COUNT_KEYS) into[k] += from[k];
}

function finish(level: FunnelRow['level'], key: { stepId: string | null; variant: string | null; channel: string | null }, counts: Counts, enrolment: EnrolmentCount | null): FunnelRow {
  const revenue = money(counts.revenue);
  const cost = money(counts.cost);
  return { level, ...key, enrolled: enrolment?.enrolled ?? null, holdout: enrolment?.holdout ?? null, ...counts, revenue, cost, roi: roi(revenue, cost) };
}

function applyEngagement(c: Counts, e: EngagementCount): void {
  switch (e.type) {
    case 'opened':
      c.openedHuman += e.uniqueHuman;
      c.openedMachine += e.uniqueMessages - e.uniqueHuman;
      break;
    case 'clicked':
      c.clickedUnique += e.uniqueMessages;
      c.clickedTotal += e.total;
      break;
    case 'converted':
      c.converted += e.uniqueMessages;
      c.orders += e.total;
      break;
    case 'unsubscribed':
      c.unsubscribed += e.uniqueMessages;
      break;
    case 'replied':
      c.replied += e.uniqueMessages;
      break;
    default:
      // delivered / failed / bounced rows mirror message status, which the message counts already give.
      break;
  }
}

/**
 * Assembles the funnel from the aggregated counts: a line per (step, variant), a line per
 * variant (steps summed; uniques add up because every message belongs to one step and variant),
 * and the campaign line. Enrolments come per variant (the last split drawn) and in total.
 */
export function assembleFunnel(input: { engagement: EngagementCount[]; revenue: RevenueCount[]; messages: MessageCount[]; enrolments: EnrolmentCount[] }): FunnelRow[] {
  const steps = new Map<string, { stepId: string | null; variant: string | null; channel: string | null; counts: Counts }>();
  const at = (stepId: string | null, variant: string | null) => {
    const key = JSON.stringify([stepId, variant]);
    if (!steps.has(key)) steps.set(key, { stepId, variant, channel: null, counts: zero() });
    return steps.get(key)!;
  };
  for (const m of input.messages) {
    const line = at(m.stepId, m.variant);
    line.channel ??= m.channel;
    Object.assign(line.counts, { sent: line.counts.sent + m.sent, delivered: line.counts.delivered + m.delivered, failed: line.counts.failed + m.failed,
      suppressed: line.counts.suppressed + m.suppressed, cost: line.counts.cost + m.cost });
  }
  for (const e of input.engagement) applyEngagement(at(e.stepId, e.variant).counts, e);
  for (const r of input.revenue) at(r.stepId, r.variant).counts.revenue += r.revenue;
  const stepLines = [...steps.values()].sort((a, b) => String(a.stepId).localeCompare(String(b.stepId)) || String(a.variant).localeCompare(String(b.variant)));
  const variants = [...new Set([...stepLines.map((s) => s.variant), ...input.enrolments.map((e) => e.variant)].filter((v): v is string => v !== null))].sort();
  const total = zero();
  stepLines.forEach((s) => add(total, s.counts));
  const enrolledTotal = input.enrolments.reduce((a, e) => ({ variant: null, enrolled: a.enrolled + e.enrolled, holdout: a.holdout + e.holdout }), { variant: null, enrolled: 0, holdout: 0 } as EnrolmentCount);
  const rows: FunnelRow[] = [finish('campaign', { stepId: null, variant: null, channel: null }, total, enrolledTotal)];
  for (const variant of variants) {
    const sum = zero();
    stepLines.filter((s) => s.variant === variant).forEach((s) => add(sum, s.counts));
    rows.push(finish('variant', { stepId: null, variant, channel: null }, sum, input.enrolments.find((e) => e.variant === variant) ?? { variant, enrolled: 0, holdout: 0 }));
  }
  for (const s of stepLines) rows.push(finish('step', { stepId: s.stepId, variant: s.variant, channel: s.channel }, s.counts, null));
  return rows;
}
