import { randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { Queryable } from '@localreach/core';
import type { CampaignPriority, Offer, UpdateStep } from '../definition';

/** A send to queue for delivery: one row in `message`. */
export interface NewSend {
  businessId: string;
  customerId: string;
  campaignId: string;
  campaignVersion: number;
  enrollmentId: string;
  stepId: string;
  stepSeq: number;
  variant: string | null;
  templateId: string;
  channel: 'email' | 'sms';
  priority: CampaignPriority;
  offer: Offer | null;
  /** A catch-up send goes no later than this (the end of its local day), else it is skipped. */
  sendBy: Date | null;
}

const PRIORITY: Record<CampaignPriority, number> = { high: 0, normal: 1, low: 2 };
// Crockford base32 without I, L, O, U: easy to read aloud at a till.
const CODE_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** A unique-enough coupon code: prefix + 8 random base32 characters (40 bits). */
export function couponCode(prefix: string): string {
  const bytes = randomBytes(8);
  return `${prefix}-${[...bytes].map((b) => CODE_ALPHABET[b & 31]).join('')}`;
}

/** A row of the step log (enrollment_step): a step that queued no message, or one the enrolment never ran. */
export interface StepLogEntry {
  businessId: string;
  enrollmentId: string;
  stepSeq: number;
  stepId: string;
  outcome: 'skipped' | 'waited' | 'branched' | 'split' | 'updated' | 'exited' | 'failed';
  detail: string | null;
  until: Date | null;
}

export interface CustomerZone {
  zone: string;
}

@Injectable()
export class JourneyRepository {
  /**
   * Queues sends in one statement. (enrollment, step_seq) is unique, so a
   * step executed again after a crash or by a second worker queues nothing.
   */
  async queueSends(q: Queryable, sends: NewSend[], now: Date): Promise<void> {
    if (sends.length === 0) return;
    const col = <T>(f: (s: NewSend) => T) => sends.map(f);
    await q.query(
      `INSERT INTO message (business_id, customer_id, campaign_id, campaign_version, enrollment_id, step_id, step_seq, variant, template_id,
                            channel, priority, status, next_attempt_at, offer, coupon_code, created_at, send_by)
       SELECT t.business_id, t.customer_id, t.campaign_id, t.campaign_version, t.enrollment_id, t.step_id, t.step_seq, t.variant, t.template_id,
              t.channel, t.priority, 'queued', $1, t.offer, t.coupon_code, $1, t.send_by
         FROM unnest($2::uuid[], $3::uuid[], $4::uuid[], $5::int[], $6::uuid[], $7::text[], $8::int[], $9::text[], $10::uuid[], $11::text[],
                     $12::smallint[], $13::jsonb[], $14::text[], $15::timestamptz[])
              AS t(business_id, customer_id, campaign_id, campaign_version, enrollment_id, step_id, step_seq, variant, template_id, channel, priority, offer, coupon_code,
                   send_by)
       ON CONFLICT DO NOTHING`,
      [
        now, col((s) => s.businessId), col((s) => s.customerId), col((s) => s.campaignId), col((s) => s.campaignVersion), col((s) => s.enrollmentId),
        col((s) => s.stepId), col((s) => s.stepSeq), col((s) => s.variant), col((s) => s.templateId), col((s) => s.channel),
        col((s) => PRIORITY[s.priority]), col((s) => (s.offer ? JSON.stringify(s.offer) : null)), col((s) => (s.offer ? couponCode(s.offer.couponPrefix) : null)),
        col((s) => s.sendBy),
      ],
    );
  }

  /**
   * Appends to the step log in one statement (none when empty), in the
   * caller's transaction; a step already logged (a re-run) is left as it is.
   */
  async logSteps(q: Queryable, entries: StepLogEntry[], at: Date): Promise<void> {
    if (entries.length === 0) return;
    const col = <T>(f: (s: StepLogEntry) => T) => entries.map(f);
    await q.query(
      `INSERT INTO enrollment_step (business_id, enrollment_id, step_seq, step_id, outcome, detail, until, at)
       SELECT t.business_id, t.enrollment_id, t.step_seq, t.step_id, t.outcome, t.detail, t.until, $1
         FROM unnest($2::uuid[], $3::uuid[], $4::int[], $5::text[], $6::text[], $7::text[], $8::timestamptz[])
              AS t(business_id, enrollment_id, step_seq, step_id, outcome, detail, until)
       ON CONFLICT DO NOTHING`,
      [at, col((s) => s.businessId), col((s) => s.enrollmentId), col((s) => s.stepSeq), col((s) => s.stepId), col((s) => s.outcome), col((s) => s.detail), col((s) => s.until)],
    );
  }

  /** Each customer's time zone, falling back to the business's. */
  async zones(q: Queryable, customerIds: string[]): Promise<Map<string, string>> {
    const rows = await q.query<{ id: string; zone: string }[]>(
      `SELECT c.id, coalesce(c.timezone, b.timezone) AS zone FROM customer c JOIN business b ON b.id = c.business_id WHERE c.id = ANY($1::uuid[])`,
      [customerIds],
    );
    return new Map(rows.map((r) => [r.id, r.zone]));
  }

  async businessZones(q: Queryable, businessIds: string[]): Promise<Map<string, string>> {
    const rows = await q.query<{ id: string; timezone: string }[]>(`SELECT id, timezone FROM business WHERE id = ANY($1::uuid[])`, [businessIds]);
    return new Map(rows.map((r) => [r.id, r.timezone]));
  }

  /** Whether the customer is among the members a compiled query returns (`$1` = business id). */
  async isMember(q: Queryable, query: { sql: string; params: unknown[] }, customerId: string): Promise<boolean> {
    const n = query.params.length + 1;
    const rows = await q.query<{ hit: boolean }[]>(`SELECT EXISTS (SELECT 1 FROM (${query.sql}) m WHERE m.id = $${n}::uuid) AS hit`, [...query.params, customerId]);
    return rows[0].hit;
  }

  /** Which of these customers a compiled query returns. */
  async members(q: Queryable, query: { sql: string; params: unknown[] }, customerIds: string[]): Promise<Set<string>> {
    const n = query.params.length + 1;
    const rows = await q.query<{ id: string }[]>(`SELECT m.id FROM (${query.sql}) m WHERE m.id = ANY($${n}::uuid[])`, [...query.params, customerIds]);
    return new Set(rows.map((r) => r.id));
  }

  /** An `update` step: tags added and removed (order kept), attributes merged (null removes). */
  async updateCustomer(q: Queryable, businessId: string, customerId: string, step: UpdateStep): Promise<void> {
    const attributes = step.attributes ?? {};
    const set = Object.fromEntries(Object.entries(attributes).filter(([, v]) => v !== null));
    const unset = Object.entries(attributes).filter(([, v]) => v === null).map(([k]) => k);
    await q.query(
      `UPDATE customer c SET
          tags = ARRAY(SELECT x FROM unnest(c.tags || $3::text[]) WITH ORDINALITY AS u(x, i) WHERE x <> ALL ($4::text[]) GROUP BY x ORDER BY min(i)),
          attributes = (c.attributes || $5::jsonb) - $6::text[],
          updated_at = now()
        WHERE c.business_id = $1 AND c.id = $2 AND c.erased_at IS NULL`,
      [businessId, customerId, step.tags?.add ?? [], step.tags?.remove ?? [], JSON.stringify(set), unset],
    );
  }

  /** Automatic A/B winners decided for these campaigns: `campaignId:version` → split step id → winning variant. */
  async decidedWinners(q: Queryable, campaigns: { businessId: string; campaignId: string }[]): Promise<Map<string, Record<string, string>>> {
    const out = new Map<string, Record<string, string>>();
    if (campaigns.length === 0) return out;
    const rows = await q.query<{ campaign_id: string; version: number; step_id: string; winner: string }[]>(
      `SELECT d.campaign_id, d.version, d.step_id, d.winner FROM experiment_decision d
         JOIN unnest($1::uuid[], $2::uuid[]) AS c(business_id, campaign_id) ON d.business_id = c.business_id AND d.campaign_id = c.campaign_id`,
      [campaigns.map((c) => c.businessId), campaigns.map((c) => c.campaignId)],
    );
    for (const r of rows) {
      const key = `${r.campaign_id}:${r.version}`;
      out.set(key, { ...out.get(key), [r.step_id]: r.winner });
    }
    return out;
  }
}
