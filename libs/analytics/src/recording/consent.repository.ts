import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { ConsentSource, ConsentStatus, PostalAddress, Queryable } from '@localreach/core';

/** A message's business and recipient, as the unsubscribe and preference pages need them. */
export interface RecipientOfMessage {
  businessId: string;
  messageId: string;
  channel: 'email' | 'sms';
  business: { name: string; address: PostalAddress; settings: Record<string, unknown> };
  /** Null once the customer is erased. */
  customer: { id: string; email: string | null; phone: string | null; consent: { email: ConsentStatus | null; sms: ConsentStatus | null } } | null;
}

interface RecipientRow {
  business_id: string;
  id: string;
  channel: 'email' | 'sms';
  name: string;
  address: PostalAddress;
  settings: Record<string, unknown>;
  customer_id: string;
  email: string | null;
  phone: string | null;
  consent_email: ConsentStatus | null;
  consent_sms: ConsentStatus | null;
  erased: boolean;
}

/** Consent changes made by the people messages were sent to (unsubscribe link, preference page, SMS keywords). */
@Injectable()
export class ConsentRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * The business and recipient of a message. Unscoped by necessity: the
   * unsubscribe token names only the message; everything after this is
   * scoped to the business the message belongs to.
   */
  async findRecipientOfMessage(messageId: string): Promise<RecipientOfMessage | undefined> {
    const rows = await this.dataSource.query<RecipientRow[]>(
      `SELECT m.business_id, m.id, m.channel, b.name, b.address, b.settings, c.id AS customer_id, c.email, c.phone, c.consent_email, c.consent_sms,
              c.erased_at IS NOT NULL AS erased
         FROM message m
         JOIN business b ON b.id = m.business_id
         JOIN customer c ON c.business_id = m.business_id AND c.id = m.customer_id
        WHERE m.id = $1`,
      [messageId],
    );
    const r = rows[0];
    if (!r) return undefined;
    return {
      businessId: r.business_id,
      messageId: r.id,
      channel: r.channel,
      business: { name: r.name, address: r.address, settings: r.settings },
      customer: r.erased ? null : { id: r.customer_id, email: r.email, phone: r.phone, consent: { email: r.consent_email, sms: r.consent_sms } },
    };
  }

  /**
   * Sets one channel's consent with its time and source; true when it
   * changed (setting the status it already has leaves time and source as
   * they were). Erased customers are never changed.
   */
  async setConsent(
    q: Queryable,
    businessId: string,
    customerId: string,
    change: { channel: 'email' | 'sms'; status: ConsentStatus; source: ConsentSource; at: Date },
  ): Promise<boolean> {
    const column = change.channel === 'email' ? 'consent_email' : 'consent_sms';
    const [, changed] = await q.query<[unknown[], number]>(
      `UPDATE customer SET ${column} = $3, ${column}_at = $4, ${column}_source = $5, updated_at = $4
        WHERE business_id = $1 AND id = $2 AND erased_at IS NULL AND ${column} IS DISTINCT FROM $3
        RETURNING id`,
      [businessId, customerId, change.status, change.at, change.source],
    );
    return changed > 0;
  }
}
