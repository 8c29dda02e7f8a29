import { Module } from '@nestjs/common';
import { ReportsModule } from '@localreach/analytics';
import { CampaignsModule, TestSendModule } from '@localreach/campaigns';
import { CampaignInsightsController } from './campaign-insights.controller';
import { CampaignsController } from './campaigns.controller';
import { CustomerJourneysController } from './customer-journeys.controller';
import { PresetsController } from './presets.controller';

@Module({
  imports: [CampaignsModule, TestSendModule, ReportsModule],
  controllers: [CampaignsController, CampaignInsightsController, PresetsController, CustomerJourneysController],
})
export class CampaignsApiModule {}
