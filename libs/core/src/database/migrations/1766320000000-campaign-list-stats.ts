import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The campaign list's figures read each listed campaign's sends from the daily
 * spend roll-up; its only index leads with the day, so finding one campaign's
 * rows meant reading every row of the business (10,000 campaigns × their days).
 * This index finds them directly and carries what is summed.
 */
export class CampaignListStats1766320000000 implements MigrationInterface {
  name = 'CampaignListStats1766320000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX message_spend_campaign_idx ON message_spend (business_id, campaign_id) INCLUDE (sent, cost)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX message_spend_campaign_idx`);
  }
}
