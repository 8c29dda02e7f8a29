import type { ChurnRiskCondition } from '../segment-definition';
import type { CompileScope } from './compile-scope';

/** Score range of each churn level. */
export const CHURN_LEVEL_SCORES = { low: [0, 29], medium: [30, 59], high: [60, 100] } as const;

/**
 * Churn risk (the score of the overview report, recomputed here from orders up to `now`):
 * recency up to 60 points (30 per gap overdue beyond the first, the gap being the customer's
 * average with two or more orders, else the business's median gap among repeat customers, else
 * 30 days, never under 7), frequency (one order 25, two 15, three or four 8), monetary up to 15
 * below the median spend; high from 60, medium from 30. Only customers who ordered have a score;
 * erased customers count neither as members nor in the business's medians. Orders are grouped
 * once and the scores hash-joined (`joinPerCustomer`).
 */
export function compileChurnRisk(cond: ChurnRiskCondition, scope: CompileScope): string {
  const now = scope.now();
  const [low, high] = cond.level ? CHURN_LEVEL_SCORES[cond.level] : [0, 100];
  const min = scope.param(Math.max(low, cond.minScore ?? 0), 'int');
  const max = scope.param(Math.min(high, cond.maxScore ?? 100), 'int');
  const alias = scope.joinPerCustomer(`WITH h AS (
      SELECT o.customer_id, count(*) AS n, sum(o.total)::float8 AS spend,
             greatest(0, extract(epoch FROM ${now} - max(o.occurred_at)) / 86400)::float8 AS days_since,
             (CASE WHEN count(*) >= 2 THEN extract(epoch FROM max(o.occurred_at) - min(o.occurred_at)) / 86400 / (count(*) - 1) END)::float8 AS own_gap
        FROM orders o
       WHERE o.business_id = ${scope.business} AND o.occurred_at <= ${now}
         AND EXISTS (SELECT 1 FROM customer oc WHERE oc.id = o.customer_id AND oc.business_id = ${scope.business} AND oc.erased_at IS NULL)
       GROUP BY o.customer_id),
    norms AS (
      SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY own_gap) AS median_gap, percentile_cont(0.5) WITHIN GROUP (ORDER BY spend) AS median_spend FROM h),
    scored AS (
      SELECT h.customer_id,
             round((least(60, greatest(0, 30 * (h.days_since / greatest(7, coalesce(h.own_gap, norms.median_gap, 30)) - 1)))
               + CASE WHEN h.n <= 1 THEN 25 WHEN h.n = 2 THEN 15 WHEN h.n <= 4 THEN 8 ELSE 0 END
               + CASE WHEN norms.median_spend > 0 AND h.spend < norms.median_spend THEN 15 * (1 - h.spend / norms.median_spend) ELSE 0 END)::numeric)::int AS score
        FROM h CROSS JOIN norms)
    SELECT customer_id FROM scored WHERE score BETWEEN ${min} AND ${max}`);
  return `${alias}.customer_id IS NOT NULL`;
}
