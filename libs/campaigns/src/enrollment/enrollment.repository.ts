import { Injectable } from '@nestjs/common';
import { queryInIndexOrder, type Queryable } from '@localreach/core';
import type { CampaignGoal } from '../definition/campaign-definition';
import { drawHoldouts } from './holdout-balance';

export type EnrollmentState = 'active' | 'completed' | 'exited' | 'converted' | 'failed';

/** One customer to enrol; `reentryAfter` null means "never again" (an ISO-8601 duration otherwise). */
export interface EnrolCandidate {
  businessId: string;
  campaignId: string;
  version: number;
  customerId: string;
  triggerKey: string;
  stepId: string;
  nextRunAt: Date;
  /** The campaign's holdout share (0–50): who is held out is decided when the enrolment is made (assignHoldouts). */
  holdoutPercent: number;
  context: Record<string, unknown>;
  enrolledAt: Date;
  /** When the trigger happened: since-enrolment windows, the goal window and the first waits count from here. */
  anchoredAt: Date;
  /** For a start scheduled at a local time: the end of that local day (see Enrollment.localDayEndsAt). */
  localDayEndsAt: Date | null;
  goalDeadline: Date | null;
  reentryAfter: string | null;
}

/** A trigger a campaign ignored, kept for the customer's "why" trace. */
export interface TriggerSkip {
  businessId: string;
  campaignId: string;
  version: number;
  customerId: string;
  eventId: string | null;
  eventType: string | null;
  reason: 'event_too_old';
  detail: string;
  occurredAt: Date;
}

export interface Enrollment {
  id: string;
  businessId: string;
  campaignId: string;
  version: number;
  customerId: string;
  state: EnrollmentState;
  stepId: string | null;
  stepSeq: number;
  nextRunAt: Date | null;
  holdout: boolean;
  variants: Record<string, string>;
  context: Record<string, unknown>;
  enrolledAt: Date;
  anchoredAt: Date;
  /**
   * Set while the enrolment waits for a run scheduled at a local time (its
   * start at a birthday's hour or a broadcast's wall time, the end of a
   * "wait until"): the end of that local day. A run reached after it is
   * skipped (catch-up policy).
   */
  localDayEndsAt: Date | null;
  goalDeadline: Date | null;
  attempts: number;
}

/** What running an enrolment decided; written back in bulk. */
export interface EnrollmentUpdate {
  id: string;
  state: EnrollmentState;
  stepId: string | null;
  stepSeq: number;
  nextRunAt: Date | null;
  localDayEndsAt: Date | null;
  variants: Record<string, string>;
  endReason: string | null;
  attempts: number;
  lastError: string | null;
}

const COLUMNS = `e.id, e.business_id AS "businessId", e.campaign_id AS "campaignId", e.version, e.customer_id AS "customerId", e.state,
  e.step_id AS "stepId", e.step_seq AS "stepSeq", e.next_run_at AS "nextRunAt", e.holdout, e.variants, e.context,
  e.enrolled_at AS "enrolledAt", coalesce(e.anchored_at, e.enrolled_at) AS "anchoredAt", e.local_day_ends_at AS "localDayEndsAt", e.goal_deadline AS "goalDeadline", e.attempts`;

/**
 * Re-entry: nobody is enrolled twice at once (a partial unique index), never
 * twice for one cause (unique trigger key), and not again within the
 * campaign's re-entry window (or ever, for `never`).
 */
const REENTRY_ALLOWED = `NOT EXISTS (
  SELECT 1 FROM enrollment p WHERE p.business_id = t.business_id AND p.campaign_id = t.campaign_id AND p.customer_id = t.customer_id
     AND (p.state = 'active' OR t.reentry_after IS NULL OR p.enrolled_at > t.enrolled_at - t.reentry_after))`;

