/**
 * Mixed traffic at the highest rate this machine sustains (issue 21, load 1):
 * the built API as `npm start` runs it (NODE_ENV=production, LOG_LEVEL=error,
 * with --workers worker processes running their passes; request limits off,
 * as in every bench) on an embedded PostgreSQL (durable unless --fast-pg),
 * one SMTP sink on loopback.
 *  - Fixtures: one business (signed up through the API) with --messages sent
 *    emails (own customers, three tracked links each, see tracking/fixtures)
 *    and --customers more customers (COPY).
 *  - The mix, in a fixed interleaving (load/mix.ts): 40 % open pixel and 40 %
 *    click redirect of those messages (going round them), 15 % POST /v1/events
 *    with the owner key (one event of an existing customer), 5 % API reads:
 *    2 % customer list page, 2 % customer search (a few name/email
 *    prefixes), 1 % the newsletter campaign's report.
 *  - Load: open loop (load/open-loop.ts), each request due at a fixed time
 *    and timed from then, so a stall counts for every request due during it.
 *  - Rate search (load/rate-search.ts): --probe-seconds probes, doubling from
 *    --start-rate until one fails, then bisecting to 10 %; a probe passes with
 *    no errors, no unexpected status and p99 (all kinds) < --p99 ms. Then
 *    --seconds at the rate found, with the CPU seconds of the API, the
 *    workers, PostgreSQL and the load generator (and --profile: where the
 *    API's CPU time went).
 *  - Beside it, in the same run and at the same rate for as long: a bare
 *    node:http server in its own process answering the same requests with
 *    the API's captured bytes (status, headers, body) from memory.
 * Options (argv): --seconds=60 --probe-seconds=10 --scale=1 (messages 5,000 and customers 50,000 × scale) --messages= --customers=
 *   --start-rate=250 --max-rate=4000 --probes=7 --p99=100 --workers=2 --fast-pg --profile [--profile-dir=]
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Pool } from 'pg';
import { startApi, startWorkers, type Api, type Workers } from './campaigns/apps';
import { withCpu } from './campaigns/cpu';
import { ApiClient, copyCustomers, segmentsSettled } from './campaigns/setup';
import { SmtpSink } from './campaigns/smtp-sink';
import { mixSequence } from './load/mix';
import { openLoop, percentileOf, totalOf, type OpenLoopResult, type Shot } from './load/open-loop';
import { foundRate, nextRate, probePassed, type ProbeOutcome, type RateSearchOptions } from './load/rate-search';
import { clientLine, kindTable, verdictInput, yes } from './load/report';
import { fmtInt, fmtMs, table } from './segments/timing';
import { startBareServer, type BareServer, type CapturedReply } from './tracking/bare-server';
import { clickPath, openPath, sentEmails, type TrackedBusiness } from './tracking/fixtures';
import { capture, hammer } from './tracking/load';
import { profilerArgs, saveProfile, startProfile, summarizeProfile } from './tracking/profile';
import { withBenchPostgres } from './support/bench-postgres';
import { runAsScript } from './support/processes';

export const MIX = { open: 40, click: 40, ingest: 15, list: 2, search: 2, report: 1 } as const;
type Kind = keyof typeof MIX;
const KINDS = Object.keys(MIX) as Kind[];
const EXPECT: Record<Kind, number> = { open: 200, click: 302, ingest: 202, list: 200, search: 200, report: 200 };
const SEARCH_TERMS = ['Emma', 'gar', 'Noah L', 'm12', 'x40', 'karim', 'Lee', 'Is'];

export interface MixedBenchOptions {
  seconds: number;
  probeSeconds: number;
  messages: number;
  customers: number;
  search: RateSearchOptions;
  p99LimitMs: number;
  workers: number;
  fastPg: boolean;
  profileDir: string | null;
}

export function optionsFromArgv(argv: string[]): MixedBenchOptions {
  const arg = (name: string) => argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1];
  const scale = Number(arg('scale') ?? '1');
  if (!(scale > 0 && scale <= 1)) throw new Error('--scale must be in (0, 1]');
  const seconds = Number(arg('seconds') ?? '60');
  return {
    seconds,
    probeSeconds: Number(arg('probe-seconds') ?? Math.min(10, Math.max(3, Math.round(seconds / 4)))),
    messages: Number(arg('messages') ?? Math.max(500, Math.round(5_000 * scale))),
    customers: Number(arg('customers') ?? Math.round(50_000 * scale)),
    search: { start: Number(arg('start-rate') ?? '250'), min: 25, max: Number(arg('max-rate') ?? '4000'), precision: 0.1, maxProbes: Number(arg('probes') ?? '7'), step: 10 },
    p99LimitMs: Number(arg('p99') ?? '100'),
    workers: Number(arg('workers') ?? '2'),
    fastPg: argv.includes('--fast-pg'),
    profileDir: argv.includes('--profile') ? (arg('profile-dir') ?? mkdtempSync(join(tmpdir(), 'localreach-mixed-profile-'))) : null,
  };
}

const t0 = performance.now();
const log = (s: string) => console.error(`[mixed-bench +${((performance.now() - t0) / 1000).toFixed(0)}s] ${s}`);
const loadAvg = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Traffic {
  paths: { open: string[]; click: string[]; list: string; search: string[]; report: string };
  customerIds: string[];
  auth: Record<string, string>;
}

/** Request i of the mix (called once per i, in order). */
function mixShots(t: Traffic): (i: number) => Shot {
  const order = mixSequence(MIX, 100) as Kind[];
  const nth: Record<Kind, number> = { open: 0, click: 0, ingest: 0, list: 0, search: 0, report: 0 };
  const json = { ...t.auth, 'content-type': 'application/json' };
  return (i) => {
    const kind = order[i % order.length];
    const n = nth[kind]++;
    const get = (path: string, headers?: Record<string, string>): Shot => ({ kind, method: 'GET', path, headers, expect: EXPECT[kind] });
    switch (kind) {
      case 'open': return get(t.paths.open[n % t.paths.open.length]);
      case 'click': return get(t.paths.click[n % t.paths.click.length]);
      case 'list': return get(t.paths.list, t.auth);
      case 'search': return get(t.paths.search[n % t.paths.search.length], t.auth);
      case 'report': return get(t.paths.report, t.auth);
      case 'ingest': {
        const body = { type: 'page_view', customer: { id: t.customerIds[n % t.customerIds.length] }, properties: { path: '/menu', n } };
        return { kind, method: 'POST', path: '/v1/events', body: Buffer.from(JSON.stringify(body)), headers: json, expect: EXPECT.ingest };
      }
    }
  };
}

