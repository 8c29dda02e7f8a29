/**
 * The audit trail's costs:
 * - GET /v1/audit-log's statements on one business with 1,000,000 audit rows
 *   (and 200,000 of other businesses): EXPLAIN ANALYZE of each filter shape,
 *   with the SQL the repository builds;
 * - the retention job's batched delete;
 * - the audit insert on a hot mutating statement: a customer's consent
 *   change (lock, UPDATE) with and without its audit row, at 10 connections,
 *   measured at the database (the HTTP route adds the same one INSERT).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Pool } from 'pg';
import { AuditRepository, createDataSource, ensureDatabase, migrateDatabase, startEmbeddedPostgres, type AuditFilter, type Queryable } from '@localreach/core';

const ROWS = 1_000_000;
const OTHER_ROWS = 200_000;
const DAY_MS = 86_400_000;
const NOW = Date.parse('2026-12-07T12:00:00Z');
const KEYS = ['00000000-0000-4000-8000-00000000000a', '00000000-0000-4000-8000-00000000000b', '00000000-0000-4000-8000-00000000000c'];

/** 1M rows over 400 days: mostly customer changes, some campaign/segment/template edits, a handful of key revocations. */
const FILL_SQL = `
  INSERT INTO audit_log (business_id, actor_key_id, actor_role, action, entity, entity_id, details, at)
  SELECT $1, ($3::uuid[])[1 + i % 3], (ARRAY['owner','marketer','marketer'])[1 + i % 3],
         CASE WHEN i % 100000 = 0 THEN 'api_key.revoked' WHEN i % 10 < 4 THEN 'customer.consent_changed' WHEN i % 10 < 8 THEN 'customer.updated'
              WHEN i % 10 = 8 THEN 'campaign.updated' WHEN i % 100 = 9 THEN 'store.updated' ELSE 'segment.updated' END,
         CASE WHEN i % 100000 = 0 THEN 'api_key' WHEN i % 10 < 8 THEN 'customer' WHEN i % 10 = 8 THEN 'campaign' WHEN i % 100 = 9 THEN 'store' ELSE 'segment' END,
         CASE WHEN i % 10 = 8 THEN 'c-' || (i % 2000) ELSE md5(i::text) END,
         '{"fields":["lastName"]}'::jsonb,
         to_timestamp($4::float8 / 1000) - (($2::int - i) * (400.0 * 86400 / $2)) * interval '1 second'
    FROM generate_series(1, $2) i`;

interface Measured { what: string; ms: number; rows: number; plan: string }