@Injectable()
export class EnrollmentRepository {
  /**
   * Enrols those the re-entry rules allow and holds out the campaigns' shares of them (balanced: holdout-balance);
   * returns the new enrolments' customer and campaign ids. Runs inside the caller's transaction.
   */
  async enrol(q: Queryable, candidates: EnrolCandidate[]): Promise<{ campaignId: string; customerId: string }[]> {
    if (candidates.length === 0) return [];
    const col = <T>(f: (c: EnrolCandidate) => T) => candidates.map(f);
    const percents = new Map(candidates.map((c) => [c.campaignId, { businessId: c.businessId, percent: c.holdoutPercent }]));
    const phases = await this.lockHoldoutTallies(q, [...percents].map(([campaignId, v]) => ({ campaignId, ...v })));
    const rows = await q.query<{ id: string; campaignId: string; customerId: string }[]>(
      `INSERT INTO enrollment (business_id, campaign_id, version, customer_id, trigger_key, step_id, next_run_at, holdout, context, enrolled_at, goal_deadline,
                               anchored_at, local_day_ends_at)
       SELECT t.business_id, t.campaign_id, t.version, t.customer_id, t.trigger_key, t.step_id, t.next_run_at, t.holdout, t.context, t.enrolled_at, t.goal_deadline,
              t.anchored_at, t.local_day_ends_at
         FROM unnest($1::uuid[], $2::uuid[], $3::int[], $4::uuid[], $5::text[], $6::text[], $7::timestamptz[], $8::bool[], $9::jsonb[],
                     $10::timestamptz[], $11::timestamptz[], $12::interval[], $13::timestamptz[], $14::timestamptz[])
              AS t(business_id, campaign_id, version, customer_id, trigger_key, step_id, next_run_at, holdout, context, enrolled_at, goal_deadline, reentry_after,
                   anchored_at, local_day_ends_at)
        WHERE ${REENTRY_ALLOWED}
       ON CONFLICT DO NOTHING
       RETURNING id, campaign_id AS "campaignId", customer_id AS "customerId"`,
      [
        col((c) => c.businessId), col((c) => c.campaignId), col((c) => c.version), col((c) => c.customerId), col((c) => c.triggerKey),
        col((c) => c.stepId), col((c) => c.nextRunAt), col(() => false), col((c) => JSON.stringify(c.context)), col((c) => c.enrolledAt),
        col((c) => c.goalDeadline), col((c) => c.reentryAfter), col((c) => c.anchoredAt), col((c) => c.localDayEndsAt),
      ],
    );
    for (const [campaignId, phase] of phases) {
      const { businessId, percent } = percents.get(campaignId)!;
      await this.holdOut(q, businessId, campaignId, phase, percent, rows.filter((r) => r.campaignId === campaignId).map((r) => r.id));
    }
    return rows.map(({ campaignId, customerId }) => ({ campaignId, customerId }));
  }

  /**
   * Locks the holdout tallies of the campaigns that hold someone out (created on first use with a random phase),
   * in campaign id order so two transactions never wait on each other, before their enrolments are inserted: the
   * lock is held to commit, so parallel enrolments of a campaign take its phase one after the other.
   */
  private async lockHoldoutTallies(q: Queryable, campaigns: { campaignId: string; businessId: string; percent: number }[]): Promise<Map<string, number>> {
    const holding = campaigns.filter((c) => c.percent > 0).sort((a, b) => (a.campaignId < b.campaignId ? -1 : 1));
    const phases = new Map<string, number>();
    for (const c of holding) {
      const [row] = await q.query<{ phase: number }[]>(
        `INSERT INTO campaign_holdout_tally (campaign_id, business_id) VALUES ($1, $2)
         ON CONFLICT (business_id, campaign_id) DO UPDATE SET phase = campaign_holdout_tally.phase
         RETURNING phase`,
        [c.campaignId, c.businessId],
      );
      phases.set(c.campaignId, row.phase);
    }
    return phases;
  }

  /** Holds out the campaign's share of its new enrolments (in the order given) and carries the phase on. */
  private async holdOut(q: Queryable, businessId: string, campaignId: string, phase: number, percent: number, ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    const draw = drawHoldouts(phase, ids.length, percent);
    const held = ids.filter((_, i) => draw.holdouts[i]);
    if (held.length > 0) await q.query(`UPDATE enrollment SET holdout = true WHERE business_id = $1 AND id = ANY($2::uuid[])`, [businessId, held]);
    await q.query(
      `UPDATE campaign_holdout_tally SET phase = $3, enrolled = enrolled + $4, held = held + $5 WHERE business_id = $1 AND campaign_id = $2`,
      [businessId, campaignId, draw.phase, ids.length, held.length],
    );
  }

