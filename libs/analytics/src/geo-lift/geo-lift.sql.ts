import { haversineSql } from '@localreach/geo';

/**
 * Per (map cell, group, prior-order bin): customers and their order counts and
 * revenue in the matching window and in the pre- and post-periods (the
 * pre-period also in halves). Treated: located inside the area ($3 circle:
 * centre $4/$5, radius $6 m; polygon: $7 in Web-Mercator metres). Comparison:
 * located outside it whose nearest store is one of $8. Only customers known
 * before the start ($13): created before it, or with an order before it.
 * Cells are $9 Mercator units wide. Windows: [$10, $11) matching, [$11, $12)
 * and [$12, $13) the pre-period's halves, [$13, $14) the post-period.
 * $2: the campaign, to count the treated customers it enrolled.
 */
export const GEO_LIFT_CELLS_SQL = `
WITH located AS (
  SELECT c.id, c.created_at,
         CASE WHEN $3 = 'circle' THEN ${haversineSql('c.lat', 'c.lng', '$4::float8', '$5::float8')} <= $6::float8
              ELSE c.point <@ $7::polygon END AS treated,
         c.nearest_location_id,
         floor(c.point[0] / $9::float8)::bigint || ':' || floor(c.point[1] / $9::float8)::bigint AS cluster
    FROM customer c
   WHERE c.business_id = $1 AND c.lat IS NOT NULL AND c.lng IS NOT NULL
),
grouped AS (
  SELECT l.id, l.created_at, l.treated, l.cluster FROM located l
   WHERE l.treated OR l.nearest_location_id = ANY($8::uuid[])
),
totals AS (
  SELECT o.customer_id,
         count(*) FILTER (WHERE o.occurred_at < $11) AS prior,
         count(*) FILTER (WHERE o.occurred_at >= $11 AND o.occurred_at < $12) AS early_orders,
         count(*) FILTER (WHERE o.occurred_at >= $12 AND o.occurred_at < $13) AS late_orders,
         count(*) FILTER (WHERE o.occurred_at >= $13) AS post_orders,
         coalesce(sum(o.total) FILTER (WHERE o.occurred_at >= $11 AND o.occurred_at < $12), 0) AS early_revenue,
         coalesce(sum(o.total) FILTER (WHERE o.occurred_at >= $12 AND o.occurred_at < $13), 0) AS late_revenue,
         coalesce(sum(o.total) FILTER (WHERE o.occurred_at >= $13), 0) AS post_revenue
    FROM orders o
   WHERE o.business_id = $1 AND o.occurred_at >= $10 AND o.occurred_at < $14
   GROUP BY o.customer_id
),
enrolled AS (
  SELECT DISTINCT e.customer_id FROM enrollment e WHERE e.business_id = $1 AND e.campaign_id = $2
),
per_customer AS (
  SELECT g.cluster, g.treated, (en.customer_id IS NOT NULL AND g.treated) AS enrolled,
         coalesce(t.prior, 0) AS prior, coalesce(t.early_orders, 0) AS early_orders, coalesce(t.late_orders, 0) AS late_orders,
         coalesce(t.post_orders, 0) AS post_orders, coalesce(t.early_revenue, 0) AS early_revenue,
         coalesce(t.late_revenue, 0) AS late_revenue, coalesce(t.post_revenue, 0) AS post_revenue
    FROM grouped g
    LEFT JOIN totals t ON t.customer_id = g.id
    LEFT JOIN enrolled en ON en.customer_id = g.id
   WHERE g.created_at < $13 OR coalesce(t.prior + t.early_orders + t.late_orders, 0) > 0
)
SELECT cluster, treated,
       CASE WHEN prior = 0 THEN 0 WHEN prior = 1 THEN 1 WHEN prior = 2 THEN 2 WHEN prior <= 4 THEN 3 ELSE 4 END AS bin,
       count(*)::int AS customers,
       count(*) FILTER (WHERE enrolled)::int AS enrolled,
       sum(early_orders + late_orders)::int AS "preOrders", sum(post_orders)::int AS "postOrders",
       sum(early_revenue + late_revenue)::float8 AS "preRevenue", sum(post_revenue)::float8 AS "postRevenue",
       sum(early_orders)::int AS "earlyOrders", sum(late_orders)::int AS "lateOrders",
       sum(early_revenue)::float8 AS "earlyRevenue", sum(late_revenue)::float8 AS "lateRevenue"
  FROM per_customer
 GROUP BY 1, 2, 3
 ORDER BY 1, 2, 3`;
