/**
 * The fairness report's SQL (snapshot in fairness-sql.spec.ts).
 * $1 business, $2 campaign (null: every campaign), $3 from (inclusive), $4 to (exclusive),
 * $5 'grid' | 'postal', $6 cell size in Web-Mercator metres, $7 channel ('email', 'sms'; null: either),
 * $8 email requires opt-in (the business's consent setting).
 *
 * Eligible customers are those the send gate could reach now (send-policy.ts, the campaign audience
 * counts): not erased; for the channel an address, consent (SMS: granted; email: not denied, or
 * granted where the business requires opt-in) and no suppression. Each is put in one area (grid cell
 * "cx,cy" of its Mercator point, or its normalised postal code; null without one) and one age band at
 * the period's end (null without a birthday). Then, per area and per band in one pass (grouping sets):
 * eligible customers, how many of them were enrolled (enrolled_at in the period), sent a message
 * (sent_at in the period) and sent an offer (a message whose step carried an offer: message.offer),
 * the message and offer counts, and the located customers' mean position.
 */
export const FAIRNESS_GROUPS_SQL = `
WITH eligible AS (
  SELECT c.id,
         CASE WHEN $5 = 'grid'
              THEN CASE WHEN c.point IS NOT NULL THEN floor(c.point[0] / $6::float8)::bigint || ',' || floor(c.point[1] / $6::float8)::bigint END
              ELSE nullif(upper(regexp_replace(btrim(c.address->>'postalCode'), '\\s+', ' ', 'g')), '') END AS area,
         CASE WHEN c.birthday IS NULL THEN NULL
              ELSE width_bucket(extract(year FROM age(($4::timestamptz AT TIME ZONE 'UTC')::date, c.birthday))::int, ARRAY[25, 35, 45, 55, 65]) END AS band,
         c.lat, c.lng
    FROM customer c
   WHERE c.business_id = $1 AND c.erased_at IS NULL
     AND ((coalesce($7, 'email') = 'email'
           AND c.email IS NOT NULL AND btrim(c.email) <> ''
           AND (CASE WHEN $8::boolean THEN c.consent_email = 'granted' ELSE c.consent_email IS DISTINCT FROM 'denied' END)
           AND NOT EXISTS (SELECT 1 FROM suppression s WHERE s.business_id = $1 AND s.channel = 'email' AND s.address = lower(btrim(c.email))))
       OR (coalesce($7, 'sms') = 'sms'
           AND c.phone IS NOT NULL AND btrim(c.phone) <> '' AND c.consent_sms = 'granted'
           AND NOT EXISTS (SELECT 1 FROM suppression s WHERE s.business_id = $1 AND s.channel = 'sms' AND s.address = btrim(c.phone))))),
enrolled AS (
  SELECT DISTINCT customer_id
    FROM enrollment
   WHERE business_id = $1 AND ($2::uuid IS NULL OR campaign_id = $2::uuid) AND enrolled_at >= $3 AND enrolled_at < $4),
sent AS (
  SELECT customer_id, count(*)::int AS messages, count(*) FILTER (WHERE offer IS NOT NULL)::int AS offers
    FROM message
   WHERE business_id = $1 AND sent_at >= $3 AND sent_at < $4 AND campaign_id IS NOT NULL
     AND ($2::uuid IS NULL OR campaign_id = $2::uuid) AND ($7::text IS NULL OR channel = $7::text)
   GROUP BY customer_id),
per_customer AS (
  SELECT e.area, e.band, e.lat, e.lng, n.customer_id IS NOT NULL AS enrolled, coalesce(s.messages, 0) AS messages, coalesce(s.offers, 0) AS offers
    FROM eligible e
    LEFT JOIN enrolled n ON n.customer_id = e.id
    LEFT JOIN sent s ON s.customer_id = e.id)
SELECT CASE WHEN grouping(area) = 0 THEN 'area' ELSE 'band' END AS kind,
       CASE WHEN grouping(area) = 0 THEN area ELSE (ARRAY['under 25', '25-34', '35-44', '45-54', '55-64', '65+'])[band + 1] END AS key,
       count(*)::int AS eligible,
       count(*) FILTER (WHERE enrolled)::int AS enrolled,
       count(*) FILTER (WHERE messages > 0)::int AS messaged,
       count(*) FILTER (WHERE offers > 0)::int AS offered,
       sum(messages)::int AS messages,
       sum(offers)::int AS offers,
       count(lat)::int AS located,
       avg(lat) AS lat,
       avg(lng) AS lng
  FROM per_customer
 GROUP BY GROUPING SETS ((area), (band))
 ORDER BY 1, 2`;

/** The campaign the report is about, in the caller's business: $1 business, $2 campaign. */
export const FAIRNESS_CAMPAIGN_SQL = `SELECT id, name, created_at AS "createdAt" FROM campaign WHERE business_id = $1 AND id = $2`;

/** $1 business: its live stores with a position, by name then id. */
export const FAIRNESS_STORES_SQL = `
SELECT id, name, lat, lng
  FROM location
 WHERE business_id = $1 AND deleted_at IS NULL AND lat IS NOT NULL AND lng IS NOT NULL
 ORDER BY name, id`;
