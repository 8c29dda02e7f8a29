import { Injectable } from '@nestjs/common';
import type { Queryable } from '../database/sql';
import type { CustomerRef } from '../customers/customer.types';
import { campaignListensSql } from '../ops/trigger-inbox.sql';

export interface NewEvent {
  customerId: string;
  type: string;
  properties: Record<string, unknown>;
  occurredAt: Date;
  source: string;
  idempotencyKey: string | null;
}

export interface StoredEvent {
  id: string;
  customerId: string;
  type: string;
  properties: Record<string, unknown>;
  occurredAt: Date;
  receivedAt: Date;
  source: string;
  idempotencyKey: string | null;
}

/** One single-event request of any business, waiting for a grouped write (EventIngestQueue). */
export interface QueuedEvent {
  businessId: string;
  ref: CustomerRef;
  event: Omit<NewEvent, 'customerId'>;
}

/** The grouped write's answer for one queued event whose customer exists: its new id, or null for a duplicate idempotency key. */
export interface WrittenEvent {
  customerId: string;
  id: string | null;
}

const EVENT_COLUMNS = `id::text AS id, customer_id AS "customerId", type, properties, occurred_at AS "occurredAt",
  received_at AS "receivedAt", source, idempotency_key AS "idempotencyKey"`;

@Injectable()
export class EventRepository {
  /**
   * Inserts a batch in one statement. Events whose idempotency key was seen
   * before (or earlier in the batch) are skipped; the result maps each input
   * index to its new id, or to undefined for a duplicate.
   */
  async insertBatch(q: Queryable, businessId: string, events: NewEvent[]): Promise<(string | undefined)[]> {
    const result: (string | undefined)[] = new Array(events.length).fill(undefined);
    const seenKeys = new Set<string>();
    const toInsert: number[] = [];
    events.forEach((e, i) => {
      if (e.idempotencyKey === null) toInsert.push(i);
      else if (!seenKeys.has(e.idempotencyKey)) {
        seenKeys.add(e.idempotencyKey);
        toInsert.push(i);
      }
    });
    if (toInsert.length === 0) return result;
    const pick = <T>(f: (e: NewEvent) => T) => toInsert.map((i) => f(events[i]));
    const rows = await q.query<{ id: string; idempotency_key: string | null }[]>(
      `WITH inserted AS (
         INSERT INTO event (business_id, customer_id, type, properties, occurred_at, source, idempotency_key)
         SELECT $1, customer_id, type, properties, occurred_at, source, idempotency_key
           FROM unnest($2::uuid[], $3::text[], $4::jsonb[], $5::timestamptz[], $6::text[], $7::text[])
                WITH ORDINALITY AS t(customer_id, type, properties, occurred_at, source, idempotency_key, ord)
          ORDER BY ord
         ON CONFLICT (business_id, idempotency_key) WHERE idempotency_key IS NOT NULL DO NOTHING
         RETURNING id, customer_id, type, properties, occurred_at, idempotency_key),
       inbox AS (
         -- Campaign triggers see the event exactly when it commits (see TriggerInboxRepository).
         INSERT INTO trigger_inbox (business_id, customer_id, kind, event_id, event_type, properties, occurred_at)
         SELECT $1, i.customer_id, 'event', i.id, i.type, i.properties, i.occurred_at FROM inserted i
          WHERE ${campaignListensSql('i.type')})
       SELECT id::text AS id, idempotency_key FROM inserted`,
      [
        businessId,
        pick((e) => e.customerId),
        pick((e) => e.type),
        pick((e) => JSON.stringify(e.properties)),
        pick((e) => e.occurredAt.toISOString()),
        pick((e) => e.source),
        pick((e) => e.idempotencyKey),
      ],
    );
    const byKey = new Map(rows.filter((r) => r.idempotency_key !== null).map((r) => [r.idempotency_key!, r.id]));
    // Identity values follow the ORDER BY, so keyless ids in ascending order match keyless inputs in order.
    const keyless = rows.filter((r) => r.idempotency_key === null).map((r) => r.id).sort((a, b) => (BigInt(a) < BigInt(b) ? -1 : 1));
    let next = 0;
    for (const i of toInsert) {
      const key = events[i].idempotencyKey;
      result[i] = key === null ? keyless[next++] : byKey.get(key);
    }
    return result;
  }

