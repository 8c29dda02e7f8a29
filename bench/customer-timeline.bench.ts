/**
 * Customer timeline: GET /v1/customers/:id/timeline's use case
 * (CustomerTimelineService: eight keyset reads, one per source, on indexes led
 * by (business_id, customer_id, time), in one statement, then a k-way merge)
 * versus a hand-written single query for the same page (UNION ALL of the
 * customer's rows of every kind, one ORDER BY … LIMIT, names joined after the
 * limit), on the same PostgreSQL, in the same run, interleaved.
 *
 * Data: one customer with 10,000 timeline rows spread over the kinds, among
 * 100,000 other customers with ~12 rows each (1.3 million rows). Both sides
 * must return the same items in the same order; the bench checks it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DataSource } from 'typeorm';
import { createDataSource, ensureDatabase, runMigrations, startEmbeddedPostgres, type Tenant } from '@localreach/core';
import {
  CustomerTimelineService, decodeTimelineCursor, SOURCE_ID_TYPE, TIMELINE_SOURCES, TimelineRepository, type TimelinePosition,
} from '@localreach/analytics/timeline';

const OTHER_CUSTOMERS = 100_000;
const PAGE = 50;
const DEEP = 5_000;
const WARM_UPS = 10;
const RUNS = 200;
const TARGET_MS = 50;
/** The customer's rows per source (10,000 in all; enrolments give two items each). */
const MIX = { event: 3_000, segment: 800, order: 700, message: 2_000, engagement: 2_000, consent: 500, enrollment: 500 };

const CAMPAIGN_IDS = '(SELECT array_agg(id ORDER BY id) AS ids FROM campaign WHERE business_id = $1) k';
const RANK_SQL = TIMELINE_SOURCES.map((s, i) => `WHEN '${s}' THEN ${i}`).join(' ');

/** One query, as one would write it at a psql prompt: every row of the customer, sorted, the page cut, names joined for that page only. */
const HAND_WRITTEN = (keyset: string) => `
WITH rows AS (
  SELECT 'event' AS source, e.occurred_at AS at, e.id::text AS id, lpad(e.id::text, 19, '0') AS id_key,
         jsonb_build_object('type', e.type, 'source', e.source, 'properties', e.properties) AS detail, NULL::uuid AS campaign_id, NULL::uuid AS ref_id
    FROM event e WHERE e.business_id = $1 AND e.customer_id = $2 AND e.type NOT IN ('segment_entered', 'segment_exited')
  UNION ALL
  SELECT 'segment', e.occurred_at, e.id::text, lpad(e.id::text, 19, '0'), jsonb_build_object('change', e.type), NULL,
         CASE WHEN e.properties->>'segmentId' ~ '^[0-9a-f-]{36}$' THEN (e.properties->>'segmentId')::uuid END
    FROM event e WHERE e.business_id = $1 AND e.customer_id = $2 AND e.type IN ('segment_entered', 'segment_exited')
  UNION ALL
  SELECT 'order', o.occurred_at, o.id::text, o.id::text, jsonb_build_object('externalId', o.external_id, 'total', o.total, 'currency', o.currency, 'channel', o.channel),
         NULL, o.location_id
    FROM orders o WHERE o.business_id = $1 AND o.customer_id = $2
  UNION ALL
  SELECT 'message', m.created_at, m.id::text, m.id::text, jsonb_build_object('channel', m.channel, 'status', m.status, 'stepId', m.step_id, 'sentAt', m.sent_at),
         m.campaign_id, m.template_id
    FROM message m WHERE m.business_id = $1 AND m.customer_id = $2
  UNION ALL
  SELECT 'engagement', g.occurred_at, g.id::text, lpad(g.id::text, 19, '0'), jsonb_build_object('type', g.type, 'machine', g.machine, 'url', g.url), g.campaign_id, g.message_id
    FROM engagement g WHERE g.business_id = $1 AND g.customer_id = $2 AND g.type IN ('opened', 'clicked', 'replied', 'unsubscribed', 'bounced')
  UNION ALL
  SELECT 'consent', c.at, c.id::text, lpad(c.id::text, 19, '0'), jsonb_build_object('channel', c.channel, 'status', c.status, 'source', c.source), NULL, NULL
    FROM consent_change c WHERE c.business_id = $1 AND c.customer_id = $2
  UNION ALL
  SELECT 'enrollment_entered', n.enrolled_at, n.id::text, n.id::text, jsonb_build_object('state', n.state), n.campaign_id, NULL
    FROM enrollment n WHERE n.business_id = $1 AND n.customer_id = $2
  UNION ALL
  SELECT 'enrollment_ended', n.ended_at, n.id::text, n.id::text, jsonb_build_object('state', n.state, 'endReason', n.end_reason), n.campaign_id, NULL
    FROM enrollment n WHERE n.business_id = $1 AND n.customer_id = $2 AND n.ended_at IS NOT NULL
), page AS (
  SELECT *, CASE source ${RANK_SQL} END AS rank FROM rows ${keyset}
  ORDER BY at DESC, rank, id_key DESC LIMIT ${PAGE + 1}
)
SELECT p.source, p.id, p.detail, k.name AS campaign_name, s.name AS segment_name, l.name AS location_name, t.name AS template_name, m.channel
  FROM page p
  LEFT JOIN campaign k ON k.business_id = $1 AND k.id = p.campaign_id
  LEFT JOIN segment s ON p.source = 'segment' AND s.business_id = $1 AND s.id = p.ref_id
  LEFT JOIN location l ON p.source = 'order' AND l.business_id = $1 AND l.id = p.ref_id
  LEFT JOIN template t ON p.source = 'message' AND t.business_id = $1 AND t.id = p.ref_id
  LEFT JOIN message m ON p.source = 'engagement' AND m.business_id = $1 AND m.id = p.ref_id
 ORDER BY p.at DESC, p.rank, p.id_key DESC`;

