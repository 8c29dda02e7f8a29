import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DataSource } from 'typeorm';
import { openTestDataSource } from './support/test-database';

/**
 * What stands between the schema and distributing it by tenant (Citus:
 * every tenant table distributed by business_id, colocated). Read from the
 * live catalog after every migration: tables without business_id, unique
 * indexes (primary keys included) without it, foreign keys between tenant
 * tables that do not carry it on both sides, and tenant tables where it may
 * be NULL. The lists below are what docs/scaling.md decides about, entry by
 * entry; a migration that adds a blocker (or removes one) fails here until
 * the document says what happens to it.
 */

/** Tables without business_id: not distributed by it (docs/scaling.md says which kind each becomes). */
const TABLES_WITHOUT_BUSINESS_ID = ['business', 'demo_clock', 'migrations', 'worker_heartbeat'];

/** Unique indexes of tenant tables without business_id: `table.index (columns)`. */
const UNIQUE_WITHOUT_BUSINESS_ID = [
  'api_key.api_key_pkey (id)',
  'api_key.api_key_prefix_key (prefix)',
  'audit_log.audit_log_pkey (id)',
  'campaign.campaign_pkey (id)',
  'campaign_test_send.campaign_test_send_pkey (id)',
  'campaign_version.campaign_version_pkey (campaign_id, version)',
  'customer.customer_pkey (id)',
  'customer_order_summary.customer_order_summary_pkey (customer_id)',
  'engagement.engagement_pkey (id)',
  'enrollment.enrollment_active_uq (campaign_id, customer_id)',
  'enrollment.enrollment_pkey (id)',
  'enrollment.enrollment_trigger_uq (campaign_id, customer_id, trigger_key)',
  'enrollment_step.enrollment_step_pkey (enrollment_id, step_seq)',
  'event.event_pkey (id)',
  'experiment_decision.experiment_decision_pkey (id)',
  'experiment_decision.experiment_decision_uq (campaign_id, version, step_id)',
  'geofence.geofence_pkey (id)',
  'location.location_pkey (id)',
  'location_ping.location_ping_pkey (id)',
  'message.message_pkey (id)',
  'message.message_provider_uq (provider_id)',
  'message.message_step_uq (enrollment_id, step_seq)',
  'message_attempt.message_attempt_pkey (message_id, attempt)',
  'order_attribution.order_attribution_pkey (order_id)',
  'orders.orders_pkey (id)',
  'segment.segment_pkey (id)',
  'sender_email.sender_email_claimed_domain_idx (claimed_domain)',
  'sender_email.sender_email_confirmed_address_idx (address)',
  'template.template_pkey (id)',
  'trigger_inbox.trigger_inbox_pkey (id)',
  'trigger_skip.trigger_skip_pkey (id)',
];

/** Foreign keys between tenant tables without business_id on both sides: `table.constraint → referenced`. */
const FOREIGN_KEYS_WITHOUT_BUSINESS_ID = [
  'campaign_holdout_tally.campaign_holdout_tally_campaign_id_fkey → campaign',
  'campaign_test_send.campaign_test_send_campaign_id_fkey → campaign',
  'campaign_test_send.campaign_test_send_customer_id_fkey → customer',
  'campaign_version.campaign_version_campaign_id_fkey → campaign',
  'customer.customer_nearest_location_id_fkey → location',
  'engagement.engagement_message_id_fkey → message',
  'engagement_message_rollup.engagement_message_rollup_message_id_fkey → message',
  'enrollment.enrollment_campaign_id_fkey → campaign',
  'enrollment.enrollment_customer_id_fkey → customer',
  'enrollment_step.enrollment_step_enrollment_id_fkey → enrollment',
  'event.event_customer_id_fkey → customer',
  'experiment_decision.experiment_decision_campaign_id_fkey → campaign',
  'experiment_sequential_state.experiment_sequential_state_campaign_id_fkey → campaign',
  'geofence.geofence_location_id_fkey → location',
  'geofence_presence.geofence_presence_customer_id_fkey → customer',
  'geofence_presence.geofence_presence_geofence_id_fkey → geofence',
  'location_ping.location_ping_customer_id_fkey → customer',
  'message.message_customer_id_fkey → customer',
  'message.message_enrollment_id_fkey → enrollment',
  'message_attempt.message_attempt_message_id_fkey → message',
  'order_attribution.order_attribution_message_id_fkey → message',
  'order_attribution.order_attribution_order_id_fkey → orders',
  'orders.orders_customer_id_fkey → customer',
  'orders.orders_location_id_fkey → location',
  'trigger_skip.trigger_skip_campaign_id_fkey → campaign',
  'trigger_skip.trigger_skip_customer_id_fkey → customer',
];

