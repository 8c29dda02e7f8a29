import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import {
  ApiBearerAuth, ApiBody, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags,
} from '@nestjs/swagger';
import { CampaignListStatsService } from '@localreach/analytics';
import type { Tenant } from '@localreach/core';
import {
  CampaignFromPresetInput, CampaignInput, CampaignPatch, CampaignPresetService, CampaignService,
} from '@localreach/campaigns';
import { CurrentTenant } from '../common/auth';
import { EXAMPLE_IDS } from '../common/example-ids';
import { CampaignDto, CampaignListItemDto, CampaignListQueryDto, CampaignPageDto } from './dto/campaign.dto';
import { IdParamDto } from './dto/id-param.dto';


const EXAMPLE = {
  name: 'Abandoned cart',
  trigger: { type: 'event', eventType: 'cart_abandoned', where: [{ field: 'value', op: 'gte', value: 20 }] },
  steps: [
    { id: 'wait-1h', type: 'wait', duration: 'PT1H', next: 'ordered' },
    { id: 'ordered', type: 'branch', condition: { type: 'orders', metric: 'count', op: 'gte', value: 1, sinceEnrollment: true }, yes: 'done', no: 'email' },
    { id: 'email', type: 'email', templateId: EXAMPLE_IDS.emailTemplate, next: 'split' },
    { id: 'split', type: 'split', branches: [{ name: 'A', weight: 50, next: 'sms' }, { name: 'B', weight: 50, next: 'done' }] },
    { id: 'sms', type: 'sms', templateId: EXAMPLE_IDS.smsTemplate },
    { id: 'done', type: 'exit' },
  ],
  goal: { type: 'order', within: 'P7D' },
  holdoutPercent: 10,
  reentry: { policy: 'after', after: 'P1D' },
  priority: 'high',
};

@ApiTags('campaigns')
@ApiBearerAuth()
@Controller('v1/campaigns')
export class CampaignsController {
  constructor(
    private readonly campaigns: CampaignService,
    private readonly presets: CampaignPresetService,
    private readonly stats: CampaignListStatsService,
  ) {}

  @Post()
  @ApiOperation({
    summary: 'Create a campaign (draft)',
    description: 'Triggers: customer_created, event {name, where?}, date {field, offsetDays, localTime}, segment {segmentId}, geofence {geofenceId, on, duringOpeningHours?}, '
      + 'broadcast {segmentId, at?, recipientLocalTime?}. Steps: email/sms {templateId, offer?}, wait {duration}, waitUntil {localTime, weekdays?}, branch {condition, yes, no}, '
      + 'split {branches}, update {tags?, attributes?}, exit. Every problem is reported with its path.',
  })
  @ApiBody({ schema: { $ref: '#/components/schemas/CampaignInput' }, examples: { abandonedCart: { value: EXAMPLE } } })
  @ApiCreatedResponse({ type: CampaignDto })
  async create(@CurrentTenant() tenant: Tenant, @Body() body: CampaignInput): Promise<CampaignDto> {
    return CampaignDto.from(await this.campaigns.create(tenant, body));
  }

  @Post('from-preset')
  @ApiOperation({
    summary: 'Create a draft campaign from a preset, with its templates copied into the business',
    description: 'welcome_series (3 emails over 7 days), abandoned_cart (1 h wait, exit if ordered, email; SMS after 24 h), birthday_offer (7 days before at 10:00 local, unique coupon), '
      + 'nearby_offer (geofence entered during opening hours, SMS, 7-day cooldown; params.geofenceId required), win_back (no order in 60 days; creates the segment).',
  })
  @ApiBody({
    schema: { $ref: '#/components/schemas/CampaignFromPresetInput' },
    examples: { nearbyOffer: { value: { preset: 'nearby_offer', params: { geofenceId: EXAMPLE_IDS.geofence } } } },
  })
  @ApiCreatedResponse({ type: CampaignDto })
  async fromPreset(@CurrentTenant() tenant: Tenant, @Body() body: CampaignFromPresetInput): Promise<CampaignDto> {
    return CampaignDto.from(await this.presets.create(tenant, body));
  }

