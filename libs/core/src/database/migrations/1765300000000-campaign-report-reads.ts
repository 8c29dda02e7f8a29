import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `message_campaign_idx` carries what the campaign report reads of a
 * campaign's messages (variant, channel, status, send and delivery times,
 * cost, enrolment and id), so the funnel's sends and the experiment arms'
 * clicked messages are read from the index alone instead of the heap
 * (1.66 million messages in a campaign: funnel 549 → 267 ms). Message updates
 * are never HOT anyway (status is in partial-index predicates), so the cost
 * on writes is only the wider entries.
 */
export class CampaignReportReads1765300000000 implements MigrationInterface {
  name = 'CampaignReportReads1765300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX message_campaign_idx`);
    await q.query(`CREATE INDEX message_campaign_idx ON message (business_id, campaign_id, step_id)
                   INCLUDE (variant, channel, status, sent_at, delivered_at, cost, enrollment_id, id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX message_campaign_idx`);
    await q.query(`CREATE INDEX message_campaign_idx ON message (business_id, campaign_id, step_id)`);
  }
}
