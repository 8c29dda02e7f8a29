/**
 * Bulk rows for the report bench, in SQL (INSERT … SELECT over
 * generate_series), each business's customers, enrolments, messages, orders,
 * attributions and engagement as the product would have left them after
 * months of campaigns. Every id and every draw is a hash of the row's
 * number (md5 ids, uuid_hash_extended draws), so a run is repeatable and the
 * tables agree with each other: a converted engagement row, its attribution
 * and its order come from the same message.
 *
 * Per enrolment (one customer, one campaign): 10 % held out (no messages),
 * else variant A or B (50/50): email at once; a reminder email 2 days later
 * (85 %); an SMS a day after that (customers with a phone, 70 % of them).
 * Email: 1 % suppressed, 0.5 % failed, 1.5 % bounced, the rest accepted;
 * 50 % get a machine open (image proxy or prefetch, seconds after the send;
 * 10 % two); 50 % are opened by a person, several times (the number of
 * opens is drawn around the mean that makes the engagement total exact:
 * 3.5 for business A); 12 % clicked by a person (1-3 clicks), 2 %
 * by a link scanner (every link at once); 0.4 % unsubscribe; 3 % convert.
 * SMS: 1 % suppressed, 1 % failed, 2 % undelivered, 2 % no receipt yet, the
 * rest delivered (a carrier receipt row each); 8 % clicked (1-2), 2 % replied,
 * 0.6 % STOP, 2 % convert. A conversion is an order 1-24 h after a click
 * within a day of the send, attributed to that message (click), with its
 * `converted` engagement row carrying the order total. Every customer also
 * orders on their own (0-4 orders over 400 days; 60 % in one of the three
 * stores), so holdout arms convert too.
 *
 * Loading: secondary indexes of the bulk tables are dropped first and rebuilt
 * from their own definitions afterwards (same schema, one sort per index
 * instead of 10M random inserts), foreign-key triggers are off for the
 * loading sessions (session_replication_role = replica; the rows are
 * consistent by construction), messages and engagement are inserted by two
 * sessions at once (each half of the rows, by a draw on the id) and
 * autovacuum waits while loading; then VACUUM ANALYZE and a checkpoint.
 */
import type { Pool, PoolClient } from 'pg';
import { cpuDelta, cpuSnapshot } from '../campaigns/cpu';
import type { ReportBusiness } from './fixtures';

const DAY_MS = 86_400_000;
/** Tables whose secondary (non-constraint) indexes are rebuilt after loading. */
const BULK_TABLES = ['customer', 'enrollment', 'message', 'orders', 'order_attribution', 'engagement'];

export interface BusinessSize {
  customers: number;
  /** Enrolments per campaign (≤ customers: one enrolment per customer and campaign). */
  enrolmentsPerCampaign: number;
  /** Engagement rows of this business, exactly. */
  engagement: number;
}

export interface LoadedCounts {
  customers: number;
  enrolments: number;
  messages: number;
  orders: number;
  attributions: number;
  engagement: number;
}

const FIRST = ['Ann', 'Bob', 'Chloe', 'David', 'Emma', 'Grace', 'Hugo', 'Isabel', 'James', 'Karim', 'Léa', 'Mia', 'Noah', 'Olivia'];
const LAST = ['Smith', 'Johnson', 'Martin', 'Garcia', 'Lee', 'Nguyen', 'Brown', 'Davis'];
const textArray = (xs: string[]) => `ARRAY[${xs.map((x) => `'${x}'`).join(', ')}]`;

/** A uniform draw in [0, 1) from a uuid and a salt. */
const u = (id: string, salt: number) => `pg_temp.u(${id}, ${salt})`;

