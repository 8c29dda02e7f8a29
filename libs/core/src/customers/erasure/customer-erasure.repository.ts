import { Injectable } from '@nestjs/common';
import type { Queryable } from '../../database/sql';
import { identityHashSql, type IdentityHashKey } from './identity-hash';

/** Engagement properties that describe the hit, not the person (kept so reports and machine-open flags stay true). */
const KEPT_ENGAGEMENT_PROPERTIES = ['implied', 'via', 'keyword', 'eventId', 'orderId', 'externalId', 'attribution'];

/**
 * Every address the person was reached at on a channel: their current email
 * and phone and the recipients of their messages, less any another live
 * customer of the business holds now (that suppression is theirs too).
 */
const ERASED_ADDRESSES = `
  SELECT DISTINCT a.channel, a.address FROM (
    SELECT 'email' AS channel, c.email AS address FROM customer c WHERE c.business_id = $1 AND c.id = $2 AND c.email IS NOT NULL
    UNION ALL SELECT 'sms', c.phone FROM customer c WHERE c.business_id = $1 AND c.id = $2 AND c.phone IS NOT NULL
    UNION ALL SELECT m.channel, m.to_address FROM message m WHERE m.business_id = $1 AND m.customer_id = $2 AND m.to_address IS NOT NULL
  ) a
  WHERE NOT EXISTS (
    SELECT 1 FROM customer o WHERE o.business_id = $1 AND o.id <> $2 AND o.erased_at IS NULL
       AND ((a.channel = 'email' AND o.email = a.address) OR (a.channel = 'sms' AND o.phone = a.address)))`;

/**
 * GDPR erasure across every table that holds something of one customer. Each
 * statement is one set-based write scoped to the business and customer; the
 * caller runs them in one transaction holding the customer's row lock. Rows
 * that reports count (messages, engagements, enrolments, orders, events) are
 * kept with their personal columns blanked, so counts, costs and revenue stay
 * true; rows that are nothing but the person's data are deleted.
 */
@Injectable()
export class CustomerErasureRepository {
  /**
   * Locks the work under way for the customer, before the customer row: the
   * delivery worker locks due messages and then their customers, the journey
   * runner active enrolments and then customers, trigger matching inbox rows
   * and then customers (by reference). Taking them in that order too means
   * erasure waits for a batch in progress instead of deadlocking with it.
   */
  async lockWorkInProgress(q: Queryable, businessId: string, customerId: string): Promise<void> {
    const scoped = [businessId, customerId];
    await q.query(`SELECT id FROM message WHERE business_id = $1 AND customer_id = $2 AND status IN ('queued', 'held', 'sending') ORDER BY id FOR UPDATE`, scoped);
    await q.query(`SELECT id FROM enrollment WHERE business_id = $1 AND customer_id = $2 AND state = 'active' ORDER BY id FOR UPDATE`, scoped);
    await q.query(`SELECT id FROM trigger_inbox WHERE business_id = $1 AND customer_id = $2 ORDER BY id FOR UPDATE`, scoped);
  }

  /**
   * Keeps the keyed hash of each address (with any suppression it had, whose
   * plain row goes), so the person stays suppressed without being stored.
   * Must run before the customer row and messages are blanked.
   */
  async keepIdentityHashes(q: Queryable, businessId: string, customerId: string, key: IdentityHashKey, at: Date): Promise<void> {
    await q.query(
      `WITH addresses AS (${ERASED_ADDRESSES}),
       moved AS (
         DELETE FROM suppression s USING addresses a
          WHERE s.business_id = $1 AND s.channel = a.channel AND s.address = a.address
          RETURNING s.channel, s.address, s.reason, s.source)
       INSERT INTO erased_identity (business_id, channel, identity_hash, erased_at, suppression_reason, suppression_source)
       SELECT $1, a.channel, ${identityHashSql('a.address', '$3', '$4')}, $5, m.reason, m.source
         FROM addresses a LEFT JOIN moved m ON m.channel = a.channel AND m.address = a.address
       ON CONFLICT (business_id, channel, identity_hash) DO UPDATE SET erased_at = EXCLUDED.erased_at,
         suppression_reason = COALESCE(erased_identity.suppression_reason, EXCLUDED.suppression_reason),
         suppression_source = COALESCE(erased_identity.suppression_source, EXCLUDED.suppression_source)`,
      [businessId, customerId, key.inner, key.outer, at],
    );
    // A test send rendered for them may have gone to their own address.
    await q.query(
      `UPDATE campaign_test_send t SET to_address = 'erased', error = NULL
         FROM (${ERASED_ADDRESSES}) a
        WHERE t.business_id = $1 AND t.channel = a.channel AND t.to_address = a.address`,
      [businessId, customerId],
    );
  }

