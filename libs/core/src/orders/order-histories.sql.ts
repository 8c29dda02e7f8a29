/**
 * Every buyer's order history up to `now` (inclusive): customer_id, n (orders, int), monetary (numeric),
 * first_at and last_at. Buyers whose last order is at or before `now` (all of them, for a report as of
 * today) are read from `customer_order_summary`, one row each; the few who ordered after `now` are
 * counted from their orders up to it. Erased customers are left out, with an anti-join against the few
 * of them (customer_erased_idx). `business` and `now` are SQL expressions (placeholders).
 */
export function orderHistoriesSql(business: string, now: string): string {
  return `SELECT r.* FROM (
    SELECT s.customer_id, s.orders AS n, s.revenue AS monetary, s.first_order_at AS first_at, s.last_order_at AS last_at
      FROM customer_order_summary s
     WHERE s.business_id = ${business} AND s.last_order_at <= ${now}
    UNION ALL
    SELECT o.customer_id, count(*)::int, sum(o.total), min(o.occurred_at), max(o.occurred_at)
      FROM customer_order_summary s
      JOIN orders o ON o.business_id = ${business} AND o.customer_id = s.customer_id AND o.occurred_at <= ${now}
     WHERE s.business_id = ${business} AND s.last_order_at > ${now} AND s.first_order_at <= ${now}
     GROUP BY o.customer_id) r
     WHERE NOT EXISTS (SELECT 1 FROM customer oc WHERE oc.business_id = ${business} AND oc.id = r.customer_id AND oc.erased_at IS NOT NULL)`;
}
