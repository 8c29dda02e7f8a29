/**
 * Generates the benchmark's data set inside PostgreSQL (INSERT … SELECT
 * generate_series, two sessions at a time on two cores): one business, ten
 * stores, one 64-vertex geofence, customers spread uniformly over the metro,
 * events over 180 days and orders over a year.
 *
 * Secondary indexes of the three big tables are dropped before the load and
 * rebuilt from their own saved definitions afterwards (so whatever the
 * migrations define is what the queries get); foreign-key triggers are
 * skipped with session_replication_role = replica because every reference is
 * generated valid (customer ids are md5('bench-customer-' || n)).
 */
import type { Pool, PoolClient } from 'pg';
import { polygonLiteral, projectRing } from '@localreach/geo';
import { blobPolygon, BUSINESS_TIMEZONE, METRO, metroSpanDegrees, storePositions, type GeoJsonPolygonRing } from './metro';

export interface Dataset {
  businessId: string;
  storeIds: string[];
  geofenceId: string;
  polygon: GeoJsonPolygonRing;
  customers: number;
  events: number;
  orders: number;
  steps: { step: string; rows: number | null; seconds: number }[];
}

export const EVENT_TYPES = ['page_view', 'product_view', 'email_open', 'app_open', 'visited_store', 'search', 'cart_abandoned', 'wishlist_add', 'review', 'referral'];
// 20 slots: page_view 25 %, product_view 20 %, email_open / app_open / visited_store 10 % each, the rest 5 % each.
const TYPE_SLOTS = [0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 3, 3, 4, 4, 5, 6, 7, 8, 9].map((i) => EVENT_TYPES[i]);

const TABLES = ['customer', 'event', 'orders'];

async function timed<T>(steps: Dataset['steps'], step: string, rows: number | null, work: () => Promise<T>): Promise<T> {
  const started = performance.now();
  const result = await work();
  steps.push({ step, rows, seconds: (performance.now() - started) / 1000 });
  return result;
}

/** Runs tasks with at most `width` at a time. */
async function parallel(width: number, tasks: (() => Promise<void>)[]): Promise<void> {
  const queue = [...tasks];
  await Promise.all(Array.from({ length: width }, async () => {
    for (let task = queue.shift(); task; task = queue.shift()) await task();
  }));
}

async function session(pool: Pool, work: (c: PoolClient) => Promise<void>): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query(`SET session_replication_role = replica; SET synchronous_commit = off; SET work_mem = '256MB';
                        SET maintenance_work_mem = '1GB'; SET max_parallel_maintenance_workers = 1`);
    await work(client);
  } finally {
    await client.query('RESET ALL').catch(() => undefined);
    client.release();
  }
}

async function createBusiness(pool: Pool): Promise<string> {
  const rows = await pool.query<{ id: string }>(
    `INSERT INTO business (name, timezone, currency, country, address)
     VALUES ('Bench Metro Bakery', $1, 'USD', 'US', '{"line1":"1 State St","city":"Chicago","postalCode":"60601","country":"US"}') RETURNING id`,
    [BUSINESS_TIMEZONE],
  );
  return rows.rows[0].id;
}

