/**
 * Engagement retention on a large table: the reports bench's data (bench/reports/load.ts: at
 * --scale=1, 10,000,000 engagement rows over two businesses and 24 campaigns), then
 * EngagementRetentionService.rollUpAndPruneEngagement with a `now` that puts the cutoff at the
 * median hit, so about half the rows move. Measured: the run's time and rate, its batches (each one
 * transaction: the longest is the longest any lock, advisory or row, is held), the latency of
 * single-row engagement inserts made meanwhile (what tracking sees), table sizes, and the reports
 * before and after: every answer (campaign report JSON and CSV parts, experiment report, campaign
 * list) must be identical, and their time is shown side by side.
 *
 * Options (argv): --scale=1 (0.1 = 1,000,000 rows) --batch=5000 --runs=3
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { Pool } from 'pg';
import { createDataSource, ensureDatabase, loadConfig, migrateDatabase, startEmbeddedPostgres } from '@localreach/core';
import { EngagementRetentionService } from '@localreach/analytics';
import { EngagementRetentionRepository } from '../libs/analytics/src/retention/engagement-retention.repository';
import { startApi, type Api } from './campaigns/apps';
import { postmasterPid } from './campaigns/cpu';
import { ApiClient } from './campaigns/setup';
import { reportBusiness } from './reports/fixtures';
import { dataAnchor, loadAll, reportBenchSizes } from './reports/load';
import { fmtInt, fmtMs, fmtS, percentile, table, timeOnce } from './segments/timing';
import { runAsScript } from './support/processes';

const DAY_MS = 86_400_000;
const t0 = performance.now();
const log = (s: string) => console.error(`[retention-bench +${((performance.now() - t0) / 1000).toFixed(0)}s] ${s}`);
const loadAvg = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');

interface Options { scale: number; batch: number; runs: number }

function optionsFromArgv(argv: string[]): Options {
  const arg = (name: string) => argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1];
  const scale = Number(arg('scale') ?? '1');
  if (!(scale > 0 && scale <= 1)) throw new Error('--scale must be in (0, 1]');
  return { scale, batch: Number(arg('batch') ?? '5000'), runs: Number(arg('runs') ?? '3') };
}

async function apiGet(api: Api, key: string, path: string): Promise<string> {
  const res = await fetch(`${api.url}${path}`, { headers: { authorization: `Bearer ${key}` } });
  const body = await res.text();
  if (res.status !== 200) throw new Error(`GET ${path} → ${res.status} ${body.slice(0, 500)}`);
  return body;
}

const parsed = (body: string): unknown => {
  try {
    return JSON.parse(body);
  } catch {
    return body;
  }
};

interface Read { path: string; body: unknown; ms: number[] }

async function readReports(api: Api, key: string, paths: string[], runs: number): Promise<Read[]> {
  const out: Read[] = [];
  for (const path of paths) {
    const body = parsed(await apiGet(api, key, path));
    const ms: number[] = [];
    for (let i = 0; i < runs; i++) ms.push((await timeOnce(() => apiGet(api, key, path))).ms);
    out.push({ path, body, ms });
  }
  return out;
}

async function sizes(pool: Pool): Promise<Record<string, string>> {
  const rows = (await pool.query<{ t: string; size: string; n: string }>(
    `SELECT t, pg_size_pretty(pg_total_relation_size(t)) AS size, (SELECT reltuples::bigint FROM pg_class WHERE oid = t::regclass) AS n
       FROM unnest(ARRAY['engagement', 'engagement_message_rollup', 'engagement_period_rollup']) t`)).rows;
  return Object.fromEntries(rows.map((r) => [r.t, `${r.size} (~${fmtInt(Math.max(0, Number(r.n)))} rows)`]));
}

/** Single-row inserts of recent hits, one after another, until `stop`: their latencies in ms. */
async function insertsMeanwhile(pool: Pool, messageId: string, stop: { done: boolean }): Promise<number[]> {
  const ms: number[] = [];
  while (!stop.done) {
    const { ms: took } = await timeOnce(() => pool.query(
      `INSERT INTO engagement (business_id, message_id, customer_id, campaign_id, step_id, variant, type, occurred_at)
       SELECT business_id, id, customer_id, campaign_id, step_id, variant, 'opened', now() FROM message WHERE id = $1`, [messageId]));
    ms.push(took);
  }
  return ms;
}

