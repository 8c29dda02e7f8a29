import { randomUUID } from 'node:crypto';
import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { TerminusModule } from '@nestjs/terminus';
import { LoggerModule } from 'nestjs-pino';
import { ThrottlerModule } from '@nestjs/throttler';
import { CoreModule, DatabaseGaugeMetrics, redactingPinoOptions, type AppConfig } from '@localreach/core';
import { rateLimitOptions, RateLimitGuard } from './common/rate-limits';
import { AuditLogController } from './audit/audit-log.controller';
import { BusinessesController } from './businesses/businesses.controller';
import { ApiKeyGuard } from './common/auth';
import { UnsafePathParamsGuard } from './common/unsafe-input';
import { HttpErrorFilter } from './common/http-exception.filter';
import { CustomerImportController } from './customers/customer-import.controller';
import { CustomersController } from './customers/customers.controller';
import { EventsController } from './events/events.controller';
import { GeoApiModule } from './geofences/geo-api.module';
import { HealthController } from './health/health.controller';
import { ReadinessController } from './health/readiness.controller';
import { MetricsController } from './health/metrics.controller';
import { LocationsController } from './locations/locations.controller';
import { OrdersController } from './orders/orders.controller';
import { SegmentsController } from './segments/segments.controller';
import { SegmentsModule } from '@localreach/segmentation';
import { GeoModule } from '@localreach/geo';
import { DeliveryStatusModule } from '@localreach/campaigns/delivery';
import { TwilioWebhooksController } from './webhooks/twilio-webhooks.controller';
import { CampaignsApiModule } from './campaigns/campaigns-api.module';
import { TemplatesApiModule } from './templates/templates-api.module';
import { SettingsApiModule } from './settings/settings-api.module';
import { DevOutboxApiModule } from './dev-outbox/dev-outbox-api.module';
import { DemoClockController } from './demo/demo-clock.controller';
import { TrackingApiModule } from './tracking/tracking-api.module';
import { ReportsApiModule } from './reports/reports-api.module';
import { TimelineModule } from '@localreach/analytics/timeline';
import { CustomerHistoryController } from './customers/customer-history.controller';
import { MessagesController } from './messages/messages.controller';

@Module({})
export class ApiModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: ApiModule,
      imports: [
        CoreModule.forRoot(config, 'localreach-api', true),
        GeoModule,
        GeoApiModule,
        SegmentsModule,
        DeliveryStatusModule,
        CampaignsApiModule,
        TemplatesApiModule,
        TrackingApiModule,
        SettingsApiModule,
        DevOutboxApiModule,
        ReportsApiModule,
        TimelineModule,
        TerminusModule.forRoot({ logger: false }),
        ThrottlerModule.forRoot(rateLimitOptions(config)),
        LoggerModule.forRoot({
          pinoHttp: {
            level: config.logLevel,
            genReqId: (req, res) => {
              const given = req.headers['x-request-id'];
              const id = typeof given === 'string' && /^[\w.-]{1,128}$/.test(given) ? given : randomUUID();
              res.setHeader('x-request-id', id);
              return id;
            },
            // Requests as id, method and a scrubbed URL; no headers, bodies or addresses; keys, tokens, emails and phones scrubbed everywhere.
            ...redactingPinoOptions(),
            // Pixel and click hits are the bulk of the traffic and are recorded as engagement rows already; probes poll every few seconds.
            autoLogging: { ignore: (req) => req.url === '/health' || req.url === '/ready' || req.url === '/metrics' || req.url?.startsWith('/t/') === true },
          },
        }),
      ],
      controllers: [BusinessesController, CustomerImportController, CustomersController, EventsController, OrdersController, LocationsController, SegmentsController, HealthController, ReadinessController, MetricsController, TwilioWebhooksController, DemoClockController, CustomerHistoryController, MessagesController, AuditLogController],
      providers: [
        { provide: APP_GUARD, useClass: ApiKeyGuard },
        // After the key guard: the per-key limit needs the caller.
        { provide: APP_GUARD, useClass: RateLimitGuard },
        { provide: APP_GUARD, useClass: UnsafePathParamsGuard },
        { provide: APP_FILTER, useClass: HttpErrorFilter },
        // The queue and segment gauges are database-wide: the API reports them, the workers only their own process.
        DatabaseGaugeMetrics,
      ],
    };
  }
}
