import { Injectable } from '@nestjs/common';
import type { Queryable } from '../database/sql';
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

  async listForCustomer(q: Queryable, businessId: string, customerId: string): Promise<StoredEvent[]> {
    return q.query(`SELECT ${EVENT_COLUMNS} FROM event WHERE business_id = $1 AND customer_id = $2 ORDER BY occurred_at, id`, [businessId, customerId]);
  }
}