async function fixtures(pool: Pool, api: Api, opts: MixedBenchOptions): Promise<{ b: TrackedBusiness; traffic: Traffic }> {
  const client = new ApiClient(api.url);
  log(`fixtures: ${fmtInt(opts.messages)} sent emails, ${fmtInt(opts.customers)} more customers`);
  const b = await sentEmails(pool, client, 'Bench Bakery (mixed traffic)', 'm', opts.messages);
  if (opts.customers > 0) await copyCustomers(pool, b.businessId, opts.customers, 'x', 'x.bench.example', 'regular');
  await segmentsSettled(pool, b.businessId);
  const customerIds = (await pool.query<{ id: string }>('SELECT id FROM customer WHERE business_id = $1 ORDER BY id LIMIT 20000', [b.businessId])).rows.map((r) => r.id);
  const traffic: Traffic = {
    paths: {
      open: b.messages.map(openPath), click: b.messages.map(clickPath), list: '/v1/customers?limit=50',
      search: SEARCH_TERMS.map((q) => `/v1/customers?q=${encodeURIComponent(q)}&limit=50`), report: `/v1/reports/campaigns/${b.campaignId}`,
    },
    customerIds, auth: { authorization: `Bearer ${b.apiKey}` },
  };
  return { b, traffic };
}

/** The bare server, answering every request of the mix with the API's bytes captured now. */
async function bareFor(api: Api, b: TrackedBusiness, t: Traffic, dir: string): Promise<BareServer> {
  const open = await capture(`${api.url}${t.paths.open[0]}`, EXPECT.open);
  const click = await capture(`${api.url}${t.paths.click[0]}`, EXPECT.click);
  const routes: [string, string | null][] = [
    ...t.paths.open.map((p): [string, null] => [p, null]),
    ...t.paths.click.map((p, i): [string, string] => [p, b.messages[i].links[i % 3]]),
  ];
  const fixed: { method: string; path: string; reply: CapturedReply }[] = [];
  for (const path of [t.paths.list, ...t.paths.search, t.paths.report]) fixed.push({ method: 'GET', path, reply: await capture(`${api.url}${path}`, 200, { headers: t.auth }) });
  const shots = mixShots(t);
  let event = shots(0);
  for (let i = 1; event.kind !== 'ingest'; i++) event = shots(i);
  const reply = await capture(`${api.url}/v1/events`, EXPECT.ingest, { method: 'POST', body: event.body, headers: event.headers });
  fixed.push({ method: 'POST', path: '/v1/events', reply });
  return startBareServer({ open, click, routes, fixed }, join(dir, 'bare-server.json'));
}