  /**
   * Enrols every customer returned by `membersSql` (a compiled segment query,
   * `$1` = business id) in one statement: broadcasts to 100,000 recipients
   * are one INSERT. `sendAtSql` computes each recipient's start time from the
   * customer row `c` (per-recipient local time). Returns how many were enrolled.
   */
  async enrolMembers(q: Queryable, membersSql: { sql: string; params: unknown[] }, e: {
    campaignId: string; version: number; triggerKey: string; stepId: string; holdoutPercent: number; enrolledAt: Date; goalWithin: string | null;
    reentryAfter: string | null; sendAt: { wall: string } | Date | null; businessZone: string;
  }): Promise<number> {
    const params = [...membersSql.params];
    const p = (value: unknown, cast: string) => `$${params.push(value)}::${cast}`;
    const [campaign, version, key, step, at] = [p(e.campaignId, 'uuid'), p(e.version, 'int'), p(e.triggerKey, 'text'), p(e.stepId, 'text'), p(e.enrolledAt, 'timestamptz')];
    const [goal, reentry] = [p(e.goalWithin, 'interval'), p(e.reentryAfter, 'interval')];
    // Pushed only when used: a parameter the statement never names is a protocol error.
    let zoneSql: string | undefined;
    const zone = () => (zoneSql ??= `coalesce(c.timezone, ${p(e.businessZone, 'text')})`);
    const nextRunAt = e.sendAt === null
      ? at
      : e.sendAt instanceof Date
        ? p(e.sendAt, 'timestamptz')
        : `greatest(${at}, ${p(e.sendAt.wall, 'timestamp')} AT TIME ZONE ${zone()})`;
    // A broadcast at a time is a local-time run: the end of its local day in the recipient's zone (catch-up policy).
    const dayEnds = e.sendAt === null ? 'NULL::timestamptz' : `(date_trunc('day', s.run_at AT TIME ZONE ${zone()}) + interval '1 day') AT TIME ZONE ${zone()}`;
    const businessId = membersSql.params[0] as string;
    const phases = await this.lockHoldoutTallies(q, [{ campaignId: e.campaignId, businessId, percent: e.holdoutPercent }]);
    const rows = await q.query<{ id: string }[]>(
      `INSERT INTO enrollment (business_id, campaign_id, version, customer_id, trigger_key, step_id, next_run_at, holdout, enrolled_at, goal_deadline,
                                 anchored_at, local_day_ends_at)
         SELECT $1, ${campaign}, ${version}, c.id, ${key}, ${step}, s.run_at, false, ${at}, s.run_at + ${goal}, s.run_at, ${dayEnds}
           FROM customer c JOIN (${membersSql.sql}) m ON m.id = c.id
          CROSS JOIN LATERAL (SELECT ${nextRunAt} AS run_at) s
          CROSS JOIN LATERAL (SELECT $1::uuid AS business_id, ${campaign} AS campaign_id, c.id AS customer_id, ${at} AS enrolled_at, ${reentry} AS reentry_after) t
          WHERE c.business_id = $1 AND ${REENTRY_ALLOWED}
         ON CONFLICT DO NOTHING RETURNING id`,
      params,
    );
    const phase = phases.get(e.campaignId);
    if (phase !== undefined) await this.holdOut(q, businessId, e.campaignId, phase, e.holdoutPercent, rows.map((r) => r.id));
    return rows.length;
  }

  /** Records triggers campaigns ignored (one statement; none when empty). */
  async recordSkips(q: Queryable, skips: TriggerSkip[], at: Date): Promise<void> {
    if (skips.length === 0) return;
    const col = <T>(f: (s: TriggerSkip) => T) => skips.map(f);
    await q.query(
      `INSERT INTO trigger_skip (business_id, campaign_id, version, customer_id, event_id, event_type, reason, detail, occurred_at, at)
       SELECT t.business_id, t.campaign_id, t.version, t.customer_id, t.event_id, t.event_type, t.reason, t.detail, t.occurred_at, $1
         FROM unnest($2::uuid[], $3::uuid[], $4::int[], $5::uuid[], $6::bigint[], $7::text[], $8::text[], $9::text[], $10::timestamptz[])
              AS t(business_id, campaign_id, version, customer_id, event_id, event_type, reason, detail, occurred_at)`,
      [
        at, col((s) => s.businessId), col((s) => s.campaignId), col((s) => s.version), col((s) => s.customerId), col((s) => s.eventId),
        col((s) => s.eventType), col((s) => s.reason), col((s) => s.detail), col((s) => s.occurredAt),
      ],
    );
  }

