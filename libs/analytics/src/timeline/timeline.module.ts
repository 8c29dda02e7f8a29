import { Module } from '@nestjs/common';
import { ActivityListRepository } from './activity-list.repository';
import { ActivityListService } from './activity-list.service';
import { CustomerTimelineService } from './customer-timeline.service';
import { TimelineRepository } from './timeline.repository';

/** Read models for the admin UI and integrators: a customer's timeline and consent history, event and message listings. */
@Module({
  providers: [TimelineRepository, CustomerTimelineService, ActivityListRepository, ActivityListService],
  exports: [CustomerTimelineService, ActivityListService],
})
export class TimelineModule {}