const EMAIL_SENT = `(m.channel = 'email' AND m.status = 'sent')`;
const SMS_DELIVERED = `(m.channel = 'sms' AND m.status = 'delivered')`;
/** Messages that led to an order (attributed to them by click). */
const CONVERTS = `((${EMAIL_SENT} AND ${u('m.id', 51)} < 0.03) OR (${SMS_DELIVERED} AND ${u('m.id', 51)} < 0.02))`;
/**
 * Per message: converts, clicked by a person, opened by a person. OFFSET 0 keeps each lateral
 * a subquery, so every draw is computed once per message instead of once per use.
 */
const FLAGS = `CROSS JOIN LATERAL (SELECT ${CONVERTS} AS converts OFFSET 0) f1
  CROSS JOIN LATERAL (SELECT (${EMAIL_SENT} AND ${u('m.id', 73)} < 0.12) OR (${SMS_DELIVERED} AND ${u('m.id', 73)} < 0.08) OR f1.converts AS clicker OFFSET 0) f2
  CROSS JOIN LATERAL (SELECT ${EMAIL_SENT} AND (${u('m.id', 72)} < 0.5 OR f2.clicker) AS opener OFFSET 0) f3`;
/** Rows of part `k` of `n` (by a draw on `id`): the big inserts run as `n` concurrent statements, one per session. */
const part = (id: string, k: number, n: number) => `floor(${u(id, 99)} * ${n})::int = ${k}`;

/** Runs `sql(part k)` on each session at once; the rows inserted in all. */
async function inParts(cs: PoolClient[], id: string, sql: (part: string) => string, params: unknown[]): Promise<number> {
  const results = await Promise.all(cs.map((c, k) => c.query(sql(part(id, k, cs.length)), params)));
  return results.reduce((n, r) => n + (r.rowCount ?? 0), 0);
}

const CLICK_AT = `date_trunc('second', m.sent_at + interval '1 day' * ${u('m.id', 52)})`;
const ORDER_AT = `date_trunc('second', ${CLICK_AT} + interval '1 hour' + interval '23 hours' * ${u('m.id', 53)})`;
const ORDER_TOTAL = `round((12 + 60 * ${u('m.id', 54)})::numeric, 2)`;
const ORDER_ID = `md5(m.id::text || ':order')::uuid`;
/** One of the three stores (`stores`: the uuid[] parameter) for 60 % of orders, else online (null). */
const STORE = (id: string, salt: number, stores: string) => `CASE WHEN ${u(id, salt)} < 0.6 THEN (${stores}::uuid[])[1 + floor(3 * ${u(id, salt + 1)})::int] END`;

async function helpers(c: PoolClient): Promise<void> {
  await c.query(`CREATE FUNCTION pg_temp.u(id uuid, salt int) RETURNS float8 LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT ((uuid_hash_extended(id, salt) >> 11) & 9007199254740991)::float8 / 9007199254740992 $$`);
  await c.query(`CREATE FUNCTION pg_temp.uid(tag text, kind text, n bigint) RETURNS uuid LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT md5(tag || ':' || kind || ':' || n::text)::uuid $$`);
}

async function customers(c: PoolClient, b: ReportBusiness, size: BusinessSize, anchor: Date): Promise<number> {
  const r = await c.query(
    `INSERT INTO customer (id, business_id, external_id, email, phone, first_name, last_name, created_at, updated_at)
     SELECT x.id, $1, 'C' || i, 'r' || i || '@' || $2 || '.bench.example',
            CASE WHEN ${u('x.id', 1)} < 0.6 THEN '+1503' || lpad(i::text, 7, '0') END,
            (${textArray(FIRST)})[1 + i % ${FIRST.length}], (${textArray(LAST)})[1 + (i * 7) % ${LAST.length}], x.at, x.at
       FROM generate_series(0, $3::int - 1) i
      CROSS JOIN LATERAL (SELECT pg_temp.uid($2, 'c', i) AS id, $4::timestamptz - interval '420 days' + interval '30 days' * (i::float8 / $3::int) AS at OFFSET 0) x`,
    [b.id, b.tag, size.customers, anchor],
  );
  return r.rowCount ?? 0;
}

