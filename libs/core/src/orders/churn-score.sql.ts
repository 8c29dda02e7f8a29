import { orderHistoriesSql } from './order-histories.sql';

/** The churn-risk score range of each level (analytics `churnRisk` labels, the segment condition's levels). */
export const CHURN_LEVEL_SCORES = { low: [0, 29], medium: [30, 59], high: [60, 100] } as const;

/**
 * Every buyer's churn-risk score in SQL, the analytics statistics `churnRisk` formula: from orders up
 * to `now`, expected gap = (days from first to last order + the shop's typical gap) / orders, the
 * typical gap being the median of repeat customers' average gaps (at least a day; 30 days when
 * nobody ordered twice); overdue ratio r = days since the last order / expected gap; score =
 * round(80 · (1 − 2^−max(0, r − 1)) + 20 / orders), in double precision and rounding halves up as the
 * formula's JavaScript does (numeric arithmetic cost seconds over 300,000 buyers; date_part, not extract, for the same
 * reason). Erased customers count neither as buyers nor in the typical gap (orderHistoriesSql leaves them
 * out). OFFSET 0 keeps callers' filters and sorts on the score from inlining it: the
 * score is computed once per buyer, not once per use.
 * `business` and `now` are SQL expressions (placeholders); the statement yields customer_id, n
 * (orders), monetary, first_at, last_at, gap (the typical gap) and score. The segment condition and
 * the overview's top N both read it, so the two can never disagree. Histories come from orderHistoriesSql
 * (one summary row per buyer).
 */
export function churnScoresSql(business: string, now: string): string {
  return `WITH live AS MATERIALIZED (
      SELECT r.customer_id, r.n, r.monetary::float8 AS monetary, r.first_at, r.last_at,
             date_part('epoch', r.last_at - r.first_at) / 86400 AS span_days,
             greatest(0::float8, date_part('epoch', ${now} - r.last_at) / 86400) AS idle_days
        FROM (${orderHistoriesSql(business, now)}) r),
    typical AS (
      -- greatest() skips NULLs, so the default for "nobody ordered twice" goes inside it.
      SELECT greatest(1, coalesce(percentile_cont(0.5) WITHIN GROUP (ORDER BY span_days / (n - 1)), 30))::float8 AS gap FROM live WHERE n >= 2)
    SELECT live.customer_id, live.n, live.monetary, live.first_at, live.last_at, typical.gap,
           least(100, greatest(0, floor(80 * (1 - power(2::float8, -greatest(0::float8, live.idle_days / ((live.span_days + typical.gap) / live.n) - 1)))
             + 20::float8 / live.n + 0.5)))::int AS score
      FROM live CROSS JOIN typical
    OFFSET 0`;
}
