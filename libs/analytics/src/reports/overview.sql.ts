import { churnScoresSql, orderHistoriesSql } from '@localreach/core';

/**
 * The overview report's SQL, kept as reviewed snapshots (overview.sql.spec.ts).
 * $1 business, $2 from (inclusive), $3 to (exclusive); orders by when they happened, spend by when messages were sent.
 */

/**
 * Attributed orders and revenue, and messages sent and their cost, per campaign (kind 'campaign',
 * campaigns with either) and per message channel (kind 'channel'): the period's attributions and its
 * sent messages, each summed into cells per (campaign, channel), which are then summed both ways (a
 * handful of rows; numeric sums stay exact).
 * Messages sent on the period's whole UTC days come from the daily roll-up (message_spend and its
 * not yet folded deltas, kept by triggers on message); only the hours at either end are read from
 * message_sent_idx.
 * Campaigns by revenue (then name, id), channels by name.
 */
export const OVERVIEW_SPEND_AND_EARNINGS_SQL = `
WITH earned AS (
  SELECT a.campaign_id, a.channel, count(*)::int AS orders, sum(o.total) AS revenue
    FROM order_attribution a
    JOIN orders o ON o.id = a.order_id
   WHERE a.business_id = $1 AND o.business_id = $1 AND o.occurred_at >= $2 AND o.occurred_at < $3
   GROUP BY a.campaign_id, a.channel),
days AS (
  -- The whole UTC days inside the period, [first, last): read from the daily roll-up; the parts of a day at either end from the messages.
  SELECT CASE WHEN date_trunc('day', $2::timestamptz, 'UTC') = $2::timestamptz THEN $2::timestamptz
              ELSE date_trunc('day', $2::timestamptz, 'UTC') + interval '1 day' END AS first,
         date_trunc('day', $3::timestamptz, 'UTC') AS last),
spent AS (
  SELECT campaign_id, channel, sum(sent)::int AS sent, sum(cost) AS cost
    FROM (SELECT s.campaign_id, s.channel, s.sent, s.cost
            FROM message_spend s, days
           WHERE s.business_id = $1 AND s.day >= (days.first AT TIME ZONE 'UTC')::date AND s.day < (days.last AT TIME ZONE 'UTC')::date
          UNION ALL
          SELECT d.campaign_id, d.channel, d.sent, d.cost
            FROM message_spend_delta d, days
           WHERE d.business_id = $1 AND d.day >= (days.first AT TIME ZONE 'UTC')::date AND d.day < (days.last AT TIME ZONE 'UTC')::date
          UNION ALL
          SELECT m.campaign_id, m.channel, 1, m.cost
            FROM message m, days
           WHERE m.business_id = $1 AND m.sent_at >= $2 AND m.sent_at < least($3, days.first)
          UNION ALL
          SELECT m.campaign_id, m.channel, 1, m.cost
            FROM message m, days
           WHERE m.business_id = $1 AND m.sent_at >= greatest($2, days.first, days.last) AND m.sent_at < $3) x
   GROUP BY campaign_id, channel
  HAVING sum(sent) <> 0),
rows AS (
  SELECT 'campaign' AS kind, c.id AS "campaignId", c.name, NULL::text AS channel, coalesce(s.sent, 0) AS sent, coalesce(e.orders, 0) AS orders,
         coalesce(e.revenue, 0)::float8 AS revenue, coalesce(s.cost, 0)::float8 AS cost
    FROM campaign c
    LEFT JOIN (SELECT campaign_id, sum(orders)::int AS orders, sum(revenue) AS revenue FROM earned GROUP BY campaign_id) e ON e.campaign_id = c.id
    LEFT JOIN (SELECT campaign_id, sum(sent)::int AS sent, sum(cost) AS cost FROM spent GROUP BY campaign_id) s ON s.campaign_id = c.id
   WHERE c.business_id = $1 AND (e.campaign_id IS NOT NULL OR s.campaign_id IS NOT NULL)
  UNION ALL
  SELECT 'channel', NULL, NULL, coalesce(e.channel, s.channel), coalesce(s.sent, 0), coalesce(e.orders, 0), coalesce(e.revenue, 0)::float8, coalesce(s.cost, 0)::float8
    FROM (SELECT channel, sum(orders)::int AS orders, sum(revenue) AS revenue FROM earned GROUP BY channel) e
    FULL JOIN (SELECT channel, sum(sent)::int AS sent, sum(cost) AS cost FROM spent GROUP BY channel) s ON s.channel = e.channel)
SELECT * FROM rows
 ORDER BY kind, CASE WHEN kind = 'campaign' THEN revenue END DESC, name, "campaignId", channel`;

