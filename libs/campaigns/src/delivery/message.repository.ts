import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Queryable } from '@localreach/core';
import type { OfferSpec } from './message-composition';
import type { DeliveryChannel, HoldReason, SuppressReason } from './send-policy';

/**
 * A message this worker holds the lease on. `attempt` is message.attempts as
 * the claim left it: every later transition requires status 'sending' and
 * this value, so a worker whose lease expired (and whose message another
 * worker claimed since) can no longer change the row.
 */
export interface ClaimedMessage {
  id: string;
  businessId: string;
  customerId: string;
  campaignId: string | null;
  enrollmentId: string | null;
  templateId: string | null;
  channel: DeliveryChannel;
  priority: number;
  offer: OfferSpec | null;
  couponCode: string | null;
  /** next_attempt_at when claimed. */
  dueAt: Date;
  attempt: number;
}

/** One provider attempt, as stored in message_attempt. */
export interface AttemptRecord {
  startedAt: Date;
  finishedAt: Date;
  outcome: 'accepted' | 'transient' | 'permanent';
  code: string | null;
  detail: string | null;
}

export interface SentDetails {
  providerId: string;
  sentAt: Date;
  smsSegments: number | null;
  cost: number;
}

interface ClaimRow {
  id: string;
  business_id: string;
  customer_id: string;
  campaign_id: string | null;
  enrollment_id: string | null;
  template_id: string | null;
  channel: DeliveryChannel;
  priority: number;
  offer: OfferSpec | null;
  coupon_code: string | null;
  next_attempt_at: Date;
  attempts: number;
}

const MAX_DETAIL = 2000;
// $1 business, $2 message, $3 attempt (fencing token), $4 now, $5..$9 the attempt record; a transition's own values from $10.
const RECORD_ATTEMPT = `INSERT INTO message_attempt (message_id, attempt, business_id, started_at, finished_at, outcome, code, detail)
  SELECT $2::uuid, $3::int, $1::uuid, $5::timestamptz, $6::timestamptz, $7::text, $8::text, $9::text WHERE $7::text IS NOT NULL
  ON CONFLICT DO NOTHING`;

const clip = (text: string | null): string | null => (text === null ? null : text.slice(0, MAX_DETAIL));

/**
 * The send queue, delivery side. Rows come from the journey runner as
 * 'queued' with next_attempt_at = due time. Delivery is at least once: a
 * message is marked sent by one autocommitted UPDATE right after the provider
 * accepted it, and the only window for a duplicate is between that acceptance
 * and that commit; a worker dying there leaves the row 'sending' until its
 * lease expires and another worker sends it again (email keeps its
 * Message-ID, so receivers can tell). Methods take businessId for tenant rows
 * except the cross-tenant worker claim and lease release.
 */