const HAND_KEYSET = `WHERE at < $3::timestamptz OR (at = $3::timestamptz AND (CASE source ${RANK_SQL} END > $4 OR (CASE source ${RANK_SQL} END = $4 AND id_key < $5)))`;

function handParams(businessId: string, customerId: string, after?: TimelinePosition): unknown[] {
  if (!after) return [businessId, customerId];
  const idKey = SOURCE_ID_TYPE[after.source] === 'bigint' ? after.id.padStart(19, '0') : after.id;
  return [businessId, customerId, after.atKey, TIMELINE_SOURCES.indexOf(after.source), idKey];
}

/** Loads the benchmark's business (exported for EXPLAIN sessions by hand). */
export async function load(ds: DataSource): Promise<{ tenant: Tenant; customerId: string; rows: number }> {
  const [{ id: businessId }] = await ds.query<{ id: string }[]>(
    `INSERT INTO business (name, timezone, currency, country, address) VALUES ('Bench', 'America/Chicago', 'USD', 'US', '{}') RETURNING id`,
  );
  const tenant: Tenant = { businessId, keyId: null, role: 'owner', business: { name: 'Bench', timezone: 'America/Chicago', currency: 'USD', country: 'US' } };
  const q = (sql: string) => ds.query(sql, [businessId]);
  await q(`INSERT INTO campaign (business_id, name, trigger_type, status) SELECT $1, 'Campaign ' || g, 'event', 'active' FROM generate_series(1, 20) g`);
  await q(`INSERT INTO segment (business_id, name, definition) SELECT $1, 'Segment ' || g, '{"type":"tag","tag":"x","present":true}' FROM generate_series(1, 10) g`);
  // Customer 0 is the one we read; each row's time is spread over two years, in whole seconds (so kinds tie now and then).
  await q(`INSERT INTO customer (business_id, email, consent_email, consent_email_at, consent_email_source)
           SELECT $1, 'c' || g || '@example.com', 'granted', now() - interval '800 days', 'import' FROM generate_series(0, ${OTHER_CUSTOMERS}) g`);
  // A plain table: the pool's connections each have their own temporary tables.
  await q(`CREATE UNLOGGED TABLE bench_who AS SELECT id, row_number() OVER (ORDER BY email = 'c0@example.com' DESC, id) - 1 AS n FROM customer WHERE business_id = $1`);
  const [{ id: customerId }] = await ds.query<{ id: string }[]>(`SELECT id FROM customer WHERE business_id = $1 AND email = 'c0@example.com'`, [businessId]);
  const when = `date_trunc('second', now() - random() * interval '730 days')`;
  // (customer, count) pairs: the target's share, then a few rows for every other customer.
  const each = (target: number, other: number) => `(SELECT w.id AS customer_id, g FROM bench_who w, generate_series(1, CASE WHEN w.n = 0 THEN ${target} ELSE ${other} END) g)`;
  await q(`INSERT INTO event (business_id, customer_id, type, properties, occurred_at, source)
           SELECT $1, customer_id, (ARRAY['store_visit', 'cart_abandoned', 'page_view'])[1 + g % 3], jsonb_build_object('n', g), ${when}, 'api' FROM ${each(MIX.event, 3)} x`);
  await q(`INSERT INTO event (business_id, customer_id, type, properties, occurred_at, source)
           SELECT $1, customer_id, CASE WHEN g % 2 = 0 THEN 'segment_entered' ELSE 'segment_exited' END,
                  jsonb_build_object('segmentId', s.ids[1 + g % 10]), ${when}, 'segment'
             FROM ${each(MIX.segment, 1)} x, (SELECT array_agg(id ORDER BY id) AS ids FROM segment WHERE business_id = $1) s`);
  await q(`INSERT INTO orders (business_id, external_id, customer_id, total, currency, channel, occurred_at)
           SELECT $1, 'o-' || customer_id || '-' || g, customer_id, (g % 90) + 9.5, 'USD', 'online', ${when} FROM ${each(MIX.order, 1)} x`);
  await q(`INSERT INTO message (business_id, customer_id, campaign_id, channel, status, step_id, created_at, sent_at)
           SELECT $1, customer_id, k.ids[1 + g % 20], 'email', 'delivered', 's' || (g % 3), t, t
             FROM (SELECT customer_id, g, ${when} AS t FROM ${each(MIX.message, 2)} x) y, ${CAMPAIGN_IDS}`);
  // Shown engagement (opened / clicked) plus one 'delivered' per message, which the timeline leaves out.
  await q(`INSERT INTO engagement (business_id, message_id, customer_id, campaign_id, step_id, type, occurred_at)
           SELECT business_id, id, customer_id, campaign_id, step_id, k.type, created_at + k.after
             FROM message m, (VALUES ('opened', interval '3 minutes'), ('delivered', interval '1 minute'), ('clicked', interval '4 minutes')) k(type, after)
            WHERE business_id = $1 AND (k.type = 'delivered' OR (k.type = 'opened') = (m.id::text < '8'))`);
  await q(`INSERT INTO enrollment (business_id, campaign_id, version, customer_id, trigger_key, state, enrolled_at, anchored_at, ended_at, end_reason)
           SELECT $1, k.ids[1 + g % 20], 1, customer_id, 't' || g, 'completed', t, t, t + interval '9 days', 'journey_end'
             FROM (SELECT customer_id, g, ${when} AS t FROM ${each(MIX.enrollment, 1)} x) y, ${CAMPAIGN_IDS}`);
  // Consent changes one statement at a time, as the API makes them (the customer already has its import row).
  await ds.query(`DO $$ BEGIN FOR i IN 1..${MIX.consent - 1} LOOP
      UPDATE customer SET consent_email = CASE WHEN i % 2 = 0 THEN 'granted' ELSE 'denied' END,
             consent_email_at = now() - interval '730 days' + i * interval '1 day', consent_email_source = 'api'
       WHERE id = '${customerId}';
    END LOOP; END $$`);
  await ds.query('DROP TABLE bench_who');
  await ds.query('VACUUM ANALYZE');
  const [{ n }] = await ds.query<{ n: number }[]>(
    `SELECT (SELECT count(*) FROM event WHERE business_id = $1) + (SELECT count(*) FROM orders WHERE business_id = $1)
          + (SELECT count(*) FROM message WHERE business_id = $1) + (SELECT count(*) FROM engagement WHERE business_id = $1)
          + (SELECT count(*) FROM consent_change WHERE business_id = $1) + (SELECT count(*) FROM enrollment WHERE business_id = $1) AS n`,
    [businessId],
  );
  return { tenant, customerId, rows: Number(n) };
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

async function timed(work: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await work();
  return performance.now() - started;
}

interface Pair {
  ours: number[];
  hand: number[];
}

/** Warm-ups, then RUNS interleaved runs (ours, hand-written, ours, …) so drift hits both alike. */
async function measure(ours: () => Promise<unknown>, hand: () => Promise<unknown>): Promise<Pair> {
  for (let i = 0; i < WARM_UPS; i++) {
    await ours();
    await hand();
  }
  const pair: Pair = { ours: [], hand: [] };
  for (let i = 0; i < RUNS; i++) {
    pair.ours.push(await timed(ours));
    pair.hand.push(await timed(hand));
  }
  return pair;
}

export async function run(): Promise<string> {
  const dataDir = mkdtempSync(join(tmpdir(), 'localreach-timeline-bench-'));
  const pg = await startEmbeddedPostgres({ dataDir, persistent: false, fast: true });
  let ds: DataSource | undefined;
  try {
    await ensureDatabase(pg.adminUrl, 'bench');
    ds = await createDataSource(pg.urlFor('bench'), 4, 'bench-timeline').initialize();
    await runMigrations(ds);
    const loadStarted = performance.now();
    const { tenant, customerId, rows } = await load(ds);
    const loadSeconds = (performance.now() - loadStarted) / 1000;
    const service = new CustomerTimelineService(new TimelineRepository(ds));
    const db = ds;

    // The cursor after DEEP items, found by paging with the service itself.
    let cursor: string | undefined;
    let seen = 0;
    while (seen < DEEP) {
      const page = await service.timeline(tenant, customerId, { limit: 500, cursor });
      seen += page.items.length;
      cursor = page.nextCursor ?? undefined;
    }
    const deep = decodeTimelineCursor(cursor!);
    const total = (await db.query<{ n: string }[]>(`SELECT count(*) AS n FROM (${HAND_WRITTEN('').replace(`LIMIT ${PAGE + 1}`, '')}) x`, [tenant.businessId, customerId]))[0].n;

    const ours = (after?: string) => () => service.timeline(tenant, customerId, { limit: PAGE, cursor: after });
    const hand = (after?: TimelinePosition) => () => db.query(HAND_WRITTEN(after ? HAND_KEYSET : ''), handParams(tenant.businessId, customerId, after));
    await sameItems(ours(), hand(), 'first page');
    await sameItems(ours(cursor), hand(deep), 'deep page');

    const first = await measure(ours(), hand());
    const deepPage = await measure(ours(cursor), hand(deep));
    return table({ rows, timelineRows: Number(total), loadSeconds, first, deep: deepPage });
  } finally {
    await ds?.destroy();
    await pg.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** Both sides must answer the same page: same kinds and ids, same order. */
async function sameItems(ours: () => Promise<{ items: { kind: string; id: string }[] }>, hand: () => Promise<{ source: string; id: string }[]>, what: string): Promise<void> {
  const a = (await ours()).items.map((i) => i.id);
  const b = (await hand()).slice(0, PAGE).map((r) => (r.source.startsWith('enrollment_') ? `${r.id}:${r.source.slice('enrollment_'.length)}` : r.id));
  if (a.length !== PAGE || JSON.stringify(a) !== JSON.stringify(b)) throw new Error(`${what}: the two queries disagree\n${a.join(',')}\n${b.join(',')}`);
}

function table(r: { rows: number; timelineRows: number; loadSeconds: number; first: Pair; deep: Pair }): string {
  const line = (name: string, ms: number[], ratioTo?: number[]) =>
    `| ${name} | ${percentile(ms, 50).toFixed(2)} | ${percentile(ms, 95).toFixed(2)} | ${ratioTo ? `${(percentile(ms, 50) / percentile(ratioTo, 50)).toFixed(2)}×` : ''} |`;
  const firstP95 = percentile(r.first.ours, 95);
  return [
    `### Customer timeline (one customer with ${r.timelineRows.toLocaleString('en-US')} timeline rows among ${r.rows.toLocaleString('en-US')} rows of ${OTHER_CUSTOMERS.toLocaleString('en-US')} other customers; pages of ${PAGE}; ${RUNS} interleaved runs; loaded in ${r.loadSeconds.toFixed(0)} s)`,
    '',
    '| query | p50 ms | p95 ms | ours ÷ hand-written (p50) |',
    '| --- | ---: | ---: | ---: |',
    line('first page: CustomerTimelineService (8 keyset reads + k-way merge)', r.first.ours, r.first.hand),
    line('first page: hand-written single query (UNION ALL, ORDER BY … LIMIT)', r.first.hand),
    line(`page after ${DEEP.toLocaleString('en-US')} items: CustomerTimelineService`, r.deep.ours, r.deep.hand),
    line(`page after ${DEEP.toLocaleString('en-US')} items: hand-written single query (keyset on the union)`, r.deep.hand),
    '',
    `Target: first page < ${TARGET_MS} ms: ${firstP95 < TARGET_MS ? 'met' : 'MISSED'} (p95 ${firstP95.toFixed(2)} ms).`,
  ].join('\n');
}

if (require.main === module) {
  run().then((out) => console.log(out), (error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
