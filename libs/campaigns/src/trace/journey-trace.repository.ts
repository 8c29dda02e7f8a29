import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { EnrollmentOutcome, EnrollmentRow, StepLogRow, TracedMessage } from './journey-trace';
import { ENROLLMENT_OUTCOME, MESSAGE_ENGAGEMENT, MESSAGE_OUTCOME } from './trace-sql';

/** A recipient of a campaign: one enrolment with its customer and headline. */
export interface RecipientRow {
  enrollmentId: string;
  customer: { id: string; firstName: string | null; lastName: string | null; email: string | null; phone: string | null };
  version: number;
  holdout: boolean;
  variants: Record<string, string>;
  state: EnrollmentRow['state'];
  endReason: string | null;
  enrolledAt: Date;
  endedAt: Date | null;
  outcome: EnrollmentOutcome;
  reason: string | null;
  until: Date | null;
  /** The message that tells its story (the furthest it got): its step, channel, send time and first human open and click. */
  stepId: string | null;
  channel: 'email' | 'sms' | null;
  sentAt: Date | null;
  openedAt: Date | null;
  clickedAt: Date | null;
  /** Orders credited to its messages (last touch) and their revenue. */
  conversions: number;
  revenue: number;
}

/** A trigger a campaign ignored for the customer, and why. */
export interface SkippedTrigger {
  campaignId: string;
  campaignName: string;
  version: number;
  eventId: string | null;
  eventType: string | null;
  reason: 'event_too_old';
  detail: string;
  occurredAt: Date;
  at: Date;
}

export interface RecipientFilter {
  outcome?: EnrollmentOutcome;
  reason?: string;
  state?: EnrollmentRow['state'];
}

const ENROLLMENT_JOINS = `JOIN campaign k ON k.business_id = e.business_id AND k.id = e.campaign_id
  JOIN customer c ON c.business_id = e.business_id AND c.id = e.customer_id
  ${ENROLLMENT_OUTCOME}`;

/** An enrolment with its campaign, version's steps and headline (the trace's row). */
const ENROLLMENT_SELECT = `SELECT e.id, e.campaign_id AS "campaignId", k.name AS "campaignName", k.status AS "campaignStatus", k.deleted_at IS NOT NULL AS "campaignDeleted",
              e.version, e.holdout, e.variants, e.state, e.end_reason AS "endReason", e.enrolled_at AS "enrolledAt", coalesce(e.anchored_at, e.enrolled_at) AS "anchoredAt",
              e.ended_at AS "endedAt", e.step_id AS "stepId", e.next_run_at AS "nextRunAt", e.last_error AS "lastError", v.definition -> 'steps' AS steps,
              h.outcome, h.reason, h.until, e.enrolled_at::text AS "sortKey"
         FROM enrollment e
         JOIN campaign_version v ON v.campaign_id = e.campaign_id AND v.version = e.version
         ${ENROLLMENT_JOINS}`;

/** `cv.conversions`, `cv.revenue`: orders credited to enrolment `e`'s messages (engagement_message_idx per message). */
const CREDITED_ORDERS = `CROSS JOIN LATERAL (
    SELECT count(g.id)::int AS conversions, coalesce(sum(g.revenue), 0)::float8 AS revenue
      FROM message m JOIN engagement g ON g.message_id = m.id AND g.type = 'converted'
     WHERE m.business_id = e.business_id AND m.enrollment_id = e.id) cv`;