export async function run(opts: Options = optionsFromArgv(process.argv)): Promise<string> {
  const dataDir = mkdtempSync(join(tmpdir(), 'localreach-retention-bench-'));
  const pg = await startEmbeddedPostgres({ dataDir, persistent: false });
  const url = pg.urlFor('bench');
  const pool = new Pool({ connectionString: url, max: 4 });
  pool.on('error', (error) => log(`bench pool: ${error.message}`));
  let api: Api | undefined;
  const ds = createDataSource(url, 4, 'bench-retention');
  try {
    await ensureDatabase(pg.adminUrl, 'bench');
    await migrateDatabase(url);
    api = await startApi({ databaseUrl: url, smtpUrl: 'smtp://127.0.0.1:9' });
    const client = new ApiClient(api.url);
    const a = await reportBusiness(client, 'Bench Bakery (retention)', 'a', 20);
    const b = await reportBusiness(client, 'Other Bakery (retention)', 'b', 4);
    const loadStarted = performance.now();
    const scaled = reportBenchSizes(opts.scale);
    await loadAll(pool, [{ b: a, size: scaled.a }, { b, size: scaled.b }], dataAnchor(), postmasterPid(join(dataDir, 'pg')), log);
    const loadS = (performance.now() - loadStarted) / 1000;
    await ds.initialize();

    const key = a.api.apiKey!;
    const paths = [
      ...a.campaignIds.slice(0, 2).flatMap((id) => [`/v1/reports/campaigns/${id}`, `/v1/reports/campaigns/${id}?format=csv`, `/v1/reports/campaigns/${id}?format=csv&part=series`]),
      `/v1/reports/campaigns/${a.campaignIds[0]}/experiment`,
      '/v1/campaigns?limit=50',
    ];
    log('reports before');
    const before = await readReports(api, key, paths, opts.runs);
    const sizesBefore = await sizes(pool);
    const { rows: [span] } = await pool.query<{ total: string; median: Date; min: Date; max: Date }>(
      `SELECT count(*) AS total, percentile_disc(0.5) WITHIN GROUP (ORDER BY occurred_at) AS median, min(occurred_at) AS min, max(occurred_at) AS max
         FROM engagement WHERE type <> 'converted'`);
    const config = loadConfig({ NODE_ENV: 'test' });
    const now = new Date(span.median.getTime() + config.retention.engagementDays * DAY_MS);
    const service = new EngagementRetentionService(new EngagementRetentionRepository(ds), config);
    const { rows: [probe] } = await pool.query<{ id: string }>(`SELECT id FROM message WHERE business_id = $1 AND sent_at IS NOT NULL LIMIT 1`, [b.id]);

    log(`rolling up hits before ${span.median.toISOString()} (of ${fmtInt(Number(span.total))}, ${span.min.toISOString()} .. ${span.max.toISOString()})`);
    const load = loadAvg();
    const stop = { done: false };
    const inserting = insertsMeanwhile(pool, probe.id, stop);
    const started = performance.now();
    const runResult = await service.rollUpAndPruneEngagement(now, opts.batch);
    const runS = (performance.now() - started) / 1000;
    stop.done = true;
    const inserts = await inserting;
    const second = await timeOnce(() => service.rollUpAndPruneEngagement(now, opts.batch));
    log(`moved ${fmtInt(runResult.moved)} in ${fmtS(runS)} s; VACUUM ANALYZE (what autovacuum would do), then reports after`);
    const sizesRightAfter = await sizes(pool);
    await pool.query('VACUUM (ANALYZE) engagement_message_rollup, engagement_period_rollup, engagement');
    const sizesAfter = await sizes(pool);
    // The hits inserted meanwhile are B's: A's reports must not move at all.
    const after = await readReports(api, key, paths, opts.runs);
    const same = before.map((r, i) => isDeepStrictEqual(r.body, after[i].body));
    if (same.some((s) => !s)) throw new Error(`reports changed: ${paths.filter((_, i) => !same[i]).join(', ')}`);

    return [
      `### Engagement retention over ${fmtInt(Number(span.total))} engagement rows (scale ${opts.scale})`,
      '',
      `Embedded PostgreSQL, ${cpus().length} cores shared with the API and the bench; load average ${load} when the run started. ` +
        `Data loaded in ${fmtS(loadS)} s (bench/reports/load.ts). Cutoff at the median hit (${span.median.toISOString()}), batches of ${fmtInt(opts.batch)}.`,
      '',
      table(['measure', 'value'], ['l', 'r'], [
        ['hits rolled up and deleted', fmtInt(runResult.moved)],
        ['run time', `${fmtS(runS)} s`],
        ['rate', `${fmtInt(Math.round(runResult.moved / runS))} rows/s`],
        ['batches (transactions)', fmtInt(runResult.batches)],
        ['longest batch = longest lock held', `${fmtMs(runResult.longestBatchMs)} ms`],
        ['mean batch', `${fmtMs((runS * 1000) / runResult.batches)} ms`],
        ['second run (nothing to move)', `${fmtMs(second.ms)} ms`],
        [`single-row engagement inserts meanwhile (${fmtInt(inserts.length)})`, `p50 ${fmtMs(percentile(inserts, 50))} ms, p99 ${fmtMs(percentile(inserts, 99))} ms, max ${fmtMs(inserts.reduce((m, x) => Math.max(m, x), 0))} ms`],
        ...Object.keys(sizesBefore).map((t) => [`${t} before → right after → after VACUUM`, `${sizesBefore[t]} → ${sizesRightAfter[t]} → ${sizesAfter[t]}`]),
      ]),
      '',
      `Reports of business A before and after (p50 of ${opts.runs} runs; every answer identical):`,
      '',
      table(['report', 'before ms', 'after ms'], ['l', 'r', 'r'],
        before.map((r, i) => [r.path.replace(/[0-9a-f-]{36}/g, ':id'), fmtMs(percentile(r.ms, 50)), fmtMs(percentile(after[i].ms, 50))])),
    ].join('\n');
  } finally {
    if (ds.isInitialized) await ds.destroy();
    await api?.stop();
    await pool.end();
    await pg.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

if (require.main === module) runAsScript(() => run());
