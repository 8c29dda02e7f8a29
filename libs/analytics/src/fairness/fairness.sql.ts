/**
 * The first birthday of each age band's younger neighbour, oldest first: the day after the period's
 * end date ($4, in UTC) less 65, 55, 45, 35 and 25 years. width_bucket(birthday, these) counts the
 * ones on or before the birthday: 0 is 65 or older, 5 under 25.
 */
export const AGE_BAND_STARTS = `SELECT (($4::timestamptz AT TIME ZONE 'UTC')::date - make_interval(years => y))::date + 1 FROM unnest(ARRAY[65, 55, 45, 35, 25]) y`;

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
 * the period's end (null without a birthday). Their activity in the period (enrolments by enrolled_at,
 * messages and offers, a message whose step carried one (message.offer), by sent_at) is summed per
 * customer, then per area and per band in one pass (grouping sets): eligible customers, how many of
 * them were enrolled, messaged and offered, the message and offer counts, and the located customers'
 * mean position.
 *
 * Written for speed at 500,000 customers and 3 million activity rows (bench/reports/fairness.bench.ts):
 *  - the activity is read from covering indexes alone (migration FairnessReads1766600000000:
 *    enrollment_enrolled_idx, message_sent_idx and message_offer_sent_idx by time, enrollment_campaign_idx
 *    and message_campaign_idx for one campaign) and summed per customer in one hash table;
 *  - suppression is NOT IN an uncorrelated list (one hashed lookup per customer, not a subquery each);
 *  - cells are grouped as two integers and written as text only for the few hundred groups;
 *  - the age band compares the birthday with five dates (a birthday on or before the period's end date
 *    less N years is N or older, as age() counts: fairness.e2e-spec.ts checks every birthday of a
 *    century against age() at leap-day ends) instead of age() per customer.
 */
export const FAIRNESS_GROUPS_SQL = `
WITH eligible AS (
  SELECT c.id,
         CASE WHEN $5 = 'grid' AND c.point IS NOT NULL THEN floor(c.point[0] / $6::float8)::int END AS cx,
         CASE WHEN $5 = 'grid' AND c.point IS NOT NULL THEN floor(c.point[1] / $6::float8)::int END AS cy,
         CASE WHEN $5 = 'postal' THEN nullif(upper(regexp_replace(btrim(c.address->>'postalCode'), '\\s+', ' ', 'g')), '') END AS postal,
         CASE WHEN c.birthday IS NOT NULL THEN width_bucket(c.birthday, ARRAY(${AGE_BAND_STARTS})) END AS band,
         c.lat, c.lng
    FROM customer c
   WHERE c.business_id = $1 AND c.erased_at IS NULL
     AND ((coalesce($7, 'email') = 'email'
           AND c.email IS NOT NULL AND btrim(c.email) <> ''
           AND (CASE WHEN $8::boolean THEN c.consent_email = 'granted' ELSE c.consent_email IS DISTINCT FROM 'denied' END)
           AND lower(btrim(c.email)) NOT IN (SELECT s.address FROM suppression s WHERE s.business_id = $1 AND s.channel = 'email'))
       OR (coalesce($7, 'sms') = 'sms'
           AND c.phone IS NOT NULL AND btrim(c.phone) <> '' AND c.consent_sms = 'granted'
           AND btrim(c.phone) NOT IN (SELECT s.address FROM suppression s WHERE s.business_id = $1 AND s.channel = 'sms')))),
activity AS (
  SELECT customer_id, 1 AS enrolled, 0 AS messages, 0 AS offers
    FROM enrollment
   WHERE business_id = $1 AND ($2::uuid IS NULL OR campaign_id = $2::uuid) AND enrolled_at >= $3 AND enrolled_at < $4
  UNION ALL
  SELECT customer_id, 0, 1, 0
    FROM message
   WHERE business_id = $1 AND sent_at >= $3 AND sent_at < $4 AND campaign_id IS NOT NULL
     AND ($2::uuid IS NULL OR campaign_id = $2::uuid) AND ($7::text IS NULL OR channel = $7::text)
  UNION ALL
  SELECT customer_id, 0, 0, 1
    FROM message
   WHERE business_id = $1 AND sent_at >= $3 AND sent_at < $4 AND campaign_id IS NOT NULL AND offer IS NOT NULL
     AND ($2::uuid IS NULL OR campaign_id = $2::uuid) AND ($7::text IS NULL OR channel = $7::text)),
reached AS (
  SELECT customer_id, max(enrolled) AS enrolled, sum(messages)::int AS messages, sum(offers)::int AS offers
    FROM activity
   GROUP BY customer_id),
per_customer AS (
  SELECT e.cx, e.cy, e.postal, e.band, e.lat, e.lng, coalesce(r.enrolled, 0) AS enrolled, coalesce(r.messages, 0) AS messages, coalesce(r.offers, 0) AS offers
    FROM eligible e
    LEFT JOIN reached r ON r.customer_id = e.id),
grouped AS (
  SELECT grouping(cx, cy, postal) = 0 AS by_area, cx, cy, postal, band,
         count(*)::int AS eligible,
         sum(enrolled)::int AS enrolled,
         count(*) FILTER (WHERE messages > 0)::int AS messaged,
         count(*) FILTER (WHERE offers > 0)::int AS offered,
         sum(messages)::int AS messages,
         sum(offers)::int AS offers,
         count(lat)::int AS located,
         avg(lat) AS lat,
         avg(lng) AS lng
    FROM per_customer
   GROUP BY GROUPING SETS ((cx, cy, postal), (band)))
SELECT CASE WHEN by_area THEN 'area' ELSE 'band' END AS kind,
       CASE WHEN by_area THEN coalesce(cx || ',' || cy, postal) ELSE (ARRAY['65+', '55-64', '45-54', '35-44', '25-34', 'under 25'])[band + 1] END AS key,
       eligible, enrolled, messaged, offered, messages, offers, located, lat, lng
  FROM grouped
 ORDER BY 1, 2`;

/** The campaign the report is about, in the caller's business: $1 business, $2 campaign. */
export const FAIRNESS_CAMPAIGN_SQL = `SELECT id, name, created_at AS "createdAt" FROM campaign WHERE business_id = $1 AND id = $2`;

/** $1 business: its live stores with a position, by name then id. */
export const FAIRNESS_STORES_SQL = `
SELECT id, name, lat, lng
  FROM location
 WHERE business_id = $1 AND deleted_at IS NULL AND lat IS NOT NULL AND lng IS NOT NULL
 ORDER BY name, id`;
