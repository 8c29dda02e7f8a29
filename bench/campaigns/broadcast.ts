/**
 * Part (a): a broadcast to every member of a segment, end to end (activate →
 * enrolment → journey queues a message per recipient → delivery renders and
 * sends it → the sink accepts it), against the raw baseline (raw-sender.ts)
 * sending as many messages of the same shape to the same sink.
 */
import { fork } from 'node:child_process';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { startWorkers } from './apps';
import { cpuDelta, cpuSnapshot, describeCpu } from './cpu';
import { acceptedAfter, whenTrue, type BenchContext } from './context';
import type { RawDone, RawGo } from './raw-sender';
import { activate, createCampaign, segmentsSettled, type BenchBusiness } from './setup';
import { nowMs, type Accepted } from './smtp-sink';

export interface RawResult {
  count: number;
  sent: number;
  failed: number;
  firstError: string | null;
  seconds: number;
  avgBytes: number;
  cpu: string;
}

interface DbCounters {
  xacts: number;
  written: number;
  walBytes: number;
}

/** Commits + rollbacks, rows inserted/updated/deleted, and WAL bytes so far, for the whole cluster. */
async function dbCounters(ctx: BenchContext): Promise<DbCounters> {
  // pg_stat_* are snapshot per transaction: clear it so two reads in one session differ.
  await ctx.pool.query('SELECT pg_stat_clear_snapshot()');
  const r = await ctx.pool.query<{ xacts: string; written: string; wal: string }>(
    `SELECT sum(xact_commit + xact_rollback) AS xacts, sum(tup_inserted + tup_updated + tup_deleted) AS written,
            (SELECT wal_bytes FROM pg_stat_wal) AS wal FROM pg_stat_database`);
  return { xacts: Number(r.rows[0].xacts), written: Number(r.rows[0].written), walBytes: Number(r.rows[0].wal) };
}

function describeDbWork(before: DbCounters, after: DbCounters, messages: number): string {
  const per = (n: number) => (messages > 0 ? n / messages : 0);
  return `${per(after.xacts - before.xacts).toFixed(2)} transactions, ${per(after.written - before.written).toFixed(1)} rows written, ` +
    `${(per(after.walBytes - before.walBytes) / 1024).toFixed(1)} kB WAL`;
}

export interface BroadcastResult {
  workers: number;
  recipients: number;
  complete: boolean;
  accepted: number;
  duplicates: number;
  /** Activate → last message accepted by the sink. */
  seconds: number;
  /** From activation: enrolments visible, last message queued (its batch's time), last sent in the DB, last accepted. */
  enrolledS: number | null;
  queuedS: number | null;
  firstAcceptS: number | null;
  sentInDb: number;
  statuses: Record<string, number>;
  avgBytes: number;
  cpu: string;
  /** PostgreSQL's own counters over the run, per message accepted: "3.1 transactions, 7.0 rows written, 9.2 kB WAL". */
  dbWork: string;
}

const maxAt = (records: Accepted[]) => records.reduce((m, r) => Math.max(m, r.at), -Infinity);
const minAt = (records: Accepted[]) => records.reduce((m, r) => Math.min(m, r.at), Infinity);
const avgBytes = (records: Accepted[]) => (records.length ? records.reduce((s, r) => s + r.bytes, 0) / records.length : 0);

