/**
 * The reports' figures as flat maps ("funnel|step|mail-a|A|sent" → 1234), read
 * from the API's JSON and CSV and built from the hand-written queries, so the
 * three can be compared key by key.
 */
import { parse } from 'csv-parse/sync';

export type Figures = Map<string, number | string | null>;

/** Funnel figures compared between the API and the hand-written queries (every funnel column but ROI, which is derived). */
export const FUNNEL_METRICS = [
  'enrolled', 'holdout', 'sent', 'delivered', 'failed', 'suppressed', 'openedHuman', 'openedMachine', 'clickedUnique', 'clickedTotal',
  'converted', 'orders', 'revenue', 'unsubscribed', 'replied', 'cost',
] as const;
export type FunnelMetric = (typeof FUNNEL_METRICS)[number];
export type FunnelLine = { level: string; stepId: string | null; variant: string | null } & Record<FunnelMetric, number | null>;

export interface ArmSums { n: number; conversions: number; revenueSum: number; revenueSumOfSquares: number }

const snake = (s: string) => s.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
const funnelKey = (level: string, stepId: string | null, variant: string | null) => `funnel|${level}|${stepId ?? ''}|${variant ?? ''}`;

export function funnelFigures(lines: readonly FunnelLine[], into: Figures = new Map()): Figures {
  for (const line of lines) {
    for (const metric of FUNNEL_METRICS) into.set(`${funnelKey(line.level, line.stepId, line.variant)}|${metric}`, line[metric]);
  }
  return into;
}

export function armFigures(prefix: string, arm: ArmSums, into: Figures): void {
  for (const k of ['n', 'conversions', 'revenueSum', 'revenueSumOfSquares'] as const) into.set(`${prefix}|${k}`, arm[k]);
}

interface CampaignReportJson {
  funnel: FunnelLine[];
  holdout: { treated: ArmSums; control: ArmSums; byVariant: { variant: string; treated: ArmSums; control: ArmSums }[] } | null;
  experiments: { stepId: string; arms: { variant: string; recipients: number; clicks: number; conversions: number; revenueSum: number; revenueSumOfSquares: number }[] }[];
  series?: { points: { day: string; sent: number; spend: number; clicks: number; conversions: number; revenue: number }[] };
}

/** Funnel, holdout arms, A/B arms and the per-day series (days with something) of the campaign report's JSON. */
export function campaignJsonFigures(body: string): Figures {
  const report = JSON.parse(body) as CampaignReportJson;
  const out = funnelFigures(report.funnel);
  if (report.holdout) {
    armFigures('holdout|treated|*', report.holdout.treated, out);
    armFigures('holdout|control|*', report.holdout.control, out);
    for (const v of report.holdout.byVariant) {
      armFigures(`holdout|treated|${v.variant}`, v.treated, out);
      armFigures(`holdout|control|${v.variant}`, v.control, out);
    }
  }
  for (const x of report.experiments) {
    for (const a of x.arms) {
      armFigures(`experiment|${x.stepId}|${a.variant}`, { n: a.recipients, conversions: a.conversions, revenueSum: a.revenueSum, revenueSumOfSquares: a.revenueSumOfSquares }, out);
      out.set(`experiment|${x.stepId}|${a.variant}|clicks`, a.clicks);
    }
  }
  for (const d of report.series?.points ?? []) {
    for (const metric of ['sent', 'spend', 'clicks', 'conversions', 'revenue'] as const) if (d[metric]) out.set(`series|${d.day}|${metric}`, d[metric]);
  }
  return out;
}

const csvNumber = (s: string | undefined) => (s === undefined || s === '' ? null : Number(s));

/** The funnel lines of the campaign report's CSV. */
export function campaignCsvFigures(body: string): Figures {
  const rows = parse(body, { columns: true }) as Record<string, string>[];
  const out: Figures = new Map();
  for (const r of rows) {
    for (const metric of FUNNEL_METRICS) out.set(`${funnelKey(r.level, r.step_id || null, r.variant || null)}|${metric}`, csvNumber(r[snake(metric)]));
  }
  return out;
}

