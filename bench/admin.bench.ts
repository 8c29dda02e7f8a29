/**
 * The admin UI's quality targets (issue 19), measured on the built product:
 * a. Bundle sizes, from dist/admin's Vite manifest (npm run bench builds it
 *    first): per file, the JavaScript the first page loads (the index entry,
 *    its static imports and the dashboard route's lazy chunk with its own),
 *    minified and gzip -9 (node:zlib), against < 250 KB gzip; every other
 *    lazy module (charts, map, segment builder, …) with what it adds. Beside
 *    it a bare React 19 + ReactDOM hello-world built by the same Vite in the
 *    same run (the floor of any React page).
 * b. Speed over 1,000,000 customers: the built API (child process,
 *    NODE_ENV=production, rate limits off, serving dist/admin) on an embedded
 *    PostgreSQL; one business made through the API (stores, templates, 10
 *    campaigns) and its bulk rows loaded in SQL by the report bench's loader
 *    (bench/reports/load.ts: customers, enrolments, messages, 0-4 orders per
 *    customer over 400 days plus the orders campaigns brought, engagement;
 *    60,000 enrolments per campaign at 1M customers, scaled with
 *    --customers). Debian's chromium (playwright-core) then, per run:
 *    - a fresh tab (empty cache) opening the sign-in link
 *      (/admin/sign-in#key=…) until the dashboard's revenue KPI shows a
 *      value, then a reload of that tab (scripts cached, key in
 *      sessionStorage);
 *    - the same for the customers page (sign-in link with ?redirect=) until
 *      the total and the first row show, then a reload;
 *    - on that page, typing searches (60 ms between keys): from the last
 *      keystroke to the first row of the answer on screen (the page waits
 *      250 ms of quiet before it asks, by design);
 *    each timed inside the page from the navigation's start. Beside each,
 *    the raw tool: the very request the page made (its URL captured from the
 *    browser) sent with fetch from the bench, in the same run. Target: each
 *    page interactive < 2 s (every run). One warm-up of everything first.
 * Options (argv): --customers=1000000 --runs=5 --parts=bundle,browser
 * --stay (after loading, keep PostgreSQL and the API up until SIGUSR2, printing how to reach them, then measure)
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Pool } from 'pg';
import { ensureDatabase, migrateDatabase, startEmbeddedPostgres } from '@localreach/core';
import { adminSizes, reactFloor, type FileSize } from './admin/bundle';
import { overviewStatements, type StatementTime } from './admin/overview-split';
import { CHURN_SHOWN, coldLoad, launchChromium, typeSearch, waitReady, warmReload, type PageTiming, type SearchTiming } from './admin/browser';
import { startApi, type Api } from './campaigns/apps';
import { postmasterPid } from './campaigns/cpu';
import { ApiClient } from './campaigns/setup';
import { reportBusiness, type ReportBusiness } from './reports/fixtures';
import { dataAnchor, loadAll } from './reports/load';
import { fmtInt, fmtMs, fmtS, percentile, table } from './segments/timing';
import { runAsScript } from './support/processes';

export interface AdminBenchOptions {
  customers: number;
  runs: number;
  parts: Set<'bundle' | 'browser'>;
  /** After loading, keep PostgreSQL and the API up until SIGUSR2 (to try statements on the loaded data), then measure. */
  stay: boolean;
}

export function optionsFromArgv(argv: string[]): AdminBenchOptions {
  const arg = (name: string) => argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1];
  const parts = new Set((arg('parts') ?? 'bundle,browser').split(',')) as Set<'bundle' | 'browser'>;
  if ([...parts].some((p) => p !== 'bundle' && p !== 'browser')) throw new Error('--parts: bundle and/or browser');
  const customers = Number(arg('customers') ?? '1000000');
  if (!(customers >= 10_000)) throw new Error('--customers must be at least 10000');
  return { customers, runs: Number(arg('runs') ?? '5'), parts, stay: argv.includes('--stay') };
}

