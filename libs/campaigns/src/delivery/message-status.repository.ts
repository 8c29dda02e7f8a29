import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/** A final delivery report from the carrier. */
export type FinalDeliveryStatus = 'delivered' | 'undelivered' | 'failed';

/** Delivery reports for sent messages: status, delivered_at, and one engagement row per report that changed something. */
@Injectable()
export class MessageStatusRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * The message a provider id belongs to. Unscoped by necessity, like an API
   * key lookup: a provider callback names only its id, and that id is unique
   * (message_provider_uq); everything after this is scoped to the business.
   */
  async findByProviderId(providerId: string): Promise<{ businessId: string; messageId: string } | undefined> {
    const rows = await this.dataSource.query<{ business_id: string; id: string }[]>(`SELECT business_id, id FROM message WHERE provider_id = $1`, [providerId]);
    return rows[0] ? { businessId: rows[0].business_id, messageId: rows[0].id } : undefined;
  }

  /**
   * Moves a 'sent' message to its final status and records the engagement
   * ('delivered' or 'failed') in the same statement. A message already final
   * is left alone, so repeated callbacks change nothing. True when it moved.
   */
  async applyFinalStatus(businessId: string, messageId: string, status: FinalDeliveryStatus, at: Date, errorCode: string | null): Promise<boolean> {
    const rows = await this.dataSource.query<{ moved: number }[]>(
      `WITH moved AS (
         UPDATE message SET status = $3, delivered_at = CASE WHEN $3 = 'delivered' THEN $4::timestamptz END,
                error_code = CASE WHEN $3 = 'delivered' THEN error_code ELSE $5 END,
                error = CASE WHEN $3 = 'delivered' THEN error ELSE 'carrier reported ' || $3 END, updated_at = $4
          WHERE business_id = $1 AND id = $2 AND status = 'sent'
          RETURNING id, customer_id, campaign_id, step_id, variant),
       engaged AS (
         -- Step and variant ride along so the campaign funnel groups engagement without joining message.
         INSERT INTO engagement (business_id, message_id, customer_id, campaign_id, step_id, variant, type, occurred_at)
         SELECT $1, id, customer_id, campaign_id, step_id, variant, CASE WHEN $3 = 'delivered' THEN 'delivered' ELSE 'failed' END, $4 FROM moved)
       SELECT count(*)::int AS moved FROM moved`,
      [businessId, messageId, status, at, errorCode],
    );
    return rows[0].moved === 1;
  }
}