async function explain(pool: Pool, what: string, filter: AuditFilter, businessId: string): Promise<Measured> {
  let captured: { sql: string; params: unknown[] } | undefined;
  const capture: Queryable = { query: async <T>(sql: string, params?: unknown[]) => { captured = { sql, params: params ?? [] }; return [] as T; } };
  await new AuditRepository().list(capture, businessId, filter);
  // Twice: the first warms the cache.
  await pool.query(`EXPLAIN (ANALYZE) ${captured!.sql}`, captured!.params);
  const out = await pool.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, BUFFERS) ${captured!.sql}`, captured!.params);
  const lines = out.rows.map((r) => r['QUERY PLAN']);
  const ms = Number(/Execution Time: ([\d.]+)/.exec(lines.join('\n'))?.[1] ?? NaN);
  const rows = Number(/Limit .*actual time=[\d.]+\.\.[\d.]+ rows=(\d+)/.exec(lines.join('\n'))?.[1] ?? NaN);
  const scan = lines.find((l) => /Index|Seq Scan|Bitmap/.test(l))?.trim().replace(/\s+\(cost.*$/, '') ?? '?';
  return { what, ms, rows, plan: scan };
}

async function consentLoop(pool: Pool, businessId: string, customers: string[], audited: boolean, seconds: number): Promise<{ perSec: number; p50: number; p99: number }> {
  const latencies: number[] = [];
  const until = Date.now() + seconds * 1000;
  let n = 0;
  await Promise.all(Array.from({ length: 10 }, async (_, worker) => {
    const client = await pool.connect();
    try {
      for (let i = worker; Date.now() < until; i += 10) {
        const id = customers[i % customers.length];
        const status = (n++ % 2 === 0) ? 'granted' : 'denied';
        const started = performance.now();
        await client.query('BEGIN');
        await client.query(`SELECT id FROM customer WHERE business_id = $1 AND id = $2 FOR UPDATE`, [businessId, id]);
        await client.query(`UPDATE customer SET consent_email = $3, consent_email_at = now(), consent_email_source = 'api', updated_at = now() WHERE business_id = $1 AND id = $2`, [businessId, id, status]);
        if (audited) {
          await new AuditRepository().record(client as unknown as Queryable, {
            businessId, actorKeyId: KEYS[1], actorRole: 'marketer', action: 'customer.consent_changed', entity: 'customer', entityId: id, details: { channel: 'email', status, source: 'api' },
          });
        }
        await client.query('COMMIT');
        latencies.push(performance.now() - started);
      }
    } finally {
      client.release();
    }
  }));
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))];
  return { perSec: latencies.length / seconds, p50: at(0.5), p99: at(0.99) };
}

export async function run(): Promise<string> {
  const dataDir = mkdtempSync(join(tmpdir(), 'localreach-bench-audit-'));
  const pg = await startEmbeddedPostgres({ dataDir, persistent: false });
  const pool = new Pool({ connectionString: pg.urlFor('bench'), max: 12 });
  // Idle connections end when the server stops.
  pool.on('error', () => undefined);
  try {
    await ensureDatabase(pg.adminUrl, 'bench');
    await migrateDatabase(pg.urlFor('bench'));
    const business = async (name: string) => (await pool.query<{ id: string }>(
      `INSERT INTO business (name, timezone, currency, country, address) VALUES ($1, 'UTC', 'USD', 'US', '{}') RETURNING id`, [name])).rows[0].id;
    const main = await business('Audited');
    const started = performance.now();
    await pool.query(FILL_SQL, [main, ROWS, KEYS, NOW]);
    for (let b = 0; b < 4; b++) await pool.query(FILL_SQL, [await business(`Other ${b}`), OTHER_ROWS / 4, KEYS, NOW]);
    await pool.query('VACUUM ANALYZE audit_log');
    const fillS = (performance.now() - started) / 1000;
    const middle = (await pool.query<{ at: string; id: string }>(
      `SELECT to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS at, id::text FROM audit_log WHERE business_id = $1 ORDER BY at DESC, id DESC OFFSET 500000 LIMIT 1`, [main])).rows[0];
    const page = { limit: 51 };
    const measured = [
      await explain(pool, 'first page, no filter', page, main),
      await explain(pool, 'a page from the middle (cursor)', { ...page, after: { atKey: middle.at, id: middle.id } }, main),
      await explain(pool, 'entity=campaign & entityId (≈50 rows)', { ...page, entity: 'campaign', entityId: 'c-18' }, main),
      await explain(pool, 'actorKeyId (a third of the rows)', { ...page, actorKeyId: KEYS[1] }, main),
      await explain(pool, 'action=customer.consent_changed (40 %)', { ...page, action: 'customer.consent_changed' }, main),
      await explain(pool, 'entity=store (0.1 %)', { ...page, entity: 'store' }, main),
      await explain(pool, 'entity=api_key (10 rows)', { ...page, entity: 'api_key' }, main),
      await explain(pool, 'action=api_key.revoked (10 rows)', { ...page, action: 'api_key.revoked' }, main),
      await explain(pool, 'one day (from/to)', { ...page, from: new Date(NOW - 100 * DAY_MS), to: new Date(NOW - 99 * DAY_MS) }, main),
      await explain(pool, 'one day & action', { ...page, action: 'segment.updated', from: new Date(NOW - 100 * DAY_MS), to: new Date(NOW - 99 * DAY_MS) }, main),
    ];
    // Retention: rows older than 300 days here (a quarter), in the job's batches.
    const repo = new AuditRepository();
    // The job's own statement through TypeORM (it reads DELETE's row count from TypeORM's result).
    const dataSource = await createDataSource(pg.urlFor('bench'), 2).initialize();
    const pruneStarted = performance.now();
    let deleted = 0, batches = 0, slowest = 0;
    for (let n = 5000; n === 5000; batches++) {
      const t = performance.now();
      n = await repo.deleteOlderThan(dataSource, new Date(NOW - 300 * DAY_MS), 5000);
      slowest = Math.max(slowest, performance.now() - t);
      deleted += n;
    }
    const pruneS = (performance.now() - pruneStarted) / 1000;
    await dataSource.destroy();
    // The hot route's statements, with and without the audit insert, alternating.
    await pool.query(`INSERT INTO customer (business_id, external_id) SELECT $1, 'c' || i FROM generate_series(1, 5000) i`, [main]);
    const customers = (await pool.query<{ id: string }>(`SELECT id FROM customer WHERE business_id = $1`, [main])).rows.map((r) => r.id);
    const runs: Record<string, { perSec: number; p50: number; p99: number }[]> = { without: [], with: [] };
    for (let round = 0; round < 3; round++) {
      runs.without.push(await consentLoop(pool, main, customers, false, 5));
      runs.with.push(await consentLoop(pool, main, customers, true, 5));
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    const summary = (k: string) => ({ perSec: median(runs[k].map((r) => r.perSec)), p50: median(runs[k].map((r) => r.p50)), p99: median(runs[k].map((r) => r.p99)) });
    const [without, withAudit] = [summary('without'), summary('with')];
    return [
      `### Audit log: list statements on ${ROWS.toLocaleString('en')} rows of one business (+${OTHER_ROWS.toLocaleString('en')} of others; filled in ${fillS.toFixed(0)} s)`,
      '',
      '| filter | execution ms | rows | scan |',
      '| --- | ---: | ---: | --- |',
      ...measured.map((m) => `| ${m.what} | ${m.ms.toFixed(2)} | ${m.rows} | ${m.plan} |`),
      '',
      `Retention: ${deleted.toLocaleString('en')} rows older than 300 days deleted in ${batches} batches of ≤ 5,000 in ${pruneS.toFixed(1)} s (slowest batch ${slowest.toFixed(0)} ms).`,
      '',
      '### Consent change (lock + UPDATE) with and without its audit INSERT, 10 connections, median of 3 alternating 5 s runs',
      '',
      '| | transactions/s | p50 ms | p99 ms |',
      '| --- | ---: | ---: | ---: |',
      `| without audit row | ${without.perSec.toFixed(0)} | ${without.p50.toFixed(2)} | ${without.p99.toFixed(2)} |`,
      `| with audit row | ${withAudit.perSec.toFixed(0)} | ${withAudit.p50.toFixed(2)} | ${withAudit.p99.toFixed(2)} |`,
    ].join('\n');
  } finally {
    await pool.end();
    await pg.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  run().then((out) => console.log(out), (error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