/**
 * Per store (null: no store, e.g. online orders and messages to customers with no known store): orders,
 * customers, revenue and its campaign-attributed part, by where the order was placed; and messages sent
 * in the period with their cost, by the store each was about: the enrolment's store (a geofence's or a
 * nearby offer's, context.storeId), else the recipient's nearest store. Stores with either are listed.
 * The part of the spend by campaigns that held someone out of the period's enrolments is the cost the
 * store's incremental ROI is measured on (OVERVIEW_STORE_HOLDOUT_ARMS_SQL gives their revenue).
 * Grouped by the store's id, then named: distinct customers sort by uuid, not by store name.
 */
export const OVERVIEW_BY_STORE_SQL = `
WITH held AS (
  SELECT DISTINCT campaign_id FROM enrollment WHERE business_id = $1 AND holdout AND enrolled_at >= $2 AND enrolled_at < $3),
per_store AS (
  SELECT o.location_id, count(*)::int AS orders, count(DISTINCT o.customer_id)::int AS customers,
         sum(o.total) AS revenue, coalesce(sum(o.total) FILTER (WHERE a.order_id IS NOT NULL), 0) AS attributed
    FROM orders o
    LEFT JOIN order_attribution a ON a.order_id = o.id AND a.business_id = $1
   WHERE o.business_id = $1 AND o.occurred_at >= $2 AND o.occurred_at < $3
   GROUP BY o.location_id),
spent AS (
  SELECT coalesce(CASE WHEN e.context->>'storeId' ~ '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$'
                       THEN (e.context->>'storeId')::uuid END, c.nearest_location_id) AS location_id,
         count(*)::int AS sent, coalesce(sum(m.cost), 0) AS cost,
         coalesce(sum(m.cost) FILTER (WHERE m.campaign_id IN (SELECT campaign_id FROM held)), 0) AS held_cost
    FROM message m
    LEFT JOIN enrollment e ON e.business_id = $1 AND e.id = m.enrollment_id
    LEFT JOIN customer c ON c.business_id = $1 AND c.id = m.customer_id
   WHERE m.business_id = $1 AND m.sent_at >= $2 AND m.sent_at < $3
   GROUP BY 1)
SELECT coalesce(p.location_id, s.location_id) AS "locationId", l.name, coalesce(p.orders, 0) AS orders, coalesce(p.customers, 0) AS customers,
       coalesce(p.revenue, 0)::float8 AS revenue, coalesce(p.attributed, 0)::float8 AS "attributedRevenue",
       coalesce(s.sent, 0) AS "messagesSent", coalesce(s.cost, 0)::float8 AS spend, coalesce(s.held_cost, 0)::float8 AS "holdoutCampaignSpend"
  FROM per_store p
  -- A full join needs an equality: "no store" (null) on both sides meets as the nil uuid.
  FULL JOIN spent s ON coalesce(s.location_id, '00000000-0000-0000-0000-000000000000') = coalesce(p.location_id, '00000000-0000-0000-0000-000000000000')
  LEFT JOIN location l ON l.id = coalesce(p.location_id, s.location_id) AND l.business_id = $1
 ORDER BY coalesce(p.revenue, 0) DESC, l.name NULLS LAST, 1`;

/**
 * Customers who ordered in the period: new (their first order ever, from customer_order_summary, is in
 * it) or returning (it is before it). Only groups with buyers are returned. The period's orders come
 * from the covering time index and meet only the period's new buyers (a small hash), not every
 * buyer's summary row; every order has a customer and every buyer a summary row, so an order
 * without a match is a returning buyer's. One sort for the distinct buyers, no grouping by customer:
 * 155 ms instead of 425 ms for 94,000 orders of 88,000 buyers among 1,000,000 customers.
 */
export const OVERVIEW_NEW_RETURNING_SQL = `
SELECT s.customer_id IS NOT NULL AS "isNew", count(DISTINCT o.customer_id)::int AS customers, count(*)::int AS orders, sum(o.total)::float8 AS revenue
  FROM orders o
  LEFT JOIN customer_order_summary s
    ON s.customer_id = o.customer_id AND s.business_id = $1 AND s.first_order_at >= $2 AND s.first_order_at < $3
 WHERE o.business_id = $1 AND o.occurred_at >= $2 AND o.occurred_at < $3
 GROUP BY 1`;

