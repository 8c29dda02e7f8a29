/**
 * Part (b): trigger latency. An active campaign sends the newsletter on the
 * event `bench_ping`; the bench posts one event per customer (each a
 * different, pre-created customer) at a fixed rate, open loop (a slow
 * response never delays the next request), and times each from just before
 * its POST /v1/events to the sink accepting the email for that customer.
 */
import { acceptedAfter, sleep, type BenchContext } from './context';
import { activate, createCampaign, type BenchBusiness } from './setup';
import { nowMs } from './smtp-sink';

export interface StageSplit {
  /** POST start → enrolment (the trigger pass's batch time). */
  enrol: number[];
  /** enrolment → message queued (the journey pass's batch time). */
  queue: number[];
  /** queued → send started (message_attempt.started_at). */
  claim: number[];
  /** send started → accepted by the sink. */
  smtp: number[];
}

export interface TriggerResult {
  events: number;
  seconds: number;
  httpErrors: number;
  firstHttpError: string | null;
  httpMs: number[];
  latencyMs: number[];
  missing: number;
  stages: StageSplit;
}

interface StageRow {
  email: string;
  enrolled_at: Date;
  created_at: Date;
  started_at: Date | null;
}

async function stageSplit(ctx: BenchContext, b: BenchBusiness, campaignId: string, postedAt: Map<string, number>, acceptedAt: Map<string, number>): Promise<StageSplit> {
  const rows = await ctx.pool.query<StageRow>(
    `SELECT c.email, e.enrolled_at, m.created_at, a.started_at
       FROM message m JOIN enrollment e ON e.id = m.enrollment_id JOIN customer c ON c.id = m.customer_id
       LEFT JOIN message_attempt a ON a.message_id = m.id AND a.attempt = m.attempts
      WHERE m.business_id = $1 AND m.campaign_id = $2`,
    [b.id, campaignId],
  );
  const split: StageSplit = { enrol: [], queue: [], claim: [], smtp: [] };
  for (const r of rows.rows) {
    const posted = postedAt.get(r.email);
    const accepted = acceptedAt.get(r.email);
    if (posted === undefined) continue;
    split.enrol.push(r.enrolled_at.getTime() - posted);
    split.queue.push(r.created_at.getTime() - r.enrolled_at.getTime());
    if (r.started_at) {
      split.claim.push(r.started_at.getTime() - r.created_at.getTime());
      if (accepted !== undefined) split.smtp.push(accepted - r.started_at.getTime());
    }
  }
  return split;
}

/** Creates and activates the `bench_ping` campaign; returns its id (part (d) reuses it). */
export async function eventCampaign(b: BenchBusiness): Promise<string> {
  const id = await createCampaign(b, 'Ping', { type: 'event', eventType: 'bench_ping' }, 'mail');
  await activate(b, id);
  return id;
}

export async function triggerLatency(
  ctx: BenchContext, b: BenchBusiness, campaignId: string, customers: { id: string; email: string }[], ratePerS: number,
): Promise<TriggerResult> {
  const postedAt = new Map<string, number>();
  const httpMs: number[] = [];
  let httpErrors = 0;
  let firstHttpError: string | null = null;
  const from = ctx.sink.count;
  const started = nowMs();
  const requests: Promise<void>[] = [];
  for (let i = 0; i < customers.length; i++) {
    const wait = started + (i * 1000) / ratePerS - nowMs();
    if (wait > 0) await sleep(wait);
    const c = customers[i];
    const t0 = nowMs();
    postedAt.set(c.email, t0);
    requests.push(fetch(`${ctx.api.url}/v1/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${b.api.apiKey}` },
      body: JSON.stringify({ type: 'bench_ping', customer: { id: c.id }, properties: { n: i } }),
    }).then(async (res) => {
      const body = await res.text();
      httpMs.push(nowMs() - t0);
      if (res.status !== 202) throw new Error(`POST /v1/events → ${res.status} ${body.slice(0, 300)}`);
    }).catch((error: unknown) => {
      httpErrors++;
      firstHttpError ??= error instanceof Error ? error.message : String(error);
    }));
  }
  await Promise.all(requests);
  const seconds = (nowMs() - started) / 1000;
  const { records } = await acceptedAfter(ctx.sink, from, customers.length - httpErrors, 120_000);
  const acceptedAt = new Map<string, number>();
  for (const r of records) if (postedAt.has(r.rcpt) && !acceptedAt.has(r.rcpt)) acceptedAt.set(r.rcpt, r.at);
  const latencyMs = [...acceptedAt].map(([email, at]) => at - postedAt.get(email)!);
  return {
    events: customers.length, seconds, httpErrors, firstHttpError, httpMs, latencyMs, missing: customers.length - acceptedAt.size,
    stages: await stageSplit(ctx, b, campaignId, postedAt, acceptedAt),
  };
}
