import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Engagement recording (issue 6): what the open pixel, click redirects,
 * unsubscribe page and Twilio inbound webhook write.
 *
 * - Every hit is a row (totals); uniques are counted per (message, type) in
 *   queries. `machine` flags hits from privacy proxies, prefetchers and link
 *   scanners (`machine_reason` says which rule), so reports can show human
 *   and machine opens apart.
 * - `step_id` and `variant` are copied from the message, like `campaign_id`,
 *   so the campaign funnel (per step and variant: unique opened human /
 *   machine, clicked, unsubscribed, ...) is one index-only scan of
 *   engagement_campaign_funnel_idx, without joining 10M rows to message.
 * - `link_index` / `url` say which link a click followed; `properties` holds
 *   the rare extras (an open implied by a click, the keyword of a reply).
 * - engagement_message_idx serves per-message lookups (attribution, "was this
 *   message opened yet") and the ON DELETE CASCADE from message.
 * - business_sms_sender_idx finds the business owning the number an inbound
 *   SMS was sent to.
 */
export class EngagementRecording1764500000000 implements MigrationInterface {
  name = 'EngagementRecording1764500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE engagement
        ADD COLUMN step_id text NULL,
        ADD COLUMN variant text NULL,
        ADD COLUMN machine boolean NOT NULL DEFAULT false,
        ADD COLUMN machine_reason text NULL,
        ADD COLUMN link_index integer NULL CHECK (link_index >= 0),
        ADD COLUMN url text NULL,
        ADD COLUMN properties jsonb NULL`);
    await q.query(`ALTER TABLE engagement ADD CONSTRAINT engagement_type_check CHECK (type IN
      ('delivered', 'opened', 'clicked', 'replied', 'unsubscribed', 'bounced', 'failed', 'converted'))`);
    await q.query(`CREATE INDEX engagement_message_idx ON engagement (message_id, type)`);
    await q.query(`CREATE INDEX engagement_campaign_funnel_idx ON engagement (business_id, campaign_id, type, step_id, variant, message_id)
      INCLUDE (machine) WHERE campaign_id IS NOT NULL`);
    await q.query(`CREATE INDEX business_sms_sender_idx ON business ((settings #>> '{sender,sms,from}'))`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const index of ['business_sms_sender_idx', 'engagement_campaign_funnel_idx', 'engagement_message_idx']) await q.query(`DROP INDEX ${index}`);
    await q.query(`ALTER TABLE engagement DROP CONSTRAINT engagement_type_check`);
    await q.query(`ALTER TABLE engagement DROP COLUMN step_id, DROP COLUMN variant, DROP COLUMN machine, DROP COLUMN machine_reason,
      DROP COLUMN link_index, DROP COLUMN url, DROP COLUMN properties`);
  }
}
