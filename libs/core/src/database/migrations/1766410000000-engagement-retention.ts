import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Retention (issue 21): engagement hits older than ENGAGEMENT_RETENTION_DAYS
 * are moved into two roll-ups, and location pings older than
 * LOCATION_PING_RETENTION_DAYS are deleted.
 *
 * - engagement_message_rollup: per (message, type) the number of hits, of
 *   human hits, and the first and last hit. Everything the reports derive
 *   per message survives: unique and human-unique counts (distinct messages
 *   across raw rows and roll-up), totals, who clicked or opened in an A/B arm
 *   (message → enrolment), and "opened / clicked in a window" for segment
 *   conditions as long as the window ends after the last hit.
 * - engagement_period_rollup: per campaign, type and quarter hour (UTC) the
 *   hits and human hits, for the campaign's per-day series: every zone's
 *   offset today is a whole number of quarter hours, so a local day is a
 *   union of quarter hours whatever zone the business moves to later.
 * - engagement_retention_watermark: per business, the age before which the
 *   last completed run left no raw hits (informational: readers never filter
 *   on it, because a row is moved in one statement and is therefore in
 *   exactly one place at any time).
 * - `converted` rows are not rolled up: one per attributed order, they carry
 *   the revenue and are kept as long as the orders they credit.
 * - engagement_retention_idx / location_ping_time_idx find the old rows
 *   oldest first without scanning the tables.
 */
export class EngagementRetention1766410000000 implements MigrationInterface {
  name = 'EngagementRetention1766410000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE engagement_message_rollup (
        business_id uuid NOT NULL REFERENCES business(id) ON DELETE CASCADE,
        message_id uuid NOT NULL REFERENCES message(id) ON DELETE CASCADE,
        type text NOT NULL,
        customer_id uuid NOT NULL,
        campaign_id uuid NULL,
        step_id text NULL,
        variant text NULL,
        hits integer NOT NULL CHECK (hits > 0),
        human_hits integer NOT NULL CHECK (human_hits BETWEEN 0 AND hits),
        first_at timestamptz NOT NULL,
        last_at timestamptz NOT NULL,
        PRIMARY KEY (business_id, message_id, type)
      )`);
    await q.query(`CREATE INDEX engagement_message_rollup_campaign_idx ON engagement_message_rollup (business_id, campaign_id, type, step_id, variant, message_id)
      INCLUDE (hits, human_hits) WHERE campaign_id IS NOT NULL`);
    await q.query(`CREATE INDEX engagement_message_rollup_customer_idx ON engagement_message_rollup (business_id, customer_id, type, last_at) INCLUDE (first_at, campaign_id)`);
    await q.query(`
      CREATE TABLE engagement_period_rollup (
        business_id uuid NOT NULL REFERENCES business(id) ON DELETE CASCADE,
        campaign_id uuid NOT NULL,
        type text NOT NULL,
        period_start timestamptz NOT NULL,
        hits integer NOT NULL CHECK (hits > 0),
        human_hits integer NOT NULL CHECK (human_hits BETWEEN 0 AND hits),
        PRIMARY KEY (business_id, campaign_id, type, period_start)
      )`);
    await q.query(`
      CREATE TABLE engagement_retention_watermark (
        business_id uuid PRIMARY KEY REFERENCES business(id) ON DELETE CASCADE,
        rolled_up_before timestamptz NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    // IF NOT EXISTS: on a large installation an operator may build them first with CREATE INDEX CONCURRENTLY (same
    // definitions), since building them here holds off engagement and ping inserts for the time it takes (~10 s per 10M rows).
    await q.query(`CREATE INDEX IF NOT EXISTS engagement_retention_idx ON engagement (occurred_at) WHERE type <> 'converted'`);
    await q.query(`CREATE INDEX IF NOT EXISTS location_ping_time_idx ON location_ping (occurred_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX location_ping_time_idx`);
    await q.query(`DROP INDEX engagement_retention_idx`);
    await q.query(`DROP TABLE engagement_retention_watermark`);
    await q.query(`DROP TABLE engagement_period_rollup`);
    await q.query(`DROP TABLE engagement_message_rollup`);
  }
}
