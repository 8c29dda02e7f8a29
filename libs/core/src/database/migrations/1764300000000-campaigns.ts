import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Campaigns and delivery: templates, versioned campaigns, enrolments (the job
 * rows the worker claims by `next_run_at`), messages (the send queue, one row
 * per step execution, unique per enrolment and step visit), every provider
 * attempt, the suppression list, and the trigger inbox ingest writes to in
 * the same transaction as the event or customer it announces.
 */
export class Campaigns1764300000000 implements MigrationInterface {
  name = 'Campaigns1764300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE template (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        business_id uuid NOT NULL REFERENCES business(id) ON DELETE CASCADE,
        name text NOT NULL,
        channel text NOT NULL CHECK (channel IN ('email', 'sms')),
        subject text NULL,
        html text NULL,
        text text NULL,
        body text NULL,
        preset_key text NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        deleted_at timestamptz NULL
      )`);
    await q.query(`CREATE INDEX template_business_idx ON template (business_id, created_at, id) WHERE deleted_at IS NULL`);
    await q.query(`
      CREATE TABLE campaign (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        business_id uuid NOT NULL REFERENCES business(id) ON DELETE CASCADE,
        name text NOT NULL,
        status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'active', 'paused', 'archived')),
        version integer NOT NULL DEFAULT 1,
        trigger_type text NOT NULL,
        -- Event name, segment id or geofence id of the trigger, for matching without reading the definition.
        trigger_key text NULL,
        preset text NULL,
        -- Date and broadcast triggers: when the worker should look at this campaign next.
        next_scan_at timestamptz NULL,
        scanned_until timestamptz NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        activated_at timestamptz NULL
      )`);
    await q.query(`CREATE INDEX campaign_business_idx ON campaign (business_id, created_at, id)`);
    await q.query(`CREATE INDEX campaign_active_trigger_idx ON campaign (business_id, trigger_type, trigger_key) WHERE status = 'active'`);
    await q.query(`CREATE INDEX campaign_scan_idx ON campaign (next_scan_at) WHERE status = 'active' AND next_scan_at IS NOT NULL`);
    await q.query(`
      CREATE TABLE campaign_version (
        campaign_id uuid NOT NULL REFERENCES campaign(id) ON DELETE CASCADE,
        version integer NOT NULL,
        business_id uuid NOT NULL REFERENCES business(id) ON DELETE CASCADE,
        definition jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (campaign_id, version)
      )`);
    await q.query(`
      CREATE TABLE enrollment (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        business_id uuid NOT NULL REFERENCES business(id) ON DELETE CASCADE,
        campaign_id uuid NOT NULL REFERENCES campaign(id) ON DELETE CASCADE,
        version integer NOT NULL,
        customer_id uuid NOT NULL REFERENCES customer(id) ON DELETE CASCADE,
        -- What enrolled the customer (an event id, a birthday occurrence, a broadcast): enrolling twice for one cause is a no-op.
        trigger_key text NOT NULL,
        state text NOT NULL DEFAULT 'active' CHECK (state IN ('active', 'completed', 'exited', 'converted', 'failed')),
        step_id text NULL,
        -- Counts step executions; (enrollment, step_seq) identifies one execution and so at most one message.
        step_seq integer NOT NULL DEFAULT 0,
        next_run_at timestamptz NULL,
        holdout boolean NOT NULL DEFAULT false,
        variants jsonb NOT NULL DEFAULT '{}'::jsonb,
        context jsonb NOT NULL DEFAULT '{}'::jsonb,
        enrolled_at timestamptz NOT NULL,
        goal_deadline timestamptz NULL,
        ended_at timestamptz NULL,
        end_reason text NULL,
        claimed_until timestamptz NULL,
        attempts integer NOT NULL DEFAULT 0,
        last_error text NULL
      )`);
    await q.query(`CREATE UNIQUE INDEX enrollment_trigger_uq ON enrollment (campaign_id, customer_id, trigger_key)`);
    await q.query(`CREATE UNIQUE INDEX enrollment_active_uq ON enrollment (campaign_id, customer_id) WHERE state = 'active'`);
    await q.query(`CREATE INDEX enrollment_due_idx ON enrollment (next_run_at) WHERE state = 'active'`);
    await q.query(`CREATE INDEX enrollment_customer_idx ON enrollment (business_id, customer_id, campaign_id, enrolled_at)`);
    await q.query(`CREATE INDEX enrollment_campaign_idx ON enrollment (business_id, campaign_id, state)`);
    await q.query(`
      ALTER TABLE message
        ADD COLUMN enrollment_id uuid NULL REFERENCES enrollment(id) ON DELETE CASCADE,
        ADD COLUMN campaign_version integer NULL,
        ADD COLUMN step_id text NULL,
        ADD COLUMN step_seq integer NULL,
        ADD COLUMN variant text NULL,
        ADD COLUMN template_id uuid NULL,
        ADD COLUMN priority smallint NOT NULL DEFAULT 1,
        ADD COLUMN to_address text NULL,
        ADD COLUMN subject text NULL,
        ADD COLUMN coupon_code text NULL,
        ADD COLUMN offer jsonb NULL,
        ADD COLUMN links jsonb NULL,
        ADD COLUMN next_attempt_at timestamptz NULL,
        ADD COLUMN claimed_until timestamptz NULL,
        ADD COLUMN attempts integer NOT NULL DEFAULT 0,
        ADD COLUMN held_reason text NULL,
        ADD COLUMN provider_id text NULL,
        ADD COLUMN error_code text NULL,
        ADD COLUMN error text NULL,
        ADD COLUMN sms_segments integer NULL,
        ADD COLUMN cost numeric(12, 5) NULL,
        ADD COLUMN delivered_at timestamptz NULL,
        ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now()`);
    await q.query(`ALTER TABLE message ADD CONSTRAINT message_status_check CHECK (status IN
      ('queued', 'held', 'sending', 'sent', 'delivered', 'undelivered', 'failed', 'bounced', 'suppressed'))`);
    await q.query(`CREATE UNIQUE INDEX message_step_uq ON message (enrollment_id, step_seq) WHERE enrollment_id IS NOT NULL`);
    await q.query(`CREATE INDEX message_due_idx ON message (next_attempt_at, priority) WHERE status IN ('queued', 'held')`);
    await q.query(`CREATE INDEX message_sending_idx ON message (claimed_until) WHERE status = 'sending'`);
    await q.query(`CREATE UNIQUE INDEX message_provider_uq ON message (provider_id) WHERE provider_id IS NOT NULL`);
    await q.query(`CREATE UNIQUE INDEX message_coupon_uq ON message (business_id, coupon_code) WHERE coupon_code IS NOT NULL`);
    await q.query(`CREATE INDEX message_campaign_idx ON message (business_id, campaign_id, step_id)`);
    await q.query(`
      CREATE TABLE message_attempt (
        message_id uuid NOT NULL REFERENCES message(id) ON DELETE CASCADE,
        attempt integer NOT NULL,
        business_id uuid NOT NULL REFERENCES business(id) ON DELETE CASCADE,
        started_at timestamptz NOT NULL,
        finished_at timestamptz NOT NULL,
        outcome text NOT NULL CHECK (outcome IN ('accepted', 'transient', 'permanent')),
        code text NULL,
        detail text NULL,
        PRIMARY KEY (message_id, attempt)
      )`);
    await q.query(`
      CREATE TABLE suppression (
        business_id uuid NOT NULL REFERENCES business(id) ON DELETE CASCADE,
        channel text NOT NULL CHECK (channel IN ('email', 'sms')),
        address text NOT NULL,
        reason text NOT NULL,
        source text NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (business_id, channel, address)
      )`);
    await q.query(`
      CREATE TABLE trigger_inbox (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        business_id uuid NOT NULL,
        customer_id uuid NOT NULL,
        kind text NOT NULL CHECK (kind IN ('customer_created', 'event')),
        event_id bigint NULL,
        event_type text NULL,
        properties jsonb NULL,
        occurred_at timestamptz NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['trigger_inbox', 'suppression', 'message_attempt']) await q.query(`DROP TABLE ${table}`);
    for (const index of ['message_step_uq', 'message_due_idx', 'message_sending_idx', 'message_provider_uq', 'message_coupon_uq', 'message_campaign_idx']) {
      await q.query(`DROP INDEX ${index}`);
    }
    await q.query(`ALTER TABLE message DROP CONSTRAINT message_status_check`);
    const columns = [
      'enrollment_id', 'campaign_version', 'step_id', 'step_seq', 'variant', 'template_id', 'priority', 'to_address', 'subject', 'coupon_code', 'offer',
      'links', 'next_attempt_at', 'claimed_until', 'attempts', 'held_reason', 'provider_id', 'error_code', 'error', 'sms_segments', 'cost',
      'delivered_at', 'updated_at',
    ];
    await q.query(`ALTER TABLE message ${columns.map((c) => `DROP COLUMN ${c}`).join(', ')}`);
    for (const table of ['enrollment', 'campaign_version', 'campaign', 'template']) await q.query(`DROP TABLE ${table}`);
  }
}