/**
 * Cohorts by first-order month (in the business's zone, $4) for cohorts starting in the period:
 * customers ordering in each month after it (+0 = the first month), and revenue, up to $3. A
 * cohort's customers are those whose first order ever (customer_order_summary) is in the period, so
 * only the period's orders are read.
 */
export const OVERVIEW_COHORTS_SQL = `
WITH firsts AS (
  SELECT s.customer_id, date_trunc('month', s.first_order_at AT TIME ZONE $4) AS cohort
    FROM customer_order_summary s
   WHERE s.business_id = $1 AND s.first_order_at >= $2 AND s.first_order_at < $3),
monthly AS (
  SELECT f.cohort, o.customer_id, date_trunc('month', o.occurred_at AT TIME ZONE $4) AS month, sum(o.total) AS revenue
    FROM orders o
    JOIN firsts f ON f.customer_id = o.customer_id
   WHERE o.business_id = $1 AND o.occurred_at >= $2 AND o.occurred_at < $3
   GROUP BY 1, 2, 3)
SELECT to_char(cohort, 'YYYY-MM') AS cohort,
       ((extract(year FROM month) - extract(year FROM cohort)) * 12 + extract(month FROM month) - extract(month FROM cohort))::int AS "monthOffset",
       count(*)::int AS customers, sum(revenue)::float8 AS revenue
  FROM monthly
 GROUP BY 1, 2
 ORDER BY 1, 2`;

/**
 * Per-customer order history up to $2 (inclusive) for churn risk: customers who ordered and were
 * not erased (orderHistoriesSql leaves them out, as in the segment condition, which shares the business medians).
 */
export const CHURN_HISTORY_SQL = `
SELECT h.customer_id AS "customerId", c.email, c.first_name AS "firstName", c.last_name AS "lastName",
       h.n AS orders, h.monetary::float8 AS monetary, h.first_at AS "firstOrderAt", h.last_at AS "lastOrderAt"
  FROM (${orderHistoriesSql('$1', '$2::timestamptz')}) h
  JOIN customer c ON c.id = h.customer_id AND c.business_id = $1`;

/**
 * The `$5` customers most at risk of churning as of `$2`, highest score first (ties by customer id), with a
 * score between `$3` and `$4` (churnScoresSql, the segment condition's score), so only the top of the list
 * leaves the database; only those are joined to customer for their contact. Each row carries the shop's
 * typical gap it was scored with.
 */
export const CHURN_TOP_SQL = `
SELECT s.customer_id AS "customerId", c.email, c.first_name AS "firstName", c.last_name AS "lastName", s.n AS orders, s.monetary,
       s.first_at AS "firstOrderAt", s.last_at AS "lastOrderAt", s.gap AS "typicalGapDays"
  FROM (SELECT * FROM (${churnScoresSql('$1', '$2::timestamptz')}) scored
         WHERE scored.score BETWEEN $3 AND $4
         ORDER BY scored.score DESC, scored.customer_id
         LIMIT $5) s
  JOIN customer c ON c.id = s.customer_id AND c.business_id = $1
 ORDER BY s.score DESC, s.customer_id`;

/**
 * Revenue and messages over time: per bucket ($5: 'day', 'week' or 'month', in the business's zone $4)
 * from the one containing $2 to the one containing the last instant before $3, every bucket listed
 * (zeros included). Orders by when they happened, with the campaign-attributed part; messages by when
 * they were sent (message_sent_idx, an index-only read of the period), with their cost.
 */
