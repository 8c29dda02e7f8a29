/**
 * The campaign report's SQL, kept as reviewed snapshots (campaign-report.sql.spec.ts).
 * Every statement is scoped by business ($1) and campaign ($2).
 */

/**
 * Engagement per (type, step, variant), raw hits and their roll-up together (hits past the
 * retention age live in engagement_message_rollup, one row per message and type; a hit is in
 * exactly one of the two). Raw hits are first summed per message in one pass over
 * engagement_campaign_funnel_idx (its column order, so the aggregate streams without a sort and
 * never reads the heap), then meet the roll-up's rows: uniques are distinct messages (all hits, and
 * human hits; machine-only is the difference), so a message with hits on both sides counts once.
 * No join to message: rows carry their step and variant.
 */
export const FUNNEL_ENGAGEMENT_SQL = `
SELECT type, step_id AS "stepId", variant,
       sum(hits)::int AS total,
       count(DISTINCT message_id)::int AS "uniqueMessages",
       count(DISTINCT message_id) FILTER (WHERE human)::int AS "uniqueHuman"
  FROM (SELECT type, step_id, variant, message_id, count(*)::int AS hits, bool_or(NOT machine) AS human
          FROM engagement
         WHERE business_id = $1 AND campaign_id = $2
         GROUP BY type, step_id, variant, message_id
        UNION ALL
        SELECT type, step_id, variant, message_id, hits, human_hits > 0
          FROM engagement_message_rollup
         WHERE business_id = $1 AND campaign_id = $2) h
 GROUP BY type, step_id, variant`;

/** Attributed revenue per (step, variant): only the converted rows, read from the heap. */
export const FUNNEL_REVENUE_SQL = `
SELECT step_id AS "stepId", variant, coalesce(sum(revenue), 0)::float8 AS revenue
  FROM engagement
 WHERE business_id = $1 AND campaign_id = $2 AND type = 'converted'
 GROUP BY step_id, variant`;

/**
 * Sends per (step, variant, channel). Email has no delivery receipts: an SMTP acceptance
 * counts as delivered; SMS counts the carrier's report.
 */
export const FUNNEL_MESSAGES_SQL = `
SELECT step_id AS "stepId", variant, channel,
       count(*) FILTER (WHERE sent_at IS NOT NULL)::int AS sent,
       count(*) FILTER (WHERE delivered_at IS NOT NULL OR (channel = 'email' AND status = 'sent'))::int AS delivered,
       count(*) FILTER (WHERE status IN ('failed', 'bounced', 'undelivered'))::int AS failed,
       count(*) FILTER (WHERE status = 'suppressed')::int AS suppressed,
       coalesce(sum(cost), 0)::float8 AS cost
  FROM message
 WHERE business_id = $1 AND campaign_id = $2
 GROUP BY step_id, variant, channel`;

/** Enrolments per last-drawn variant, with the holdout among them. */
export const ENROLMENTS_SQL = `
SELECT variants->>'@last' AS variant, count(*)::int AS enrolled, count(*) FILTER (WHERE holdout)::int AS holdout
  FROM enrollment
 WHERE business_id = $1 AND campaign_id = $2
 GROUP BY 1`;

/**
 * Per enrolment ($4 narrows them): converted when its customer ordered after its trigger (anchored_at) and within
 * the goal window (goal_deadline), else within $3 (the business's click window); revenue is those
 * orders' sum (null: no order). A sum per enrolment over orders_customer_time_idx, which carries the total (a few index
 * entries each), not a join grouped by enrolment, which sorted every enrolment by id first.
 */
const enrolmentRevenue = (narrow: string) => `SELECT e.id, e.holdout, e.variants, r.revenue
          FROM enrollment e
          LEFT JOIN LATERAL (SELECT sum(o.total)::float8 AS revenue
                               FROM orders o
                              WHERE o.business_id = e.business_id AND o.customer_id = e.customer_id
                                AND o.occurred_at > coalesce(e.anchored_at, e.enrolled_at)
                                AND o.occurred_at <= coalesce(e.goal_deadline, coalesce(e.anchored_at, e.enrolled_at) + $3::interval)) r ON true
         WHERE e.business_id = $1 AND e.campaign_id = $2${narrow}`;

/**
 * Treated (messaged) and holdout arms: n, conversions, Σ revenue and Σ revenue² per enrolment,
 * for the campaign (variant null, grouped = true) and per last-drawn variant (held-out
 * enrolments draw variants too, so each variant has its own like-for-like control).
 */
