import { DynamicModule, Module } from '@nestjs/common';
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
import { ExperimentsModule } from '@localreach/analytics';
import { ExperimentWinnerPass } from './experiment-winner.pass';
import { MessageSpendPass } from './message-spend.pass';
import { DatabaseState, passBackoffProvider } from './database-state';
import { MetricsServer } from './metrics-server';

@Module({})
export class WorkerModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: WorkerModule,
      imports: [CoreModule.forRoot(config, 'localreach-worker'), SegmentsModule, GeoModule, CampaignsModule, DeliveryModule, ExperimentsModule, LoggerModule.forRoot({ pinoHttp: { level: config.logLevel, ...redactingPinoOptions() } })],
      providers: [passBackoffProvider, DatabaseState, HeartbeatService, StaleSegmentPass, AgedSegmentPass, GeocodingPassService, TriggerPass, JourneyPass, ScheduledTriggerPass, DeliveryPassService, ExperimentWinnerPass, MessageSpendPass, MetricsServer],
    };
  }
}
