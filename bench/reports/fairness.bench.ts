/**
 * Fairness report over 10,000,000 engagement rows (issue 22): GET /v1/reports/fairness, JSON and
 * ?format=csv, end to end over HTTP with an API key through the built API (child process,
 * NODE_ENV=production, LOG_LEVEL=error) on an embedded PostgreSQL, against hand-written GROUP BY
 * queries for the same figures (bench/reports/fairness-hand.ts: one statement per grouping, one
 * after the other on one connection of the bench) in the same run. Target: < 2 s every run; the
 * ratio to the hand-written queries is printed.
 *  - Data: the report bench's (bench/reports/load.ts: at --scale=1 business A has 500,000
 *    customers, 1.7M enrolments, ~3.5M messages, 9M engagement rows; B the rest of the 10M), plus
 *    places, postal codes, birthdays, SMS consent and offers (bench/reports/fairness-data.ts).
 *  - Cases: every campaign of A's last 90 days (JSON, then CSV) and one campaign over 200 days (JSON),
 *    1 km grid cells, minimum 10. Before timing, every shown group's figures must equal the
 *    hand-written raw group's, "other" the sum of the rest, and no line be under the minimum.
 * Options (argv): --scale=1 (0.02 for a quick run) --runs=5 --stay (after the run, keep PostgreSQL and the API up until SIGUSR2, printing how to reach them)
 */
import { cpus } from 'node:os';
import type { PoolClient } from 'pg';
import { REPORT_WORK_MEM } from '@localreach/core';
import { startApi, type Api } from '../campaigns/apps';
import { ApiClient } from '../campaigns/setup';
import { fmtInt, fmtMs, percentile, table, timeOnce } from '../segments/timing';
import { withBenchPostgres } from '../support/bench-postgres';
import { runAsScript } from '../support/processes';
import { addPlacesAndOffers } from './fairness-data';
import { fairnessDifferences, type FairnessParams, handFairness } from './fairness-hand';
import { reportBusiness } from './fixtures';
import { dataAnchor, loadAll, reportBenchSizes } from './load';

const DAY_MS = 86_400_000;
const DAYS = 90;
const CELL = 1000;
const MIN = 10;

export interface FairnessBenchOptions { scale: number; runs: number; stay: boolean }

export function optionsFromArgv(argv: string[]): FairnessBenchOptions {
  const arg = (name: string) => argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1];
  const scale = Number(arg('scale') ?? '1');
  if (!(scale > 0 && scale <= 1)) throw new Error('--scale must be in (0, 1]');
  return { scale, runs: Number(arg('runs') ?? '5'), stay: argv.includes('--stay') };
}

const t0 = performance.now();
const log = (s: string) => console.error(`[fairness-bench +${((performance.now() - t0) / 1000).toFixed(0)}s] ${s}`);

async function apiGet(api: Api, key: string, path: string): Promise<string> {
  const res = await fetch(`${api.url}${path}`, { headers: { authorization: `Bearer ${key}` } });
  const body = await res.text();
  if (res.status !== 200) throw new Error(`GET ${path} → ${res.status} ${body.slice(0, 500)}`);
  return body;
}

interface Case { name: string; path: string; params: FairnessParams; json: boolean }
interface Measured { name: string; ours: number[]; hand: number[] }

async function measure(api: Api, key: string, c: PoolClient, fc: Case, runs: number): Promise<Measured> {
  const hand = await handFairness(c, fc.params);
  const body = await apiGet(api, key, fc.path);
  if (fc.json) {
    const report = JSON.parse(body) as { areas: Parameters<typeof fairnessDifferences>[0]; ageBands: Parameters<typeof fairnessDifferences>[0] };
    const diff = [...fairnessDifferences(report.areas, hand.areas, MIN), ...fairnessDifferences(report.ageBands, hand.bands, MIN).map((d) => `age ${d}`)];
    if (diff.length > 0) throw new Error(`${fc.name}: the API and the hand-written queries disagree:\n  ${diff.slice(0, 12).join('\n  ')}`);
    log(`${fc.name}: ${report.areas.length} areas and ${report.ageBands.length} age bands agree with ${hand.areas.length} raw cells and ${hand.bands.length} raw bands`);
  }
  const ours: number[] = [];
  const theirs: number[] = [];
  for (let i = 0; i < runs; i++) {
    ours.push((await timeOnce(() => apiGet(api, key, fc.path))).ms);
    theirs.push((await timeOnce(() => handFairness(c, fc.params))).ms);
  }
  log(`${fc.name}: ours p50 ${fmtMs(percentile(ours, 50))} ms, hand-written ${fmtMs(percentile(theirs, 50))} ms`);
  return { name: fc.name, ours, hand: theirs };
}