interface OverviewJson {
  byCampaign: { campaignId: string; sent: number; orders: number; revenue: number; cost: number }[];
  byChannel: { channel: string; sent: number; orders: number; revenue: number; cost: number }[];
  byStore: { locationId: string | null; orders: number; customers: number; revenue: number; attributedRevenue: number }[];
  customers: Record<'new' | 'returning', { customers: number; orders: number; revenue: number }>;
  cohorts: { cohort: string; customers: number; retention: number[]; revenue: number }[];
  churnRisk: { customerId: string; score: number }[];
}

/** The overview's figures, keyed like its CSV lines: section|key|metric. */
export function overviewJsonFigures(body: string): Figures {
  const o = JSON.parse(body) as OverviewJson;
  const out: Figures = new Map();
  const put = (section: string, key: string | null, values: Record<string, number>) => {
    for (const [metric, value] of Object.entries(values)) out.set(`${section}|${key ?? ''}|${metric}`, value);
  };
  for (const c of o.byCampaign) put('campaign', c.campaignId, { sent: c.sent, orders: c.orders, revenue: c.revenue, cost: c.cost });
  for (const c of o.byChannel) put('channel', c.channel, { sent: c.sent, orders: c.orders, revenue: c.revenue, cost: c.cost });
  for (const s of o.byStore) put('store', s.locationId, { orders: s.orders, customers: s.customers, revenue: s.revenue, attributed_revenue: s.attributedRevenue });
  for (const kind of ['new', 'returning'] as const) put('customers', kind, { ...o.customers[kind] });
  for (const c of o.cohorts) {
    put('cohort', c.cohort, { customers: c.customers, revenue: c.revenue });
    c.retention.forEach((share, i) => put('cohort', c.cohort, { [`retention_month_${i + 1}`]: share }));
  }
  o.churnRisk.forEach((e, i) => put('churn', String(i + 1), { [`score:${e.customerId}`]: e.score }));
  return out;
}

const OVERVIEW_CSV_METRICS = new Set(['sent', 'orders', 'revenue', 'cost', 'customers', 'attributed_revenue', 'score']);
/** The store lines the hand-written side computes (overviewJsonFigures reads the same from the JSON). */
const STORE_CSV_METRICS = new Set(['orders', 'customers', 'revenue', 'attributed_revenue']);

/** The same figures from the overview's CSV (long form: section, key, name, metric, value). */
export function overviewCsvFigures(body: string): Figures {
  const rows = parse(body, { columns: true }) as Record<string, string>[];
  const out: Figures = new Map();
  let rank = 0;
  for (const r of rows) {
    if (r.section === 'churn') {
      if (r.metric === 'score') out.set(`churn|${++rank}|score:${r.key}`, csvNumber(r.value));
    } else if (r.section === 'store' && !STORE_CSV_METRICS.has(r.metric)) {
      // Per-store sends and spend are checked against grouping the messages directly in reports-overview.e2e-spec.ts, not here.
      continue;
    } else if (OVERVIEW_CSV_METRICS.has(r.metric) || r.metric.startsWith('retention_month_')) {
      out.set(`${r.section}|${r.key}|${r.metric}`, csvNumber(r.value));
    }
  }
  return out;
}

/**
 * Keys whose values differ (numbers: by more than half a cent plus a relative 1e-9), or that
 * only one side has; the first `limit`, as lines.
 */
export function differences(ours: Figures, hand: Figures, limit = 12): string[] {
  const out: string[] = [];
  for (const key of [...new Set([...ours.keys(), ...hand.keys()])].sort()) {
    const a = ours.has(key) ? ours.get(key) : undefined;
    const b = hand.has(key) ? hand.get(key) : undefined;
    const same = typeof a === 'number' && typeof b === 'number' ? Math.abs(a - b) <= 0.005 + 1e-9 * Math.max(Math.abs(a), Math.abs(b)) : a === b;
    if (!same) out.push(`${key}: API ${a === undefined ? '(missing)' : String(a)}, hand-written ${b === undefined ? '(missing)' : String(b)}`);
    if (out.length >= limit) break;
  }
  return out;
}
