/**
 * The fairness figures written by hand, as one would at a psql prompt: the eligible customers
 * (address, consent, not suppressed, not erased: the send gate's rules), then two plain GROUP BYs
 * (by grid cell, by age band) over them joined to the period's distinct enrolled customers and to
 * their messages per customer. No grouping sets, no merging of small groups: the bench checks the
 * API's shown groups against these raw ones and its "other" line against what is left.
 */
import type { PoolClient } from 'pg';

export interface FairnessParams { businessId: string; campaignId: string | null; from: Date; to: Date; cellSize: number }
export interface HandGroup { key: string | null; eligible: number; enrolled: number; messaged: number; offered: number; messages: number; offers: number }

const ELIGIBLE = `
  SELECT c.id, c.point, c.birthday FROM customer c
   WHERE c.business_id = $1 AND c.erased_at IS NULL
     AND ((c.email IS NOT NULL AND btrim(c.email) <> '' AND c.consent_email IS DISTINCT FROM 'denied'
           AND NOT EXISTS (SELECT 1 FROM suppression s WHERE s.business_id = $1 AND s.channel = 'email' AND s.address = lower(btrim(c.email))))
       OR (c.phone IS NOT NULL AND btrim(c.phone) <> '' AND c.consent_sms = 'granted'
           AND NOT EXISTS (SELECT 1 FROM suppression s WHERE s.business_id = $1 AND s.channel = 'sms' AND s.address = btrim(c.phone))))`;

const byKey = (key: string) => `
WITH el AS (${ELIGIBLE}),
en AS (SELECT DISTINCT customer_id FROM enrollment WHERE business_id = $1 AND ($2::uuid IS NULL OR campaign_id = $2) AND enrolled_at >= $3 AND enrolled_at < $4),
ms AS (SELECT customer_id, count(*) AS n, count(offer) AS o FROM message
        WHERE business_id = $1 AND campaign_id IS NOT NULL AND ($2::uuid IS NULL OR campaign_id = $2) AND sent_at >= $3 AND sent_at < $4 GROUP BY customer_id)
SELECT ${key} AS key, count(*)::int AS eligible, count(en.customer_id)::int AS enrolled, count(ms.customer_id)::int AS messaged,
       count(*) FILTER (WHERE ms.o > 0)::int AS offered, coalesce(sum(ms.n), 0)::int AS messages, coalesce(sum(ms.o), 0)::int AS offers
  FROM el LEFT JOIN en ON en.customer_id = el.id LEFT JOIN ms ON ms.customer_id = el.id
 GROUP BY 1`;

const CELL = `CASE WHEN el.point IS NOT NULL THEN floor(el.point[0] / $5)::bigint || ',' || floor(el.point[1] / $5)::bigint END`;
const BAND = `CASE WHEN el.birthday IS NULL THEN NULL
  WHEN date_part('year', age(($4::timestamptz AT TIME ZONE 'UTC')::date, el.birthday)) < 25 THEN 'under 25'
  WHEN date_part('year', age(($4::timestamptz AT TIME ZONE 'UTC')::date, el.birthday)) < 35 THEN '25-34'
  WHEN date_part('year', age(($4::timestamptz AT TIME ZONE 'UTC')::date, el.birthday)) < 45 THEN '35-44'
  WHEN date_part('year', age(($4::timestamptz AT TIME ZONE 'UTC')::date, el.birthday)) < 55 THEN '45-54'
  WHEN date_part('year', age(($4::timestamptz AT TIME ZONE 'UTC')::date, el.birthday)) < 65 THEN '55-64' ELSE '65+' END`;

/** Per grid cell and per age band, the raw groups (two statements, one after the other). */
export async function handFairness(c: PoolClient, p: FairnessParams): Promise<{ areas: HandGroup[]; bands: HandGroup[] }> {
  const params = [p.businessId, p.campaignId, p.from, p.to];
  const areas = (await c.query<HandGroup>(byKey(CELL), [...params, p.cellSize])).rows;
  const bands = (await c.query<HandGroup>(byKey(BAND.replace(/\$5/g, '')), params)).rows;
  return { areas, bands };
}

interface ApiGroup { key: string; kind: string; eligible: number; groups: number; messagesSent: number; offersSent: number; enrolments: { customers: number }; messages: { customers: number }; offers: { customers: number } }

const fig = (g: { eligible: number; enrolled: number; messaged: number; offered: number; messages: number; offers: number }) =>
  [g.eligible, g.enrolled, g.messaged, g.offered, g.messages, g.offers].join('/');
const sum = (rows: HandGroup[]): HandGroup => rows.reduce((s, r) => ({
  key: 'other', eligible: s.eligible + r.eligible, enrolled: s.enrolled + r.enrolled, messaged: s.messaged + r.messaged, offered: s.offered + r.offered,
  messages: s.messages + r.messages, offers: s.offers + r.offers,
}), { key: 'other', eligible: 0, enrolled: 0, messaged: 0, offered: 0, messages: 0, offers: 0 });

/**
 * Differences between the API's lines and the raw groups: every shown group equals its raw one, the
 * unknown line the raw null group, "other" the sum of the rest; and no shown line is under the minimum.
 */
export function fairnessDifferences(api: ApiGroup[], hand: HandGroup[], min: number): string[] {
  const problems: string[] = [];
  const raw = new Map(hand.map((h) => [h.key ?? 'unknown', h]));
  const used = new Set<string>();
  for (const g of api) {
    const mine = { eligible: g.eligible, enrolled: g.enrolments.customers, messaged: g.messages.customers, offered: g.offers.customers, messages: g.messagesSent, offers: g.offersSent };
    if (g.eligible < min) problems.push(`${g.key}: ${g.eligible} eligible, under the minimum ${min}`);
    if (g.key === 'other') continue;
    used.add(g.key);
    const theirs = raw.get(g.key);
    if (!theirs || fig(mine) !== fig(theirs)) problems.push(`${g.key}: API ${fig(mine)}, hand-written ${theirs ? fig(theirs) : 'none'}`);
  }
  const other = api.find((g) => g.key === 'other');
  const rest = sum(hand.filter((h) => !used.has(h.key ?? 'unknown')));
  const otherFig = other ? fig({ eligible: other.eligible, enrolled: other.enrolments.customers, messaged: other.messages.customers, offered: other.offers.customers, messages: other.messagesSent, offers: other.offersSent }) : fig(sum([]));
  if (otherFig !== fig(rest)) problems.push(`other: API ${otherFig}, hand-written rest ${fig(rest)}`);
  return problems;
}
