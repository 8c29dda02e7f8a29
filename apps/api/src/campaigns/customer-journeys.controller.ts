import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Tenant } from '@localreach/core';
import { JourneyTraceService } from '@localreach/campaigns';
import { CurrentTenant } from '../common/auth';
import { PageQueryDto } from '../common/pagination.dto';
import { IdParamDto } from './dto/id-param.dto';
import { CustomerJourneyDto, CustomerJourneyPageDto, SkippedTriggerDto } from './dto/journey-trace.dto';

/** "Why did or didn't they get it": a customer's enrolments, step by step. */
@ApiTags('customers')
@ApiBearerAuth()
@Controller('v1/customers')
export class CustomerJourneysController {
  constructor(private readonly traces: JourneyTraceService) {}

  @Get(':id/journeys')
  @ApiOperation({
    summary: 'Each enrolment of the customer with every step it reached, its outcome and the reason',
    description: 'Per enrolment: campaign, version, variant, holdout, state and a headline outcome; per step: sent, delivered, opened, clicked, held (quiet_hours, '
      + 'frequency_cap, campaign_paused, with until), skipped (no_consent, unsubscribed, suppressed, no_address, holdout, goal_reached, missed_local_day, campaign_archived), '
      + 'failed (the provider\'s code, or journey_error), waits, the branch taken and the split variant. Newest enrolment first. skippedTriggers lists '
      + 'triggers campaigns ignored (an event older than the trigger\'s maxEventAge), with the reason in words.',
  })
  @ApiOkResponse({ type: CustomerJourneyPageDto })
  async journeys(@CurrentTenant() tenant: Tenant, @Param() params: IdParamDto, @Query() query: PageQueryDto): Promise<CustomerJourneyPageDto> {
    const page = await this.traces.customerJourneys(tenant, params.id, query.limit ?? 50, query.cursor);
    return { items: page.items.map((t) => CustomerJourneyDto.from(t)), nextCursor: page.nextCursor, skippedTriggers: page.skippedTriggers.map((s) => SkippedTriggerDto.from(s)) };
  }
}
