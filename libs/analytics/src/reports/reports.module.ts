import { Module } from '@nestjs/common';
import { CampaignListStatsService } from './campaign-list-stats.service';
import { CampaignReportRepository } from './campaign-report.repository';
import { CampaignReportService } from './campaign-report.service';
import { OverviewRepository } from './overview.repository';
import { OverviewService } from './overview.service';

/** Campaign, experiment and overview reports. */
@Module({
  providers: [CampaignListStatsService, CampaignReportRepository, CampaignReportService, OverviewRepository, OverviewService],
  exports: [CampaignListStatsService, CampaignReportRepository, CampaignReportService, OverviewService],
})
export class ReportsModule {}
