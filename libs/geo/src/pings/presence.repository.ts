import { Injectable } from '@nestjs/common';
import type { Queryable } from '@localreach/core';
import type { PresenceState } from './presence-machine';

export interface PresenceRow {
  customerId: string;
  geofenceId: string;
  state: PresenceState;
}

interface Row {
  customer_id: string;
  geofence_id: string;
  inside: boolean;
  entered_at: Date | null;
  last_ping_at: Date;
  dwelled: boolean;
  last_entered_event_at: Date | null;
}

/** geofence_presence: one row per business × geofence × customer ever seen inside. */
@Injectable()
export class PresenceRepository {
  /**
   * Presence of these customers in the given geofences, plus every geofence
   * they are currently inside (a ping far away must still produce the exit).
   * Callers hold the customers' row locks, so this read stays current.
   */
  async findForCustomers(q: Queryable, businessId: string, customerIds: string[], geofenceIds: string[]): Promise<PresenceRow[]> {
    if (customerIds.length === 0) return [];
    const rows = await q.query<Row[]>(
      `SELECT customer_id, geofence_id, inside, entered_at, last_ping_at, dwelled, last_entered_event_at
         FROM geofence_presence
        WHERE business_id = $1 AND customer_id = ANY($2::uuid[]) AND (inside OR geofence_id = ANY($3::uuid[]))`,
      [businessId, customerIds, geofenceIds],
    );
    return rows.map((r) => ({
      customerId: r.customer_id,
      geofenceId: r.geofence_id,
      state: { inside: r.inside, enteredAt: r.entered_at, lastPingAt: r.last_ping_at, dwelled: r.dwelled, lastEnteredEventAt: r.last_entered_event_at },
    }));
  }

  async upsert(q: Queryable, businessId: string, rows: PresenceRow[]): Promise<void> {
    if (rows.length === 0) return;
    const iso = (d: Date | null) => d && d.toISOString();
    await q.query(
      `INSERT INTO geofence_presence (business_id, customer_id, geofence_id, inside, entered_at, last_ping_at, dwelled, last_entered_event_at)
       SELECT $1, * FROM unnest($2::uuid[], $3::uuid[], $4::boolean[], $5::timestamptz[], $6::timestamptz[], $7::boolean[], $8::timestamptz[])
       ON CONFLICT (business_id, geofence_id, customer_id) DO UPDATE SET
         inside = EXCLUDED.inside, entered_at = EXCLUDED.entered_at, last_ping_at = EXCLUDED.last_ping_at,
         dwelled = EXCLUDED.dwelled, last_entered_event_at = EXCLUDED.last_entered_event_at`,
      [
        businessId,
        rows.map((r) => r.customerId),
        rows.map((r) => r.geofenceId),
        rows.map((r) => r.state.inside),
        rows.map((r) => iso(r.state.enteredAt)),
        rows.map((r) => iso(r.state.lastPingAt)),
        rows.map((r) => r.state.dwelled),
        rows.map((r) => iso(r.state.lastEnteredEventAt)),
      ],
    );
  }
}
