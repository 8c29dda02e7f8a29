/**
 * What the fairness bench adds to the report bench's rows (bench/reports/load.ts, which leaves
 * customers without a place, a birthday or SMS consent, and messages without offers), in SQL,
 * with the same hash draws so a run is repeatable:
 *  - 92 % of customers get a position within about 10 km of Portland's centre (a uniform square),
 *    their postal code one of 300 ("97" + 3 digits) and, 70 %, a birthday 18-88 years before the anchor;
 *  - customers with a phone: SMS consent granted (80 %) or denied; 5 % deny email;
 *  - 30 % of messages carried an offer (the step's coupon: message.offer).
 * Then the message indexes are rebuilt (the UPDATE left dead entries the product's inserts never do)
 * and both tables VACUUM ANALYZEd.
 */
import type { Pool } from 'pg';

const u = (id: string, salt: number) => `((uuid_hash_extended(${id}, ${salt}) >> 11) & 9007199254740991)::float8 / 9007199254740992`;

export async function addPlacesAndOffers(pool: Pool, businessIds: string[], anchor: Date, log: (s: string) => void): Promise<void> {
  const c = await pool.connect();
  try {
    // Triggers off: the offer changes no spend, and the rows are consistent by construction.
    await c.query(`SET session_replication_role = replica; SET work_mem = '256MB'`);
    let started = performance.now();
    const customers = await c.query(
      `UPDATE customer SET
         lat = CASE WHEN ${u('id', 201)} < 0.92 THEN 45.52 + (${u('id', 202)} - 0.5) * 0.18 END,
         lng = CASE WHEN ${u('id', 201)} < 0.92 THEN -122.68 + (${u('id', 203)} - 0.5) * 0.25 END,
         address = jsonb_build_object('postalCode', '97' || lpad(floor(${u('id', 204)} * 300)::int::text, 3, '0')),
         birthday = CASE WHEN ${u('id', 205)} < 0.7 THEN ($2::timestamptz - interval '1 day' * floor(365.25 * (18 + 70 * ${u('id', 206)})))::date END,
         consent_sms = CASE WHEN phone IS NOT NULL THEN CASE WHEN ${u('id', 207)} < 0.8 THEN 'granted' ELSE 'denied' END END,
         consent_email = CASE WHEN ${u('id', 208)} < 0.05 THEN 'denied' END
       WHERE business_id = ANY($1::uuid[])`,
      [businessIds, anchor],
    );
    log(`  ${customers.rowCount} customers placed in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    started = performance.now();
    const offers = await c.query(
      `UPDATE message SET offer = '{"couponPrefix":"BENCH","validDays":14}'::jsonb WHERE business_id = ANY($1::uuid[]) AND ${u('id', 209)} < 0.3`,
      [businessIds],
    );
    log(`  ${offers.rowCount} messages given an offer in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    await c.query('SET session_replication_role = origin');
    // The product writes a message's offer when it inserts the message; this bulk UPDATE instead left every
    // message index holding a dead copy of 30 % of its entries (message_sent_idx twice its size), which
    // the reports read: rebuilt, as the loader builds them after its COPY.
    started = performance.now();
    await c.query('REINDEX TABLE message');
    log(`  message indexes rebuilt in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    await c.query('VACUUM (ANALYZE) customer');
    await c.query('VACUUM (ANALYZE) message');
  } finally {
    c.release();
  }
}
