import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { PostalAddress } from '@localreach/core';

/** The business an inbound SMS is for, the customer who sent it, and the last SMS that business sent them. */
export interface SmsConversation {
  businessId: string;
  business: { name: string; address: PostalAddress; settings: Record<string, unknown> };
  customerId: string;
  /** The business's latest sent SMS to this customer: what the reply answers. */
  lastSmsMessageId: string | null;
}

/** Which businesses may receive an inbound SMS: those owning the number, or those sharing the default sender. */
export type SenderScope = { owners: string[] } | { sharedDefault: true };

interface ConversationRow {
  business_id: string;
  name: string;
  address: PostalAddress;
  settings: Record<string, unknown>;
  customer_id: string;
  last_sms_id: string | null;
}

/**
 * Reads for the Twilio inbound webhook. The number an SMS was sent to names
 * the business, so finding it is the one unscoped read (like an API key
 * lookup); the customer and message lookups after it are scoped to it.
 */
@Injectable()
export class InboundSmsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Businesses whose own SMS sender (settings.sender.sms.from) is one of these numbers or messaging service SIDs. */
  async findSenderOwners(senders: readonly string[]): Promise<string[]> {
    if (senders.length === 0) return [];
    const rows = await this.dataSource.query<{ id: string }[]>(
      `SELECT id FROM business WHERE settings #>> '{sender,sms,from}' = ANY($1::text[]) ORDER BY created_at, id`,
      [senders],
    );
    return rows.map((r) => r.id);
  }

  async findBusiness(businessId: string): Promise<SmsConversation['business'] | undefined> {
    const rows = await this.dataSource.query<SmsConversation['business'][]>(`SELECT name, address, settings FROM business WHERE id = $1`, [businessId]);
    return rows[0];
  }

  /**
   * The conversation a phone number is having within the scope: among the
   * businesses in scope with a (not erased) customer of that number, the one
   * that texted them most recently; ties and businesses that never texted
   * them go to the oldest business.
   */
  async findConversation(phone: string, scope: SenderScope): Promise<SmsConversation | undefined> {
    const inScope = 'owners' in scope ? `b.id = ANY($2::uuid[])` : `COALESCE(b.settings #>> '{sender,sms,from}', '') = ''`;
    const rows = await this.dataSource.query<ConversationRow[]>(
      `SELECT b.id AS business_id, b.name, b.address, b.settings, c.id AS customer_id, last.id AS last_sms_id
         FROM business b
         JOIN customer c ON c.business_id = b.id AND c.phone = $1 AND c.erased_at IS NULL
         LEFT JOIN LATERAL (
           SELECT m.id, m.sent_at FROM message m
            WHERE m.business_id = b.id AND m.customer_id = c.id AND m.channel = 'sms' AND m.sent_at IS NOT NULL
            ORDER BY m.sent_at DESC, m.id DESC LIMIT 1) last ON true
        WHERE ${inScope}
        ORDER BY last.sent_at DESC NULLS LAST, b.created_at, b.id
        LIMIT 1`,
      'owners' in scope ? [phone, scope.owners] : [phone],
    );
    const r = rows[0];
    if (!r) return undefined;
    return { businessId: r.business_id, business: { name: r.name, address: r.address, settings: r.settings }, customerId: r.customer_id, lastSmsMessageId: r.last_sms_id };
  }
}