/** A multiplier coprime with `n`, so j ↦ j·m mod n gives every campaign distinct customers. */
function coprimeStep(n: number): number {
  const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));
  return [7919, 7927, 7933, 7937].find((p) => gcd(p, n) === 1)!;
}

/** Campaign k enrols over 60 days from 180 − 6k days before the anchor, in time order across campaigns. */
async function enrolments(c: PoolClient, b: ReportBusiness, size: BusinessSize, anchor: Date): Promise<number> {
  const perCampaign = size.enrolmentsPerCampaign;
  const r = await c.query(
    `INSERT INTO enrollment (id, business_id, campaign_id, version, customer_id, trigger_key, state, step_seq, holdout, variants, enrolled_at, anchored_at, goal_deadline, ended_at, end_reason)
     SELECT x.id, $1, ($3::uuid[])[k + 1], 1, pg_temp.uid($2, 'c', (j * $5::bigint + k * 104729) % $6::bigint), 'bench:' || n, 'completed', 7,
            ${u('x.id', 11)} < 0.1, jsonb_build_object('ab', v.v, '@last', v.v), v.at, v.at, v.at + interval '7 days', v.at + interval '3 days', 'completed'
       FROM generate_series(0, cardinality($3::uuid[]) * $4::int - 1) n
      CROSS JOIN LATERAL (SELECT n / $4::int AS k, n % $4::int AS j, pg_temp.uid($2, 'e', n) AS id OFFSET 0) x
      CROSS JOIN LATERAL (SELECT CASE WHEN ${u('x.id', 12)} < 0.5 THEN 'A' ELSE 'B' END AS v,
                                 date_trunc('second', $7::timestamptz - interval '180 days' + k * interval '6 days' + interval '60 days' * (j::float8 / $4::int)) AS at) v
      ORDER BY v.at`,
    [b.id, b.tag, b.campaignIds, perCampaign, coprimeStep(size.customers), size.customers, anchor],
  );
  return r.rowCount ?? 0;
}

