import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `experiment_sequential_state`: what the always-valid A/B tests of a split have seen so far
 * (per metric and challenger: the running minimum p-value, the intersected confidence sequence,
 * the looks counted), one row per campaign version and split. The worker's experiment-winners
 * pass continues from it and writes it back each pass, so successive looks (and the report,
 * which reads it) never contradict each other: a p-value once reached is not forgotten.
 */
export class ExperimentSequentialState1766500000000 implements MigrationInterface {
  name = 'ExperimentSequentialState1766500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE experiment_sequential_state (
        business_id uuid NOT NULL REFERENCES business(id) ON DELETE CASCADE,
        campaign_id uuid NOT NULL REFERENCES campaign(id) ON DELETE CASCADE,
        version integer NOT NULL,
        step_id text NOT NULL,
        state jsonb NOT NULL,
        updated_at timestamptz NOT NULL,
        PRIMARY KEY (business_id, campaign_id, version, step_id)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE experiment_sequential_state`);
  }
}
