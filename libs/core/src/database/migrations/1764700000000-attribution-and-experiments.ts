import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Attribution, reports and automatic A/B winners (issue 6).
 *
 * - `order_attribution`: at most one row per order (the primary key makes a
 *   replayed order a no-op), naming the message credited with it and how
 *   (`click`, `open` or `coupon`), with the message's campaign, step and
 *   variant copied so revenue by campaign never joins message.
 * - `engagement.revenue`: the order total on the `converted` row written on
 *   the credited message (its `properties` carry the order id), so the
 *   campaign funnel sums revenue from engagement alone.
 * - `experiment_decision`: every automatic winner evaluation that decided
 *   (one per campaign version and split step: the unique index), with the
 *   numbers it rested on. The journey walker sends later arrivals at the
 *   split to `winner`.
 */
export class AttributionAndExperiments1764700000000 implements MigrationInterface {
  name = 'AttributionAndExperiments1764700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE engagement ADD COLUMN revenue numeric(14, 2) NULL`);
    await q.query(`
      CREATE TABLE order_attribution (
        order_id uuid PRIMARY KEY REFERENCES orders(id) ON DELETE CASCADE,
        business_id uuid NOT NULL REFERENCES business(id) ON DELETE CASCADE,
        message_id uuid NOT NULL REFERENCES message(id) ON DELETE CASCADE,
        campaign_id uuid NULL,
        step_id text NULL,
        variant text NULL,
        attribution text NOT NULL CHECK (attribution IN ('click', 'open', 'coupon')),
        touched_at timestamptz NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX order_attribution_campaign_idx ON order_attribution (business_id, campaign_id)`);
    await q.query(`CREATE INDEX order_attribution_message_idx ON order_attribution (message_id)`);
    await q.query(`
      CREATE TABLE experiment_decision (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        business_id uuid NOT NULL REFERENCES business(id) ON DELETE CASCADE,
        campaign_id uuid NOT NULL REFERENCES campaign(id) ON DELETE CASCADE,
        version integer NOT NULL,
        step_id text NOT NULL,
        metric text NOT NULL,
        winner text NOT NULL,
        reason text NOT NULL,
        numbers jsonb NOT NULL,
        decided_at timestamptz NOT NULL
      )`);
    await q.query(`CREATE UNIQUE INDEX experiment_decision_uq ON experiment_decision (campaign_id, version, step_id)`);
    await q.query(`CREATE INDEX experiment_decision_business_idx ON experiment_decision (business_id, campaign_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE experiment_decision`);
    await q.query(`DROP TABLE order_attribution`);
    await q.query(`ALTER TABLE engagement DROP COLUMN revenue`);
  }
}
