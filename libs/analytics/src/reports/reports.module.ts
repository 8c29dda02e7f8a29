import { Module } from '@nestjs/common';
import { CampaignReportRepository } from './campaign-report.repository';
import { CampaignReportService } from './campaign-report.service';
import { OverviewRepository } from './overview.repository';
import { OverviewService } from './overview.service';

/** Campaign, experiment and overview reports. */
@Module({
  providers: [CampaignReportRepository, CampaignReportService, OverviewRepository, OverviewService],
  exports: [CampaignReportRepository, CampaignReportService, OverviewService],
})
export class ReportsModule {}