export const OVERVIEW_SERIES_SQL = `
WITH buckets AS (
  SELECT generate_series(date_trunc($5, $2::timestamptz AT TIME ZONE $4),
                         date_trunc($5, ($3::timestamptz - interval '1 microsecond') AT TIME ZONE $4),
                         ('1 ' || $5)::interval) AS start),
sales AS (
  SELECT date_trunc($5, o.occurred_at AT TIME ZONE $4) AS start, count(*)::int AS orders, sum(o.total) AS revenue,
         count(a.order_id)::int AS conversions, coalesce(sum(o.total) FILTER (WHERE a.order_id IS NOT NULL), 0) AS attributed
    FROM orders o
    LEFT JOIN order_attribution a ON a.order_id = o.id AND a.business_id = $1
   WHERE o.business_id = $1 AND o.occurred_at >= $2 AND o.occurred_at < $3
   GROUP BY 1),
sends AS (
  SELECT date_trunc($5, m.sent_at AT TIME ZONE $4) AS start, count(*)::int AS sent, coalesce(sum(m.cost), 0) AS cost
    FROM message m
   WHERE m.business_id = $1 AND m.sent_at >= $2 AND m.sent_at < $3
   GROUP BY 1)
SELECT to_char(b.start, 'YYYY-MM-DD') AS start, coalesce(s.orders, 0) AS orders, coalesce(s.revenue, 0)::float8 AS revenue,
       coalesce(s.conversions, 0) AS conversions, coalesce(s.attributed, 0)::float8 AS "attributedRevenue",
       coalesce(m.sent, 0) AS "messagesSent", coalesce(m.cost, 0)::float8 AS spend
  FROM buckets b
  LEFT JOIN sales s ON s.start = b.start
  LEFT JOIN sends m ON m.start = b.start
 ORDER BY b.start`;

/**
 * OVERVIEW_HOLDOUT_ARMS_SQL per store as well: each enrolment's store is the one it was about (context.storeId,
 * a geofence's or a nearby offer's), else its customer's nearest store (null: neither, the "Online" line).
 */
export const OVERVIEW_STORE_HOLDOUT_ARMS_SQL = `
SELECT k.id AS "campaignId", coalesce(CASE WHEN e.context->>'storeId' ~ '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$'
                                           THEN (e.context->>'storeId')::uuid END, c.nearest_location_id) AS "locationId",
       e.holdout, count(*)::int AS n, count(r.revenue)::int AS conversions,
       coalesce(sum(r.revenue), 0)::float8 AS "revenueSum", coalesce(sum(r.revenue * r.revenue), 0)::float8 AS "revenueSumOfSquares"
  FROM campaign k
  JOIN enrollment e ON e.business_id = $1 AND e.campaign_id = k.id AND e.enrolled_at >= $2 AND e.enrolled_at < $3
  LEFT JOIN customer c ON c.business_id = $1 AND c.id = e.customer_id
  LEFT JOIN LATERAL (SELECT sum(o.total)::float8 AS revenue
                       FROM orders o
                      WHERE o.business_id = e.business_id AND o.customer_id = e.customer_id
                        AND o.occurred_at > coalesce(e.anchored_at, e.enrolled_at)
                        AND o.occurred_at <= coalesce(e.goal_deadline, coalesce(e.anchored_at, e.enrolled_at) + $4::interval)) r ON true
 WHERE k.business_id = $1
   AND EXISTS (SELECT 1 FROM enrollment h
                WHERE h.business_id = $1 AND h.campaign_id = k.id AND h.holdout AND h.enrolled_at >= $2 AND h.enrolled_at < $3)
 GROUP BY k.id, 2, e.holdout`;

/**
 * Holdout arms per campaign for the period's enrolments ($2 ≤ enrolled_at < $3), for campaigns that
 * held someone out in it: n, conversions, Σ revenue and Σ revenue² per enrolment, revenue counted as
 * in the campaign report (orders after the anchor, within the goal window, else $4, the click window).
 */
export const OVERVIEW_HOLDOUT_ARMS_SQL = `
SELECT k.id AS "campaignId", e.holdout, count(*)::int AS n, count(r.revenue)::int AS conversions,
       coalesce(sum(r.revenue), 0)::float8 AS "revenueSum", coalesce(sum(r.revenue * r.revenue), 0)::float8 AS "revenueSumOfSquares"
  FROM campaign k
  JOIN enrollment e ON e.business_id = $1 AND e.campaign_id = k.id AND e.enrolled_at >= $2 AND e.enrolled_at < $3
  LEFT JOIN LATERAL (SELECT sum(o.total)::float8 AS revenue
                       FROM orders o
                      WHERE o.business_id = e.business_id AND o.customer_id = e.customer_id
                        AND o.occurred_at > coalesce(e.anchored_at, e.enrolled_at)
                        AND o.occurred_at <= coalesce(e.goal_deadline, coalesce(e.anchored_at, e.enrolled_at) + $4::interval)) r ON true
 WHERE k.business_id = $1
   AND EXISTS (SELECT 1 FROM enrollment h
                WHERE h.business_id = $1 AND h.campaign_id = k.id AND h.holdout AND h.enrolled_at >= $2 AND h.enrolled_at < $3)
 GROUP BY k.id, e.holdout`;