async function createStores(pool: Pool, businessId: string): Promise<string[]> {
  const ids: string[] = [];
  for (const s of storePositions()) {
    const r = await pool.query<{ id: string }>(
      `INSERT INTO location (business_id, name, lat, lng, timezone) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
      [businessId, s.name, s.lat, s.lng, BUSINESS_TIMEZONE],
    );
    ids.push(r.rows[0].id);
  }
  return ids;
}

/** Stored the way libs/geo stores a polygon geofence: GeoJSON, projected `area`, and a padded projected `bbox`. */
async function createGeofence(pool: Pool, businessId: string, polygon: GeoJsonPolygonRing): Promise<string> {
  const { vertices, box } = projectRing(polygon.coordinates[0]);
  const r = await pool.query<{ id: string }>(
    `INSERT INTO geofence (business_id, name, kind, polygon, area, bbox, cooldown_seconds)
     VALUES ($1, 'Downtown blob (64 vertices)', 'polygon', $2::jsonb, $3::polygon, box(point($4, $5), point($6, $7)), 0) RETURNING id`,
    [businessId, JSON.stringify(polygon), polygonLiteral(vertices), box.minX, box.minY, box.maxX, box.maxY],
  );
  return r.rows[0].id;
}

interface SavedIndex {
  name: string;
  definition: string;
  table: string;
}

/** Secondary indexes (not backing a constraint) of the big tables. */
async function secondaryIndexes(pool: Pool): Promise<SavedIndex[]> {
  const r = await pool.query<SavedIndex>(
    `SELECT i.relname AS name, pg_get_indexdef(i.oid) AS definition, t.relname AS "table"
       FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid
      WHERE t.relname = ANY($1) AND t.relnamespace = 'public'::regnamespace
        AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid)
      ORDER BY t.relname, i.relname`,
    [TABLES],
  );
  return r.rows;
}

function customerSql(from: number, to: number): { sql: string; params: unknown[] } {
  const { dLat, dLng } = metroSpanDegrees();
  return {
    sql: `INSERT INTO customer (id, business_id, external_id, email, phone, first_name, last_name, birthday, timezone, lat, lng, attributes, tags,
            consent_email, consent_email_at, consent_email_source, consent_sms, consent_sms_at, consent_sms_source, created_at, updated_at)
      SELECT md5('bench-customer-' || g)::uuid, $1::uuid, 'C' || g, 'c' || g || '@example.com', '+1' || (2120000000 + g)::text,
             (ARRAY['Ann','Bob','Chloe','David','Emma','Grace','Hugo','Isabel','James','Karim'])[1 + floor(random() * 10)::int],
             (ARRAY['Smith','Johnson','Martin','Garcia','Lee','Nguyen','Brown','Davis'])[1 + floor(random() * 8)::int],
             CASE WHEN random() < 0.85 THEN date '1950-01-01' + floor(random() * 20000)::int END,
             CASE WHEN x.tz < 0.75 THEN 'America/Chicago' WHEN x.tz < 0.85 THEN 'America/New_York' WHEN x.tz < 0.9 THEN 'America/Los_Angeles' END,
             $4::float8 + (random() - 0.5) * $6::float8, $5::float8 + (random() - 0.5) * $7::float8,
             jsonb_build_object('tier', (ARRAY['bronze','silver','gold','platinum'])[1 + floor(random() * 4)::int], 'visits', floor(random() * 200)::int),
             array_remove(ARRAY[CASE WHEN random() < 0.30 THEN 'newsletter' END, CASE WHEN random() < 0.05 THEN 'vip' END,
                                CASE WHEN random() < 0.40 THEN 'in-store' END, CASE WHEN random() < 0.35 THEN 'online' END,
                                CASE WHEN random() < 0.20 THEN 'loyalty' END], NULL),
             x.email, CASE WHEN x.email IS NOT NULL THEN x.at END, CASE WHEN x.email IS NOT NULL THEN 'import' END,
             x.sms, CASE WHEN x.sms IS NOT NULL THEN x.at END, CASE WHEN x.sms IS NOT NULL THEN 'form' END,
             x.at, x.at
        FROM (SELECT g, random() AS tz,
                     CASE WHEN random() < 0.70 THEN 'granted' WHEN random() < 0.5 THEN 'denied' END AS email,
                     (ARRAY['granted','granted','granted','granted','denied','denied','denied',NULL,NULL,NULL])[1 + floor(random() * 10)::int] AS sms,
                     now() - random() * interval '730 days' AS at
                FROM generate_series($2::int, $3::int) g) x`,
    params: [from, to, METRO.lat, METRO.lng, dLat, dLng],
  };
}

function eventSql(from: number, to: number, customers: number): { sql: string; params: unknown[] } {
  return {
    sql: `INSERT INTO event (business_id, customer_id, type, properties, occurred_at, received_at, source)
      SELECT $1::uuid, md5('bench-customer-' || x.n)::uuid, x.type,
             CASE WHEN x.type IN ('product_view', 'cart_abandoned', 'wishlist_add')
                    THEN jsonb_build_object('sku', 'SKU-' || floor(random() * 500)::int, 'price', round((5 + random() * 195)::numeric, 2))
                  WHEN x.type = 'visited_store' THEN jsonb_build_object('store', 1 + floor(random() * 10)::int)
                  ELSE '{}'::jsonb END,
             x.at, x.at, 'api'
        FROM (SELECT 1 + floor(random() * $4::int)::int AS n, ($5::text[])[1 + floor(random() * 20)::int] AS type,
                     now() - random() * interval '180 days' AS at
                FROM generate_series($2::int, $3::int) g) x`,
    params: [from, to, customers, TYPE_SLOTS],
  };
}

function orderSql(from: number, to: number, customers: number, storeIds: string[]): { sql: string; params: unknown[] } {
  return {
    sql: `INSERT INTO orders (business_id, external_id, customer_id, total, currency, channel, location_id, coupon_code, occurred_at, created_at)
      SELECT $1::uuid, 'O' || x.g, md5('bench-customer-' || x.n)::uuid, round((5 + random() * 195)::numeric, 2), 'USD', x.channel,
             CASE WHEN x.channel = 'in_store' THEN ($5::uuid[])[1 + floor(random() * 10)::int] END,
             CASE WHEN random() < 0.05 THEN 'SAVE10' END, x.at, x.at
        FROM (SELECT g, 1 + floor(random() * $4::int)::int AS n, CASE WHEN random() < 0.6 THEN 'in_store' ELSE 'online' END AS channel,
                     now() - random() * interval '365 days' AS at
                FROM generate_series($2::int, $3::int) g) x`,
    params: [from, to, customers, storeIds],
  };
}

/** Splits 1..total into `parts` inclusive ranges. */
function ranges(total: number, parts: number): [number, number][] {
  const size = Math.ceil(total / parts);
  const out: [number, number][] = [];
  for (let from = 1; from <= total; from += size) out.push([from, Math.min(total, from + size - 1)]);
  return out;
}

export async function loadDataset(pool: Pool, scale: number): Promise<Dataset> {
  const customers = Math.max(1000, Math.round(1_000_000 * scale));
  const events = Math.round(10 * customers);
  const orders = Math.round(2 * customers);
  const steps: Dataset['steps'] = [];
  const businessId = await createBusiness(pool);
  const storeIds = await createStores(pool, businessId);
  const polygon = blobPolygon();
  const geofenceId = await createGeofence(pool, businessId, polygon);
  const indexes = await secondaryIndexes(pool);
  await timed(steps, `drop ${indexes.length} secondary indexes`, null, async () => {
    for (const ix of indexes) await pool.query(`DROP INDEX ${ix.name}`);
  });
  const tasks: (() => Promise<void>)[] = [];
  let seed = 1;
  const task = (label: string, q: { sql: string; params: unknown[] }, rows: number) => {
    const s = (seed++ % 97) / 100;
    tasks.push(() => session(pool, async (c) => {
      await c.query('SELECT setseed($1)', [s]);
      await timed(steps, label, rows, () => c.query(q.sql, [businessId, ...q.params]));
    }));
  };
  for (const [a, b] of ranges(customers, 2)) task(`customers ${a}–${b}`, customerSql(a, b), b - a + 1);
  for (const [a, b] of ranges(events, 4)) task(`events ${a}–${b}`, eventSql(a, b, customers), b - a + 1);
  for (const [a, b] of ranges(orders, 2)) task(`orders ${a}–${b}`, orderSql(a, b, customers, storeIds), b - a + 1);
  const loadStart = performance.now();
  await parallel(2, tasks);
  steps.push({ step: 'all rows (2 sessions in parallel, wall clock)', rows: customers + events + orders, seconds: (performance.now() - loadStart) / 1000 });
  const indexStart = performance.now();
  await parallel(2, indexes.map((ix) => () => session(pool, async (c) => {
    await timed(steps, `index ${ix.name}`, null, () => c.query(ix.definition));
  })));
  steps.push({ step: 'all indexes (2 sessions, wall clock)', rows: null, seconds: (performance.now() - indexStart) / 1000 });
  // The orders went in with triggers off: the per-customer summary they keep is rebuilt as the indexes are.
  await timed(steps, 'customer order summary', null, () => pool.query('SELECT customer_order_summary_rebuild($1)', [businessId]));
  await timed(steps, 'VACUUM ANALYZE', null, () => pool.query('VACUUM ANALYZE'));
  return { businessId, storeIds, geofenceId, polygon, customers, events, orders, steps };
}

/**
 * About 1 % of the data changes: 1 % of customers get new consent, tags,
 * tier and a nudge in position; 1 % get a fresh store visit and product
 * view; 0.5 % place an order. Through plain SQL (what ingest writes), no ANALYZE.
 */
export async function changeOnePercent(pool: Pool, ds: Dataset): Promise<{ step: string; rows: number }[]> {
  const out: { step: string; rows: number }[] = [];
  const run = async (step: string, sql: string, params: unknown[]) => out.push({ step, rows: (await pool.query(sql, params)).rowCount ?? 0 });
  await run('customers updated (consent, tags, tier, position)',
    `UPDATE customer SET consent_sms = CASE WHEN consent_sms = 'granted' THEN 'denied' ELSE 'granted' END, consent_sms_at = now(),
            tags = CASE WHEN 'vip' = ANY(tags) THEN array_remove(tags, 'vip') ELSE tags || ARRAY['vip'] END,
            attributes = jsonb_set(attributes, '{tier}', to_jsonb((ARRAY['bronze','silver','gold','platinum'])[1 + floor(random() * 4)::int])),
            lat = lat + (random() - 0.5) * 0.02, lng = lng + (random() - 0.5) * 0.02, updated_at = now()
      WHERE business_id = $1 AND random() < 0.01`, [ds.businessId]);
  await run('events inserted (visited_store + product_view, now)',
    `INSERT INTO event (business_id, customer_id, type, properties, occurred_at, source)
     SELECT $1, md5('bench-customer-' || (1 + floor(random() * $2::int)::int))::uuid, t.type, '{"sku":"SKU-42"}'::jsonb, now() - random() * interval '1 hour', 'api'
       FROM generate_series(1, $3::int) g CROSS JOIN (VALUES ('visited_store'), ('product_view')) t(type)`,
    [ds.businessId, ds.customers, Math.round(ds.customers / 100)]);
  await run('orders inserted (now)',
    `INSERT INTO orders (business_id, external_id, customer_id, total, currency, channel, occurred_at)
     SELECT $1, 'O-change-' || g, md5('bench-customer-' || (1 + floor(random() * $2::int)::int))::uuid, 150, 'USD', 'online', now() - random() * interval '1 hour'
       FROM generate_series(1, $3::int) g`,
    [ds.businessId, ds.customers, Math.round(ds.customers / 200)]);
  return out;
}