  /**
   * Locks up to `limit` due enrolments of active campaigns for the caller's
   * transaction; other workers skip them (SKIP LOCKED) and take the next ones.
   */
  async lockDue(q: Queryable, now: Date, limit: number): Promise<Enrollment[]> {
    // In enrollment_due_idx order even when a broadcast has just enrolled thousands and the statistics lag behind.
    return queryInIndexOrder(q, 
      `SELECT ${COLUMNS} FROM enrollment e
        WHERE e.state = 'active' AND e.next_run_at <= $1
          AND EXISTS (SELECT 1 FROM campaign k WHERE k.id = e.campaign_id AND k.status = 'active')
        ORDER BY e.next_run_at LIMIT $2 FOR UPDATE OF e SKIP LOCKED`,
      [now, limit],
    );
  }

  async applyUpdates(q: Queryable, now: Date, updates: EnrollmentUpdate[]): Promise<void> {
    if (updates.length === 0) return;
    const col = <T>(f: (u: EnrollmentUpdate) => T) => updates.map(f);
    await q.query(
      `UPDATE enrollment e SET state = u.state, step_id = u.step_id, step_seq = u.step_seq, next_run_at = u.next_run_at, variants = u.variants,
              end_reason = u.end_reason, attempts = u.attempts, last_error = u.last_error, local_day_ends_at = u.local_day_ends_at,
              ended_at = CASE WHEN u.state = 'active' THEN NULL ELSE $1::timestamptz END
         FROM unnest($2::uuid[], $3::text[], $4::text[], $5::int[], $6::timestamptz[], $7::jsonb[], $8::text[], $9::int[], $10::text[], $11::timestamptz[])
              AS u(id, state, step_id, step_seq, next_run_at, variants, end_reason, attempts, last_error, local_day_ends_at)
        WHERE e.id = u.id`,
      [
        now, col((u) => u.id), col((u) => u.state), col((u) => u.stepId), col((u) => u.stepSeq), col((u) => u.nextRunAt),
        col((u) => JSON.stringify(u.variants)), col((u) => u.endReason), col((u) => u.attempts), col((u) => u.lastError), col((u) => u.localDayEndsAt),
      ],
    );
  }

  /**
   * First goal hit per enrolment: an order (or an event of `eventType`) between
   * the enrolment's anchor (when its trigger happened: a late-posted cart's
   * order may precede the enrolment itself) and the goal deadline. Returns enrolment id → when it happened.
   */
  async goalsReached(q: Queryable, businessId: string, enrollments: Enrollment[], goal: Pick<CampaignGoal, 'type' | 'eventType'>, now: Date): Promise<Map<string, Date>> {
    if (enrollments.length === 0) return new Map();
    const params: unknown[] = [
      businessId,
      enrollments.map((e) => e.id),
      enrollments.map((e) => e.customerId),
      enrollments.map((e) => e.anchoredAt),
      enrollments.map((e) => new Date(Math.min(now.getTime(), (e.goalDeadline ?? now).getTime()))),
    ];
    const source = goal.type === 'order'
      ? `SELECT min(o.occurred_at) FROM orders o WHERE o.business_id = $1 AND o.customer_id = t.customer_id AND o.occurred_at >= t.since AND o.occurred_at <= t.until`
      : `SELECT min(ev.occurred_at) FROM event ev WHERE ev.business_id = $1 AND ev.customer_id = t.customer_id AND ev.type = $${params.push(goal.eventType)}::text
            AND ev.occurred_at >= t.since AND ev.occurred_at <= t.until`;
    const rows = await q.query<{ id: string; at: Date | null }[]>(
      `SELECT t.id, (${source}) AS at FROM unnest($2::uuid[], $3::uuid[], $4::timestamptz[], $5::timestamptz[]) AS t(id, customer_id, since, until)`,
      params,
    );
    return new Map(rows.filter((r) => r.at !== null).map((r) => [r.id, r.at as Date]));
  }
}
