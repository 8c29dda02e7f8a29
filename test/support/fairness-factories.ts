import type { DataSource } from 'typeorm';
import { toMercator } from '../../libs/geo/src/mercator';

/**
 * A business whose campaign reached two neighbourhoods and skipped a third of the same size
 * (test/fairness.e2e-spec.ts, test/admin-fairness.e2e-spec.ts).
 * Eligible (SMS consent, phone, not suppressed): North 40, Middle 40, Skipped 40, two tiny areas of
 * 4 and 8, and 12 without a location: 144. Enrolled and messaged: North 40, Middle 40, the tiny ones
 * 12, unknown 6 (98, rate 0.68); offered the same but Middle only 30. Skipped (0 of 40 at 0.68) is
 * flagged; the tiny areas appear only merged, as "other areas" (12). Everything happened 2 days ago.
 * Stores (STORES): Elm Street in North's cell, Harbor Road 14 km away to the south-west, a deleted one in
 * the skipped cell and an unplaced one: the cells are named after Elm Street (2.4 and 5.4 km E of it).
 */
export const CELL = 1000;
export const PLACES = {
  north: { lat: 40.7, lng: -74.0, n: 40, reached: 40, offered: 40, postal: '10001', age: 30 },
  middle: { lat: 40.7, lng: -73.97, n: 40, reached: 40, offered: 30, postal: '10002', age: 50 },
  skipped: { lat: 40.7, lng: -73.94, n: 40, reached: 0, offered: 0, postal: '10003', age: 76 },
  tinyA: { lat: 40.7, lng: -73.91, n: 4, reached: 4, offered: 4, postal: '10004', age: null },
  tinyB: { lat: 40.7, lng: -73.88, n: 8, reached: 8, offered: 8, postal: '10005', age: null },
  nowhere: { lat: null, lng: null, n: 12, reached: 6, offered: 6, postal: null, age: null },
} as const;
export const STORES = {
  elm: { name: 'Elm Street', lat: 40.7, lng: -74.0, deleted: false },
  harbor: { name: 'Harbor Road', lat: 40.6, lng: -74.1, deleted: false },
  closed: { name: 'Closed Shop', lat: 40.7, lng: -73.94, deleted: true },
  online: { name: 'Web shop', lat: null, lng: null, deleted: false },
} as const;
export const cellOf = (lat: number, lng: number) => {
  const p = toMercator(lat, lng);
  return `${Math.floor(p.x / CELL)},${Math.floor(p.y / CELL)}`;
};

export async function seedSkippedNeighbourhood(db: DataSource, businessId: string, campaignId: string): Promise<void> {
  for (const store of Object.values(STORES)) {
    await db.query(
      `INSERT INTO location (business_id, name, address, lat, lng, deleted_at) VALUES ($1, $2, $3, $4, $5, CASE WHEN $6 THEN now() END)`,
      [businessId, store.name, JSON.stringify({ line1: store.name, city: 'New York', country: 'US' }), store.lat, store.lng, store.deleted],
    );
  }
  let serial = 0;
  for (const place of Object.values(PLACES)) {
    for (let i = 0; i < place.n; i++) {
      serial++;
      const [{ id }] = await db.query<{ id: string }[]>(
        `INSERT INTO customer (business_id, phone, consent_sms, lat, lng, address, birthday) VALUES ($1, $2, 'granted', $3, $4, $5, (now() - make_interval(years => $6::int, days => 100))::date) RETURNING id`,
        [businessId, `+1212555${String(serial).padStart(4, '0')}`, place.lat, place.lng, place.postal ? JSON.stringify({ postalCode: ` ${place.postal} ` }) : null, place.age],
      );
      if (i >= place.reached) continue;
      const [enrolment] = await db.query<{ id: string }[]>(
        `INSERT INTO enrollment (business_id, campaign_id, version, customer_id, trigger_key, state, enrolled_at) VALUES ($1, $2, 1, $3, 'broadcast', 'completed', now() - interval '2 days') RETURNING id`,
        [businessId, campaignId, id],
      );
      await db.query(
        `INSERT INTO message (business_id, customer_id, campaign_id, enrollment_id, step_seq, channel, status, sent_at, offer) VALUES ($1, $2, $3, $4, 1, 'sms', 'sent', now() - interval '2 days', $5)`,
        [businessId, id, campaignId, enrolment.id, i < place.offered ? JSON.stringify({ couponPrefix: 'SAVE', validDays: 7 }) : null],
      );
    }
  }
  // Not eligible, so in no count: SMS consent denied; and a suppressed number (both in the skipped neighbourhood).
  await db.query(`INSERT INTO customer (business_id, phone, consent_sms, lat, lng) VALUES ($1, '+12125559998', 'denied', 40.7, -73.94), ($1, '+12125559999', 'granted', 40.7, -73.94)`, [businessId]);
  await db.query(`INSERT INTO suppression (business_id, channel, address, reason) VALUES ($1, 'sms', '+12125559999', 'stop')`, [businessId]);
}
