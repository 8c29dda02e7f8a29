/**
 * Campaign report and overview over 10,000,000 engagement rows (issue 6,
 * benchmark b): GET /v1/reports/campaigns/:id and GET /v1/reports/overview,
 * JSON and ?format=csv, end to end over HTTP with an API key through the
 * built API (child process, NODE_ENV=production, LOG_LEVEL=error) on an
 * embedded PostgreSQL (durable: fsync and synchronous_commit on), against
 * hand-written GROUP BY queries for the same figures (bench/reports/
 * hand-written.ts: run one after another on one connection of the bench,
 * as at a psql prompt) in the same run. Targets: < 2 s each (every run),
 * ours p50 ≤ 1.5× the hand-written p50.
 *  - Fixtures through the API: two businesses signed up; each with three
 *    stores, A/B/reminder/SMS templates and its campaigns (A/B split, 10 %
 *    holdout, order goal within 7 days), activated. Business A: 20 campaigns,
 *    B: 4, so the campaign report reads one campaign's share, the overview
 *    all of A's, and every statement must leave B's rows out.
 *  - Bulk rows in SQL (bench/reports/load.ts, proportions in its header):
 *    at --scale=1, A has 500,000 customers, 1.7M enrolments (85,000 per
 *    campaign), ~3.5M messages over 180 days, ~0.7M orders over 400 days
 *    (~0.1M of them attributed to campaigns) and 9,000,000 engagement rows;
 *    B 100,000 customers, 240,000 enrolments and 1,000,000 engagement rows:
 *    10,000,000 in the table. Secondary indexes are rebuilt after loading,
 *    then VACUUM ANALYZE and CHECKPOINT.
 *  - Measured per report: one warm-up of each side, then --runs runs (5)
 *    alternating ours and hand-written. Every figure of the API's answer
 *    (funnel lines, holdout and A/B arms; overview by campaign, channel and
 *    store, new/returning, cohorts and retention, the churn top 50 and
 *    scores) must equal the hand-written one, JSON and CSV, or the bench
 *    fails.
 * At --scale=0.05 on the 2-core bench machine: campaign report ~0.1 s
 * (1.0-1.2× the hand-written queries), overview ~0.5 s (1.2-1.4×, most of
 * it churn risk: every buyer's history goes to the API, which scores them);
 * loading takes ~25 s there, so expect ~8 min at --scale=1.
 * Options (argv): --scale=1 (0.05: 500,000 engagement rows, for a quick run) --runs=5 --plans=FILE (EXPLAIN ANALYZE of every statement, both sides)
 * --stay (after the run, keep PostgreSQL and the API up until SIGUSR2, printing how to reach them)
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Pool, type PoolClient } from 'pg';
import { ensureDatabase, migrateDatabase, REPORT_WORK_MEM, startEmbeddedPostgres } from '@localreach/core';
import { startApi, type Api } from './campaigns/apps';
import { machineBusyPercent, postmasterPid, withCpu } from './campaigns/cpu';
import { ApiClient } from './campaigns/setup';
import { campaignCsvFigures, campaignJsonFigures, differences, type Figures, overviewCsvFigures, overviewJsonFigures } from './reports/figures';
import { GOAL_WITHIN, reportBusiness, type ReportBusiness, SPLIT_STEP } from './reports/fixtures';
import { handCampaign, handOverview, type OverviewParams } from './reports/hand-written';
import { dataAnchor, loadAll, type LoadedCounts, reportBenchSizes } from './reports/load';
import { writePlans } from './reports/plans';
import { fmtInt, fmtMs, fmtS, percentile, table, timeOnce } from './segments/timing';
import { runAsScript } from './support/processes';

const DAY_MS = 86_400_000;
const CHURN_LIMIT = 50;
const TIMEZONE = 'America/Los_Angeles';
const OVERVIEW_DAYS = 90;

export interface ReportBenchOptions {
  scale: number;
  runs: number;
  plansFile?: string;
  /** Keep PostgreSQL and the API running after the run until SIGUSR2 (to try statements on the loaded data). */
  stay: boolean;
}

export function optionsFromArgv(argv: string[]): ReportBenchOptions {
  const arg = (name: string) => argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1];
  const scale = Number(arg('scale') ?? '1');
  if (!(scale > 0 && scale <= 1)) throw new Error('--scale must be in (0, 1]');
  return { scale, runs: Number(arg('runs') ?? '5'), plansFile: arg('plans'), stay: argv.includes('--stay') };
}

const t0 = performance.now();
const log = (s: string) => console.error(`[reports-bench +${((performance.now() - t0) / 1000).toFixed(0)}s] ${s}`);
const yes = (ok: boolean) => (ok ? 'yes' : '**no**');
const loadAvg = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');

interface Measured {
  name: string;
  ours: number[];
  hand: number[];
}

async function apiGet(api: Api, key: string, path: string): Promise<string> {
  const res = await fetch(`${api.url}${path}`, { headers: { authorization: `Bearer ${key}` } });
  const body = await res.text();
  if (res.status !== 200) throw new Error(`GET ${path} → ${res.status} ${body.slice(0, 500)}`);
  return body;
}

