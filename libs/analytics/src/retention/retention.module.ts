import { Module } from '@nestjs/common';
import { EngagementRetentionRepository } from './engagement-retention.repository';
import { EngagementRetentionService } from './engagement-retention.service';

/** Engagement retention, for the worker's scheduled job. */
@Module({
  providers: [EngagementRetentionRepository, EngagementRetentionService],
  exports: [EngagementRetentionService],
})
export class RetentionModule {}
