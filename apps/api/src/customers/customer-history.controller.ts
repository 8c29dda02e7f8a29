import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiExtraModels, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CustomerTimelineService } from '@localreach/analytics/timeline';
import type { Tenant } from '@localreach/core';
import { CurrentTenant } from '../common/auth';
import { instantOf } from '../common/instant-query';
import { ConsentChangeDto, ConsentHistoryPageDto } from './dto/consent-history.dto';
import { ConsentHistoryQueryDto, CustomerIdParamDto, TimelineQueryDto } from './dto/customer-history-query.dto';
import { TIMELINE_ITEM_DTOS, timelineItemDto, TimelinePageDto } from './dto/timeline.dto';

/** One customer's history for the admin UI and integrators; every role may read it. */
@ApiTags('customers')
@ApiBearerAuth()
@ApiExtraModels(...Object.values(TIMELINE_ITEM_DTOS))
@Controller('v1/customers')
export class CustomerHistoryController {
  constructor(private readonly history: CustomerTimelineService) {}

  @Get(':id/timeline')
  @ApiOperation({
    summary: 'Everything that happened to a customer, newest first: events, orders, messages, engagement, consent changes, segment and campaign entries and exits',
    description: 'Each item is { at, kind, id, summary } plus one object named after its kind with the details. Cursor pages of `limit` items (default 50).',
  })
  @ApiOkResponse({ type: TimelinePageDto })
  async timeline(@CurrentTenant() tenant: Tenant, @Param() params: CustomerIdParamDto, @Query() query: TimelineQueryDto): Promise<TimelinePageDto> {
    const page = await this.history.timeline(tenant, params.id, { kinds: query.kinds, before: instantOf(query.before), cursor: query.cursor, limit: query.limit ?? 50 });
    return { items: page.items.map(timelineItemDto), nextCursor: page.nextCursor };
  }

  @Get(':id/consent-history')
  @ApiOperation({
    summary: 'Every change of the customer\'s consent per channel, with its time and source, newest first',
    description: 'Ordered by when consent was given or withdrawn, as its source said (`at`); `recordedAt` is when the change was written. ' +
      'The customer\'s `consent` holds the current state.',
  })
  @ApiOkResponse({ type: ConsentHistoryPageDto })
  async consentHistory(@CurrentTenant() tenant: Tenant, @Param() params: CustomerIdParamDto, @Query() query: ConsentHistoryQueryDto): Promise<ConsentHistoryPageDto> {
    const page = await this.history.consentHistory(tenant, params.id, { channel: query.channel, cursor: query.cursor, limit: query.limit ?? 50 });
    return { items: page.items.map(ConsentChangeDto.from), nextCursor: page.nextCursor };
  }
}
