import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { queryInIndexOrder, type Queryable } from '@localreach/core';
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
  /** A catch-up send's deadline (the end of its local day): never sent after it. */
  sendBy?: Date | null;
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
  send_by: Date | null;
  attempts: number;
}

/** What a send the policy let through is about to send, stored when it is claimed. */
export interface SendReservation {
  toAddress: string;
  subject: string | null;
  links: string[] | null;
}

/** A provider acceptance to record. */
export interface SentEntry {
  claim: ClaimedMessage;
  sent: SentDetails;
  startedAt: Date;
}

const MAX_DETAIL = 2000;
// $1 business, $2 message, $3 attempt (fencing token), $4 now, $5..$9 the attempt record; a transition's own values from $10.
const RECORD_ATTEMPT = `INSERT INTO message_attempt (message_id, attempt, business_id, started_at, finished_at, outcome, code, detail)
  SELECT $2::uuid, $3::int, $1::uuid, $5::timestamptz, $6::timestamptz, $7::text, $8::text, $9::text WHERE $7::text IS NOT NULL
  ON CONFLICT DO NOTHING`;

// What makes a message due, for `message m` with $1 = now: the claim query and its fallback pick the same rows.
const DUE = `m.status IN ('queued', 'held') AND m.next_attempt_at <= $1
   -- A paused campaign's unsent messages wait with its enrolments.
   AND (m.campaign_id IS NULL OR EXISTS (SELECT 1 FROM campaign k WHERE k.id = m.campaign_id AND k.status = 'active'))`;
const FENCE_SENDING = `m.status = 'sending' AND m.attempts = x.attempt`;
const FENCE_LOCKED = `m.status IN ('queued', 'held') AND m.attempts = x.attempt - 1`;

function toClaimed(r: ClaimRow): ClaimedMessage {
  return {
    id: r.id, businessId: r.business_id, customerId: r.customer_id, campaignId: r.campaign_id, enrollmentId: r.enrollment_id,
    templateId: r.template_id, channel: r.channel, priority: r.priority, offer: r.offer, couponCode: r.coupon_code,
    dueAt: r.next_attempt_at, sendBy: r.send_by, attempt: r.attempts,
  };
}

/**
 * Several acceptances and their attempt records in one statement (see markSentMany).
 */
const MARK_SENT_MANY = `WITH x AS (
    SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::int[], $4::text[], $5::timestamptz[], $6::int[], $7::numeric[], $8::timestamptz[])
          AS x(business_id, id, attempt, provider_id, sent_at, sms_segments, cost, started_at)),
  moved AS (
    UPDATE message m SET status = 'sent', provider_id = x.provider_id, sent_at = x.sent_at, sms_segments = x.sms_segments, cost = x.cost,
      error = NULL, error_code = NULL, claimed_until = NULL, updated_at = x.sent_at
      FROM x WHERE m.business_id = x.business_id AND m.id = x.id AND m.status = 'sending' AND m.attempts = x.attempt
    RETURNING m.id),
  recorded AS (
    INSERT INTO message_attempt (message_id, attempt, business_id, started_at, finished_at, outcome, code, detail)
    SELECT x.id, x.attempt, x.business_id, x.started_at, x.sent_at, 'accepted', NULL, x.provider_id FROM x
    ON CONFLICT DO NOTHING),
  -- This statement's own transaction commits without waiting for the WAL flush: the row is visible to every
  -- worker at once, which is all a crashed worker's successor needs, and the time between the provider's
  -- acceptance and the record (when a worker crash makes a duplicate) stays free of disk latency. Only a
  -- database crash in the next fraction of a second could lose these marks, and then the messages are sent again.
  async_commit AS (SELECT set_config('synchronous_commit', 'off', true))
  SELECT id FROM moved CROSS JOIN async_commit`;

/**
 * Leases are kept in the database's time (clock_timestamp()), not the
 * application's: the demo clock, or a worker whose clock drifts, must never
 * make a live lease look expired (another worker would send the message a
 * second time). A worker measures its own side of a lease on its monotonic
 * clock (see LeaseKeeper).
 */
