import { Module } from '@nestjs/common';
import { CampaignReportRepository } from '../reports/campaign-report.repository';
import { ExperimentDecisionRepository } from './experiment-decision.repository';
import { ExperimentDecisionService } from './experiment-decision.service';

/** Automatic A/B winner selection, for the worker. */
@Module({
  providers: [CampaignReportRepository, ExperimentDecisionRepository, ExperimentDecisionService],
  exports: [ExperimentDecisionService],
})
export class ExperimentsModule {}