/** Messages of the messaged enrolments, in send order (as delivery would have appended them). */
async function messages(cs: PoolClient[], b: ReportBusiness): Promise<number> {
  const t = b.templates;
  return inParts(cs, 'e.id', (inPart) =>
    `INSERT INTO message (id, business_id, customer_id, campaign_id, enrollment_id, campaign_version, step_id, step_seq, variant, template_id, channel, status,
                          priority, to_address, subject, links, provider_id, attempts, sms_segments, cost, error_code, error, created_at, sent_at, delivered_at, updated_at)
     SELECT p.id, e.business_id, e.customer_id, e.campaign_id, e.id, 1, p.step_id, p.seq, e.variants->>'ab', p.template_id, p.channel, st.status,
            1, CASE p.channel WHEN 'email' THEN cu.email ELSE cu.phone END, p.subject, p.links,
            CASE WHEN st.accepted THEN 'bench-' || p.id END, 1, CASE WHEN st.accepted AND p.channel = 'sms' THEN p.segments END,
            CASE WHEN st.accepted THEN CASE p.channel WHEN 'email' THEN 0.001 ELSE p.segments * 0.0079 END END,
            CASE WHEN st.status = 'failed' THEN 'rejected' END, CASE WHEN st.status = 'failed' THEN 'permanent failure' END,
            p.at - interval '1 second', CASE WHEN st.accepted THEN p.at END, CASE WHEN st.status = 'delivered' THEN p.at + interval '6 seconds' END,
            p.at + interval '1 minute'
       FROM enrollment e
       JOIN customer cu ON cu.id = e.customer_id
      CROSS JOIN LATERAL (VALUES
              (0, 'mail-' || lower(e.variants->>'ab'), 1, 'email', CASE e.variants->>'ab' WHEN 'A' THEN $2::uuid ELSE $3::uuid END, e.enrolled_at + interval '30 seconds'),
              (1, 'reminder', 3, 'email', $4::uuid, e.enrolled_at + interval '2 days'),
              (2, 'sms', 5, 'sms', $5::uuid, e.enrolled_at + interval '3 days')) s(s, step_id, seq, channel, template_id, at)
      CROSS JOIN LATERAL (SELECT md5(e.id::text || ':' || s.s)::uuid AS id, s.step_id, s.seq, s.channel, s.template_id, s.at,
                                 CASE s.s WHEN 0 THEN CASE e.variants->>'ab' WHEN 'A' THEN 'Fresh croissants this week' ELSE 'Your Saturday cardamom bun is waiting' END
                                          WHEN 1 THEN 'Last days of the spring menu' END AS subject,
                                 CASE WHEN s.channel = 'email' THEN jsonb_build_array('https://bench-bakery.example.com/menu?utm_campaign=spring',
                                   'https://bench-bakery.example.com/order?utm_campaign=spring', 'https://bench-bakery.example.com/visit?utm_campaign=spring')
                                   ELSE jsonb_build_array('https://bench-bakery.example.com/order?utm_campaign=spring-sms') END AS links,
                                 1 + (${u('e.id', 32)} < 0.2)::int AS segments OFFSET 0) p
      CROSS JOIN LATERAL (SELECT ${u('p.id', 31)} AS x OFFSET 0) d
      CROSS JOIN LATERAL (SELECT CASE WHEN p.channel = 'email'
                                   THEN CASE WHEN d.x < 0.01 THEN 'suppressed' WHEN d.x < 0.015 THEN 'failed' WHEN d.x < 0.03 THEN 'bounced' ELSE 'sent' END
                                   ELSE CASE WHEN d.x < 0.01 THEN 'suppressed' WHEN d.x < 0.02 THEN 'failed' WHEN d.x < 0.04 THEN 'undelivered'
                                             WHEN d.x < 0.06 THEN 'sent' ELSE 'delivered' END END AS status) st0
      CROSS JOIN LATERAL (SELECT st0.status, st0.status NOT IN ('suppressed', 'failed') AS accepted) st
      WHERE e.business_id = $1 AND NOT e.holdout AND ${inPart}
        AND (s.s = 0 OR (s.s = 1 AND ${u('e.id', 21)} < 0.85) OR (s.s = 2 AND cu.phone IS NOT NULL AND ${u('e.id', 22)} < 0.7))
      ORDER BY p.at`,
    [b.id, t.a, t.b, t.reminder, t.sms],
  );
}

