import { DataSource, MigrationExecutor } from 'typeorm';
import { ApiKeyEntity, AuditLogEntity, BusinessEntity, LocationEntity } from './entities';
import { InitialSchema1764000000000 } from './migrations/1764000000000-initial-schema';
import { GeoAndSegments1764100000000 } from './migrations/1764100000000-geo-and-segments';
import { SegmentRefreshCost1764200000000 } from './migrations/1764200000000-segment-refresh-cost';
import { Campaigns1764300000000 } from './migrations/1764300000000-campaigns';
import { DemoClock1764400000000 } from './migrations/1764400000000-demo-clock';
import { EngagementRecording1764500000000 } from './migrations/1764500000000-engagement-recording';
import { AttributionAndExperiments1764700000000 } from './migrations/1764700000000-attribution-and-experiments';
import { SegmentRefreshSpeed1764800000000 } from './migrations/1764800000000-segment-refresh-speed';
import { SendQueueOrder1764900000000 } from './migrations/1764900000000-send-queue-order';
import { EngagementMessageKey1765000000000 } from './migrations/1765000000000-engagement-message-key';
import { OverviewSpendReads1765100000000 } from './migrations/1765100000000-overview-spend-reads';
import { CustomerOrderSummary1765200000000 } from './migrations/1765200000000-customer-order-summary';
import { CampaignReportReads1765300000000 } from './migrations/1765300000000-campaign-report-reads';
import { MessageSpendDaily1765400000000 } from './migrations/1765400000000-message-spend-daily';
import { CustomerSearch1765500000000 } from './migrations/1765500000000-customer-search';
import { ConsentHistory1765600000000 } from './migrations/1765600000000-consent-history';
import { CampaignTrace1765700000000 } from './migrations/1765700000000-campaign-trace';
import { EventTypeName1765800000000 } from './migrations/1765800000000-event-type-name';
import { SmsSenderOwner1765900000000 } from './migrations/1765900000000-sms-sender-owner';
import { SenderEmailConfirmation1766000000000 } from './migrations/1766000000000-sender-email-confirmation';
import { ErasedIdentity1766100000000 } from './migrations/1766100000000-erased-identity';
import { LateData1766200000000 } from './migrations/1766200000000-late-data';
import { TemplateReadsEvent1766300000000 } from './migrations/1766300000000-template-reads-event';
import { TemplatePartials1766300000001 } from './migrations/1766300000001-template-partials';
import { TemplatePreheader1766300000002 } from './migrations/1766300000002-template-preheader';
import { CampaignListStats1766320000000 } from './migrations/1766320000000-campaign-list-stats';
import { OrdersCustomerTotal1766340000000 } from './migrations/1766340000000-orders-customer-total';
import { AuditTrail1766400000000 } from './migrations/1766400000000-audit-trail';
import { EngagementRetention1766410000000 } from './migrations/1766410000000-engagement-retention';
import { MessageHeldIndex1766420000000 } from './migrations/1766420000000-message-held-index';
import { ExperimentSequentialState1766500000000 } from './migrations/1766500000000-experiment-sequential-state';
import { HoldoutTally1766530000000 } from './migrations/1766530000000-holdout-tally';
import { FairnessReads1766600000000 } from './migrations/1766600000000-fairness-reads';

export const ENTITIES = [BusinessEntity, ApiKeyEntity, LocationEntity, AuditLogEntity];
export const MIGRATIONS = [InitialSchema1764000000000, GeoAndSegments1764100000000, SegmentRefreshCost1764200000000, Campaigns1764300000000, DemoClock1764400000000,
  EngagementRecording1764500000000, AttributionAndExperiments1764700000000, SegmentRefreshSpeed1764800000000,
  SendQueueOrder1764900000000, EngagementMessageKey1765000000000, OverviewSpendReads1765100000000,
  CustomerOrderSummary1765200000000, CampaignReportReads1765300000000,
  MessageSpendDaily1765400000000,
  CustomerSearch1765500000000,
  ConsentHistory1765600000000,
  CampaignTrace1765700000000,
  EventTypeName1765800000000,
  SmsSenderOwner1765900000000,
  SenderEmailConfirmation1766000000000, ErasedIdentity1766100000000, LateData1766200000000,
  TemplateReadsEvent1766300000000, TemplatePartials1766300000001, TemplatePreheader1766300000002, CampaignListStats1766320000000, OrdersCustomerTotal1766340000000,
  AuditTrail1766400000000,
  EngagementRetention1766410000000,
  MessageHeldIndex1766420000000,
  ExperimentSequentialState1766500000000, HoldoutTally1766530000000, FairnessReads1766600000000];

export interface PoolLimits {
  /** How long a query waits for a free connection before failing (0 = forever). */
  acquireTimeoutMs?: number;
  /** How long one statement may run before PostgreSQL cancels it (0 = no limit). */
  statementTimeoutMs?: number;
}

/** A DataSource for the app schema. Never synchronizes: the schema is migrations only. */
export function createDataSource(url: string, poolSize = 10, applicationName = 'localreach', limits: PoolLimits = {}): DataSource {
  return new DataSource({
    type: 'postgres',
    url,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    synchronize: false,
    migrationsRun: false,
    logging: false,
    applicationName,
    extra: {
      max: poolSize,
      ...(limits.acquireTimeoutMs ? { connectionTimeoutMillis: limits.acquireTimeoutMs } : {}),
      ...(limits.statementTimeoutMs ? { statement_timeout: limits.statementTimeoutMs } : {}),
    },
  });
}

// Any fixed number works; it only has to be the same in every process.
const MIGRATION_LOCK_KEY = 7_301_955_021;

/**
 * Runs pending migrations in one transaction that first takes a transaction
 * advisory lock, so several API and worker replicas starting together migrate
 * once. A transaction lock, not a session one: through a transaction-mode
 * pooler (PgBouncer) the unlock of a session lock may reach another server
 * connection, leaving the lock held and every later start waiting forever.
 * All or nothing: a failing migration leaves none of this run applied.
 */
export async function runMigrations(dataSource: DataSource): Promise<string[]> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.startTransaction();
    await runner.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK_KEY]);
    const executor = new MigrationExecutor(dataSource, runner);
    executor.transaction = 'all';
    const applied = await executor.executePendingMigrations();
    await runner.commitTransaction();
    return applied.map((m) => m.name);
  } catch (error) {
    if (runner.isTransactionActive) await runner.rollbackTransaction().catch(() => undefined);
    throw error;
  } finally {
    await runner.release();
  }
}

/** Opens a short-lived connection to `url`, applies pending migrations and closes it. */
export async function migrateDatabase(url: string): Promise<string[]> {
  const dataSource = await createDataSource(url, 2, 'localreach-migrate').initialize();
  try {
    return await runMigrations(dataSource);
  } finally {
    await dataSource.destroy();
  }
}
