import { DynamicModule, Global, Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditLogService } from './audit/audit-log.service';
import { AuditTrail } from './audit/audit-trail';
import { AuditRepository } from './audit/audit.repository';
import { APP_CONFIG, type AppConfig } from './config/app-config';
import { CLOCK, systemClock } from './clock';
import { DemoClock } from './demo-clock';
import { CustomerExportRepository } from './customers/customer-export.repository';
import { CustomerExportService } from './customers/customer-export.service';
import { CustomerResolver } from './customers/customer-resolver';
import { CustomerRepository } from './customers/customer.repository';
import { CustomerService } from './customers/customer.service';
import { CustomerErasureRepository } from './customers/erasure/customer-erasure.repository';
import { CustomerErasureService } from './customers/erasure/customer-erasure.service';
import { IdentityHashKey } from './customers/erasure/identity-hash';
import { CustomerImportService } from './customers/import/customer-import.service';
import { createDataSource } from './database/data-source';
import { EventIngestQueue } from './events/event-ingest-queue';
import { EventRepository } from './events/event.repository';
import { EventService } from './events/event.service';
import { LocationRepository } from './locations/location.repository';
import { LocationService } from './locations/location.service';
import { OrderRepository } from './orders/order.repository';
import { OrderService } from './orders/order.service';
import { OrderHooks } from './orders/order-hooks';
import { TenancyRepository } from './tenancy/tenancy.repository';
import { TenancyService } from './tenancy/tenancy.service';
import { WorkerHeartbeatRepository } from './ops/worker-heartbeat.repository';
import { SegmentStalenessRepository } from './ops/segment-staleness.repository';
import { ReadinessCheck } from './ops/readiness-check';
import { Metrics } from './ops/metrics';
import { PoolMetrics } from './ops/metrics-database';
import { OpsGaugesRepository } from './ops/ops-gauges.repository';
import { DatabaseLifecycle } from './database/database-lifecycle';
import { BusinessSettingsRepository } from './tenancy/business-settings.repository';
import { BusinessSettingsService } from './tenancy/business-settings.service';
import { SenderEmailRepository } from './tenancy/sender-email.repository';
import { SenderEmailService } from './tenancy/sender-email.service';

const PROVIDERS = [
  AuditRepository, AuditTrail, AuditLogService, TenancyRepository, TenancyService, CustomerRepository, CustomerService, CustomerResolver, CustomerExportService, CustomerExportRepository,
  CustomerImportService, EventRepository, EventIngestQueue, EventService, OrderRepository, OrderService, LocationRepository, LocationService, WorkerHeartbeatRepository, SegmentStalenessRepository,
  BusinessSettingsRepository, BusinessSettingsService, SenderEmailRepository, SenderEmailService, OrderHooks, ReadinessCheck,
  CustomerErasureRepository, CustomerErasureService, IdentityHashKey, OpsGaugesRepository,
];

/** Config, the database connection and the tenant-scoped core use cases, shared by API and worker. */
@Global()
@Module({})
export class CoreModule {
  /**
   * `requestTimeouts`: the API bounds every statement (DATABASE_STATEMENT_TIMEOUT_MS) so one
   * tenant's slow query cannot hold a connection; workers run long refreshes and only bound
   * the wait for a connection.
   */
  static forRoot(config: AppConfig, applicationName: string, requestTimeouts = false): DynamicModule {
    if (!config.databaseUrl) throw new Error('DATABASE_URL must be resolved before the app module is built');
    const url = config.databaseUrl;
    return {
      module: CoreModule,
      providers: [
        { provide: APP_CONFIG, useValue: config },
        {
          provide: DataSource,
          useFactory: async () =>
            createDataSource(url, config.databasePoolSize, applicationName, {
              acquireTimeoutMs: config.databaseAcquireTimeoutMs,
              statementTimeoutMs: requestTimeouts ? config.databaseStatementTimeoutMs : 0,
            }).initialize(),
        },
        {
          provide: CLOCK,
          inject: [DataSource],
          useFactory: (dataSource: DataSource) => (config.demoClock ? new DemoClock(dataSource).start() : systemClock()),
        },
        // One registry per process, whichever modules ask for it.
        { provide: Metrics, useFactory: () => Metrics.forProcess() },
        ...PROVIDERS,
        DatabaseLifecycle,
        PoolMetrics,
      ],
      exports: [APP_CONFIG, CLOCK, DataSource, Metrics, ...PROVIDERS],
    };
  }
}