const SCALING_DOC = readFileSync(join(__dirname, '../docs/scaling.md'), 'utf8');

describe('distribution by business_id (Citus): what the schema would have to change', () => {
  let db: DataSource;
  beforeAll(async () => ({ dataSource: db } = await openTestDataSource()));
  afterAll(() => db.destroy());

  const tenantTables = async (): Promise<Set<string>> => new Set((await db.query<{ table: string }[]>(
    `SELECT c.relname AS table FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace JOIN pg_attribute a ON a.attrelid = c.oid
      WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND a.attname = 'business_id' AND NOT a.attisdropped`,
  )).map((r) => r.table));

  it('tables without business_id', async () => {
    const rows = await db.query<{ table: string }[]>(
      `SELECT table_name AS table FROM information_schema.tables t WHERE table_schema = 'public' AND table_type = 'BASE TABLE'
         AND NOT EXISTS (SELECT 1 FROM information_schema.columns c WHERE c.table_schema = 'public' AND c.table_name = t.table_name AND c.column_name = 'business_id')
       ORDER BY 1`,
    );
    expect(rows.map((r) => r.table)).toEqual(TABLES_WITHOUT_BUSINESS_ID);
  });

  it('business_id is NOT NULL in every tenant table (a distribution column cannot be NULL)', async () => {
    const rows = await db.query<{ table: string }[]>(
      `SELECT table_name AS table FROM information_schema.columns WHERE table_schema = 'public' AND column_name = 'business_id' AND is_nullable = 'YES' ORDER BY 1`,
    );
    expect(rows).toEqual([]);
  });

  it('unique indexes and primary keys of tenant tables that do not include business_id', async () => {
    const tenant = await tenantTables();
    const rows = await db.query<{ table: string; index: string; columns: string }[]>(
      `SELECT t.relname AS table, i.relname AS index,
              (SELECT string_agg(coalesce(a.attname, 'expression'), ', ' ORDER BY k.ord) FROM unnest(x.indkey) WITH ORDINALITY k(attnum, ord)
                 LEFT JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum) AS columns
         FROM pg_index x JOIN pg_class t ON t.oid = x.indrelid JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_namespace n ON n.oid = t.relnamespace
        WHERE n.nspname = 'public' AND x.indisunique
          AND NOT EXISTS (SELECT 1 FROM unnest(x.indkey) k JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k WHERE a.attname = 'business_id')
        ORDER BY 1, 2`,
    );
    expect(rows.filter((r) => tenant.has(r.table)).map((r) => `${r.table}.${r.index} (${r.columns})`)).toEqual(UNIQUE_WITHOUT_BUSINESS_ID);
  });

  it('foreign keys between tenant tables that do not join on business_id (those to business, a reference table, are fine)', async () => {
    const tenant = await tenantTables();
    const rows = await db.query<{ table: string; name: string; references: string; local: string[]; remote: string[] }[]>(
      `SELECT t.relname AS table, c.conname AS name, f.relname AS references,
              ARRAY(SELECT a.attname::text FROM unnest(c.conkey) k JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k) AS local,
              ARRAY(SELECT a.attname::text FROM unnest(c.confkey) k JOIN pg_attribute a ON a.attrelid = c.confrelid AND a.attnum = k) AS remote
         FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid JOIN pg_class f ON f.oid = c.confrelid JOIN pg_namespace n ON n.oid = t.relnamespace
        WHERE n.nspname = 'public' AND c.contype = 'f' ORDER BY 1, 2`,
    );
    const blocking = rows.filter((r) => tenant.has(r.table) && tenant.has(r.references) && !(r.local.includes('business_id') && r.remote.includes('business_id')));
    expect(blocking.map((r) => `${r.table}.${r.name} → ${r.references}`)).toEqual(FOREIGN_KEYS_WITHOUT_BUSINESS_ID);
  });

  it('docs/scaling.md says what is done about each of them', () => {
    const names = [
      ...TABLES_WITHOUT_BUSINESS_ID,
      ...UNIQUE_WITHOUT_BUSINESS_ID.map((entry) => entry.split(' ')[0].split('.')[1]),
      ...FOREIGN_KEYS_WITHOUT_BUSINESS_ID.map((entry) => entry.split(' ')[0].split('.')[1]),
    ];
    expect(names.filter((name) => !SCALING_DOC.includes(`\`${name}\``))).toEqual([]);
  });
});