/** Each customer's own orders (0-4, over the 400 days before the anchor), then the orders campaigns brought, with their attributions. */
async function orders(c: PoolClient, b: ReportBusiness, anchor: Date): Promise<{ orders: number; attributions: number }> {
  const own = await c.query(
    `INSERT INTO orders (id, business_id, external_id, customer_id, total, currency, channel, location_id, occurred_at, created_at)
     SELECT o.id, $1, 'P-' || cu.external_id || '-' || g, cu.id, round((6 + 54 * ${u('o.id', 44)} ^ 2)::numeric, 2), 'USD',
            CASE WHEN ${u('o.id', 45)} < 0.6 THEN 'in_store' ELSE 'online' END, ${STORE('o.id', 45, '$3')}, o.at, o.at
       FROM customer cu
      CROSS JOIN LATERAL generate_series(1, floor(5 * ${u('cu.id', 41)} ^ 2)::int) g
      CROSS JOIN LATERAL (SELECT md5(cu.id::text || ':o:' || g)::uuid AS id OFFSET 0) oid
      CROSS JOIN LATERAL (SELECT oid.id, date_trunc('second', $2::timestamptz - interval '400 days' * ${u('oid.id', 43)}) AS at) o
      WHERE cu.business_id = $1
      ORDER BY o.at`,
    [b.id, anchor, b.locationIds],
  );
  const brought = await c.query(
    `INSERT INTO orders (id, business_id, external_id, customer_id, total, currency, channel, location_id, occurred_at, created_at)
     SELECT ${ORDER_ID}, $1, 'A-' || m.id, m.customer_id, ${ORDER_TOTAL}, 'USD',
            CASE WHEN ${u('m.id', 45)} < 0.6 THEN 'in_store' ELSE 'online' END, ${STORE('m.id', 45, '$2')}, ${ORDER_AT}, ${ORDER_AT}
       FROM message m WHERE m.business_id = $1 AND ${CONVERTS}
      ORDER BY ${ORDER_AT}`,
    [b.id, b.locationIds],
  );
  const attributed = await c.query(
    `INSERT INTO order_attribution (order_id, business_id, message_id, campaign_id, step_id, variant, channel, attribution, touched_at, created_at)
     SELECT ${ORDER_ID}, m.business_id, m.id, m.campaign_id, m.step_id, m.variant, m.channel, 'click', ${CLICK_AT}, ${ORDER_AT}
       FROM message m WHERE m.business_id = $1 AND ${CONVERTS}
      ORDER BY ${ORDER_AT}`,
    [b.id],
  );
  return { orders: (own.rowCount ?? 0) + (brought.rowCount ?? 0), attributions: attributed.rowCount ?? 0 };
}

/**
 * How many rows of each kind a message gets (`humanOpens`: opens by a person), computed once
 * per message (OFFSET 0) so the row branches below only read them.
 */
function perMessage(humanOpens: string): string {
  return `${FLAGS}
  CROSS JOIN LATERAL (SELECT
      CASE WHEN ${EMAIL_SENT} AND ${u('m.id', 71)} < 0.5 THEN 1 + (${u('m.id', 71)} < 0.1)::int ELSE 0 END AS machine_opens,
      ${humanOpens} AS human_opens,
      CASE WHEN f2.clicker THEN 1 + floor(${u('m.id', 74)} * CASE m.channel WHEN 'email' THEN 3 ELSE 2 END)::int ELSE 0 END AS clicks,
      CASE WHEN ${EMAIL_SENT} AND ${u('m.id', 75)} < 0.02 THEN jsonb_array_length(m.links) ELSE 0 END AS scanner_clicks,
      (${EMAIL_SENT} AND ${u('m.id', 76)} < 0.004) OR (${SMS_DELIVERED} AND ${u('m.id', 76)} < 0.006) AS unsubscribed,
      ${SMS_DELIVERED} AND ${u('m.id', 77)} < 0.02 AS replied,
      m.status IN ('delivered', 'undelivered', 'bounced') AS receipt
    OFFSET 0) k`;
}

/** Every row but people's opens, per message (what the count before the insert adds up). */
const OTHER_ROWS = `k.receipt::int + k.machine_opens + k.clicks + k.scanner_clicks + k.unsubscribed::int + k.replied::int + f1.converts::int`;

interface RowSql { type: string; at: string; machine?: string; reason?: string; link?: string; url?: string; revenue?: string; props?: string }

/** One branch's select list: SQL expressions, NULL (false for `machine`) where not given. */
function cols(r: RowSql): string {
  return `SELECT ${r.type} AS type, ${r.at} AS at, ${r.machine ?? 'false'} AS machine, ${r.reason ?? 'NULL'}::text AS reason, ${r.link ?? 'NULL'}::int AS link, ` +
    `${r.url ?? 'NULL'}::text AS url, ${r.revenue ?? 'NULL'}::numeric AS revenue, ${r.props ?? 'NULL'}::jsonb AS props`;
}

