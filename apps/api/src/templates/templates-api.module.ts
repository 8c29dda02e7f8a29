import { Module } from '@nestjs/common';
import { CampaignsModule } from '@localreach/campaigns';
import { TemplatesController } from './templates.controller';

@Module({
  imports: [CampaignsModule],
  controllers: [TemplatesController],
})
export class TemplatesApiModule {}