interface Probe {
  rate: number;
  result: OpenLoopResult;
  passed: boolean;
  loadBefore: string;
}

async function rateSearch(api: Api, t: Traffic, opts: MixedBenchOptions): Promise<Probe[]> {
  const probes: Probe[] = [];
  const history = (): ProbeOutcome[] => probes.map((p) => ({ rate: p.rate, passed: p.passed }));
  for (let rate = nextRate([], opts.search); rate !== null; rate = nextRate(history(), opts.search)) {
    const loadBefore = loadAvg();
    const result = await openLoop(api.url, mixShots(t), rate, opts.probeSeconds);
    const total = totalOf(result);
    const passed = probePassed(verdictInput(total), opts.p99LimitMs);
    log(`probe ${rate}/s: p99 ${fmtMs(percentileOf(total.latencies, 99))} ms, errors ${total.errors}, other ${total.otherStatus} → ${passed ? 'pass' : 'fail'} (load ${loadBefore})`);
    probes.push({ rate, result, passed, loadBefore });
    // Let the engagement recorder and the workers catch up before the next probe.
    await sleep(2_000);
  }
  return probes;
}

function probeTable(probes: Probe[], limit: number): string {
  return table(['rate /s', 'answered / sent', 'p50 ms', 'p99 ms', 'max ms', 'errors / other status', `passed (p99 < ${limit} ms, no errors)`, 'client send lag p99 ms', 'load avg before'],
    ['r', 'r', 'r', 'r', 'r', 'r', 'l', 'r', 'l'],
    probes.map((p) => {
      const t = totalOf(p.result);
      return [fmtInt(p.rate), `${fmtInt(t.answered)} / ${fmtInt(t.sent)}`, fmtMs(percentileOf(t.latencies, 50)), fmtMs(percentileOf(t.latencies, 99)),
        fmtMs(t.latencies[t.latencies.length - 1] ?? Number.NaN), `${fmtInt(t.errors)} / ${fmtInt(t.otherStatus)}`, yes(p.passed), fmtMs(p.result.sendLagP99), p.loadBefore];
    }));
}

interface Measured {
  probes: Probe[];
  rate: number;
  found: boolean;
  ours: { result: OpenLoopResult; cpu: string; loadBefore: string };
  bare: { result: OpenLoopResult; cpu: string; loadBefore: string };
  profile: { file: string } | null;
}

async function measure(s: { pool: Pool; api: Api; workers: Workers; bare: BareServer; postmaster: number }, t: Traffic, opts: MixedBenchOptions): Promise<Measured> {
  const probes = await rateSearch(s.api, t, opts);
  const found = foundRate(probes.map((p) => ({ rate: p.rate, passed: p.passed })));
  const rate = found ?? opts.search.min;
  const groups = { api: [s.api.pid], workers: s.workers.pids, 'load generator (bench)': [process.pid] };
  log(`final: ${rate}/s for ${opts.seconds} s against ours${found === null ? ' (no probe passed: the minimum rate)' : ''}`);
  if (opts.profileDir) startProfile(s.api.pid);
  const oursLoad = loadAvg();
  const ours = await withCpu(groups, s.postmaster, () => openLoop(s.api.url, mixShots(t), rate, opts.seconds));
  const profile = opts.profileDir ? await saveProfile(s.api.pid, opts.profileDir) : null;
  await sleep(2_000);
  log(`bare: ${rate}/s for ${opts.seconds} s`);
  const bareLoad = loadAvg();
  const bare = await withCpu({ bare: [s.bare.pid], 'load generator (bench)': [process.pid] }, s.postmaster, () => openLoop(s.bare.url, mixShots(t), rate, opts.seconds));
  return { probes, rate, found: found !== null, ours: { ...ours, loadBefore: oursLoad }, bare: { ...bare, loadBefore: bareLoad }, profile };
}

