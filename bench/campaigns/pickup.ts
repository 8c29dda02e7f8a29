/**
 * Part (d): queue pickup latency with an idle worker. One due message row at
 * a time is inserted straight into the send queue (as the journey pass
 * writes it: status 'queued', next_attempt_at = now(), an active campaign's
 * template and customer), then polled every 5 ms until its status leaves
 * 'queued' (claimed). Also read afterwards: when the send started
 * (message_attempt.started_at) and when the sink accepted it (by Message-ID).
 * Between samples the bench waits 300–700 ms after the previous message was
 * accepted, so the worker is idle each time.
 */
import { acceptedAfter, sleep, whenTrue, type BenchContext } from './context';
import type { BenchBusiness } from './setup';
import { nowMs } from './smtp-sink';

const POLL_MS = 5;

export interface PickupResult {
  samples: number;
  timeouts: number;
  /** Insert → status no longer 'queued'. */
  claimMs: number[];
  /** Insert → message_attempt.started_at (PostgreSQL and bench share the machine's clock). */
  sendStartMs: number[];
  /** Insert → accepted by the sink. */
  acceptedMs: number[];
}

export async function queuePickup(ctx: BenchContext, b: BenchBusiness, campaignId: string, customerIds: string[]): Promise<PickupResult> {
  const client = await ctx.pool.connect();
  const inserted = new Map<string, number>();
  const result: PickupResult = { samples: customerIds.length, timeouts: 0, claimMs: [], sendStartMs: [], acceptedMs: [] };
  try {
    for (const customerId of customerIds) {
      await sleep(300 + Math.random() * 400);
      const from = ctx.sink.count;
      const t0 = nowMs();
      const row = await client.query<{ id: string }>(
        `INSERT INTO message (business_id, customer_id, campaign_id, template_id, channel, priority, status, next_attempt_at, created_at)
         VALUES ($1, $2, $3, $4, 'email', 1, 'queued', now(), now()) RETURNING id`,
        [b.id, customerId, campaignId, b.templateId],
      );
      const id = row.rows[0].id;
      inserted.set(id, t0);
      let claimed: number | null = null;
      while (claimed === null && nowMs() - t0 < 30_000) {
        const s = await client.query<{ status: string }>('SELECT status FROM message WHERE id = $1', [id]);
        if (s.rows[0].status !== 'queued') claimed = nowMs();
        else await sleep(POLL_MS);
      }
      if (claimed === null) {
        result.timeouts++;
        continue;
      }
      result.claimMs.push(claimed - t0);
      const { records } = await acceptedAfter(ctx.sink, from, 1, 30_000);
      const hit = records.find((r) => r.messageId?.startsWith(`${id}@`));
      if (hit) result.acceptedMs.push(hit.at - t0);
    }
    // The attempt is recorded right after the sink's 250 reply: let the last one commit.
    await whenTrue(async () => {
      const r = await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM message WHERE id = ANY($1::uuid[]) AND status IN ('queued', 'sending')`, [[...inserted.keys()]]);
      return r.rows[0].n === 0;
    }, 20, 30_000);
    const attempts = await client.query<{ message_id: string; started_at: Date }>(
      'SELECT message_id, started_at FROM message_attempt WHERE business_id = $1 AND message_id = ANY($2::uuid[]) AND attempt = 1',
      [b.id, [...inserted.keys()]],
    );
    for (const a of attempts.rows) result.sendStartMs.push(a.started_at.getTime() - inserted.get(a.message_id)!);
  } finally {
    client.release();
  }
  return result;
}
