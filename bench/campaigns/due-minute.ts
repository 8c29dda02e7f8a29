/**
 * Part (c): many sends due at one instant. A broadcast with `at` set a little
 * over a minute ahead (an ISO instant in UTC) to a segment; the worker enrols
 * a minute ahead, each enrolment due at `at`. Measured per message: accepted
 * by the sink − `at`.
 */
import { acceptedAfter, whenTrue, type BenchContext } from './context';
import { activate, createCampaign, segmentsSettled, type BenchBusiness } from './setup';
import { nowMs } from './smtp-sink';

export interface DueResult {
  recipients: number;
  complete: boolean;
  /** Seconds from activation to the due time. */
  leadS: number;
  /** Enrolments seen, relative to the due time (negative: before it). */
  enrolledRelS: number | null;
  /** accepted − due, ms, one per message. */
  lagMs: number[];
  duplicates: number;
}

export async function dueMinute(ctx: BenchContext, b: BenchBusiness, segmentId: string, recipients: number, leadS: number): Promise<DueResult> {
  await segmentsSettled(ctx.pool, b.id);
  const due = Math.ceil((Date.now() + leadS * 1000) / 1000) * 1000;
  const campaignId = await createCampaign(b, 'Due at once', { type: 'broadcast', segmentId, at: new Date(due).toISOString() });
  const from = ctx.sink.count;
  const lead = (due - nowMs()) / 1000;
  await activate(b, campaignId);
  let finished = false;
  const enrolled = whenTrue(async () => {
    const r = await ctx.pool.query('SELECT 1 FROM enrollment WHERE business_id = $1 AND campaign_id = $2 LIMIT 1', [b.id, campaignId]);
    return (r.rowCount ?? 0) > 0;
  }, 100, leadS * 1000 + 600_000, () => finished);
  const { complete, records } = await acceptedAfter(ctx.sink, from, recipients, leadS * 1000 + 900_000);
  finished = true;
  const enrolledAt = await enrolled;
  return {
    recipients, complete, leadS: lead, enrolledRelS: enrolledAt === null ? null : (enrolledAt - due) / 1000,
    lagMs: records.map((r) => r.at - due), duplicates: records.length - new Set(records.map((r) => r.rcpt)).size,
  };
}
