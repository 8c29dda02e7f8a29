import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The fairness report (libs/analytics fairness.sql.ts) reads a period's enrolments, messages and
 * offers per customer from indexes alone instead of the tables (at 500,000 customers, 3 million
 * activity rows in 90 days: enrollment and message sequential scans of 0.4 and 2.4 GB):
 * - `enrollment_enrolled_idx`: enrolments by business and time, with customer and campaign (new);
 * - `enrollment_campaign_idx`: one campaign's enrolments, now with customer and time;
 * - `message_sent_idx` (the overview's spend reads) and `message_campaign_idx` (the campaign
 *   report's) also carry the customer;
 * - `message_offer_sent_idx`: sent messages that carried an offer, by business and time (new,
 *   partial: only those messages pay for it).
 * Enrolment and message updates are never HOT anyway (state and status are in index keys and
 * predicates), so the wider entries cost bytes, not extra index writes; the one new index per table
 * is the write cost.
 */
export class FairnessReads1766600000000 implements MigrationInterface {
  name = 'FairnessReads1766600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX enrollment_enrolled_idx ON enrollment (business_id, enrolled_at) INCLUDE (customer_id, campaign_id)`);
    await q.query(`DROP INDEX enrollment_campaign_idx`);
    await q.query(`CREATE INDEX enrollment_campaign_idx ON enrollment (business_id, campaign_id, state) INCLUDE (customer_id, enrolled_at)`);
    await q.query(`DROP INDEX message_sent_idx`);
    await q.query(`CREATE INDEX message_sent_idx ON message (business_id, sent_at) INCLUDE (campaign_id, channel, cost, customer_id) WHERE sent_at IS NOT NULL`);
    await q.query(`DROP INDEX message_campaign_idx`);
    await q.query(`CREATE INDEX message_campaign_idx ON message (business_id, campaign_id, step_id)
                   INCLUDE (variant, channel, status, sent_at, delivered_at, cost, enrollment_id, id, customer_id)`);
    await q.query(`CREATE INDEX message_offer_sent_idx ON message (business_id, sent_at) INCLUDE (campaign_id, channel, customer_id)
                   WHERE sent_at IS NOT NULL AND offer IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX message_offer_sent_idx`);
    await q.query(`DROP INDEX message_campaign_idx`);
    await q.query(`CREATE INDEX message_campaign_idx ON message (business_id, campaign_id, step_id)
                   INCLUDE (variant, channel, status, sent_at, delivered_at, cost, enrollment_id, id)`);
    await q.query(`DROP INDEX message_sent_idx`);
    await q.query(`CREATE INDEX message_sent_idx ON message (business_id, sent_at) INCLUDE (campaign_id, channel, cost) WHERE sent_at IS NOT NULL`);
    await q.query(`DROP INDEX enrollment_campaign_idx`);
    await q.query(`CREATE INDEX enrollment_campaign_idx ON enrollment (business_id, campaign_id, state)`);
    await q.query(`DROP INDEX enrollment_enrolled_idx`);
  }
}
