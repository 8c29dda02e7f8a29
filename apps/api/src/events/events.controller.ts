import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiExtraModels, ApiOkResponse, ApiOperation, ApiResponse, ApiTags, getSchemaPath } from '@nestjs/swagger';
import { ActivityListService } from '@localreach/analytics/timeline';
import { EventBatchInput, EventInput, EventService, parseEventBody, type Tenant } from '@localreach/core';
import { CurrentTenant } from '../common/auth';
import { instantOf } from '../common/instant-query';
import { EventListQueryDto, EventPageDto, ListedEventDto } from './event-list.dto';
import { EventIngestResponseDto } from './event.dto';

const EVENT_EXAMPLE = {
  type: 'cart_abandoned',
  customer: { email: 'ana@example.com' },
  properties: { cartValue: 42.5, items: 3 },
  occurredAt: '2026-11-20T18:03:00Z',
  idempotencyKey: 'cart-8841-abandoned',
};

@ApiTags('events')
@ApiExtraModels(EventInput, EventBatchInput)
@ApiBearerAuth()
@Controller('v1/events')
export class EventsController {
  constructor(
    private readonly events: EventService,
    private readonly lists: ActivityListService,
  ) {}

  @Post()
  @HttpCode(202)
  @ApiOperation({
    summary: 'Record one event, or a batch { events: [...] } of up to 1,000 (all valid or none written)',
    description: 'customer is { id } | { externalId } | { email } | { phone }; unknown externalId/email/phone references create the customer.',
  })
  @ApiBody({
    schema: { oneOf: [{ $ref: getSchemaPath(EventInput) }, { $ref: getSchemaPath(EventBatchInput) }] },
    examples: { one: { value: EVENT_EXAMPLE }, batch: { value: { events: [EVENT_EXAMPLE, { ...EVENT_EXAMPLE, type: 'store_visit', idempotencyKey: 'visit-8841' }] } } },
  })
  @ApiResponse({ status: 202, type: EventIngestResponseDto })
  ingest(@CurrentTenant() tenant: Tenant, @Body({ transform: parseEventBody }) body: EventInput | EventBatchInput): Promise<EventIngestResponseDto> {
    return this.events.ingest(tenant, body);
  }

  @Get()
  @ApiOperation({ summary: 'List events newest first, by type, customer and time, with cursor pages (segment entries and exits are events too)' })
  @ApiOkResponse({ type: EventPageDto })
  async list(@CurrentTenant() tenant: Tenant, @Query() query: EventListQueryDto): Promise<EventPageDto> {
    const page = await this.lists.events(tenant, {
      type: query.type, customerId: query.customerId, from: instantOf(query.from), to: instantOf(query.to), cursor: query.cursor, limit: query.limit ?? 50,
    });
    return { items: page.items.map(ListedEventDto.from), nextCursor: page.nextCursor };
  }
}