  /** Their messages, delivery attempts, engagements, enrolments, events, orders, test sends and audit entries, blanked where reports count them. */
  async blankHistory(q: Queryable, businessId: string, customerId: string, at: Date): Promise<void> {
    const scoped = [businessId, customerId];
    // Recipient, rendered subject and links (they may carry personal values), the per-person coupon, provider error text (may quote the address).
    await q.query(
      `UPDATE message SET to_address = NULL, subject = NULL, links = NULL, coupon_code = NULL, error = NULL
        WHERE business_id = $1 AND customer_id = $2`,
      scoped,
    );
    await q.query(
      `UPDATE message_attempt a SET detail = NULL FROM message m
        WHERE m.business_id = $1 AND m.customer_id = $2 AND a.message_id = m.id AND a.detail IS NOT NULL`,
      scoped,
    );
    // Only rows holding something are rewritten (most opens hold nothing), and only properties with other keys are rebuilt.
    await q.query(
      `UPDATE engagement SET url = NULL,
              properties = CASE WHEN properties - $3::text[] = '{}'::jsonb THEN properties
                                ELSE (SELECT jsonb_object_agg(p.key, p.value) FROM jsonb_each(properties) p WHERE p.key = ANY($3::text[])) END
        WHERE business_id = $1 AND customer_id = $2 AND (url IS NOT NULL OR properties - $3::text[] <> '{}'::jsonb)`,
      [...scoped, KEPT_ENGAGEMENT_PROPERTIES],
    );
    // Inbound SMS bodies and numbers are sms_received properties; a caller's idempotency key may be anything they chose.
    await q.query(
      `UPDATE event SET properties = '{}'::jsonb, idempotency_key = NULL
        WHERE business_id = $1 AND customer_id = $2 AND (properties <> '{}'::jsonb OR idempotency_key IS NOT NULL)`,
      scoped,
    );
    await q.query(`DELETE FROM trigger_inbox WHERE business_id = $1 AND customer_id = $2`, scoped);
    // A date trigger's key is the occurrence (their birthday this year); unique per enrolment is all the key still has to be.
    // Journeys under way end here: their next steps could only queue messages to nobody.
    await q.query(
      `UPDATE enrollment SET context = context - 'properties', last_error = NULL, trigger_key = 'erased:' || id::text,
              state = CASE WHEN state = 'active' THEN 'exited' ELSE state END,
              end_reason = CASE WHEN state = 'active' THEN 'customer_erased' ELSE end_reason END,
              ended_at = CASE WHEN state = 'active' THEN $3::timestamptz ELSE ended_at END,
              next_run_at = CASE WHEN state = 'active' THEN NULL ELSE next_run_at END
        WHERE business_id = $1 AND customer_id = $2`,
      [...scoped, at],
    );
    await q.query(`UPDATE orders SET coupon_code = NULL WHERE business_id = $1 AND customer_id = $2`, scoped);
    await q.query(`UPDATE campaign_test_send SET subject = NULL, customer_id = NULL WHERE business_id = $1 AND customer_id = $2`, scoped);
    await q.query(`UPDATE audit_log SET details = '{}'::jsonb WHERE business_id = $1 AND entity = 'customer' AND entity_id = $2::text`, scoped);
  }

  /** Where they were and where they live: pings, geofence presence and the cached geocode of their address go entirely. */
  async deleteWhereabouts(q: Queryable, businessId: string, customerId: string, addressHash: string | null): Promise<void> {
    await q.query(`DELETE FROM location_ping WHERE business_id = $1 AND customer_id = $2`, [businessId, customerId]);
    await q.query(`DELETE FROM geofence_presence WHERE business_id = $1 AND customer_id = $2`, [businessId, customerId]);
    if (addressHash !== null) await q.query(`DELETE FROM geocode_cache WHERE business_id = $1 AND query_hash = $2`, [businessId, addressHash]);
  }

  /** The customer row itself: kept (ids in reports point at it) with every personal field cleared; its consent history goes with it (trigger). */
  async blankCustomer(q: Queryable, businessId: string, customerId: string): Promise<void> {
    await q.query(
      `UPDATE customer SET external_id = NULL, email = NULL, phone = NULL, first_name = NULL, last_name = NULL, birthday = NULL,
              timezone = NULL, lat = NULL, lng = NULL, address = NULL, attributes = '{}'::jsonb, tags = '{}',
              consent_email = NULL, consent_email_at = NULL, consent_email_source = NULL,
              consent_sms = NULL, consent_sms_at = NULL, consent_sms_source = NULL,
              consent_location = NULL, consent_location_at = NULL, consent_location_source = NULL,
              nearest_location_id = NULL, nearest_location_distance_m = NULL,
              erased_at = now(), updated_at = now()
        WHERE business_id = $1 AND id = $2`,
      [businessId, customerId],
    );
  }

  /** Erased identities among these stored addresses, with the suppression each had. */
  async findErased(
    q: Queryable, businessId: string, key: IdentityHashKey, addresses: { email: string | null; phone: string | null },
  ): Promise<{ channel: 'email' | 'sms'; address: string; erasedAt: Date; suppressionReason: string | null; suppressionSource: string | null }[]> {
    const wanted = (['email', 'sms'] as const).flatMap((channel) => {
      const address = channel === 'email' ? addresses.email : addresses.phone;
      return address === null ? [] : [{ channel, address, hash: key.hash(address) }];
    });
    if (wanted.length === 0) return [];
    // Hashed here and by SQL at erasure: the two must agree (the e2e re-creation test checks they do).
    return q.query(
      `SELECT e.channel, a.address, e.erased_at AS "erasedAt", e.suppression_reason AS "suppressionReason", e.suppression_source AS "suppressionSource"
         FROM unnest($2::text[], $3::text[], $4::text[]) a(channel, address, hash)
         JOIN erased_identity e ON e.business_id = $1 AND e.channel = a.channel AND e.identity_hash = a.hash`,
      [businessId, wanted.map((w) => w.channel), wanted.map((w) => w.address), wanted.map((w) => w.hash)],
    );
  }

  /** Puts a suppression an erased person had back on the list, now that their address is stored again. */
  async restoreSuppression(q: Queryable, businessId: string, entry: { channel: 'email' | 'sms'; address: string; reason: string; source: string | null }): Promise<void> {
    await q.query(
      `INSERT INTO suppression (business_id, channel, address, reason, source) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (business_id, channel, address) DO NOTHING`,
      [businessId, entry.channel, entry.address, entry.reason, entry.source],
    );
  }
}