export const HOLDOUT_ARMS_SQL = `
SELECT r.holdout, r.variants->>'@last' AS variant, GROUPING(r.variants->>'@last') = 1 AS "wholeCampaign",
       count(*)::int AS n, count(r.revenue)::int AS conversions,
       coalesce(sum(r.revenue), 0)::float8 AS "revenueSum", coalesce(sum(r.revenue * r.revenue), 0)::float8 AS "revenueSumOfSquares"
  FROM (${enrolmentRevenue('')}) r
 GROUP BY GROUPING SETS ((r.holdout), (r.holdout, r.variants->>'@last'))`;

/**
 * One split's arms ($4 = the split step id): messaged enrolments assigned there, by variant;
 * who clicked (human clicks; distinct messages first, from the funnel index and from the
 * roll-up of hits past the retention age, then their
 * enrolments from the campaign's messages in message_campaign_idx, one hash join instead of a
 * lookup per message); conversions and revenue as for the holdout (every assigned recipient
 * counts, whatever they did: GOAL_WINDOW_CONVERSIONS); beside them the orders credited to the campaign
 * through the recipient's messages and their revenue (ATTRIBUTED_CONVERSIONS, as the funnel counts). With opens, also who opened (human) or was opened only by
 * machines: the experiment report shows them; the campaign report, whose verdicts never use
 * opens, skips that far larger set of rows.
 */
export function experimentArmsSql(withOpens: boolean): string {
  const types = withOpens ? `type IN ('clicked', 'opened')` : `type = 'clicked' AND NOT machine`;
  // The roll-up's messages: one touch per kind of hit they had (human, machine).
  const rolledUp = withOpens
    ? `SELECT type, message_id, false FROM engagement_message_rollup
           WHERE business_id = $1 AND campaign_id = $2 AND type IN ('clicked', 'opened') AND human_hits > 0
          UNION ALL
          SELECT type, message_id, true FROM engagement_message_rollup
           WHERE business_id = $1 AND campaign_id = $2 AND type IN ('clicked', 'opened') AND hits > human_hits`
    : `SELECT type, message_id, false FROM engagement_message_rollup
           WHERE business_id = $1 AND campaign_id = $2 AND type = 'clicked' AND human_hits > 0`;
  const opens = withOpens
    ? `count(*) FILTER (WHERE t.opened)::int AS "humanOpens",
       count(*) FILTER (WHERE t."machineOpened" AND NOT t.opened)::int AS "machineOnlyOpens"`
    : `0 AS "humanOpens", 0 AS "machineOnlyOpens"`;
  return `
WITH credited AS (
  SELECT m.enrollment_id, count(*)::int AS orders, sum(o.total) AS revenue
    FROM order_attribution a
    JOIN message m ON m.business_id = $1 AND m.id = a.message_id
    JOIN orders o ON o.business_id = $1 AND o.id = a.order_id
   WHERE a.business_id = $1 AND a.campaign_id = $2
   GROUP BY m.enrollment_id),
touched AS (
  SELECT m.enrollment_id,
         bool_or(g.type = 'clicked' AND NOT g.machine) AS clicked,
         bool_or(g.type = 'opened' AND NOT g.machine) AS opened,
         bool_or(g.type = 'opened' AND g.machine) AS "machineOpened"
    FROM (SELECT DISTINCT type, message_id, machine
            FROM engagement
           WHERE business_id = $1 AND campaign_id = $2 AND ${types}
          UNION ALL
          ${rolledUp}) g
    JOIN message m ON m.business_id = $1 AND m.campaign_id = $2 AND m.id = g.message_id
   GROUP BY m.enrollment_id)
SELECT r.variants->>$4 AS variant, count(*)::int AS recipients,
       count(*) FILTER (WHERE t.clicked)::int AS clicks,
       ${opens},
       count(r.revenue)::int AS conversions,
       coalesce(sum(r.revenue), 0)::float8 AS "revenueSum",
       coalesce(sum(r.revenue * r.revenue), 0)::float8 AS "revenueSumOfSquares",
       coalesce(sum(c.orders), 0)::int AS "attributedOrders",
       coalesce(sum(c.revenue), 0)::float8 AS "attributedRevenue"
  FROM (${enrolmentRevenue(' AND NOT e.holdout AND e.variants ? $4')}) r
  LEFT JOIN touched t ON t.enrollment_id = r.id
  LEFT JOIN credited c ON c.enrollment_id = r.id
 GROUP BY 1`;
}

/** The experiment report's arms (with opens). */
export const EXPERIMENT_ARMS_SQL = experimentArmsSql(true);

/** The campaign report's and the automatic winner's arms (clicks only). */
export const EXPERIMENT_ARMS_CLICKS_SQL = experimentArmsSql(false);