  /**
   * Writes single events of several businesses in ONE statement (atomic by
   * itself, so no BEGIN/COMMIT): each event's live customer is looked up by
   * its reference within its business and locked FOR SHARE (an erasure in
   * flight is waited for, and its customer then no longer matches), the
   * event inserted unless its idempotency key was recorded, the trigger inbox
   * fed, and the segments reading `event:<type>` marked stale. Events whose
   * customer is not found are absent from the result (the caller resolves
   * them the slow way: create the customer, or refuse). The caller keeps an
   * idempotency key to one event per business per call, and passes id
   * references that are UUIDs only.
   */
  async insertForKnownCustomers(q: Queryable, events: QueuedEvent[]): Promise<Map<number, WrittenEvent>> {
    const col = <T>(f: (e: QueuedEvent) => T) => events.map(f);
    const refOf = (e: QueuedEvent, kind: 'id' | 'externalId' | 'email' | 'phone') => (kind in e.ref ? (e.ref as Record<string, string>)[kind] : null);
    const rows = await q.query<{ ord: number; customer_id: string; event_id: string; created: boolean }[]>(
      `WITH input AS (
         SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::text[], $6::text[], $7::jsonb[], $8::timestamptz[], $9::text[], $10::text[])
                WITH ORDINALITY AS t(business_id, ref_id, ref_external_id, ref_email, ref_phone, type, properties, occurred_at, source, idempotency_key, ord)),
       found AS (
         SELECT i.ord, c.id AS customer_id FROM input i JOIN customer c ON c.business_id = i.business_id AND c.id = i.ref_id WHERE c.erased_at IS NULL
         UNION ALL
         SELECT i.ord, c.id FROM input i JOIN customer c ON c.business_id = i.business_id AND c.external_id = i.ref_external_id WHERE c.erased_at IS NULL
         UNION ALL
         SELECT i.ord, c.id FROM input i JOIN customer c ON c.business_id = i.business_id AND c.email = i.ref_email WHERE c.erased_at IS NULL
         UNION ALL
         SELECT i.ord, c.id FROM input i JOIN customer c ON c.business_id = i.business_id AND c.phone = i.ref_phone WHERE c.erased_at IS NULL),
       locked AS (
         SELECT c.id FROM customer c WHERE c.id IN (SELECT customer_id FROM found) AND c.erased_at IS NULL FOR SHARE),
       numbered AS (
         SELECT i.*, f.customer_id, nextval(pg_get_serial_sequence('event', 'id')) AS event_id
           FROM input i JOIN found f ON f.ord = i.ord JOIN locked l ON l.id = f.customer_id),
       inserted AS (
         INSERT INTO event (id, business_id, customer_id, type, properties, occurred_at, source, idempotency_key)
         OVERRIDING SYSTEM VALUE
         SELECT event_id, business_id, customer_id, type, properties, occurred_at, source, idempotency_key FROM numbered ORDER BY ord
         ON CONFLICT (business_id, idempotency_key) WHERE idempotency_key IS NOT NULL DO NOTHING
         RETURNING id, business_id, customer_id, type, properties, occurred_at),
       inbox AS (
         -- Campaign triggers see the event exactly when it commits (see TriggerInboxRepository).
         INSERT INTO trigger_inbox (business_id, customer_id, kind, event_id, event_type, properties, occurred_at)
         SELECT i.business_id, i.customer_id, 'event', i.id, i.type, i.properties, i.occurred_at FROM inserted i
          WHERE ${campaignListensSql('i.type', 'i.business_id')}),
       stale AS (
         -- SegmentStalenessRepository.markStale for each business and event type written.
         UPDATE segment s SET stale_since = now()
           FROM (SELECT DISTINCT business_id, 'event:' || type AS kind FROM inserted) w
          WHERE s.business_id = w.business_id AND s.stale_since IS NULL AND s.deleted_at IS NULL AND (w.kind = ANY (s.reads) OR '*' = ANY (s.reads)))
       SELECT n.ord::int AS ord, n.customer_id, n.event_id::text AS event_id, (x.id IS NOT NULL) AS created
         FROM numbered n LEFT JOIN inserted x ON x.id = n.event_id`,
      [
        col((e) => e.businessId),
        col((e) => refOf(e, 'id')),
        col((e) => refOf(e, 'externalId')),
        col((e) => refOf(e, 'email')),
        col((e) => refOf(e, 'phone')),
        col((e) => e.event.type),
        col((e) => JSON.stringify(e.event.properties)),
        col((e) => e.event.occurredAt.toISOString()),
        col((e) => e.event.source),
        col((e) => e.event.idempotencyKey),
      ],
    );
    return new Map(rows.map((r) => [r.ord - 1, { customerId: r.customer_id, id: r.created ? r.event_id : null }]));
  }

  async listForCustomer(q: Queryable, businessId: string, customerId: string): Promise<StoredEvent[]> {
    return q.query(`SELECT ${EVENT_COLUMNS} FROM event WHERE business_id = $1 AND customer_id = $2 ORDER BY occurred_at, id`, [businessId, customerId]);
  }
}
