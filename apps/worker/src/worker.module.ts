import { DynamicModule, Module } from '@nestjs/common';
import { ScheduleModule } from '@nestjs/schedule';
import { LoggerModule } from 'nestjs-pino';
import { CoreModule, redactingPinoOptions, type AppConfig } from '@localreach/core';
import { GeoModule } from '@localreach/geo';
import { SegmentsModule } from '@localreach/segmentation';
import { CampaignsModule } from '@localreach/campaigns';
import { JourneyPass, ScheduledTriggerPass, TriggerPass } from './campaign-passes';
import { GeocodingPassService } from './geocoding-pass.service';
import { HeartbeatService } from './heartbeat.service';
import { AgedSegmentPass, StaleSegmentPass } from './segment-refresher.service';
import { DeliveryModule } from '@localreach/campaigns/delivery';
import { DeliveryPassService } from './delivery-pass.service';
import { ExperimentsModule, RetentionModule } from '@localreach/analytics';
import { EngagementRetentionJob } from './engagement-retention.job';
import { LocationPingRetentionJob } from './location-ping-retention.job';
import { ExperimentWinnerPass } from './experiment-winner.pass';
import { MessageSpendPass } from './message-spend.pass';
import { DatabaseState, passBackoffProvider } from './database-state';
import { AuditRetentionJob } from './audit-retention.job';
import { MetricsServer } from './metrics-server';

@Module({})
export class WorkerModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: WorkerModule,
      imports: [CoreModule.forRoot(config, 'localreach-worker'), SegmentsModule, GeoModule, CampaignsModule, DeliveryModule, ExperimentsModule, RetentionModule, ScheduleModule.forRoot(), LoggerModule.forRoot({ pinoHttp: { level: config.logLevel, ...redactingPinoOptions() } })],
      providers: [passBackoffProvider, DatabaseState, HeartbeatService, StaleSegmentPass, AgedSegmentPass, GeocodingPassService, TriggerPass, JourneyPass, ScheduledTriggerPass, DeliveryPassService, ExperimentWinnerPass, MessageSpendPass, AuditRetentionJob,
        EngagementRetentionJob, LocationPingRetentionJob, MetricsServer],
    };
  }
}
