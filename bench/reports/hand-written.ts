/**
 * The hand-written side of the report bench: for each report, the plain
 * GROUP BY queries an engineer would write at a psql prompt for the same
 * figures, run one after another on one connection, and the few additions
 * (variant and campaign lines, campaign and channel roll-ups) done on their
 * small results. Written from the schema, not from our repository's SQL.
 */
import type { ClientBase } from 'pg';
import { armFigures, type ArmSums, type Figures, FUNNEL_METRICS, type FunnelLine, funnelFigures } from './figures';

/** Sends per step, variant and channel (email has no receipts: accepted counts as delivered). */
export const MESSAGES_SQL = `
SELECT step_id, variant, channel,
       count(sent_at)::int AS sent,
       count(*) FILTER (WHERE status = 'delivered' OR (channel = 'email' AND status = 'sent'))::int AS delivered,
       count(*) FILTER (WHERE status IN ('failed', 'bounced', 'undelivered'))::int AS failed,
       count(*) FILTER (WHERE status = 'suppressed')::int AS suppressed,
       coalesce(sum(cost), 0)::float8 AS cost
  FROM message
 WHERE business_id = $1 AND campaign_id = $2
 GROUP BY step_id, variant, channel`;

/** Hits and distinct messages per step, variant and kind of engagement. */
export const ENGAGEMENT_SQL = `
SELECT step_id, variant, type, count(*)::int AS hits, count(DISTINCT message_id)::int AS messages,
       count(DISTINCT message_id) FILTER (WHERE NOT machine)::int AS human_messages
  FROM engagement
 WHERE business_id = $1 AND campaign_id = $2
 GROUP BY step_id, variant, type`;

/** Orders credited to the campaign's messages and their totals. */
export const REVENUE_SQL = `
SELECT a.step_id, a.variant, count(*)::int AS orders, count(DISTINCT a.message_id)::int AS messages, sum(o.total)::float8 AS revenue
  FROM order_attribution a JOIN orders o ON o.id = a.order_id
 WHERE a.business_id = $1 AND a.campaign_id = $2
 GROUP BY a.step_id, a.variant`;

/**
 * Enrolments by holdout and A/B variant: how many, how many had a person click, and how many
 * ordered within the goal window ($3 when the enrolment has no goal deadline), with the sums.
 */
export const ARMS_SQL = `
WITH clicked AS (
  SELECT DISTINCT m.enrollment_id
    FROM engagement g JOIN message m ON m.id = g.message_id
   WHERE g.business_id = $1 AND g.campaign_id = $2 AND g.type = 'clicked' AND NOT g.machine),
per_enrolment AS (
  SELECT e.holdout, e.variants->>$4 AS variant, c.enrollment_id IS NOT NULL AS clicked, r.revenue
    FROM enrollment e
    LEFT JOIN clicked c ON c.enrollment_id = e.id
   CROSS JOIN LATERAL (SELECT sum(o.total)::float8 AS revenue FROM orders o
                        WHERE o.business_id = $1 AND o.customer_id = e.customer_id
                          AND o.occurred_at > e.enrolled_at AND o.occurred_at <= coalesce(e.goal_deadline, e.enrolled_at + $3::interval)) r
   WHERE e.business_id = $1 AND e.campaign_id = $2)
SELECT holdout, variant, count(*)::int AS n, count(*) FILTER (WHERE clicked)::int AS clicks, count(revenue)::int AS conversions,
       coalesce(sum(revenue), 0)::float8 AS "revenueSum", coalesce(sum(revenue * revenue), 0)::float8 AS "revenueSumOfSquares"
  FROM per_enrolment
 GROUP BY holdout, variant`;

interface MessageRow { step_id: string; variant: string; channel: string; sent: number; delivered: number; failed: number; suppressed: number; cost: number }
interface EngagementRow { step_id: string; variant: string; type: string; hits: number; messages: number; human_messages: number }
interface RevenueRow { step_id: string; variant: string; orders: number; messages: number; revenue: number }
type ArmRow = ArmSums & { holdout: boolean; variant: string; clicks: number };