/**
 * The campaign list's figures for a page of campaigns ($2, an array of ids): enrolments
 * (enrollment_campaign_idx, index only), messages sent and their cost from the daily spend
 * roll-up (message_spend by campaign, plus the deltas not yet folded: a few rows per campaign
 * and day, where counting a campaign's messages reads each of them), and attributed orders and
 * revenue as the report counts them (converted engagement rows, engagement_campaign_funnel_idx).
 * One row per id asked, zeros for none.
 */
export const CAMPAIGN_LIST_STATS_SQL = `
WITH page AS (SELECT DISTINCT unnest($2::uuid[]) AS id),
enrolled AS (
  SELECT campaign_id, count(*)::int AS enrolled
    FROM enrollment
   WHERE business_id = $1 AND campaign_id = ANY($2::uuid[])
   GROUP BY campaign_id),
spent AS (
  SELECT campaign_id, sum(sent)::int AS sent, sum(cost) AS cost
    FROM (SELECT campaign_id, sent, cost FROM message_spend WHERE business_id = $1 AND campaign_id = ANY($2::uuid[])
          UNION ALL
          SELECT campaign_id, sent, cost FROM message_spend_delta WHERE business_id = $1 AND campaign_id = ANY($2::uuid[])) s
   GROUP BY campaign_id),
earned AS (
  SELECT campaign_id, count(*)::int AS orders, sum(revenue) AS revenue
    FROM engagement
   WHERE business_id = $1 AND campaign_id = ANY($2::uuid[]) AND type = 'converted'
   GROUP BY campaign_id)
SELECT page.id AS "campaignId", coalesce(n.enrolled, 0) AS enrolled, coalesce(s.sent, 0) AS sent, coalesce(s.cost, 0)::float8 AS cost,
       coalesce(e.orders, 0) AS orders, coalesce(e.revenue, 0)::float8 AS revenue
  FROM page
  LEFT JOIN enrolled n ON n.campaign_id = page.id
  LEFT JOIN spent s ON s.campaign_id = page.id
  LEFT JOIN earned e ON e.campaign_id = page.id`;

/**
 * The campaign per local day ($3: the business's zone), from its first day with a send, click or
 * order to its last, empty days included: sends and spend by send time (message_campaign_idx
 * carries sent_at and cost, so an index-only scan); human clicks, credited orders and their revenue
 * by when they happened (the funnel index narrows to those rows; their time is on the heap), and
 * clicks past the retention age from their quarter-hour roll-up (a day with machine clicks only
 * still extends the range, as its raw rows did). Summed
 * over the days: the funnel's sent, cost, orders and revenue.
 */
export const CAMPAIGN_SERIES_SQL = `
WITH sends AS (
  SELECT (sent_at AT TIME ZONE $3)::date AS day, count(*)::int AS sent, coalesce(sum(cost), 0)::float8 AS spend
    FROM message
   WHERE business_id = $1 AND campaign_id = $2 AND sent_at IS NOT NULL
   GROUP BY 1),
hits AS (
  SELECT day, sum(clicks)::int AS clicks, sum(conversions)::int AS conversions, coalesce(sum(revenue), 0)::float8 AS revenue
    FROM (SELECT (occurred_at AT TIME ZONE $3)::date AS day,
                 count(*) FILTER (WHERE type = 'clicked' AND NOT machine) AS clicks,
                 count(*) FILTER (WHERE type = 'converted') AS conversions,
                 sum(revenue) FILTER (WHERE type = 'converted') AS revenue
            FROM engagement
           WHERE business_id = $1 AND campaign_id = $2 AND type IN ('clicked', 'converted')
           GROUP BY 1
          UNION ALL
          SELECT (period_start AT TIME ZONE $3)::date, sum(human_hits), 0, NULL
            FROM engagement_period_rollup
           WHERE business_id = $1 AND campaign_id = $2 AND type = 'clicked'
           GROUP BY 1) x
   GROUP BY day),
days AS (
  SELECT generate_series(min(day), max(day), interval '1 day')::date AS day
    FROM (SELECT day FROM sends UNION ALL SELECT day FROM hits) d)
SELECT to_char(days.day, 'YYYY-MM-DD') AS day,
       coalesce(s.sent, 0) AS sent, coalesce(h.clicks, 0) AS clicks, coalesce(h.conversions, 0) AS conversions,
       coalesce(h.revenue, 0)::float8 AS revenue, coalesce(s.spend, 0)::float8 AS spend
  FROM days LEFT JOIN sends s USING (day) LEFT JOIN hits h USING (day)
 ORDER BY days.day`;
