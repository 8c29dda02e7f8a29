import { Module } from '@nestjs/common';
import { SegmentsModule } from '@localreach/segmentation';
import { CampaignAudienceRepository } from './audience/campaign-audience.repository';
import { CampaignAudienceService } from './audience/campaign-audience.service';
import { CampaignPresetService } from './campaigns/campaign-preset.service';
import { CampaignReferenceLoader } from './campaigns/campaign-references';
import { CampaignRepository } from './campaigns/campaign.repository';
import { CampaignService } from './campaigns/campaign.service';
import { EnrollmentRepository } from './enrollment/enrollment.repository';
import { ScheduledTriggerService } from './enrollment/scheduled-trigger.service';
import { TriggerService } from './enrollment/trigger.service';
import { JourneyRepository } from './journey/journey.repository';
import { JourneyService } from './journey/journey.service';
import { TemplateBusinessContext } from './template-store/template-business-context';
import { TemplatePartialRepository, TemplatePartialService, TemplateRepository, TemplateService } from './template-store';
import { TemplateLibrary } from './templates';
import { JourneyTraceRepository } from './trace/journey-trace.repository';
import { JourneyTraceService } from './trace/journey-trace.service';

const USE_CASES = [CampaignService, CampaignPresetService, TriggerService, ScheduledTriggerService, JourneyService, CampaignAudienceService, JourneyTraceService];

/**
 * Campaigns: definitions and their lifecycle (API), triggers, enrolment and
 * journeys (worker). Relies on the global CoreModule for the DataSource, the
 * clock and the core repositories.
 */
@Module({
  imports: [SegmentsModule],
  providers: [
    ...USE_CASES,
    CampaignRepository, CampaignReferenceLoader, EnrollmentRepository, JourneyRepository, TemplateRepository, TemplateService, TemplateBusinessContext, TemplatePartialRepository, TemplatePartialService,
    CampaignAudienceRepository, JourneyTraceRepository,
    { provide: TemplateLibrary, useFactory: () => new TemplateLibrary() },
  ],
  exports: [...USE_CASES, TemplateRepository, TemplateLibrary, TemplateService, TemplatePartialService, TemplatePartialRepository],
})
export class CampaignsModule {}
