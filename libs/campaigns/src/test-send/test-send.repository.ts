import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { capRelease } from '../delivery/send-policy';

export interface NewTestSend {
  id: string;
  businessId: string;
  campaignId: string;
  campaignVersion: number;
  stepId: string;
  channel: 'email' | 'sms';
  to: string;
  customerId: string | null;
  apiKeyId: string | null;
  subject: string | null;
}

export type Reservation = { ok: true; remaining: number } | { ok: false; retryAt: Date };

/** Test sends (campaign_test_send): never in `message`, so nothing that reads messages sees them. */
@Injectable()
export class TestSendRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Records a test send as 'sending' unless the business already made
   * `limit` within the `windowMs` before `now`; under a per-business
   * transaction lock, so concurrent requests cannot both take the last slot.
   */
  async reserve(send: NewTestSend, now: Date, limit: number, windowMs: number): Promise<Reservation> {
    return this.dataSource.transaction(async (tx) => {
      await tx.query(`SELECT pg_advisory_xact_lock(hashtextextended('campaign_test_send:' || $1, 0))`, [send.businessId]);
      const rows = await tx.query<{ created_at: Date }[]>(
        `SELECT created_at FROM campaign_test_send WHERE business_id = $1 AND created_at > $2 AND created_at <= $3`,
        [send.businessId, new Date(now.getTime() - windowMs), now],
      );
      const release = capRelease(now, rows.map((r) => r.created_at), limit, windowMs);
      if (release) return { ok: false, retryAt: release };
      await tx.query(
        `INSERT INTO campaign_test_send (id, business_id, campaign_id, campaign_version, step_id, channel, to_address, customer_id, api_key_id, subject, status, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 'sending', $11)`,
        [send.id, send.businessId, send.campaignId, send.campaignVersion, send.stepId, send.channel, send.to, send.customerId, send.apiKeyId, send.subject, now],
      );
      return { ok: true, remaining: limit - rows.length - 1 };
    });
  }

  async finish(businessId: string, id: string, outcome: { providerId: string; sentAt: Date } | { errorCode: string; error: string }): Promise<void> {
    const sent = 'providerId' in outcome;
    await this.dataSource.query(
      `UPDATE campaign_test_send SET status = $3, provider_id = $4, sent_at = $5, error_code = $6, error = $7 WHERE business_id = $1 AND id = $2`,
      [businessId, id, sent ? 'sent' : 'failed', sent ? outcome.providerId : null, sent ? outcome.sentAt : null,
        sent ? null : outcome.errorCode, sent ? null : outcome.error.slice(0, 2000)],
    );
  }
}
