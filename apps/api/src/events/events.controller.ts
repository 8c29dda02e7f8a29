import { Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiResponse, ApiProperty, ApiTags } from '@nestjs/swagger';
import { EventService, type Tenant } from '@localreach/core';
import { CurrentTenant } from '../common/auth';
import { RawBody } from '../common/raw-body';

class EventResultDto {
  @ApiProperty() index: number;
  @ApiProperty({ nullable: true, type: String }) id: string | null;
  @ApiProperty({ enum: ['created', 'duplicate'] }) status: string;
}

export class EventIngestResponseDto {
  @ApiProperty() accepted: number;
  @ApiProperty({ description: 'Events skipped because their idempotencyKey was already recorded' }) duplicates: number;
  @ApiProperty({ type: [EventResultDto] }) events: EventResultDto[];
}

const EVENT_EXAMPLE = {
  type: 'cart_abandoned',
  customer: { email: 'ana@example.com' },
  properties: { cartValue: 42.5, items: 3 },
  occurredAt: '2026-11-20T18:03:00Z',
  idempotencyKey: 'cart-8841-abandoned',
};

@ApiTags('events')
@ApiBearerAuth()
@Controller('v1/events')
export class EventsController {
  constructor(private readonly events: EventService) {}

  @Post()
  @HttpCode(202)
  @ApiOperation({
    summary: 'Record one event, or a batch { events: [...] } of up to 1,000 (all valid or none written)',
    description: 'customer is { id } | { externalId } | { email } | { phone }; unknown externalId/email/phone references create the customer.',
  })
  @ApiBody({ schema: { oneOf: [{ type: 'object' }, { type: 'object', properties: { events: { type: 'array', items: { type: 'object' } } } }], example: EVENT_EXAMPLE } })
  @ApiResponse({ status: 202, type: EventIngestResponseDto })
  ingest(@CurrentTenant() tenant: Tenant, @RawBody() body: unknown): Promise<EventIngestResponseDto> {
    return this.events.ingest(tenant, body);
  }
}