/** The engagement rows of one message, from its counts (k) and flags (f1). */
function engagementRows(): string {
  const receipt = `CASE m.status WHEN 'delivered' THEN 'delivered' WHEN 'undelivered' THEN 'failed' ELSE 'bounced' END`;
  const receiptAt = `CASE m.status WHEN 'delivered' THEN m.delivered_at WHEN 'undelivered' THEN m.sent_at + interval '40 seconds' ELSE m.sent_at + interval '2 minutes' END`;
  const link = '(g - 1) % jsonb_array_length(m.links)';
  return [
    `${cols({ type: receipt, at: receiptAt })} WHERE k.receipt`,
    `${cols({ type: `'opened'`, at: `m.sent_at + g * interval '3 seconds'`, machine: 'true', reason: `'soon_after_send'` })} FROM generate_series(1, k.machine_opens) g`,
    `${cols({ type: `'opened'`, at: `m.sent_at + interval '10 minutes' + (g - 1) * interval '5 hours' + interval '1 hour' * ${u('m.id', 81)}` })}
       FROM generate_series(1, k.human_opens) g`,
    `${cols({ type: `'clicked'`, at: `${CLICK_AT} + (g - 1) * interval '40 seconds'`, link, url: `m.links->>(${link})` })} FROM generate_series(1, k.clicks) g`,
    `${cols({ type: `'clicked'`, at: `m.sent_at + interval '5 seconds'`, machine: 'true', reason: `'click_burst'`, link: 'g', url: 'm.links->>g' })}
       FROM generate_series(0, k.scanner_clicks - 1) g`,
    `${cols({ type: `'unsubscribed'`, at: `m.sent_at + interval '1 day'`, props: `'{"via": "one_click"}'` })} WHERE k.unsubscribed`,
    `${cols({ type: `'replied'`, at: `m.sent_at + interval '2 hours'`, props: `'{"body": "Thanks!"}'` })} WHERE k.replied`,
    `${cols({ type: `'converted'`, at: ORDER_AT, revenue: ORDER_TOTAL,
      props: `jsonb_build_object('orderId', ${ORDER_ID}, 'externalId', 'A-' || m.id, 'attribution', 'click')` })} WHERE f1.converts`,
  ].join('\n UNION ALL ');
}

const ENGAGEMENT_COLUMNS = 'business_id, message_id, customer_id, campaign_id, step_id, variant, type, occurred_at, machine, machine_reason, link_index, url, revenue, properties';
const ENGAGEMENT_VALUES = 'm.business_id, m.id, m.customer_id, m.campaign_id, m.step_id, m.variant, r.type, r.at, r.machine, r.reason, r.link, r.url, r.revenue, r.props';

/**
 * Every message's engagement, in message (send) order, with exactly `size.engagement` rows: the
 * other rows are counted first, then people's opens per opened message are drawn around the mean
 * that fills the rest, and the few rows the draw leaves over or short are trimmed or topped up.
 */
async function engagement(cs: PoolClient[], b: ReportBusiness, size: BusinessSize, log: (s: string) => void): Promise<number> {
  const counts = await Promise.all(cs.map(async (c, k) => (await c.query<{ openers: string; others: string }>(
    `SELECT count(*) FILTER (WHERE f3.opener) AS openers, coalesce(sum(${OTHER_ROWS}), 0) AS others
       FROM message m ${perMessage('0')}
      WHERE m.business_id = $1 AND ${part('m.id', k, cs.length)}`,
    [b.id],
  )).rows[0]));
  const openers = counts.reduce((n, x) => n + Number(x.openers), 0);
  const others = counts.reduce((n, x) => n + Number(x.others), 0);
  const opensWanted = size.engagement - others;
  if (openers === 0 || opensWanted < openers) throw new Error(`engagement target ${size.engagement} is below the ${others} rows the messages already make`);
  // 1 + floor(u·q + u′) has mean 1 + q/2: the mean number of opens per opened message.
  const q = 2 * (opensWanted / openers - 1);
  const humanOpens = `CASE WHEN f3.opener THEN 1 + floor(${u('m.id', 82)} * ${q} + ${u('m.id', 83)})::int ELSE 0 END`;
  const inserted = await inParts(cs, 'm.id', (inPart) =>
    `INSERT INTO engagement (${ENGAGEMENT_COLUMNS})
     SELECT ${ENGAGEMENT_VALUES} FROM message m ${perMessage(humanOpens)} CROSS JOIN LATERAL (${engagementRows()}) r
      WHERE m.business_id = $1 AND ${inPart}`, [b.id]);
  await evenUp(cs[0], b, size.engagement - inserted, openers);
  log(`  ${b.tag}: ${opensWanted} opens by people on ${openers} messages opened by someone (${(opensWanted / openers).toFixed(1)} each), ${others} other rows`);
  return size.engagement;
}