/** Reads of the "why did / didn't they get it" trace: enrolments with their headline, their step log and their messages. */
@Injectable()
export class JourneyTraceRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** A customer's enrolments, newest first; `after` = [enrolled_at text, id] of the previous page's last. */
  async customerEnrollments(businessId: string, customerId: string, limit: number, after?: [string, string]): Promise<(EnrollmentRow & { sortKey: string })[]> {
    const params: unknown[] = [businessId, customerId, limit];
    const cursor = after ? `AND (e.enrolled_at, e.id) < ($${params.push(after[0])}::timestamptz, $${params.push(after[1])}::uuid)` : '';
    return this.dataSource.query(
      `${ENROLLMENT_SELECT}
        WHERE e.business_id = $1 AND e.customer_id = $2 ${cursor}
        ORDER BY e.enrolled_at DESC, e.id DESC
        LIMIT $3`,
      params,
    );
  }

  /** One enrolment of a campaign, shaped as the customer's enrolments are. */
  async campaignEnrollment(businessId: string, campaignId: string, enrollmentId: string): Promise<EnrollmentRow | undefined> {
    const rows = await this.dataSource.query<(EnrollmentRow & { sortKey: string })[]>(
      `${ENROLLMENT_SELECT}
        WHERE e.business_id = $1 AND e.campaign_id = $2 AND e.id = $3`,
      [businessId, campaignId, enrollmentId],
    );
    if (!rows[0]) return undefined;
    const { sortKey: _sortKey, ...row } = rows[0];
    return row;
  }

  /** The customer's latest triggers that campaigns ignored (an event older than the campaign's maxEventAge), newest first. */
  async skippedTriggers(businessId: string, customerId: string, limit: number): Promise<SkippedTrigger[]> {
    return this.dataSource.query(
      `SELECT s.campaign_id AS "campaignId", k.name AS "campaignName", s.version, s.event_id::text AS "eventId", s.event_type AS "eventType",
              s.reason, s.detail, s.occurred_at AS "occurredAt", s.at
         FROM trigger_skip s JOIN campaign k ON k.business_id = s.business_id AND k.id = s.campaign_id
        WHERE s.business_id = $1 AND s.customer_id = $2
        ORDER BY s.at DESC, s.id DESC LIMIT $3`,
      [businessId, customerId, limit],
    );
  }

  /** A campaign's enrolments in enrolment order, filtered on their headline; `after` as above, of the previous page's last. */
  async recipients(businessId: string, campaignId: string, filter: RecipientFilter, limit: number, after?: [string, string]): Promise<(RecipientRow & { sortKey: string })[]> {
    const params: unknown[] = [businessId, campaignId, limit, filter.outcome ?? null, filter.reason ?? null, filter.state ?? null];
    const cursor = after ? `AND (e.enrolled_at, e.id) > ($${params.push(after[0])}::timestamptz, $${params.push(after[1])}::uuid)` : '';
    // The enrolments are put in order first (OFFSET 0 keeps that subquery apart), so the outcome of each is worked out
    // only until the page is full, not for every enrolment of the campaign before sorting.
    return this.dataSource.query(
      `SELECT e.id AS "enrollmentId",
              json_build_object('id', c.id, 'firstName', c.first_name, 'lastName', c.last_name, 'email', c.email, 'phone', c.phone) AS customer,
              e.version, e.holdout, e.variants, e.state, e.end_reason AS "endReason", e.enrolled_at AS "enrolledAt", e.ended_at AS "endedAt",
              h.outcome, h.reason, h.until, best.step_id AS "stepId", best.channel, best.sent_at AS "sentAt", best.opened_at AS "openedAt",
              best.clicked_at AS "clickedAt", cv.conversions, cv.revenue, e.enrolled_at::text AS "sortKey"
         FROM (SELECT e.id, e.business_id, e.campaign_id, e.customer_id, e.version, e.holdout, e.variants, e.state, e.end_reason, e.enrolled_at, e.ended_at,
                      e.next_run_at
                 FROM enrollment e
                WHERE e.business_id = $1 AND e.campaign_id = $2 ${cursor} AND ($6::text IS NULL OR e.state = $6)
                ORDER BY e.enrolled_at, e.id OFFSET 0) e
         ${ENROLLMENT_JOINS}
         ${CREDITED_ORDERS}
        WHERE ($4::text IS NULL OR h.outcome = $4) AND ($5::text IS NULL OR h.reason = $5)
        ORDER BY e.enrolled_at, e.id
        LIMIT $3`,
      params,
    );
  }

  async stepLogs(businessId: string, enrollmentIds: string[]): Promise<StepLogRow[]> {
    if (enrollmentIds.length === 0) return [];
    return this.dataSource.query(
      `SELECT enrollment_id AS "enrollmentId", step_seq AS "stepSeq", step_id AS "stepId", outcome, detail, until, at
         FROM enrollment_step WHERE business_id = $1 AND enrollment_id = ANY($2::uuid[])`,
      [businessId, enrollmentIds],
    );
  }

  async messages(businessId: string, enrollmentIds: string[]): Promise<TracedMessage[]> {
    if (enrollmentIds.length === 0) return [];
    return this.dataSource.query(
      `SELECT m.enrollment_id AS "enrollmentId", m.step_seq AS "stepSeq", m.step_id AS "stepId", m.id, m.channel, m.status, m.variant,
              m.to_address AS "to", m.subject, m.created_at AS "createdAt", CASE WHEN m.status = 'sending' THEN NULL ELSE m.sent_at END AS "sentAt",
              m.delivered_at AS "deliveredAt", g.opened_at AS "openedAt", g.clicked_at AS "clickedAt", m.held_reason AS "heldReason",
              m.error_code AS "errorCode", m.error, o.outcome, o.reason, o.until
         FROM message m
         JOIN campaign k ON k.business_id = m.business_id AND k.id = m.campaign_id
         JOIN customer c ON c.business_id = m.business_id AND c.id = m.customer_id
         ${MESSAGE_ENGAGEMENT}
         ${MESSAGE_OUTCOME}
        WHERE m.business_id = $1 AND m.enrollment_id = ANY($2::uuid[])`,
      [businessId, enrollmentIds],
    );
  }
}
