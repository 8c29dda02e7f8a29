import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Balanced holdouts (libs/campaigns holdout-balance): each campaign with a holdout carries its
 * systematic-sampling phase, started uniformly at random when its first enrolment comes, and its
 * running counts. Enrolling locks the campaign's row for the transaction, so parallel enrolments
 * take the phase one after the other and the share stays within one enrolment of the setting.
 */
export class HoldoutTally1766530000000 implements MigrationInterface {
  name = 'HoldoutTally1766530000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE campaign_holdout_tally (
        business_id uuid NOT NULL REFERENCES business(id) ON DELETE CASCADE,
        campaign_id uuid NOT NULL REFERENCES campaign(id) ON DELETE CASCADE,
        phase float8 NOT NULL DEFAULT random() CHECK (phase >= 0 AND phase < 1),
        enrolled bigint NOT NULL DEFAULT 0,
        held bigint NOT NULL DEFAULT 0,
        PRIMARY KEY (business_id, campaign_id)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE campaign_holdout_tally`);
  }
}