const t0 = performance.now();
const log = (s: string) => console.error(`[admin-bench +${((performance.now() - t0) / 1000).toFixed(0)}s] ${s}`);
const yes = (ok: boolean) => (ok ? 'yes' : '**no**');
const loadAvg = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
const kb = (bytes: number) => (bytes / 1024).toFixed(1);
const sum = (xs: FileSize[], k: 'bytes' | 'gzip') => xs.reduce((s, x) => s + x[k], 0);
const BUNDLE_TARGET_KB = 250;
const PAGE_TARGET_MS = 2_000;
const CAMPAIGNS = 10;
/** Search-as-you-type as people do it: an email prefix, a full name, a first name, phone digits the national way. */
const SEARCHES = ['r1234', 'Ann Smi', 'Léa', '(503) 000'];

function bundleSection(root: string): string {
  const { firstPage, firstPageCss, lazy } = adminSizes(join(root, 'dist', 'admin'));
  log('building the bare React floor with the same Vite');
  const floor = reactFloor(root);
  const firstGzip = sum(firstPage, 'gzip');
  return [
    '### a. Bundle sizes (dist/admin, gzip -9 by node:zlib)',
    '',
    table(['JavaScript', 'files', 'minified KB', 'gzip KB', `target < ${BUNDLE_TARGET_KB} KB gzip`],
      ['l', 'r', 'r', 'r', 'l'],
      [
        ['**first page** (index entry + dashboard route, static imports)', firstPage.length, kb(sum(firstPage, 'bytes')), kb(firstGzip), yes(firstGzip / 1024 < BUNDLE_TARGET_KB)],
        ['raw: bare React 19 + ReactDOM hello-world, same Vite', floor.length, kb(sum(floor, 'bytes')), kb(sum(floor, 'gzip')), ''],
        ['first page above the floor', '', kb(sum(firstPage, 'bytes') - sum(floor, 'bytes')), kb(firstGzip - sum(floor, 'gzip')), ''],
      ]),
    '',
    `First-page files (CSS besides: ${firstPageCss.map((c) => `${c.file} ${kb(c.bytes)} KB, ${kb(c.gzip)} KB gzip`).join('; ') || 'none'}):`,
    '',
    table(['file', 'minified KB', 'gzip KB'], ['l', 'r', 'r'], firstPage.map((f) => [f.file, kb(f.bytes), kb(f.gzip)])),
    '',
    'Loaded later, on demand (each lazy module: its own chunk, and with the chunks it imports that the first page has not loaded):',
    '',
    table(['lazy module', 'chunk', 'chunk KB', 'chunk gzip KB', 'adds in all KB', 'adds in all gzip KB'], ['l', 'l', 'r', 'r', 'r', 'r'],
      lazy.map((l) => [l.src, l.file, kb(l.bytes), kb(l.gzip), kb(l.extraBytes), kb(l.extraGzip)])),
  ].join('\n');
}

interface Samples {
  browser: number[];
  raw: number[];
  timings: PageTiming[];
  search: SearchTiming[];
}

const samples = (): Samples => ({ browser: [], raw: [], timings: [], search: [] });

async function rawFetch(url: string, apiKey: string): Promise<number> {
  const started = performance.now();
  const res = await fetch(url, { headers: { authorization: `Bearer ${apiKey}` } });
  await res.arrayBuffer();
  if (res.status !== 200) throw new Error(`GET ${url} → ${res.status}`);
  return performance.now() - started;
}

type Rows = Record<string, Samples>;

