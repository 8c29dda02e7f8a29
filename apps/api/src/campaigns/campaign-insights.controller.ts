import { Body, Controller, Get, Param, Post, Query, Res } from '@nestjs/common';
import {
  ApiBearerAuth, ApiBody, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags, ApiTooManyRequestsResponse,
} from '@nestjs/swagger';
import type { Response } from 'express';
import type { Tenant } from '@localreach/core';
import { CampaignAudienceService, CampaignService, JourneyTraceService, TEST_SENDS_PER_HOUR, TestSendService } from '@localreach/campaigns';
import { CurrentTenant, Roles } from '../common/auth';
import { streamDownload } from '../common/stream-response';
import { EXAMPLE_IDS } from '../common/example-ids';
import { AudienceEstimateDto } from './dto/audience.dto';
import { CampaignVersionDto, CampaignVersionListDto } from './dto/campaign-version.dto';
import { IdParamDto, RecipientParamDto } from './dto/id-param.dto';
import { CampaignRecipientDto, CampaignRecipientPageDto, CustomerJourneyDto, RecipientFilterQueryDto, RecipientsQueryDto } from './dto/journey-trace.dto';
import { TestSendBodyDto, TestSendResultDto } from './dto/test-send.dto';

/** What a campaign was, would reach and did: versions, audience estimate, recipients by outcome, and test sends. */
@ApiTags('campaigns')
@ApiBearerAuth()
@Controller('v1/campaigns')
export class CampaignInsightsController {
  constructor(
    private readonly campaigns: CampaignService,
    private readonly audience: CampaignAudienceService,
    private readonly traces: JourneyTraceService,
    private readonly tests: TestSendService,
  ) {}

  @Get(':id/versions')
  @ApiOperation({ summary: 'Every version with its definition, when it became the one new enrolments get and until when, and how many it enrolled' })
  @ApiOkResponse({ type: CampaignVersionListDto })
  async versions(@CurrentTenant() tenant: Tenant, @Param() params: IdParamDto): Promise<CampaignVersionListDto> {
    return { items: (await this.campaigns.versions(tenant, params.id)).map((v) => CampaignVersionDto.from(v)) };
  }

  @Get(':id/audience')
  @ApiOperation({
    summary: 'Who the campaign would reach now',
    description: 'Broadcast and segment triggers: the segment\'s members now; date triggers: customers with that date; each narrowed by the entry filter, '
      + 'with how many each of the steps\' channels reaches (address, consent, suppression list) and a sample. Other triggers: the trigger in words.',
  })
  @ApiOkResponse({ type: AudienceEstimateDto })
  async estimate(@CurrentTenant() tenant: Tenant, @Param() params: IdParamDto): Promise<AudienceEstimateDto> {
    return AudienceEstimateDto.from(await this.audience.estimate(tenant, params.id));
  }

  @Get(':id/recipients')
  @ApiOperation({ summary: 'The campaign\'s enrolments with what became of each and why, filtered by outcome, reason or state (paged)' })
  @ApiOkResponse({ type: CampaignRecipientPageDto })
  async recipients(@CurrentTenant() tenant: Tenant, @Param() params: IdParamDto, @Query() query: RecipientsQueryDto): Promise<CampaignRecipientPageDto> {
    const { outcome, reason, state } = query;
    const page = await this.traces.recipients(tenant, params.id, { outcome, reason, state }, query.limit ?? 50, query.cursor);
    return { items: page.items.map((r) => CampaignRecipientDto.from(r)), nextCursor: page.nextCursor };
  }

  // Declared before ':id/recipients/:enrollmentId' so that route does not take "export.csv" for an id.
  @Get(':id/recipients/export.csv')
  @ApiOperation({
    summary: 'Every recipient matching the filters as CSV, streamed',
    description: 'The recipients list\'s columns, one line per enrolment in enrolment order: customer, variant, holdout, state, outcome and reason, the step, '
      + 'channel, send, first human open and click of the message that tells its story, orders credited and their revenue. RFC 4180 with a header row; '
      + 'times ISO-8601 UTC; text a spreadsheet would run as a formula gets a leading \'.',
  })
  @ApiProduces('text/csv')
  @ApiOkResponse({ description: 'CSV, header row first', content: { 'text/csv': { schema: { type: 'string' } } } })
  async recipientsCsv(@CurrentTenant() tenant: Tenant, @Param() params: IdParamDto, @Query() query: RecipientFilterQueryDto, @Res() res: Response): Promise<void> {
    const { outcome, reason, state } = query;
    await streamDownload(res, 'text/csv; charset=utf-8', `recipients-${params.id}.csv`, this.traces.recipientsCsv(tenant, params.id, { outcome, reason, state }));
  }

  @Get(':id/recipients/:enrollmentId')
  @ApiOperation({ summary: 'One recipient\'s enrolment with every step it reached, its outcome and why (as in the customer\'s journeys)' })
  @ApiOkResponse({ type: CustomerJourneyDto })
  async recipient(@CurrentTenant() tenant: Tenant, @Param() params: RecipientParamDto): Promise<CustomerJourneyDto> {
    return CustomerJourneyDto.from(await this.traces.recipientTrace(tenant, params.id, params.enrollmentId));
  }

  @Post(':id/test')
  @Roles('owner', 'marketer')
  @ApiOperation({
    summary: 'Send an email or SMS step to yourself as a test',
    description: 'Renders the step\'s template for a customer (or a sample customer) and sends it through the real providers to `to`: the subject or body '
      + 'starts with [TEST], email carries X-LocalReach-Test and neither open nor click tracking. Never enrols anyone and never counts in reports, '
      + `frequency caps or attribution. At most ${TEST_SENDS_PER_HOUR} per business per hour (429 TEST_SEND_RATE_LIMITED with Retry-After); `
      + 'never to an address on the suppression list (409 TEST_RECIPIENT_SUPPRESSED). A provider refusal is the result (status failed), not an error. Owners and marketers.',
  })
  @ApiBody({
    type: TestSendBodyDto,
    examples: {
      sample: { value: { stepId: 'hello', to: 'me@example.com' } },
      asCustomer: { value: { stepId: 'hello', to: 'me@example.com', customerId: EXAMPLE_IDS.customer } },
    },
  })
  @ApiCreatedResponse({ type: TestSendResultDto })
  @ApiTooManyRequestsResponse({ description: 'The business made its test sends for this hour; Retry-After says when the next is possible' })
  async test(@CurrentTenant() tenant: Tenant, @Param() params: IdParamDto, @Body() body: TestSendBodyDto): Promise<TestSendResultDto> {
    return TestSendResultDto.from(await this.tests.send(tenant, params.id, { stepId: body.stepId, to: body.to, customerId: body.customerId }));
  }
}
