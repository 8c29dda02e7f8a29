import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Late and out-of-order data (issue 18).
 * - enrollment.anchored_at: when the trigger happened (the event's occurredAt,
 *   the birthday's fire time…), which "since enrolment" windows, goal
 *   windows and a journey's first waits count from. Null on enrolments made
 *   before it, which are read as anchored at enrolled_at: a backfill rewrote
 *   every row (73 s and +37% table size on 1,000,000 enrolments, the journey
 *   worker blocked meanwhile), adding a nullable column is instant.
 * - enrollment.local_day_ends_at: for a run scheduled at a local time (date
 *   trigger, broadcast at a time, "wait until"), the end of that local day:
 *   a run the worker reaches after it is skipped, not sent a day late.
 * - message.send_by: a catch-up send goes no later than this (the end of its
 *   local day), whatever quiet hours or the frequency cap say.
 * - trigger_skip: triggers a campaign ignored (an event older than its
 *   maxEventAge), so "why didn't they get it" can say so.
 */
export class LateData1766200000000 implements MigrationInterface {
  name = 'LateData1766200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE enrollment ADD COLUMN anchored_at timestamptz NULL, ADD COLUMN local_day_ends_at timestamptz NULL`);
    await q.query(`ALTER TABLE message ADD COLUMN send_by timestamptz NULL`);
    await q.query(`
      CREATE TABLE trigger_skip (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        business_id uuid NOT NULL REFERENCES business(id) ON DELETE CASCADE,
        campaign_id uuid NOT NULL REFERENCES campaign(id) ON DELETE CASCADE,
        version integer NOT NULL,
        customer_id uuid NOT NULL REFERENCES customer(id) ON DELETE CASCADE,
        event_id bigint NULL,
        event_type text NULL,
        reason text NOT NULL,
        detail text NOT NULL,
        occurred_at timestamptz NOT NULL,
        at timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX trigger_skip_customer_idx ON trigger_skip (business_id, customer_id, at DESC, id DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE trigger_skip`);
    await q.query(`ALTER TABLE message DROP COLUMN send_by`);
    await q.query(`ALTER TABLE enrollment DROP COLUMN anchored_at, DROP COLUMN local_day_ends_at`);
  }
}
