import { Injectable } from '@nestjs/common';
import type { CustomerRef, Queryable } from '@localreach/core';

/** A customer a ping refers to, with what decides whether it may be tracked. */
export interface PingCustomer {
  id: string;
  externalId: string | null;
  email: string | null;
  phone: string | null;
  locationConsent: 'granted' | 'denied' | null;
}

export interface StoredPing {
  customerId: string;
  lat: number;
  lng: number;
  accuracyM: number | null;
  at: Date;
}

const refValues = (refs: CustomerRef[], key: 'id' | 'externalId' | 'email' | 'phone') =>
  refs.flatMap((ref) => (key in ref ? [(ref as Record<string, string>)[key]] : []));

@Injectable()
export class LocationPingRepository {
  /**
   * Live customers matching any of the references, locked in id order for
   * the rest of the transaction. Serialising pings per customer is what keeps
   * two concurrent requests from both seeing "outside" and both emitting
   * geofence_entered. NO KEY UPDATE still lets inserts that reference the
   * customer (pings, events) proceed.
   */
  async lockCustomers(q: Queryable, businessId: string, refs: CustomerRef[]): Promise<PingCustomer[]> {
    if (refs.length === 0) return [];
    return q.query<PingCustomer[]>(
      `SELECT id, external_id AS "externalId", email, phone, consent_location AS "locationConsent"
         FROM customer
        WHERE business_id = $1 AND erased_at IS NULL
          AND (id = ANY($2::uuid[]) OR external_id = ANY($3::text[]) OR email = ANY($4::text[]) OR phone = ANY($5::text[]))
        ORDER BY id FOR NO KEY UPDATE`,
      [businessId, refValues(refs, 'id'), refValues(refs, 'externalId'), refValues(refs, 'email'), refValues(refs, 'phone')],
    );
  }

  /** The business's settings object (where `locationPrecisionMeters` lives). */
  async businessSettings(q: Queryable, businessId: string): Promise<Record<string, unknown>> {
    const rows = await q.query<{ settings: Record<string, unknown> }[]>(`SELECT settings FROM business WHERE id = $1`, [businessId]);
    return rows[0]?.settings ?? {};
  }

  async insertPings(q: Queryable, businessId: string, pings: StoredPing[]): Promise<void> {
    if (pings.length === 0) return;
    await q.query(
      `INSERT INTO location_ping (business_id, customer_id, lat, lng, accuracy_m, occurred_at)
       SELECT $1, customer_id, lat, lng, accuracy_m, occurred_at
         FROM unnest($2::uuid[], $3::float8[], $4::float8[], $5::float8[], $6::timestamptz[]) AS t(customer_id, lat, lng, accuracy_m, occurred_at)`,
      [businessId, pings.map((p) => p.customerId), pings.map((p) => p.lat), pings.map((p) => p.lng), pings.map((p) => p.accuracyM), pings.map((p) => p.at.toISOString())],
    );
  }
}