function stepLine(m: MessageRow, hits: EngagementRow[], revenue: RevenueRow | undefined): FunnelLine {
  const of = (type: string) => hits.find((h) => h.type === type);
  const opened = of('opened');
  return {
    level: 'step', stepId: m.step_id, variant: m.variant, enrolled: null, holdout: null,
    sent: m.sent, delivered: m.delivered, failed: m.failed, suppressed: m.suppressed, cost: m.cost,
    openedHuman: opened?.human_messages ?? 0, openedMachine: (opened?.messages ?? 0) - (opened?.human_messages ?? 0),
    clickedUnique: of('clicked')?.messages ?? 0, clickedTotal: of('clicked')?.hits ?? 0,
    converted: revenue?.messages ?? 0, orders: revenue?.orders ?? 0, revenue: revenue?.revenue ?? 0,
    unsubscribed: of('unsubscribed')?.messages ?? 0, replied: of('replied')?.messages ?? 0,
  };
}

function sumLines(level: string, variant: string | null, lines: FunnelLine[], arms: ArmRow[]): FunnelLine {
  const out = { level, stepId: null, variant } as FunnelLine;
  for (const k of FUNNEL_METRICS) out[k] = lines.reduce((s, l) => s + (l[k] ?? 0), 0);
  out.enrolled = arms.reduce((s, a) => s + a.n, 0);
  out.holdout = arms.filter((a) => a.holdout).reduce((s, a) => s + a.n, 0);
  return out;
}

function sumArms(arms: ArmRow[]): ArmSums {
  return arms.reduce((s, a) => ({ n: s.n + a.n, conversions: s.conversions + a.conversions, revenueSum: s.revenueSum + a.revenueSum,
    revenueSumOfSquares: s.revenueSumOfSquares + a.revenueSumOfSquares }), { n: 0, conversions: 0, revenueSum: 0, revenueSumOfSquares: 0 });
}

/** The campaign report's figures: funnel lines (step, variant, campaign), holdout arms and the split's A/B arms. */
/** The campaign per local day ($3): messages sent and their cost by send time; human clicks, conversions and their revenue by when they happened. */
const DAILY_SENDS_SQL = `
SELECT to_char(timezone($3, sent_at), 'YYYY-MM-DD') AS day, count(*)::int AS sent, sum(cost)::float8 AS spend
  FROM message WHERE business_id = $1 AND campaign_id = $2 AND sent_at IS NOT NULL GROUP BY 1`;
const DAILY_HITS_SQL = `
SELECT to_char(timezone($3, occurred_at), 'YYYY-MM-DD') AS day, type, count(*)::int AS n, sum(revenue)::float8 AS revenue
  FROM engagement WHERE business_id = $1 AND campaign_id = $2 AND (type = 'converted' OR (type = 'clicked' AND NOT machine)) GROUP BY 1, 2`;

/** series|day|metric for the days with something (the report's empty days are zeros on its side, left out there too). */
async function handSeries(c: ClientBase, businessId: string, campaignId: string, timezone: string, out: Figures): Promise<void> {
  const add = (day: string, metric: string, value: number | null) => {
    if (value) out.set(`series|${day}|${metric}`, ((out.get(`series|${day}|${metric}`) as number | undefined) ?? 0) + value);
  };
  for (const r of (await c.query<{ day: string; sent: number; spend: number | null }>(DAILY_SENDS_SQL, [businessId, campaignId, timezone])).rows) {
    add(r.day, 'sent', r.sent);
    add(r.day, 'spend', r.spend);
  }
  for (const r of (await c.query<{ day: string; type: string; n: number; revenue: number | null }>(DAILY_HITS_SQL, [businessId, campaignId, timezone])).rows) {
    if (r.type === 'clicked') add(r.day, 'clicks', r.n);
    else {
      add(r.day, 'conversions', r.n);
      add(r.day, 'revenue', r.revenue);
    }
  }
}

export async function handCampaign(c: ClientBase, businessId: string, campaignId: string, splitStep: string, fallbackWindow: string, timezone?: string): Promise<Figures> {
  const messages = (await c.query<MessageRow>(MESSAGES_SQL, [businessId, campaignId])).rows;
  const hits = (await c.query<EngagementRow>(ENGAGEMENT_SQL, [businessId, campaignId])).rows;
  const revenue = (await c.query<RevenueRow>(REVENUE_SQL, [businessId, campaignId])).rows;
  const arms = (await c.query<ArmRow>(ARMS_SQL, [businessId, campaignId, fallbackWindow, splitStep])).rows;
  const same = (a: { step_id: string; variant: string }, b: MessageRow) => a.step_id === b.step_id && a.variant === b.variant;
  const steps = messages.map((m) => stepLine(m, hits.filter((h) => same(h, m)), revenue.find((r) => same(r, m))));
  const variants = [...new Set(arms.map((a) => a.variant))].sort();
  const lines = [
    sumLines('campaign', null, steps, arms),
    ...variants.map((v) => sumLines('variant', v, steps.filter((s) => s.variant === v), arms.filter((a) => a.variant === v))),
    ...steps,
  ];
  const out = funnelFigures(lines);
  const treated = arms.filter((a) => !a.holdout);
  const control = arms.filter((a) => a.holdout);
  armFigures('holdout|treated|*', sumArms(treated), out);
  armFigures('holdout|control|*', sumArms(control), out);
  for (const v of variants) {
    armFigures(`holdout|treated|${v}`, sumArms(treated.filter((a) => a.variant === v)), out);
    armFigures(`holdout|control|${v}`, sumArms(control.filter((a) => a.variant === v)), out);
    armFigures(`experiment|${splitStep}|${v}`, sumArms(treated.filter((a) => a.variant === v)), out);
    out.set(`experiment|${splitStep}|${v}|clicks`, treated.filter((a) => a.variant === v).reduce((s, a) => s + a.clicks, 0));
  }
  // The JSON report carries the per-day series too (the CSV's funnel part does not).
  if (timezone !== undefined) await handSeries(c, businessId, campaignId, timezone, out);
  return out;
}

