import { Injectable } from '@nestjs/common';
import type { Queryable } from '../database/sql';

/** One change of a customer's consent on a channel, as kept by the consent_change triggers. */
export interface ConsentChange {
  channel: 'email' | 'sms' | 'location';
  status: 'granted' | 'denied';
  source: string | null;
  at: Date;
  recordedAt: Date;
}

export interface ExportedMessage {
  id: string;
  channel: 'email' | 'sms';
  campaignId: string | null;
  campaignName: string | null;
  stepId: string | null;
  variant: string | null;
  /** The address it was sent to and the subject as rendered for them (null for SMS, or before it was sent). */
  toAddress: string | null;
  subject: string | null;
  status: string;
  errorCode: string | null;
  createdAt: Date;
  sentAt: Date | null;
  deliveredAt: Date | null;
}

export interface ExportedEngagement {
  id: string;
  messageId: string;
  campaignId: string | null;
  type: string;
  occurredAt: Date;
  /** True when judged an image proxy or scanner rather than the person. */
  machine: boolean;
  url: string | null;
  revenue: string | null;
}

export interface ExportedEnrollmentStep {
  stepSeq: number;
  stepId: string;
  outcome: string;
  detail: string | null;
  until: Date | null;
  at: Date;
}

export interface ExportedEnrollment {
  id: string;
  campaignId: string;
  campaignName: string;
  version: number;
  state: string;
  stepId: string | null;
  holdout: boolean;
  variants: Record<string, unknown>;
  context: Record<string, unknown>;
  enrolledAt: Date;
  endedAt: Date | null;
  endReason: string | null;
  steps: ExportedEnrollmentStep[];
}

export interface ExportedPing {
  lat: number;
  lng: number;
  accuracyM: number | null;
  occurredAt: Date;
  receivedAt: Date;
}

export interface ExportedInboundSms {
  eventId: string;
  receivedAt: Date;
  from: string | null;
  to: string | null;
  body: string | null;
  keyword: string | null;
}

export interface ExportedSuppression {
  channel: 'email' | 'sms';
  address: string;
  reason: string;
  source: string | null;
  createdAt: Date;
}

/**
 * Reads for a GDPR access request (art. 15/20), one set-based statement per
 * section, in the caller's snapshot. Every read is scoped to the business and
 * the customer and follows an index by customer.
 */
@Injectable()
export class CustomerExportRepository {
  /** Every consent change, oldest first. */
  async consentHistory(q: Queryable, businessId: string, customerId: string): Promise<ConsentChange[]> {
    return q.query(
      `SELECT channel, status, source, at, recorded_at AS "recordedAt" FROM consent_change
        WHERE business_id = $1 AND customer_id = $2 ORDER BY at, id`,
      [businessId, customerId],
    );
  }

  async messages(q: Queryable, businessId: string, customerId: string): Promise<ExportedMessage[]> {
    return q.query(
      `SELECT m.id, m.channel, m.campaign_id AS "campaignId", c.name AS "campaignName", m.step_id AS "stepId", m.variant,
              m.to_address AS "toAddress", m.subject, m.status, m.error_code AS "errorCode", m.created_at AS "createdAt",
              m.sent_at AS "sentAt", m.delivered_at AS "deliveredAt"
         FROM message m LEFT JOIN campaign c ON c.business_id = m.business_id AND c.id = m.campaign_id
        WHERE m.business_id = $1 AND m.customer_id = $2 ORDER BY m.created_at, m.id`,
      [businessId, customerId],
    );
  }

  async engagements(q: Queryable, businessId: string, customerId: string): Promise<ExportedEngagement[]> {
    return q.query(
      `SELECT id::text, message_id AS "messageId", campaign_id AS "campaignId", type, occurred_at AS "occurredAt", machine, url, revenue::text AS revenue
         FROM engagement WHERE business_id = $1 AND customer_id = $2 ORDER BY occurred_at, id`,
      [businessId, customerId],
    );
  }

  /** Enrolments with their step traces nested (aggregated in SQL: one statement however long the history). */
  async enrollments(q: Queryable, businessId: string, customerId: string): Promise<ExportedEnrollment[]> {
    const rows = await q.query<(Omit<ExportedEnrollment, 'steps' | 'enrolledAt' | 'endedAt'> & { enrolledAt: string; endedAt: string | null; steps: (ExportedEnrollmentStep & { until: string | null; at: string })[] })[]>(
      `SELECT e.id, e.campaign_id AS "campaignId", c.name AS "campaignName", e.version, e.state, e.step_id AS "stepId", e.holdout, e.variants, e.context,
              e.enrolled_at AS "enrolledAt", e.ended_at AS "endedAt", e.end_reason AS "endReason",
              COALESCE((SELECT jsonb_agg(jsonb_build_object('stepSeq', s.step_seq, 'stepId', s.step_id, 'outcome', s.outcome, 'detail', s.detail,
                                                            'until', s.until, 'at', s.at) ORDER BY s.step_seq)
                          FROM enrollment_step s WHERE s.enrollment_id = e.id), '[]'::jsonb) AS steps
         FROM enrollment e JOIN campaign c ON c.id = e.campaign_id
        WHERE e.business_id = $1 AND e.customer_id = $2 ORDER BY e.enrolled_at, e.id`,
      [businessId, customerId],
    );
    return rows.map((r) => ({
      ...r,
      enrolledAt: new Date(r.enrolledAt),
      endedAt: r.endedAt === null ? null : new Date(r.endedAt),
      steps: r.steps.map((s) => ({ ...s, until: s.until === null ? null : new Date(s.until), at: new Date(s.at) })),
    }));
  }

  async locationPings(q: Queryable, businessId: string, customerId: string): Promise<ExportedPing[]> {
    return q.query(
      `SELECT lat, lng, accuracy_m AS "accuracyM", occurred_at AS "occurredAt", received_at AS "receivedAt"
         FROM location_ping WHERE business_id = $1 AND customer_id = $2 ORDER BY occurred_at, id`,
      [businessId, customerId],
    );
  }

  /** The SMS they sent the business (stored as sms_received events). */
  async inboundSms(q: Queryable, businessId: string, customerId: string): Promise<ExportedInboundSms[]> {
    return q.query(
      `SELECT id::text AS "eventId", occurred_at AS "receivedAt", properties->>'from' AS "from", properties->>'to' AS "to",
              properties->>'body' AS body, properties->>'keyword' AS keyword
         FROM event WHERE business_id = $1 AND customer_id = $2 AND type = 'sms_received' ORDER BY occurred_at, id`,
      [businessId, customerId],
    );
  }

  /** Suppression-list entries for their current email and phone. */
  async suppressions(q: Queryable, businessId: string, identity: { email: string | null; phone: string | null }): Promise<ExportedSuppression[]> {
    return q.query(
      `SELECT channel, address, reason, source, created_at AS "createdAt" FROM suppression
        WHERE business_id = $1 AND ((channel = 'email' AND address = $2) OR (channel = 'sms' AND address = $3)) ORDER BY created_at, channel`,
      [businessId, identity.email, identity.phone],
    );
  }
}
