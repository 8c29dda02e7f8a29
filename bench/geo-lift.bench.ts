/**
 * Geo lift over 10,000,000 engagement rows (issue 22): GET
 * /v1/reports/campaigns/:id/geo-lift, JSON and ?format=csv, end to end over
 * HTTP with an API key through the built API (child process,
 * NODE_ENV=production, LOG_LEVEL=error) on an embedded PostgreSQL, against
 * the hand-written GROUP BY doing the same aggregation (bench/reports/
 * geo-lift.ts) on one connection of the bench, in the same run. Target:
 * < 2 s every run; the ratio to the hand-written query is printed.
 *  - Data: the report bench's (bench/reports/fixtures.ts and load.ts: two
 *    businesses, 10M engagement rows at --scale=1; A has 500,000 customers
 *    and ~0.7M orders over 400 days), then A's customers placed around its
 *    three stores and a 1.5 km geofence campaign on the first, activated 30
 *    days before the data's anchor (bench/reports/geo-lift.ts).
 *  - Measured: one warm-up of each side, the figures compared (group sizes,
 *    map cells, incremental orders and revenue from the hand-written cells
 *    through the same estimator: the bench fails on any difference), then
 *    --runs runs (5) alternating ours and hand-written.
 * Options (argv): --scale=1 (0.05: 500,000 engagement rows, for a quick run) --runs=5
 */
import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import type { PoolClient } from 'pg';
import { REPORT_WORK_MEM } from '@localreach/core';
import { startApi, type Api } from './campaigns/apps';
import { machineBusyPercent } from './campaigns/cpu';
import { ApiClient } from './campaigns/setup';
import { reportBusiness } from './reports/fixtures';
import { areaCampaign, handFigures, handGeoLift, positionCustomers } from './reports/geo-lift';
import { dataAnchor, loadAll, reportBenchSizes } from './reports/load';
import { fmtInt, fmtMs, fmtS, percentile, table, timeOnce } from './segments/timing';
import { withBenchPostgres } from './support/bench-postgres';
import { runAsScript } from './support/processes';

const PRE_DAYS = 28;
const POST_DAYS = 28;
const MATCH_DAYS = 84;

interface Options { scale: number; runs: number }

function optionsFromArgv(argv: string[]): Options {
  const arg = (name: string) => argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1];
  const scale = Number(arg('scale') ?? '1');
  if (!(scale > 0 && scale <= 1)) throw new Error('--scale must be in (0, 1]');
  return { scale, runs: Number(arg('runs') ?? '5') };
}

const t0 = performance.now();
const log = (s: string) => console.error(`[geo-lift-bench +${((performance.now() - t0) / 1000).toFixed(0)}s] ${s}`);
const loadAvg = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');

interface Report {
  status: string;
  comparison: { stores: { id: string }[] };
  area: { clusterCellMeters: number; center: { lat: number } };
  windows: { postDaysObserved: number };
  groups: { treatedCustomers: number; comparisonCustomers: number; treatedClusters: number; comparisonClusters: number };
  incrementalOrders: { estimate: number } | null;
  incrementalRevenue: { estimate: number } | null;
}

async function apiGet(api: Api, key: string, path: string): Promise<string> {
  const res = await fetch(`${api.url}${path}`, { headers: { authorization: `Bearer ${key}` } });
  const body = await res.text();
  if (res.status !== 200) throw new Error(`GET ${path} → ${res.status} ${body.slice(0, 500)}`);
  return body;
}

function ourFigures(r: Report): Map<string, number> {
  const f = new Map<string, number>(Object.entries({
    treatedCustomers: r.groups.treatedCustomers, comparisonCustomers: r.groups.comparisonCustomers,
    treatedClusters: r.groups.treatedClusters, comparisonClusters: r.groups.comparisonClusters,
  }));
  if (r.incrementalOrders && r.incrementalRevenue) {
    f.set('incrementalOrders', r.incrementalOrders.estimate);
    f.set('incrementalRevenue', r.incrementalRevenue.estimate);
  }
  return f;
}

function differences(ours: Map<string, number>, theirs: Map<string, number>): string[] {
  const keys = new Set([...ours.keys(), ...theirs.keys()]);
  return [...keys].filter((k) => ours.get(k) !== theirs.get(k)).map((k) => `${k}: ours ${ours.get(k)}, hand-written ${theirs.get(k)}`);
}

async function measure(api: Api, key: string, c: PoolClient, path: string, hand: (c: PoolClient) => Promise<unknown>, runs: number): Promise<{ ours: number[]; hand: number[] }> {
  await apiGet(api, key, path);
  await hand(c);
  const ours: number[] = [];
  const theirs: number[] = [];
  for (let i = 0; i < runs; i++) {
    ours.push((await timeOnce(() => apiGet(api, key, path))).ms);
    theirs.push((await timeOnce(() => hand(c))).ms);
  }
  return { ours, hand: theirs };
}

