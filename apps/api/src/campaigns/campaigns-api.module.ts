import { Module } from '@nestjs/common';
import { CampaignsModule } from '@localreach/campaigns';
import { CampaignsController } from './campaigns.controller';

@Module({
  imports: [CampaignsModule],
  controllers: [CampaignsController],
})
export class CampaignsApiModule {}
