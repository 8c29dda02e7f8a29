import { Module } from '@nestjs/common';
import { CampaignsModule } from '@localreach/campaigns';
import { TemplatePartialsController } from './template-partials.controller';
import { TemplatesController } from './templates.controller';

@Module({
  imports: [CampaignsModule],
  controllers: [TemplatesController, TemplatePartialsController],
})
export class TemplatesApiModule {}
