import type { ChurnRiskCondition } from '../segment-definition';
import type { CompileScope } from './compile-scope';

/** Score range of each churn level. */
export const CHURN_LEVEL_SCORES = { low: [0, 29], medium: [30, 59], high: [60, 100] } as const;

/**
 * Churn risk, the score of the analytics statistics `churnRisk` (and of the overview report),
 * from orders up to `now`: expected gap = (days from first to last order + the shop's typical
 * gap) / orders, the typical gap being the median of repeat customers' average gaps (at least a
 * day; 30 days when nobody ordered twice); overdue ratio r = days since the last order / expected
 * gap; score = round(80 · (1 − 2^−max(0, r − 1)) + 20 / orders), low below 30, medium below 60,
 * else high. Only customers who ordered have a score; erased customers count neither as members
 * nor in the typical gap. Orders are grouped once and the scores hash-joined (`joinPerCustomer`).
 */
export function compileChurnRisk(cond: ChurnRiskCondition, scope: CompileScope): string {
  const now = scope.now();
  const [low, high] = cond.level ? CHURN_LEVEL_SCORES[cond.level] : [0, 100];
  const min = scope.param(Math.max(low, cond.minScore ?? 0), 'int');
  const max = scope.param(Math.min(high, cond.maxScore ?? 100), 'int');
  const alias = scope.joinPerCustomer(`WITH h AS (
      SELECT o.customer_id, count(*) AS n,
             (extract(epoch FROM max(o.occurred_at) - min(o.occurred_at)) / 86400)::float8 AS span_days,
             greatest(0, extract(epoch FROM ${now} - max(o.occurred_at)) / 86400)::float8 AS days_since
        FROM orders o
       WHERE o.business_id = ${scope.business} AND o.occurred_at <= ${now}
         AND EXISTS (SELECT 1 FROM customer oc WHERE oc.id = o.customer_id AND oc.business_id = ${scope.business} AND oc.erased_at IS NULL)
       GROUP BY o.customer_id),
    typical AS (
      -- greatest() skips NULLs, so the default for "nobody ordered twice" goes inside it.
      SELECT greatest(1, coalesce(percentile_cont(0.5) WITHIN GROUP (ORDER BY span_days / (n - 1)), 30)) AS gap FROM h WHERE n >= 2),
    scored AS (
      SELECT h.customer_id,
             least(100, greatest(0, round((80 * (1 - power(2, -greatest(0, h.days_since / ((h.span_days + typical.gap) / h.n) - 1))) + 20.0 / h.n)::numeric)))::int AS score
        FROM h CROSS JOIN typical)
    SELECT customer_id FROM scored WHERE score BETWEEN ${min} AND ${max}`);
  return `${alias}.customer_id IS NOT NULL`;
}