function sections(m: Measured, opts: MixedBenchOptions, pgVersion: string, idleBusy: number): string[] {
  const total = totalOf(m.ours.result);
  const p99 = percentileOf(total.latencies, 99);
  const met = m.found && probePassed(verdictInput(total), opts.p99LimitMs);
  const out = [
    `### Mixed traffic: the highest rate with p99 < ${opts.p99LimitMs} ms and no errors (${opts.seconds} s at the rate found)`,
    '',
    `Built API + ${opts.workers} worker processes (NODE_ENV=production, LOG_LEVEL=error, request limits off) on embedded PostgreSQL ${pgVersion} ` +
      `(${opts.fastPg ? 'fsync off' : 'durable: fsync and synchronous_commit on'}), SMTP sink on loopback. One business: ${fmtInt(opts.messages)} sent emails ` +
      `(three tracked links each) and ${fmtInt(opts.messages + opts.customers)} customers. Mix per 100 requests, interleaved evenly: ` +
      `${Object.entries(MIX).map(([k, v]) => `${v} ${k}`).join(', ')} (open: GET /t/o/:token; click: GET /t/c/:token; ingest: POST /v1/events, one event of an existing customer; ` +
      `list: GET /v1/customers?limit=50; search: the list with q= one of ${SEARCH_TERMS.length} prefixes; report: GET /v1/reports/campaigns/:id of the newsletter). ` +
      `Open loop: request i is due at i / rate and timed from then to the end of its answer (a stall counts against every request due during it); ` +
      `node:http keep-alive client in the bench process, on the same ${cpus().length} cores. The machine was ${idleBusy} % busy before the bench started.`,
    '',
    `#### Rate search (${opts.probeSeconds} s probes; double until a probe fails, then bisect to 10 %)`,
    '',
    probeTable(m.probes, opts.p99LimitMs),
    '',
    `#### ${m.rate} requests/s for ${opts.seconds} s: ours, then bare node:http at the same rate`,
    '',
    `Sustained rate: **${fmtInt(m.rate)} requests/s** (${fmtInt(Math.round((m.rate * MIX.open + m.rate * MIX.click) / 100))} tracking hits/s, ` +
      `${fmtInt(Math.round((m.rate * MIX.ingest) / 100))} events/s, ${fmtInt(Math.round((m.rate * 5) / 100))} API reads/s); ` +
      `final run p99 ${fmtMs(p99)} ms, errors ${fmtInt(total.errors + total.otherStatus)}: target met ${yes(met)}.`,
    '',
    kindTable([{ label: 'ours', result: m.ours.result }, { label: 'bare', result: m.bare.result }], KINDS),
    '',
    table(['run', 'CPU seconds during the run', 'load generator', 'load avg before'], ['l', 'l', 'l', 'l'], [
      ['ours', m.ours.cpu, clientLine(m.ours.result), m.ours.loadBefore],
      ['bare', m.bare.cpu, clientLine(m.bare.result), m.bare.loadBefore],
    ]),
  ];
  if (m.profile) out.push('', `#### Where the API's CPU time went during the ${opts.seconds} s run (--profile; ${m.profile.file})`, '', summarizeProfile(m.profile.file));
  return out;
}

export async function run(opts: MixedBenchOptions = optionsFromArgv(process.argv)): Promise<string> {
  return withBenchPostgres('mixed', opts.fastPg, log, async ({ url, pool, dataDir, postmaster, version: pgVersion, idleBusy }) => {
    const sink = await SmtpSink.start();
    let api: Api | undefined;
    let workers: Workers | undefined;
    let bare: BareServer | undefined;
    try {
      const env = { databaseUrl: url, smtpUrl: sink.url };
      api = await startApi(env, opts.profileDir ? profilerArgs() : []);
      workers = await startWorkers(env, pool, api.url, opts.workers);
      const { b, traffic } = await fixtures(pool, api, opts);
      bare = await bareFor(api, b, traffic, dataDir);
      log('warm-up: every tracking path once on each server, then 3 s of the mix at 100/s');
      for (const target of [api.url, bare.url]) {
        await hammer(target, traffic.paths.open, EXPECT.open, 50, { requests: traffic.paths.open.length });
        await hammer(target, traffic.paths.click, EXPECT.click, 50, { requests: traffic.paths.click.length });
        await openLoop(target, mixShots(traffic), 100, 3);
      }
      const measured = await measure({ pool, api, workers, bare, postmaster }, traffic, opts);
      return sections(measured, opts, pgVersion, idleBusy).join('\n');
    } finally {
      await bare?.stop();
      await workers?.stop();
      await api?.stop();
      await sink.stop();
    }
  });
}

if (require.main === module) runAsScript(run);