/** Messages sent and their cost, orders credited and their revenue, per campaign and channel, in the period. */
export const SPEND_AND_EARNINGS_SQL = `
WITH spent AS (
  SELECT campaign_id, channel, count(*)::int AS sent, coalesce(sum(cost), 0)::float8 AS cost
    FROM message
   WHERE business_id = $1 AND sent_at >= $2 AND sent_at < $3
   GROUP BY campaign_id, channel),
earned AS (
  SELECT m.campaign_id, m.channel, count(*)::int AS orders, sum(o.total)::float8 AS revenue
    FROM order_attribution a JOIN orders o ON o.id = a.order_id JOIN message m ON m.id = a.message_id
   WHERE a.business_id = $1 AND o.occurred_at >= $2 AND o.occurred_at < $3
   GROUP BY m.campaign_id, m.channel)
SELECT campaign_id, channel, coalesce(sent, 0) AS sent, coalesce(cost, 0) AS cost, coalesce(orders, 0) AS orders, coalesce(revenue, 0) AS revenue
  FROM spent FULL JOIN earned USING (campaign_id, channel)`;

export const STORES_SQL = `
SELECT o.location_id, count(*)::int AS orders, count(DISTINCT o.customer_id)::int AS customers, sum(o.total)::float8 AS revenue,
       coalesce(sum(o.total) FILTER (WHERE a.order_id IS NOT NULL), 0)::float8 AS attributed_revenue
  FROM orders o LEFT JOIN order_attribution a ON a.order_id = o.id
 WHERE o.business_id = $1 AND o.occurred_at >= $2 AND o.occurred_at < $3
 GROUP BY o.location_id`;

/** Buyers in the period, new when their first order ever falls in it. */
export const BUYERS_SQL = `
SELECT f.first_at >= $2 AS is_new, count(DISTINCT o.customer_id)::int AS customers, count(*)::int AS orders, sum(o.total)::float8 AS revenue
  FROM orders o
  JOIN (SELECT customer_id, min(occurred_at) AS first_at FROM orders WHERE business_id = $1 GROUP BY customer_id) f ON f.customer_id = o.customer_id
 WHERE o.business_id = $1 AND o.occurred_at >= $2 AND o.occurred_at < $3
 GROUP BY 1`;

/** Customers whose first order falls in the period, by first-order month ($4 zone): buyers and revenue per month after it. */
export const COHORTS_SQL = `
WITH firsts AS (
  SELECT customer_id, min(occurred_at) AS first_at FROM orders
   WHERE business_id = $1 AND occurred_at < $3 GROUP BY customer_id HAVING min(occurred_at) >= $2)
SELECT to_char(f.first_at AT TIME ZONE $4, 'YYYY-MM') AS cohort,
       ((extract(year FROM o.occurred_at AT TIME ZONE $4) - extract(year FROM f.first_at AT TIME ZONE $4)) * 12
         + extract(month FROM o.occurred_at AT TIME ZONE $4) - extract(month FROM f.first_at AT TIME ZONE $4))::int AS month_offset,
       count(DISTINCT o.customer_id)::int AS customers, sum(o.total)::float8 AS revenue
  FROM orders o JOIN firsts f ON f.customer_id = o.customer_id
 WHERE o.business_id = $1 AND o.occurred_at < $3
 GROUP BY 1, 2`;

/**
 * Churn risk as of $2 (the statistics' formula, in SQL): the expected gap blends the customer's own
 * with the shop's typical gap (median of repeat buyers' average gaps, at least a day, else 30);
 * recency points 80·(1 − 2^−max(0, r − 1)), frequency 20 / orders; the top $3.
 */