export async function rawBaseline(ctx: BenchContext, count: number, inFlight: number): Promise<RawResult> {
  // BENCH_RAW_NODE_ARGS (e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof") goes to the raw sender's node, for profiling it.
  const execArgv = (process.env.BENCH_RAW_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const child = fork(join(__dirname, 'raw-sender.js'), [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'], execArgv });
  try {
    await new Promise<void>((resolve, reject) => {
      child.once('message', () => resolve());
      child.once('exit', () => reject(new Error('raw sender exited before it was ready')));
    });
    const from = ctx.sink.count;
    const done = new Promise<RawDone>((resolve) => child.once('message', (m: RawDone) => resolve(m)));
    const groups = { 'raw sender': [child.pid!], 'bench + sink': [process.pid] };
    const cpu0 = cpuSnapshot(groups, ctx.postmaster);
    const started = nowMs();
    child.send({ type: 'go', port: ctx.sink.port, count, inFlight, publicBaseUrl: ctx.api.url } satisfies RawGo);
    const result = await done;
    const { records } = await acceptedAfter(ctx.sink, from, result.sent, 30_000);
    const last = maxAt(records);
    const cpu = describeCpu(cpuDelta(cpu0, cpuSnapshot(groups, ctx.postmaster)), (nowMs() - started) / 1000, cpus().length);
    return { count, sent: result.sent, failed: result.failed, firstError: result.firstError, seconds: (last - started) / 1000, avgBytes: avgBytes(records), cpu };
  } finally {
    if (child.exitCode === null) child.kill();
  }
}

async function messageFacts(ctx: BenchContext, b: BenchBusiness, campaignId: string): Promise<{ statuses: Record<string, number>; queuedAt: number | null }> {
  const byStatus = await ctx.pool.query<{ status: string; n: number }>(
    `SELECT status, count(*)::int AS n FROM message WHERE business_id = $1 AND campaign_id = $2 GROUP BY status`, [b.id, campaignId]);
  const times = await ctx.pool.query<{ queued: Date | null }>(`SELECT max(created_at) AS queued FROM message WHERE business_id = $1 AND campaign_id = $2`, [b.id, campaignId]);
  return { statuses: Object.fromEntries(byStatus.rows.map((r) => [r.status, r.n])), queuedAt: times.rows[0].queued?.getTime() ?? null };
}

/** One broadcast run with `workers` worker processes (started for the run, stopped after). */
export async function productBroadcast(
  ctx: BenchContext, b: BenchBusiness, segmentId: string, recipients: number, workers: number, timeoutMs: number,
): Promise<BroadcastResult> {
  const campaignId = await createCampaign(b, `Newsletter (${workers} worker${workers > 1 ? 's' : ''})`, { type: 'broadcast', segmentId });
  const running = await startWorkers(ctx.env, ctx.pool, ctx.api.url, workers);
  try {
    await segmentsSettled(ctx.pool, b.id);
    const from = ctx.sink.count;
    const groups = { [`worker${workers > 1 ? 's' : ''}`]: running.pids, api: [ctx.api.pid], 'bench + sink': [process.pid] };
    const db0 = await dbCounters(ctx);
    const cpu0 = cpuSnapshot(groups, ctx.postmaster);
    const started = nowMs();
    await activate(b, campaignId);
    let finished = false;
    const enrolled = whenTrue(async () => {
      const r = await ctx.pool.query('SELECT 1 FROM enrollment WHERE business_id = $1 AND campaign_id = $2 LIMIT 1', [b.id, campaignId]);
      return (r.rowCount ?? 0) > 0;
    }, 100, timeoutMs, () => finished);
    const { complete, records } = await acceptedAfter(ctx.sink, from, recipients, timeoutMs);
    finished = true;
    const cpu = describeCpu(cpuDelta(cpu0, cpuSnapshot(groups, ctx.postmaster)), (nowMs() - started) / 1000, cpus().length);
    const dbWork = describeDbWork(db0, await dbCounters(ctx), records.length);
    const enrolledAt = await enrolled;
    const last = records.length ? maxAt(records) : nowMs();
    const first = records.length ? minAt(records) : null;
    // markSent commits right after the sink's 250 reply: give the last few a moment.
    await whenTrue(async () => ((await messageFacts(ctx, b, campaignId)).statuses.sent ?? 0) >= records.length, 50, 30_000);
    const facts = await messageFacts(ctx, b, campaignId);
    const rel = (t: number | null) => (t === null ? null : (t - started) / 1000);
    return {
      workers, recipients, complete, accepted: records.length, duplicates: records.length - new Set(records.map((r) => r.rcpt)).size,
      seconds: (last - started) / 1000, enrolledS: rel(enrolledAt), queuedS: rel(facts.queuedAt), firstAcceptS: rel(first),
      sentInDb: facts.statuses.sent ?? 0, statuses: facts.statuses, avgBytes: avgBytes(records), cpu, dbWork,
    };
  } finally {
    await running.stop();
  }
}