/** Tops the engagement up with further opens by people (`gap` > 0), or trims the last ones (`gap` < 0). */
async function evenUp(c: PoolClient, b: ReportBusiness, gap: number, openers: number): Promise<void> {
  if (gap > 0) {
    await c.query(
      `INSERT INTO engagement (${ENGAGEMENT_COLUMNS})
       SELECT m.business_id, m.id, m.customer_id, m.campaign_id, m.step_id, m.variant, 'opened', m.sent_at + interval '3 days' + g * interval '1 hour', false, NULL, NULL, NULL, NULL, NULL
         FROM message m ${FLAGS} CROSS JOIN generate_series(1, $2::int) g
        WHERE m.business_id = $1 AND f3.opener
        ORDER BY g, ${u('m.id', 84)} LIMIT $3`,
      [b.id, Math.ceil(gap / openers), gap],
    );
  } else if (gap < 0) {
    await c.query(
      `DELETE FROM engagement WHERE id IN (SELECT id FROM engagement WHERE business_id = $1 AND type = 'opened' AND NOT machine ORDER BY id DESC LIMIT $2)`,
      [b.id, -gap],
    );
  }
}

type Timed = <T>(what: string, work: () => Promise<T>) => Promise<T>;

/** Loads one business's rows (its API fixtures exist already); `anchor` is "now" for the data. */
async function loadBusiness(cs: PoolClient[], b: ReportBusiness, size: BusinessSize, anchor: Date, timed: Timed, log: (s: string) => void): Promise<LoadedCounts> {
  const c = cs[0];
  const counts: LoadedCounts = { customers: 0, enrolments: 0, messages: 0, orders: 0, attributions: 0, engagement: 0 };
  counts.customers = await timed(`${b.tag}: customers`, () => customers(c, b, size, anchor));
  counts.enrolments = await timed(`${b.tag}: enrolments`, () => enrolments(c, b, size, anchor));
  counts.messages = await timed(`${b.tag}: messages`, () => messages(cs, b));
  // So did the messages: the daily spend they keep is rebuilt likewise.
  await timed(`${b.tag}: daily spend`, () => c.query('SELECT message_spend_rebuild($1)', [b.id]));
  Object.assign(counts, await timed(`${b.tag}: orders and attributions`, () => orders(c, b, anchor)));
  // The orders went in with triggers off: the per-customer summary they keep is rebuilt as an index would be.
  await timed(`${b.tag}: customer order summary`, () => c.query('SELECT customer_order_summary_rebuild($1)', [b.id]));
  counts.engagement = await timed(`${b.tag}: engagement`, () => engagement(cs, b, size, log));
  return counts;
}

async function secondaryIndexes(c: PoolClient): Promise<{ name: string; def: string }[]> {
  return (await c.query<{ name: string; def: string }>(
    `SELECT i.indexname AS name, i.indexdef AS def FROM pg_indexes i
      WHERE i.schemaname = 'public' AND i.tablename = ANY($1)
        AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = format('%I.%I', i.schemaname, i.indexname)::regclass)
      ORDER BY 1`,
    [BULK_TABLES],
  )).rows;
}