@Injectable()
export class MessageRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Claims up to `limit` due messages ('queued' or 'held' with next_attempt_at
   * ≤ now) of active campaigns, highest priority (0) first then oldest due,
   * skipping rows other workers are claiming: status 'sending', a lease until now + leaseSeconds,
   * attempts + 1.
   */
  async claimDue(limit: number, now: Date, leaseSeconds: number): Promise<ClaimedMessage[]> {
    const [rows] = await this.dataSource.query<[ClaimRow[], number]>(
      `WITH due AS (
         SELECT id FROM message
          WHERE status IN ('queued', 'held') AND next_attempt_at <= $1
            -- A paused campaign's unsent messages wait with its enrolments.
            AND (campaign_id IS NULL OR EXISTS (SELECT 1 FROM campaign k WHERE k.id = message.campaign_id AND k.status = 'active'))
          ORDER BY priority, next_attempt_at, id
          LIMIT $2
          FOR UPDATE SKIP LOCKED)
       UPDATE message m SET status = 'sending', claimed_until = $1::timestamptz + make_interval(secs => $3), attempts = m.attempts + 1, updated_at = $1
         FROM due WHERE m.id = due.id
       RETURNING m.id, m.business_id, m.customer_id, m.campaign_id, m.enrollment_id, m.template_id, m.channel, m.priority, m.offer, m.coupon_code, m.next_attempt_at, m.attempts`,
      [now, limit, leaseSeconds],
    );
    // RETURNING comes in no particular order: restore the claim order.
    return rows
      .sort((a, b) => a.priority - b.priority || a.next_attempt_at.getTime() - b.next_attempt_at.getTime() || (a.id < b.id ? -1 : 1))
      .map((r) => ({
        id: r.id, businessId: r.business_id, customerId: r.customer_id, campaignId: r.campaign_id, enrollmentId: r.enrollment_id,
        templateId: r.template_id, channel: r.channel, priority: r.priority, offer: r.offer, couponCode: r.coupon_code,
        dueAt: r.next_attempt_at, attempt: r.attempts,
      }));
  }

  /** Messages whose worker died mid-send (lease past) go back to 'queued'; their send reservation is dropped. */
  async releaseExpiredLeases(now: Date): Promise<number> {
    const [, count] = await this.dataSource.query<[unknown[], number]>(
      `UPDATE message SET status = 'queued', claimed_until = NULL, sent_at = NULL, updated_at = $1
        WHERE status = 'sending' AND claimed_until < $1 RETURNING id`,
      [now],
    );
    return count;
  }

  /**
   * Reserves the send, run under the customer lock: sent_at = now while still
   * 'sending' (so the frequency cap of the customer's other messages counts it
   * from this moment), what is about to be sent (recipient, subject, and the
   * original URLs behind the click tokens, stored before the send so no click
   * can miss them), and a fresh lease for the send itself.
   */
  reserveSend(
    q: Queryable, claim: ClaimedMessage, now: Date, leaseSeconds: number,
    content: { toAddress: string; subject: string | null; links: string[] | null },
  ): Promise<boolean> {
    return this.transition(
      q, claim, now, null,
      `sent_at = $4, claimed_until = $4::timestamptz + make_interval(secs => $10), to_address = $11, subject = $12, links = $13::jsonb`,
      [leaseSeconds, content.toAddress, content.subject, content.links === null ? null : JSON.stringify(content.links)],
    );
  }

  /** The provider accepted the message: 'sent', in one statement with its attempt record. */
  markSent(claim: ClaimedMessage, sent: SentDetails, attempt: AttemptRecord): Promise<boolean> {
    return this.transition(
      this.dataSource, claim, sent.sentAt, attempt,
      `status = 'sent', provider_id = $10, sent_at = $4, sms_segments = $11, cost = $12, error = NULL, error_code = NULL, claimed_until = NULL`,
      [sent.providerId, sent.smsSegments, sent.cost],
    );
  }

  /** A transient failure with attempts left: back to 'queued' at `nextAttemptAt`. */
  retry(claim: ClaimedMessage, now: Date, nextAttemptAt: Date, attempt: AttemptRecord): Promise<boolean> {
    return this.transition(
      this.dataSource, claim, now, attempt,
      `status = 'queued', next_attempt_at = $10, sent_at = NULL, error_code = $8, error = $9, claimed_until = NULL`,
      [nextAttemptAt],
    );
  }

  /** A permanent failure, or a transient one with no attempts left. `attempt` is null when nothing reached the provider. */
  fail(claim: ClaimedMessage, now: Date, error: { code: string; message: string }, attempt: AttemptRecord | null): Promise<boolean> {
    return this.transition(
      this.dataSource, claim, now, attempt,
      `status = 'failed', sent_at = NULL, error_code = $10, error = $11, claimed_until = NULL`,
      [error.code, clip(error.message)],
    );
  }

  /** Deferred by the send policy: no provider attempt was made, so the claim's attempt is given back. */
  hold(q: Queryable, claim: ClaimedMessage, now: Date, reason: HoldReason, until: Date): Promise<boolean> {
    return this.transition(
      q, claim, now, null,
      `status = 'held', held_reason = $10, next_attempt_at = $11, attempts = attempts - 1, sent_at = NULL, claimed_until = NULL`,
      [reason, until],
    );
  }

  /** Never to be sent (no address, no consent, suppressed address); the reason goes to error_code. */
  suppress(q: Queryable, claim: ClaimedMessage, now: Date, reason: SuppressReason, detail: string): Promise<boolean> {
    return this.transition(
      q, claim, now, null,
      `status = 'suppressed', error_code = $10, error = $11, attempts = attempts - 1, sent_at = NULL, claimed_until = NULL`,
      [reason, detail],
    );
  }

  /**
   * One fenced state change plus, when given, its attempt record. The attempt
   * is recorded even when the row was lost to another worker: the provider
   * call happened either way.
   */
  private async transition(q: Queryable, claim: ClaimedMessage, now: Date, attempt: AttemptRecord | null, set: string, values: unknown[]): Promise<boolean> {
    const rows = await q.query<{ moved: number }[]>(
      `WITH moved AS (
         UPDATE message SET ${set}, updated_at = $4
          WHERE business_id = $1 AND id = $2 AND status = 'sending' AND attempts = $3 RETURNING id),
       recorded AS (${RECORD_ATTEMPT})
       SELECT count(*)::int AS moved FROM moved`,
      [
        claim.businessId, claim.id, claim.attempt, now,
        attempt?.startedAt ?? null, attempt?.finishedAt ?? null, attempt?.outcome ?? null, attempt?.code ?? null, clip(attempt?.detail ?? null),
        ...values,
      ],
    );
    return rows[0].moved === 1;
  }
}