export async function run(opts: Options = optionsFromArgv(process.argv)): Promise<string> {
  return withBenchPostgres('geo-lift', false, log, async ({ url, pool, postmaster }) => {
    let api: Api | undefined;
    try {
      api = await startApi({ databaseUrl: url, smtpUrl: 'smtp://127.0.0.1:9' });
      const anchor = dataAnchor();
      const client = new ApiClient(api.url);
      log('fixtures through the API: 2 businesses, stores, templates, 24 campaigns');
      const a = await reportBusiness(client, 'Bench Bakery (geo lift)', 'a', 20);
      const b = await reportBusiness(client, 'Other Bakery (geo lift)', 'b', 4);
      const started = performance.now();
      const sizes = reportBenchSizes(opts.scale);
      await loadAll(pool, [{ b: a, size: sizes.a }, { b, size: sizes.b }], anchor, postmaster, log);
      const positioned = await positionCustomers(pool, a);
      const { campaignId, start } = await areaCampaign(pool, a.api, a, anchor);
      const loadS = (performance.now() - started) / 1000;
      const engagement = Number((await pool.query<{ n: string }>('SELECT count(*) AS n FROM engagement')).rows[0].n);
      const orders = Number((await pool.query<{ n: string }>('SELECT count(*) AS n FROM orders WHERE business_id = $1', [a.id])).rows[0].n);
      log(`loaded in ${fmtS(loadS)} s: ${fmtInt(engagement)} engagement rows, ${fmtInt(positioned)} customers placed, ${fmtInt(orders)} orders`);

      const key = a.api.apiKey!;
      const path = `/v1/reports/campaigns/${campaignId}/geo-lift?preDays=${PRE_DAYS}&postDays=${POST_DAYS}&matchDays=${MATCH_DAYS}`;
      const report = JSON.parse(await apiGet(api, key, path)) as Report;
      if (report.windows.postDaysObserved !== POST_DAYS) throw new Error(`post-period not complete: ${report.windows.postDaysObserved} days`);
      const handParams = {
        businessId: a.id, campaignId, comparisonStoreIds: report.comparison.stores.map((s) => s.id), start, preDays: PRE_DAYS, postDays: POST_DAYS, matchDays: MATCH_DAYS,
        cellSize: report.area.clusterCellMeters / Math.cos((report.area.center.lat * Math.PI) / 180),
      };
      const c = await pool.connect();
      await c.query(`SET work_mem = '${REPORT_WORK_MEM}'`);
      const busy = await machineBusyPercent(3_000);
      const loadBefore = loadAvg();
      try {
        const hand = (q: PoolClient) => handGeoLift(q, handParams);
        const diff = differences(ourFigures(report), handFigures(await hand(c), PRE_DAYS, POST_DAYS));
        if (diff.length > 0) throw new Error(`the API and the hand-written query disagree:\n  ${diff.join('\n  ')}`);
        log(`figures agree (${report.status}: ${report.groups.treatedCustomers} treated, ${report.groups.comparisonCustomers} comparison customers); timing`);
        const json = await measure(api, key, c, path, hand, opts.runs);
        const csv = await measure(api, key, c, `${path}&format=csv`, hand, opts.runs);
        const rows = [['geo lift (JSON)', json], ['geo lift (CSV)', csv]] as const;
        return [
          `### Geo lift over ${fmtInt(engagement)} engagement rows (scale ${opts.scale})`,
          '',
          `Built API (NODE_ENV=production) on embedded PostgreSQL, ${cpus().length} cores shared by PostgreSQL, the API and the bench; ${REPORT_WORK_MEM} work_mem for report statements on both sides. ` +
            `Business A: ${fmtInt(positioned)} customers placed around 3 stores, ${fmtInt(orders)} orders; a 1.5 km geofence campaign on one store, ` +
            `${report.groups.treatedCustomers} customers in it against ${report.groups.comparisonCustomers} around the other two. One warm-up per side, then ${opts.runs} runs alternating; ` +
            `group sizes, map cells and the estimates agree with the hand-written query's. Machine ${busy} % busy just before measuring (load average ${loadBefore}).`,
          '',
          table(['report', 'ours p50 ms', 'ours max ms', 'hand-written p50 ms', 'ratio', 'target < 2 s (every run)'], ['l', 'r', 'r', 'r', 'r', 'l'],
            rows.map(([name, m]) => {
              const p50 = percentile(m.ours, 50);
              const hand50 = percentile(m.hand, 50);
              return [name, fmtMs(p50), fmtMs(Math.max(...m.ours)), fmtMs(hand50), `${(p50 / hand50).toFixed(2)}×`, Math.max(...m.ours) < 2000 ? 'yes' : '**no**'];
            })),
          '',
          `Loaded in ${fmtS(loadS)} s.`,
        ].join('\n');
      } finally {
        c.release();
      }
    } finally {
      await api?.stop();
    }
  });
}

if (require.main === module) runAsScript(run);