interface ReportCase {
  name: string;
  path: string;
  figures: (body: string) => Figures;
  hand: (c: PoolClient) => Promise<Figures>;
  /** The hand-written figures this form of the report carries (the campaign CSV: the funnel only). */
  carries?: (key: string) => boolean;
}

/** Warm-up of each side, the figures compared (fails on any difference), then `runs` alternating timed runs. */
async function measure(api: Api, key: string, c: PoolClient, rc: ReportCase, runs: number): Promise<Measured> {
  log(`${rc.name}: warm-up and check`);
  const all = await rc.hand(c);
  const theirs = new Map([...all].filter(([key]) => rc.carries?.(key) ?? true));
  const body = await apiGet(api, key, rc.path);
  const diff = differences(rc.figures(body), theirs);
  if (diff.length > 0) throw new Error(`${rc.name}: the API and the hand-written queries disagree:\n  ${diff.join('\n  ')}`);
  const ours: number[] = [];
  const hand: number[] = [];
  for (let i = 0; i < runs; i++) {
    ours.push((await timeOnce(() => apiGet(api, key, rc.path))).ms);
    hand.push((await timeOnce(() => rc.hand(c))).ms);
  }
  log(`${rc.name}: ${theirs.size} figures agree; ours p50 ${fmtMs(percentile(ours, 50))} ms, hand-written ${fmtMs(percentile(hand, 50))} ms`);
  return { name: rc.name, ours, hand };
}

function cases(a: ReportBusiness, period: OverviewParams): ReportCase[] {
  const campaignId = a.campaignIds[0];
  const campaign = `/v1/reports/campaigns/${campaignId}`;
  const overview = `/v1/reports/overview?from=${period.from.toISOString()}&to=${period.to.toISOString()}&churnLimit=${CHURN_LIMIT}`;
  // The JSON carries the per-day series; the CSV (its funnel part) does not, so its hand-written side leaves it out too.
  const handC = (c: PoolClient) => handCampaign(c, a.id, campaignId, SPLIT_STEP, GOAL_WITHIN, TIMEZONE);
  const handCsv = (c: PoolClient) => handCampaign(c, a.id, campaignId, SPLIT_STEP, GOAL_WITHIN);
  const handO = (c: PoolClient) => handOverview(c, period);
  return [
    { name: 'campaign report (JSON)', path: campaign, figures: campaignJsonFigures, hand: handC },
    { name: 'campaign report (CSV)', path: `${campaign}?format=csv`, figures: campaignCsvFigures, hand: handCsv, carries: (key) => key.startsWith('funnel|') },
    { name: 'overview (JSON)', path: overview, figures: overviewJsonFigures, hand: handO },
    { name: 'overview (CSV)', path: `${overview}&format=csv`, figures: overviewCsvFigures, hand: handO },
  ];
}

function resultTable(rows: Measured[]): string {
  return table(
    ['report', 'ours p50 ms', 'ours max ms', 'hand-written p50 ms', 'ratio', 'target < 2 s (every run)', 'target ≤ 1.5×', 'met'],
    ['l', 'r', 'r', 'r', 'r', 'l', 'l', 'l'],
    rows.map((r) => {
      const p50 = percentile(r.ours, 50);
      const max = Math.max(...r.ours);
      const hand = percentile(r.hand, 50);
      const fast = max < 2000;
      const close = p50 <= 1.5 * hand;
      return [r.name, fmtMs(p50), fmtMs(max), fmtMs(hand), `${(p50 / hand).toFixed(2)}×`, yes(fast), yes(close), yes(fast && close)];
    }),
  );
}

function datasetTable(counts: LoadedCounts[], names: string[]): string {
  return table(['business', 'customers', 'enrolments', 'messages', 'orders', 'attributed orders', 'engagement rows'], ['l', 'r', 'r', 'r', 'r', 'r', 'r'],
    counts.map((c, i) => [names[i], fmtInt(c.customers), fmtInt(c.enrolments), fmtInt(c.messages), fmtInt(c.orders), fmtInt(c.attributions), fmtInt(c.engagement)]));
}

/** Rows per business as they stand after loading (what the table shows). */
async function countRows(pool: Pool, businessId: string): Promise<LoadedCounts> {
  const n = async (table: string) => Number((await pool.query<{ n: string }>(`SELECT count(*) AS n FROM ${table} WHERE business_id = $1`, [businessId])).rows[0].n);
  return {
    customers: await n('customer'), enrolments: await n('enrollment'), messages: await n('message'),
    orders: await n('orders'), attributions: await n('order_attribution'), engagement: await n('engagement'),
  };
}

interface Loaded { a: ReportBusiness; counts: LoadedCounts[]; loadS: number; loadCpu: string; campaignRows: number }

