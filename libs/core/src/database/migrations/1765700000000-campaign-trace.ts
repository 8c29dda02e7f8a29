import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What the "why did / didn't they get it" trace needs that was not recorded,
 * plus deleting campaigns and test sends (issue 17).
 *
 * - `enrollment_step`: one row per journey step that queued no message
 *   (waits with their end, the branch taken, the split variant, updates,
 *   exits, message steps skipped for the holdout group) and per step an
 *   enrolment never ran (goal reached, campaign archived, journey error).
 *   Message steps that queued a message are traced by the message row itself
 *   (same enrolment and step_seq), so a one-email broadcast writes nothing
 *   here. Written by the journey pass in the transaction that moves the
 *   enrolment, as one multi-row insert per batch.
 * - `campaign.deleted_at`: an archived campaign that enrolled anyone is
 *   soft-deleted (hidden from the campaign API, its enrolments, messages and
 *   report figures kept); drafts and archived campaigns that never ran are
 *   deleted outright.
 * - `campaign_test_send`: test sends (POST /v1/campaigns/:id/test). Kept out
 *   of `message` on purpose, so reports, spend, frequency caps, attribution,
 *   engagement segments and the send queue never see them; also the ledger
 *   of the per-business hourly limit.
 */
export class CampaignTrace1765700000000 implements MigrationInterface {
  name = 'CampaignTrace1765700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE enrollment_step (
        enrollment_id uuid NOT NULL REFERENCES enrollment(id) ON DELETE CASCADE,
        step_seq integer NOT NULL,
        business_id uuid NOT NULL,
        step_id text NOT NULL,
        outcome text NOT NULL CHECK (outcome IN ('skipped', 'waited', 'branched', 'split', 'updated', 'exited', 'failed')),
        -- skipped: holdout | goal_reached | campaign_archived; branched: yes | no; split: the variant; failed: journey_error.
        detail text NULL,
        -- waited: when the wait ends.
        until timestamptz NULL,
        at timestamptz NOT NULL,
        PRIMARY KEY (enrollment_id, step_seq)
      )`);
    await q.query(`ALTER TABLE campaign ADD COLUMN deleted_at timestamptz NULL`);
    await q.query(`
      CREATE TABLE campaign_test_send (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        business_id uuid NOT NULL REFERENCES business(id) ON DELETE CASCADE,
        campaign_id uuid NOT NULL REFERENCES campaign(id) ON DELETE CASCADE,
        campaign_version integer NOT NULL,
        step_id text NOT NULL,
        channel text NOT NULL CHECK (channel IN ('email', 'sms')),
        to_address text NOT NULL,
        -- The customer whose data was rendered; null = the sample customer.
        customer_id uuid NULL REFERENCES customer(id) ON DELETE SET NULL,
        api_key_id uuid NULL,
        status text NOT NULL CHECK (status IN ('sending', 'sent', 'failed')),
        subject text NULL,
        provider_id text NULL,
        error_code text NULL,
        error text NULL,
        created_at timestamptz NOT NULL,
        sent_at timestamptz NULL
      )`);
    await q.query(`CREATE INDEX campaign_test_send_business_idx ON campaign_test_send (business_id, created_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE campaign_test_send`);
    await q.query(`ALTER TABLE campaign DROP COLUMN deleted_at`);
    await q.query(`DROP TABLE enrollment_step`);
  }
}
