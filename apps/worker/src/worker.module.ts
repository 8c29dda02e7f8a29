import { DynamicModule, Module } from '@nestjs/common';
import { ScheduleModule } from '@nestjs/schedule';
import { LoggerModule } from 'nestjs-pino';
import { CoreModule, JobLock, redactingPinoOptions, type AppConfig } from '@localreach/core';
import { GeoModule } from '@localreach/geo';
import { SegmentsModule } from '@localreach/segmentation';
import { CampaignsModule } from '@localreach/campaigns';
import { JourneyPass, ScheduledTriggerPass, TriggerPass } from './campaign-passes';
import { HeartbeatService } from './heartbeat.service';
import { StaleSegmentPass } from './segment-refresher.service';
import { DeliveryModule } from '@localreach/campaigns/delivery';
import { DeliveryPassService } from './delivery-pass.service';
import { ExperimentsModule, RetentionModule } from '@localreach/analytics';
import { DatabaseState, passBackoffProvider } from './database-state';
import { JobRuns } from './job-runs';
import { CronSchedules } from './cron-schedules';
import { AgedSegmentsJob } from './aged-segments.job';
import { ExperimentWinnersJob } from './experiment-winners.job';
import { GeocodingJob } from './geocoding.job';
import { MessageSpendJob } from './message-spend.job';
import { EngagementRetentionJob } from './engagement-retention.job';
import { LocationPingRetentionJob } from './location-ping-retention.job';
import { AuditRetentionJob } from './audit-retention.job';
import { MetricsServer } from './metrics-server';

/** Claim loops: work-driven, sub-second wake-ups (timers `claim:<name>:lane-<n>` in the SchedulerRegistry). */
const CLAIM_LOOPS = [TriggerPass, JourneyPass, ScheduledTriggerPass, DeliveryPassService, StaleSegmentPass];
/** Calendar jobs: named @Cron jobs. */
const CRON_JOBS = [AgedSegmentsJob, MessageSpendJob, ExperimentWinnersJob, GeocodingJob, EngagementRetentionJob, LocationPingRetentionJob, AuditRetentionJob];

@Module({})
export class WorkerModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: WorkerModule,
      imports: [
        CoreModule.forRoot(config, 'localreach-worker'), ScheduleModule.forRoot(), SegmentsModule, GeoModule, CampaignsModule, DeliveryModule, ExperimentsModule, RetentionModule,
        LoggerModule.forRoot({ pinoHttp: { level: config.logLevel, ...redactingPinoOptions() } }),
      ],
      providers: [passBackoffProvider, DatabaseState, JobLock, JobRuns, CronSchedules, HeartbeatService, ...CLAIM_LOOPS, ...CRON_JOBS, MetricsServer],
    };
  }
}