async function fixturesAndLoad(pool: Pool, api: Api, scale: number, anchor: Date, postmaster: number): Promise<Loaded> {
  const client = new ApiClient(api.url);
  const size = reportBenchSizes(scale);
  log('fixtures through the API: 2 businesses, stores, templates, 24 campaigns');
  const a = await reportBusiness(client, 'Bench Bakery (reports)', 'a', 20);
  const b = await reportBusiness(client, 'Other Bakery (reports)', 'b', 4);
  log(`bulk load: ${fmtInt(size.a.engagement + size.b.engagement)} engagement rows in all`);
  const started = performance.now();
  const { cpu: loadCpu } = await withCpu({ api: [api.pid] }, postmaster, () => loadAll(pool, [{ b: a, size: size.a }, { b, size: size.b }], anchor, postmaster, log));
  const loadS = (performance.now() - started) / 1000;
  const counts = [await countRows(pool, a.id), await countRows(pool, b.id)];
  const campaignRows = Number((await pool.query<{ n: string }>('SELECT count(*) AS n FROM engagement WHERE campaign_id = $1', [a.campaignIds[0]])).rows[0].n);
  log(`loaded in ${fmtS(loadS)} s; CPU seconds meanwhile: ${loadCpu}`);
  return { a, counts, loadS, loadCpu, campaignRows };
}

export async function run(opts: ReportBenchOptions = optionsFromArgv(process.argv)): Promise<string> {
  const dataDir = mkdtempSync(join(tmpdir(), 'localreach-reports-bench-'));
  const pg = await startEmbeddedPostgres({ dataDir, persistent: false });
  const url = pg.urlFor('bench');
  const pool = new Pool({ connectionString: url, max: 4 });
  pool.on('error', (error) => log(`bench pool: ${error.message}`));
  let api: Api | undefined;
  try {
    await ensureDatabase(pg.adminUrl, 'bench');
    await migrateDatabase(url);
    api = await startApi({ databaseUrl: url, smtpUrl: 'smtp://127.0.0.1:9' });
    const anchor = dataAnchor();
    const { a, counts, loadS, loadCpu, campaignRows } = await fixturesAndLoad(pool, api, opts.scale, anchor, postmasterPid(join(dataDir, 'pg')));
    const settings = (await pool.query<{ v: string; sb: string; wm: string }>(
      `SELECT current_setting('server_version') AS v, current_setting('shared_buffers') AS sb, current_setting('work_mem') AS wm`)).rows[0];
    const period: OverviewParams = { businessId: a.id, from: new Date(anchor.getTime() - OVERVIEW_DAYS * DAY_MS), to: anchor, timezone: TIMEZONE, churnLimit: CHURN_LIMIT };
    const busy = await machineBusyPercent(3_000);
    const loadBefore = loadAvg();
    const c = await pool.connect();
    // The hand-written side gets the memory our report statements run with (inReportTransaction).
    await c.query(`SET work_mem = '${REPORT_WORK_MEM}'`);
    const measured: Measured[] = [];
    try {
      for (const rc of cases(a, period)) measured.push(await measure(api, a.api.apiKey!, c, rc, opts.runs));
      if (opts.plansFile) {
        const n = await writePlans(c, { ...period, campaignId: a.campaignIds[0], splitStep: SPLIT_STEP, clickWindow: GOAL_WITHIN }, opts.plansFile);
        log(`${n} plans appended to ${opts.plansFile}`);
      }
      if (opts.stay) {
        log(`staying until SIGUSR2 (kill -USR2 ${process.pid}): psql ${url} · API ${api.url} key ${a.api.apiKey} · business ${a.id} · ` +
          `campaign ${a.campaignIds[0]} · period ${period.from.toISOString()} .. ${period.to.toISOString()}`);
        await new Promise((resolve) => process.once('SIGUSR2', resolve));
      }
    } finally {
      c.release();
    }
    const total = counts.reduce((s, x) => s + x.engagement, 0);
    return [
      `### Campaign report and overview over ${fmtInt(total)} engagement rows (scale ${opts.scale})`,
      '',
      `Built API (NODE_ENV=production, LOG_LEVEL=error) on embedded PostgreSQL ${settings.v} (durable; shared_buffers ${settings.sb}, work_mem ${settings.wm}, ${REPORT_WORK_MEM} for report statements on both sides), ` +
        `${cpus().length} cores shared by PostgreSQL, the API and the bench. Each report: one warm-up per side, then ${opts.runs} runs alternating ours ` +
        `(HTTP GET with the API key, whole body read) and the hand-written GROUP BY queries (one connection, one statement after another). ` +
        `The campaign report reads one of A's 20 campaigns (${fmtInt(campaignRows)} engagement rows); the overview covers A's last ${OVERVIEW_DAYS} days ` +
        `(churn over all of A's buyers, top ${CHURN_LIMIT}). Every figure of each answer equals the hand-written one (checked before timing). ` +
        `Machine ${busy} % busy just before measuring (load average ${loadBefore}).`,
      '',
      resultTable(measured),
      '',
      `Data (loaded in ${fmtS(loadS)} s: SQL inserts, index rebuild, VACUUM ANALYZE, CHECKPOINT; CPU seconds meanwhile: ${loadCpu}):`,
      '',
      datasetTable(counts, ['A (measured)', 'B (other tenant)']),
    ].join('\n');
  } finally {
    await api?.stop();
    await pool.end();
    await pg.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

if (require.main === module) runAsScript(run);