export const CHURN_SQL = `
WITH history AS (
  SELECT o.customer_id, count(*) AS orders, extract(epoch FROM max(o.occurred_at) - min(o.occurred_at))::float8 / 86400 AS span_days,
         extract(epoch FROM $2::timestamptz - max(o.occurred_at))::float8 / 86400 AS since_days
    FROM orders o JOIN customer c ON c.id = o.customer_id AND c.business_id = $1 AND c.erased_at IS NULL
   WHERE o.business_id = $1 AND o.occurred_at <= $2
   GROUP BY o.customer_id),
typical AS (
  SELECT CASE WHEN count(*) = 0 THEN 30 ELSE greatest(1, percentile_cont(0.5) WITHIN GROUP (ORDER BY span_days / (orders - 1))) END AS gap_days
    FROM history WHERE orders >= 2)
SELECT h.customer_id,
       least(100, floor(80 * (1 - power(2, -greatest(0, greatest(0, h.since_days) / ((h.span_days + t.gap_days) / h.orders) - 1))) + 20.0 / h.orders + 0.5))::int AS score
  FROM history h CROSS JOIN typical t
 ORDER BY score DESC, h.customer_id
 LIMIT $3`;

interface SpendRow { campaign_id: string | null; channel: string; sent: number; cost: number; orders: number; revenue: number }

function rollUp(rows: SpendRow[], key: (r: SpendRow) => string | null, section: string, out: Figures): void {
  const groups = new Map<string, SpendRow[]>();
  for (const r of rows) {
    const k = key(r);
    if (k !== null) groups.set(k, [...(groups.get(k) ?? []), r]);
  }
  for (const [k, rs] of groups) {
    for (const metric of ['sent', 'orders', 'revenue', 'cost'] as const) out.set(`${section}|${k}|${metric}`, rs.reduce((s, r) => s + Number(r[metric]), 0));
  }
}

export interface OverviewParams { businessId: string; from: Date; to: Date; timezone: string; churnLimit: number }

/** The overview's figures: by campaign, channel and store; new and returning buyers; cohorts and retention; the churn top list. */
export async function handOverview(c: ClientBase, p: OverviewParams): Promise<Figures> {
  const period = [p.businessId, p.from, p.to];
  const spend = (await c.query<SpendRow>(SPEND_AND_EARNINGS_SQL, period)).rows;
  const stores = (await c.query<{ location_id: string | null; orders: number; customers: number; revenue: number; attributed_revenue: number }>(STORES_SQL, period)).rows;
  const buyers = (await c.query<{ is_new: boolean; customers: number; orders: number; revenue: number }>(BUYERS_SQL, period)).rows;
  const cohorts = (await c.query<{ cohort: string; month_offset: number; customers: number; revenue: number }>(COHORTS_SQL, [...period, p.timezone])).rows;
  const churn = (await c.query<{ customer_id: string; score: number }>(CHURN_SQL, [p.businessId, p.to, p.churnLimit])).rows;
  const out: Figures = new Map();
  rollUp(spend, (r) => r.campaign_id, 'campaign', out);
  rollUp(spend, (r) => r.channel, 'channel', out);
  for (const s of stores) {
    for (const metric of ['orders', 'customers', 'revenue', 'attributed_revenue'] as const) out.set(`store|${s.location_id ?? ''}|${metric}`, s[metric]);
  }
  for (const kind of ['new', 'returning']) {
    const b = buyers.find((x) => x.is_new === (kind === 'new'));
    for (const metric of ['customers', 'orders', 'revenue'] as const) out.set(`customers|${kind}|${metric}`, b?.[metric] ?? 0);
  }
  for (const name of new Set(cohorts.map((x) => x.cohort))) {
    const cells = cohorts.filter((x) => x.cohort === name);
    const size = cells.find((x) => x.month_offset === 0)?.customers ?? 0;
    out.set(`cohort|${name}|customers`, size);
    out.set(`cohort|${name}|revenue`, cells.reduce((s, x) => s + x.revenue, 0));
    const last = Math.max(0, ...cells.map((x) => x.month_offset));
    for (let i = 1; i <= last; i++) out.set(`cohort|${name}|retention_month_${i}`, (cells.find((x) => x.month_offset === i)?.customers ?? 0) / size);
  }
  churn.forEach((e, i) => out.set(`churn|${i + 1}|score:${e.customer_id}`, e.score));
  return out;
}
