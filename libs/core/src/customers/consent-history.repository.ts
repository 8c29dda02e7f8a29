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

@Injectable()
export class ConsentHistoryRepository {
  /** Every consent change of one customer, oldest first (GDPR access requests). */
  async listForCustomer(q: Queryable, businessId: string, customerId: string): Promise<ConsentChange[]> {
    return q.query(
      `SELECT channel, status, source, at, recorded_at AS "recordedAt" FROM consent_change
        WHERE business_id = $1 AND customer_id = $2 ORDER BY at, id`,
      [businessId, customerId],
    );
  }
}