/** Logs each step's wall time and the CPU seconds PostgreSQL (every process of the cluster) used meanwhile. */
function timer(postmaster: number, log: (s: string) => void): Timed {
  return async (what, work) => {
    const before = cpuSnapshot({}, postmaster);
    const started = performance.now();
    const result = await work();
    const cpu = cpuDelta(before, cpuSnapshot({}, postmaster)).byGroup.postgres;
    log(`  ${what}: ${((performance.now() - started) / 1000).toFixed(1)} s (PostgreSQL CPU ${cpu.toFixed(1)} s)`);
    return result;
  };
}

async function rebuild(c: PoolClient, indexes: { name: string; def: string }[], log: (s: string) => void): Promise<void> {
  const took: [string, number][] = [];
  for (const index of indexes) {
    const started = performance.now();
    await c.query(index.def);
    took.push([index.name, (performance.now() - started) / 1000]);
  }
  log(`  slowest index builds: ${took.sort((x, y) => y[1] - x[1]).slice(0, 3).map(([name, sec]) => `${name} ${sec.toFixed(1)} s`).join(', ')}`);
  const rebuilt = await secondaryIndexes(c);
  if (JSON.stringify(rebuilt) !== JSON.stringify(indexes)) throw new Error('the rebuilt indexes differ from the migrated ones');
}

/** Sessions of the load: foreign-key triggers off (the rows are consistent by construction), memory for sorts, the draw functions. */
async function session(pool: Pool): Promise<PoolClient> {
  const c = await pool.connect();
  await c.query(`SET work_mem = '256MB'; SET maintenance_work_mem = '1GB'; SET session_replication_role = replica`);
  await helpers(c);
  return c;
}

/** Loads every business (the big inserts in two concurrent parts), rebuilds the indexes, VACUUM ANALYZE, checkpoint. */
export async function loadAll(pool: Pool, businesses: { b: ReportBusiness; size: BusinessSize }[], anchor: Date, postmaster: number, log: (s: string) => void): Promise<void> {
  const cs = [await session(pool), await session(pool)];
  const c = cs[0];
  const timed = timer(postmaster, log);
  try {
    // Autovacuum waits until the rows are in (VACUUM ANALYZE below does its work once).
    await c.query('ALTER SYSTEM SET autovacuum = off');
    await c.query('SELECT pg_reload_conf()');
    const indexes = await secondaryIndexes(c);
    for (const index of indexes) await c.query(`DROP INDEX ${index.name}`);
    for (const { b, size } of businesses) await loadBusiness(cs, b, size, anchor, timed, log);
    await timed(`${indexes.length} indexes rebuilt`, () => rebuild(c, indexes, log));
    await c.query('SET session_replication_role = origin');
    await c.query('ALTER SYSTEM RESET autovacuum');
    await c.query('SELECT pg_reload_conf()');
    await timed('VACUUM ANALYZE + CHECKPOINT', async () => {
      await c.query('VACUUM (ANALYZE)');
      await c.query('CHECKPOINT');
    });
  } finally {
    for (const s of cs) s.release(true);
  }
}

/** The anchor ("now" of the data): whole seconds, so every instant survives JavaScript's millisecond Dates. */
/**
 * The report benches' two businesses at --scale (1: 10,000,000 engagement rows in all): A with
 * 500,000 customers, 85,000 enrolments per campaign and 9M engagement rows; B the rest.
 */
export function reportBenchSizes(scale: number): { a: BusinessSize; b: BusinessSize } {
  const n = (x: number) => Math.round(x * scale);
  return {
    a: { customers: n(500_000), enrolmentsPerCampaign: n(85_000), engagement: n(9_000_000) },
    b: { customers: n(100_000), enrolmentsPerCampaign: n(60_000), engagement: n(1_000_000) },
  };
}

export function dataAnchor(): Date {
  return new Date(Math.floor(Date.now() / 1000) * 1000 - DAY_MS / 24);
}