const LEASE_UNTIL = (seconds: string) => `clock_timestamp() + make_interval(secs => ${seconds})`;

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
   * Locks up to `limit` due messages ('queued' or 'held' with next_attempt_at
   * ≤ now) of active campaigns until `q`'s transaction ends, highest priority
   * (0) first then oldest due, skipping rows other workers hold. Nothing is
   * written: the caller decides each one in the same transaction and claims,
   * holds or suppresses it with the *Locked methods below. Each comes back
   * with the attempt a claim would make (attempts + 1).
   */
  async lockDue(q: Queryable, limit: number, now: Date): Promise<ClaimedMessage[]> {
    // In message_queue_idx order: with stale statistics the planner sorted every due row (36 ms a batch at 20,000 queued).
    const rows = await queryInIndexOrder<ClaimRow[]>(q,
      `SELECT m.id, m.business_id, m.customer_id, m.campaign_id, m.enrollment_id, m.template_id, m.channel, m.priority, m.offer, m.coupon_code,
              m.next_attempt_at, m.send_by, m.attempts + 1 AS attempts
         FROM message m
        WHERE ${DUE} ORDER BY m.priority, m.next_attempt_at, m.id
        LIMIT $2
          FOR UPDATE OF m SKIP LOCKED`,
      [now, limit],
    );
    return rows.map(toClaimed);
  }

  /**
   * Claims up to `limit` due messages in one autocommitted statement, the
   * same way lockDue picks them: status 'sending', a lease until now +
   * leaseSeconds, attempts + 1. The delivery pass's fallback when it could
   * not decide a batch (each claim is then retried with backoff).
   */
  async claimDue(limit: number, now: Date, leaseSeconds: number): Promise<ClaimedMessage[]> {
    const [rows] = await this.dataSource.query<[ClaimRow[], number]>(
      `WITH due AS (
         SELECT m.id FROM message m WHERE ${DUE} ORDER BY m.priority, m.next_attempt_at, m.id
          LIMIT $2
          FOR UPDATE OF m SKIP LOCKED)
       UPDATE message m SET status = 'sending', claimed_until = ${LEASE_UNTIL('$3')}, attempts = m.attempts + 1, updated_at = $1
         FROM due WHERE m.id = due.id
       RETURNING m.id, m.business_id, m.customer_id, m.campaign_id, m.enrollment_id, m.template_id, m.channel, m.priority, m.offer, m.coupon_code, m.next_attempt_at, m.send_by, m.attempts`,
      [now, limit, leaseSeconds],
    );
    // RETURNING comes in no particular order: restore the claim order.
    return rows
      .sort((a, b) => a.priority - b.priority || a.next_attempt_at.getTime() - b.next_attempt_at.getTime() || (a.id < b.id ? -1 : 1))
      .map(toClaimed);
  }

  /** Messages whose worker died mid-send (lease past, in the database's time) go back to 'queued'; their send reservation is dropped. */
  async releaseExpiredLeases(now: Date): Promise<number> {
    const [, count] = await this.dataSource.query<[unknown[], number]>(
      `UPDATE message SET status = 'queued', claimed_until = NULL, sent_at = NULL, updated_at = $1
        WHERE status = 'sending' AND claimed_until < clock_timestamp() RETURNING id`,
      [now],
    );
    return count;
  }

  /**
   * Claims messages lockDue locked in `q`'s transaction: 'sending', their
   * attempt, a lease until now + leaseSeconds. A claim with a reservation is
   * a send the policy let through, decided under its customer's lock: sent_at
   * = now while still 'sending' (so the frequency cap of the customer's other
   * messages counts it from this moment) and what is about to be sent
   * (recipient, subject, and the original URLs behind the click tokens,
   * stored before the send so no click can miss them). A claim without one
   * goes to the dispatcher to be recorded as failed or retried. Returns the
   * ids claimed.
   */
  claimLocked(q: Queryable, now: Date, leaseSeconds: number, claims: readonly { claim: ClaimedMessage; reservation: SendReservation | null }[]): Promise<Set<string>> {
    return this.transitionMany(
      q, now, 'locked', claims.map((c) => c.claim),
      `status = 'sending', attempts = x.attempt, claimed_until = ${LEASE_UNTIL('x.v0')}, sent_at = CASE WHEN x.v1 THEN $1::timestamptz END,
       to_address = CASE WHEN x.v1 THEN x.v2 ELSE m.to_address END, subject = CASE WHEN x.v1 THEN x.v3 ELSE m.subject END,
       links = CASE WHEN x.v1 THEN x.v4::jsonb ELSE m.links END`,
      [
        { type: 'float8', values: claims.map(() => leaseSeconds) },
        { type: 'boolean', values: claims.map((c) => c.reservation !== null) },
        { type: 'text', values: claims.map((c) => c.reservation?.toAddress ?? null) },
        { type: 'text', values: claims.map((c) => c.reservation?.subject ?? null) },
        { type: 'text', values: claims.map((c) => { const links = c.reservation?.links ?? null; return links === null ? null : JSON.stringify(links); }) },
      ],
    );
  }

  /** Moves the leases of claims still 'sending' (fenced by their attempt) a full `leaseSeconds` ahead of the database's now. */
  extendLeases(now: Date, leaseSeconds: number, claims: readonly ClaimedMessage[]): Promise<Set<string>> {
    return this.transitionMany(this.dataSource, now, 'sending', claims, `claimed_until = ${LEASE_UNTIL('x.v0')}`, [{ type: 'float8', values: claims.map(() => leaseSeconds) }]);
  }

  /** Messages lockDue locked, deferred by the send policy: 'held' until `until`. No provider attempt was made, so attempts stay. */
  holdLocked(q: Queryable, now: Date, holds: readonly { claim: ClaimedMessage; reason: HoldReason; until: Date }[]): Promise<Set<string>> {
    return this.transitionMany(
      q, now, 'locked', holds.map((h) => h.claim),
      `status = 'held', held_reason = x.v0, next_attempt_at = x.v1`,
      [{ type: 'text', values: holds.map((h) => h.reason) }, { type: 'timestamptz', values: holds.map((h) => h.until) }],
    );
  }

  /** Messages lockDue locked, never to be sent (no address, no consent, suppressed address); the reason goes to error_code. */
  suppressLocked(q: Queryable, now: Date, suppressions: readonly { claim: ClaimedMessage; reason: SuppressReason; detail: string }[]): Promise<Set<string>> {
    return this.transitionMany(
      q, now, 'locked', suppressions.map((s) => s.claim),
      `status = 'suppressed', error_code = x.v0, error = x.v1`,
      [{ type: 'text', values: suppressions.map((s) => s.reason) }, { type: 'text', values: suppressions.map((s) => s.detail) }],
    );
  }

  /**
   * Several providers' acceptances in one statement with their attempt
   * records (the delivery recorder groups the sends that finish while the
   * previous statement runs), committed asynchronously (see the statement).
   * Must run on its own, not inside a wider transaction. Returns the ids marked sent.
   */
  async markSentMany(entries: readonly SentEntry[]): Promise<Set<string>> {
    if (entries.length === 0) return new Set();
    const rows = await this.dataSource.query<{ id: string }[]>(
      MARK_SENT_MANY,
      [
        entries.map((e) => e.claim.businessId), entries.map((e) => e.claim.id), entries.map((e) => e.claim.attempt),
        entries.map((e) => e.sent.providerId), entries.map((e) => e.sent.sentAt), entries.map((e) => e.sent.smsSegments),
        entries.map((e) => e.sent.cost), entries.map((e) => e.startedAt),
      ],
    );
    return new Set(rows.map((r) => r.id));
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

  /** Given back unsent (its lease ran short before the send): queued again, due now, the claim's attempt given back. */
  requeue(claim: ClaimedMessage, now: Date): Promise<boolean> {
    return this.transition(this.dataSource, claim, now, null, `status = 'queued', attempts = attempts - 1, sent_at = NULL, claimed_until = NULL`, []);
  }

  /** A permanent failure, or a transient one with no attempts left. `attempt` is null when nothing reached the provider. */
  fail(claim: ClaimedMessage, now: Date, error: { code: string; message: string }, attempt: AttemptRecord | null): Promise<boolean> {
    return this.transition(
      this.dataSource, claim, now, attempt,
      `status = 'failed', sent_at = NULL, error_code = $10, error = $11, claimed_until = NULL`,
      [error.code, clip(error.message)],
    );
  }

  /**
   * Fenced state changes of several messages in one UPDATE: `set` reads the
   * per-row values as x.v0, x.v1, … and the claim's attempt as x.attempt.
   * 'sending': claims this worker holds the lease of (status 'sending' at
   * that attempt); 'locked': due rows lockDue locked, not yet claimed.
   */
  private async transitionMany(
    q: Queryable, now: Date, from: 'sending' | 'locked', claims: readonly ClaimedMessage[], set: string, columns: readonly { type: string; values: unknown[] }[],
  ): Promise<Set<string>> {
    if (claims.length === 0) return new Set();
    const arrays = columns.map((c, i) => `, $${i + 5}::${c.type}[]`).join('');
    const names = columns.map((_, i) => `, v${i}`).join('');
    const rows = await q.query<{ id: string }[]>(
      // A top-level UPDATE would come back from TypeORM as [rows, count]: the CTE keeps it a plain row list.
      `WITH moved AS (
         UPDATE message m SET ${set}, updated_at = $1
           FROM unnest($2::uuid[], $3::uuid[], $4::int[]${arrays}) AS x(business_id, id, attempt${names})
          WHERE m.business_id = x.business_id AND m.id = x.id AND ${from === 'sending' ? FENCE_SENDING : FENCE_LOCKED}
         RETURNING m.id)
       SELECT id FROM moved`,
      [now, claims.map((c) => c.businessId), claims.map((c) => c.id), claims.map((c) => c.attempt), ...columns.map((c) => c.values)],
    );
    return new Set(rows.map((r) => r.id));
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