/** One run of every measurement; `into` null for the warm-up. */
async function oneRun(browser: Awaited<ReturnType<typeof launchChromium>>, api: Api, apiKey: string, into: Rows | null): Promise<void> {
  const note = (name: string, timing: PageTiming, raw: number) => {
    if (!into) return;
    const s = (into[name] ??= samples());
    s.browser.push(timing.ready);
    s.timings.push(timing);
    s.raw.push(raw);
  };
  const dash = await coldLoad(browser, api.url, apiKey, '/');
  const churn = await waitReady(dash.page, CHURN_SHOWN, '/v1/reports/churn-risk');
  note('dashboard: fresh tab, sign-in link → KPIs shown', dash.timing, await rawFetch(dash.timing.apiUrl, apiKey));
  note('dashboard: fresh tab, sign-in link → churn list shown (asked after the KPIs)', churn, await rawFetch(churn.apiUrl, apiKey));
  const dashWarm = await warmReload(dash.page, '/');
  note('dashboard: reload (scripts cached)', dashWarm, await rawFetch(dashWarm.apiUrl, apiKey));
  await dash.context.close();
  const list = await coldLoad(browser, api.url, apiKey, '/customers');
  note('customers: fresh tab, sign-in link → total and first row', list.timing, await rawFetch(list.timing.apiUrl, apiKey));
  const listWarm = await warmReload(list.page, '/customers');
  note('customers: reload (scripts cached)', listWarm, await rawFetch(listWarm.apiUrl, apiKey));
  for (const q of SEARCHES) {
    const typed = await typeSearch(list.page, q);
    const raw = await rawFetch(typed.apiUrl, apiKey);
    if (!into) continue;
    const s = (into[`search "${q}": last key → rows`] ??= samples());
    s.browser.push(typed.ms);
    s.search.push(typed);
    s.raw.push(raw);
  }
  await list.context.close();
}

function speedTable(rows: Rows): string {
  return table(
    ['measure', 'browser p50 ms', 'browser max ms', 'raw fetch of the same request p50 ms', 'raw max ms', 'browser adds (p50)', `target < ${PAGE_TARGET_MS / 1000} s (every run)`],
    ['l', 'r', 'r', 'r', 'r', 'r', 'l'],
    Object.entries(rows).map(([name, s]) => {
      const p50 = percentile(s.browser, 50);
      const raw = percentile(s.raw, 50);
      const page = s.search.length === 0;
      return [name, fmtMs(p50), fmtMs(Math.max(...s.browser)), fmtMs(raw), fmtMs(Math.max(...s.raw)), fmtMs(p50 - raw), page ? yes(Math.max(...s.browser) < PAGE_TARGET_MS) : '— (includes the 250 ms debounce)'];
    }),
  );
}

const med = (xs: number[]) => fmtMs(percentile(xs, 50));

function whereTable(rows: Rows): string {
  const pages = Object.entries(rows).filter(([, s]) => s.timings.length > 0);
  const searches = Object.entries(rows).filter(([, s]) => s.search.length > 0);
  return [
    table(['page (medians, ms from navigation start)', 'HTML received', 'scripts received (count, KB uncompressed; from the cache on reloads)', 'API request sent', 'API answered', 'interactive', 'API calls before it'],
      ['l', 'r', 'r', 'r', 'r', 'r', 'l'],
      pages.map(([name, s]) => {
        const t = s.timings;
        return [name, med(t.map((x) => x.documentEnd)), `${med(t.map((x) => x.scriptsEnd))} (${t[0].scripts}, ${kb(t[0].scriptBytes)})`, med(t.map((x) => x.apiStart)), med(t.map((x) => x.apiEnd)),
          med(t.map((x) => x.ready)), t[0].apiCalls.join(', ')];
      })),
    '',
    table(['search (medians, ms from the last keystroke)', 'API request sent', 'API answered', 'first row shown'], ['l', 'r', 'r', 'r'],
      searches.map(([name, s]) => [name, med(s.search.map((x) => x.apiStart)), med(s.search.map((x) => x.apiEnd)), med(s.browser)])),
  ].join('\n');
}

async function counts(pool: Pool, businessId: string): Promise<string> {
  const n = async (t: string) => fmtInt(Number((await pool.query<{ n: string }>(`SELECT count(*) AS n FROM ${t} WHERE business_id = $1`, [businessId])).rows[0].n));
  return `${await n('customer')} customers, ${await n('orders')} orders, ${await n('enrollment')} enrolments, ${await n('message')} messages, ${await n('engagement')} engagement rows`;
}