function resultTable(rows: Measured[]): string {
  return table(['report', 'ours p50 ms', 'ours max ms', 'hand-written p50 ms', 'ratio', 'target < 2 s (every run)'], ['l', 'r', 'r', 'r', 'r', 'l'],
    rows.map((r) => {
      const max = Math.max(...r.ours);
      return [r.name, fmtMs(percentile(r.ours, 50)), fmtMs(max), fmtMs(percentile(r.hand, 50)), `${(percentile(r.ours, 50) / percentile(r.hand, 50)).toFixed(2)}×`, max < 2000 ? 'yes' : '**no**'];
    }));
}

export async function run(opts: FairnessBenchOptions = optionsFromArgv(process.argv)): Promise<string> {
  return withBenchPostgres('fairness', false, log, async ({ url, pool, postmaster }) => {
    let api: Api | undefined;
    try {
      api = await startApi({ databaseUrl: url, smtpUrl: 'smtp://127.0.0.1:9' });
      const anchor = dataAnchor();
      const client = new ApiClient(api.url);
      const a = await reportBusiness(client, 'Bench Bakery (fairness)', 'a', 20);
      const b = await reportBusiness(client, 'Other Bakery (fairness)', 'b', 4);
      const sizes = reportBenchSizes(opts.scale);
      log(`bulk load: ${fmtInt(sizes.a.engagement + sizes.b.engagement)} engagement rows in all`);
      await loadAll(pool, [{ b: a, size: sizes.a }, { b, size: sizes.b }], anchor, postmaster, log);
      await addPlacesAndOffers(pool, [a.id, b.id], anchor, log);
      const engagement = Number((await pool.query<{ n: string }>('SELECT count(*) AS n FROM engagement')).rows[0].n);
      const from = new Date(anchor.getTime() - DAYS * DAY_MS);
      const campaignId = a.campaignIds[0];
      // The loaded enrolments are up to 180 days old (their campaigns were created by this run): the whole life is the last 200 days.
      const campaignFrom = new Date(anchor.getTime() - 200 * DAY_MS);
      const period = `from=${from.toISOString()}&to=${anchor.toISOString()}&cellSize=${CELL}&minCustomers=${MIN}`;
      const cases: Case[] = [
        { name: `all campaigns, ${DAYS} days (JSON)`, path: `/v1/reports/fairness?${period}`, params: { businessId: a.id, campaignId: null, from, to: anchor, cellSize: CELL }, json: true },
        { name: `all campaigns, ${DAYS} days (CSV)`, path: `/v1/reports/fairness?${period}&format=csv`, params: { businessId: a.id, campaignId: null, from, to: anchor, cellSize: CELL }, json: false },
        {
          name: 'one campaign, 200 days (JSON)', path: `/v1/reports/fairness?campaignId=${campaignId}&from=${campaignFrom.toISOString()}&to=${anchor.toISOString()}&cellSize=${CELL}`,
          params: { businessId: a.id, campaignId, from: campaignFrom, to: anchor, cellSize: CELL }, json: true,
        },
      ];
      const c = await pool.connect();
      await c.query(`SET work_mem = '${REPORT_WORK_MEM}'`);
      const measured: Measured[] = [];
      try {
        for (const fc of cases) measured.push(await measure(api, a.api.apiKey!, c, fc, opts.runs));
        if (opts.stay) {
          log(`staying until SIGUSR2 (kill -USR2 ${process.pid}): psql ${url} · API ${api.url} key ${a.api.apiKey} · business ${a.id} · ` +
            `campaign ${campaignId} · period ${from.toISOString()} .. ${anchor.toISOString()}`);
          await new Promise((resolve) => process.once('SIGUSR2', resolve));
        }
      } finally {
        c.release();
      }
      return [
        `### Fairness report over ${fmtInt(engagement)} engagement rows (scale ${opts.scale})`,
        '',
        `Built API on embedded PostgreSQL, ${cpus().length} cores shared by PostgreSQL, the API and the bench; ${opts.runs} runs per case alternating ours (HTTP GET, whole body) ` +
          `and the hand-written GROUP BYs (areas, then age bands). Business A: ${fmtInt(sizes.a.customers)} customers, 1 km cells, minimum ${MIN}. Figures checked before timing.`,
        '',
        resultTable(measured),
      ].join('\n');
    } finally {
      await api?.stop();
    }
  });
}

if (require.main === module) runAsScript(run);