  @Get()
  @ApiOperation({
    summary: 'List campaigns, oldest first, each with its trigger in words',
    description: 'include=stats adds each campaign\'s enrolments, messages sent, cost, attributed orders and revenue, and ROI: the campaign line of its report '
      + '(GET /v1/reports/campaigns/{id}), for the page\'s campaigns in one query.',
  })
  @ApiOkResponse({ type: CampaignPageDto })
  async list(@CurrentTenant() tenant: Tenant, @Query() query: CampaignListQueryDto): Promise<CampaignPageDto> {
    const page = await this.campaigns.list(tenant, query.limit ?? 50, query.status, query.cursor);
    const triggers = await this.campaigns.triggerSummaries(tenant, page.items);
    const figures = query.include === 'stats' ? await this.stats.forCampaigns(tenant, page.items.map((c) => c.id)) : null;
    return { items: page.items.map((c) => CampaignListItemDto.of(c, triggers.get(c.id)!, figures)), nextCursor: page.nextCursor };
  }

  @Get(':id')
  @ApiOkResponse({ type: CampaignDto })
  async get(@CurrentTenant() tenant: Tenant, @Param('id') id: string): Promise<CampaignDto> {
    return CampaignDto.from(await this.campaigns.get(tenant, id));
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Edit the definition (fields given replace the current ones); an active or paused campaign gets a new version' })
  @ApiBody({ schema: { $ref: '#/components/schemas/CampaignPatch' }, examples: { holdout: { value: { holdoutPercent: 5 } } } })
  @ApiOkResponse({ type: CampaignDto })
  async update(@CurrentTenant() tenant: Tenant, @Param('id') id: string, @Body() body: CampaignPatch): Promise<CampaignDto> {
    return CampaignDto.from(await this.campaigns.update(tenant, id, body));
  }

  @Post(':id/clone')
  @ApiOperation({ summary: 'Copy the campaign into a new draft named "<name> (copy)": the current version\'s definition, as version 1' })
  @ApiCreatedResponse({ type: CampaignDto })
  async clone(@CurrentTenant() tenant: Tenant, @Param() params: IdParamDto): Promise<CampaignDto> {
    return CampaignDto.from(await this.campaigns.clone(tenant, params.id));
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({
    summary: 'Delete a draft or archived campaign (409 CAMPAIGN_NOT_DELETABLE otherwise: archive it first)',
    description: 'A campaign that enrolled anyone or queued any message is soft-deleted: gone from the campaign API, its enrolments, messages, '
      + 'customer journeys and report figures kept as they were. One that never ran is deleted for good.',
  })
  @ApiNoContentResponse({ description: 'Deleted' })
  async remove(@CurrentTenant() tenant: Tenant, @Param() params: IdParamDto): Promise<void> {
    await this.campaigns.remove(tenant, params.id);
  }

  @Post(':id/activate')
  @HttpCode(200)
  @ApiOperation({ summary: 'Start (or resume) the campaign; it is validated again first' })
  @ApiOkResponse({ type: CampaignDto })
  async activate(@CurrentTenant() tenant: Tenant, @Param('id') id: string): Promise<CampaignDto> {
    return CampaignDto.from(await this.campaigns.activate(tenant, id));
  }

  @Post(':id/pause')
  @HttpCode(200)
  @ApiOperation({ summary: 'Hold every enrolment where it is; resuming sends nothing twice' })
  @ApiOkResponse({ type: CampaignDto })
  async pause(@CurrentTenant() tenant: Tenant, @Param('id') id: string): Promise<CampaignDto> {
    return CampaignDto.from(await this.campaigns.pause(tenant, id));
  }

  @Post(':id/archive')
  @HttpCode(200)
  @ApiOperation({ summary: 'End the campaign: running enrolments exit and unsent messages are cancelled' })
  @ApiOkResponse({ type: CampaignDto })
  async archive(@CurrentTenant() tenant: Tenant, @Param('id') id: string): Promise<CampaignDto> {
    return CampaignDto.from(await this.campaigns.archive(tenant, id));
  }
}