async function load(pool: Pool, api: Api, customers: number, postmaster: number): Promise<{ b: ReportBusiness; seconds: number }> {
  log(`fixtures through the API: 1 business, 3 stores, templates, ${CAMPAIGNS} campaigns`);
  const b = await reportBusiness(new ApiClient(api.url), 'Bench Bakery (admin)', 'a', CAMPAIGNS);
  const enrolmentsPerCampaign = Math.round(customers * 0.06);
  // 5.3 engagement rows per enrolment, as in the report bench's business A.
  const size = { customers, enrolmentsPerCampaign, engagement: Math.round(CAMPAIGNS * enrolmentsPerCampaign * 5.3) };
  const started = performance.now();
  log(`bulk load: ${fmtInt(customers)} customers and their history`);
  await loadAll(pool, [{ b, size }], dataAnchor(), postmaster, log);
  return { b, seconds: (performance.now() - started) / 1000 };
}

async function browserSection(opts: AdminBenchOptions): Promise<string> {
  const dataDir = mkdtempSync(join(tmpdir(), 'localreach-admin-bench-'));
  const pg = await startEmbeddedPostgres({ dataDir, persistent: false });
  const url = pg.urlFor('bench');
  const pool = new Pool({ connectionString: url, max: 4 });
  pool.on('error', (error) => log(`bench pool: ${error.message}`));
  let api: Api | undefined;
  try {
    await ensureDatabase(pg.adminUrl, 'bench');
    await migrateDatabase(url);
    api = await startApi({ databaseUrl: url, smtpUrl: 'smtp://127.0.0.1:9' });
    const { b, seconds } = await load(pool, api, opts.customers, postmasterPid(join(dataDir, 'pg')));
    const data = await counts(pool, b.id);
    if (opts.stay) {
      log(`staying until SIGUSR2 (kill -USR2 ${process.pid}): psql ${url} · API ${api.url} key ${b.api.apiKey} · business ${b.id}`);
      await new Promise((resolve) => process.once('SIGUSR2', resolve));
    }
    const browser = await launchChromium();
    const rows: Rows = {};
    const loadBefore = loadAvg();
    try {
      log('warm-up run');
      await oneRun(browser, api, b.api.apiKey!, null);
      for (let i = 0; i < opts.runs; i++) {
        log(`run ${i + 1}/${opts.runs}`);
        await oneRun(browser, api, b.api.apiKey!, rows);
      }
    } finally {
      await browser.close();
    }
    const dashboard = Object.values(rows).find((s) => s.timings.some((t) => t.apiUrl.includes('/v1/reports/overview')));
    const c = await pool.connect();
    let split: StatementTime[];
    try {
      split = await overviewStatements(c, b.id, 'America/Los_Angeles', dashboard!.timings[0].apiUrl);
    } finally {
      c.release();
    }
    return [
      `### b. Speed with ${fmtInt(opts.customers)} customers`,
      '',
      `Data: ${data} (loaded in ${fmtS(seconds)} s). Built API (NODE_ENV=production, LOG_LEVEL=error) serving dist/admin on loopback, embedded PostgreSQL, ` +
        `headless Debian chromium (1280×800), ${cpus().length} cores shared by all three and the bench. One warm-up of everything, then ${opts.runs} runs ` +
        `(load average ${loadBefore} before, ${loadAvg()} after: other work on the machine slows the API and the browser alike). ` +
        'Browser figures are the page\'s own clock from the navigation\'s start (searches: from the last keydown); raw: the same request (URL captured from the page) with fetch from the bench.',
      '',
      speedTable(rows),
      '',
      'Where the time goes (Chrome navigation and resource timing):',
      '',
      whereTable(rows),
      '',
      'The overview request (GET /v1/reports/overview, the dashboard\'s wait): each of its statements alone on one connection (report settings, median of 3); ' +
        'the API runs them side by side on pooled connections over the same cores:',
      '',
      table(['statement', 'alone ms'], ['l', 'r'], [...split.map((x) => [x.name, fmtMs(x.ms)]), ['**sum**', fmtMs(split.reduce((n, x) => n + x.ms, 0))]]),
    ].join('\n');
  } finally {
    await api?.stop();
    await pool.end();
    await pg.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

export async function run(opts: AdminBenchOptions = optionsFromArgv(process.argv)): Promise<string> {
  const out: string[] = [];
  if (opts.parts.has('bundle')) out.push(bundleSection(process.cwd()));
  if (opts.parts.has('browser')) out.push(await browserSection(opts));
  return out.join('\n\n');
}

if (require.main === module) runAsScript(() => run());
