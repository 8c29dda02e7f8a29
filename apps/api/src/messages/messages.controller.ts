import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ActivityListService } from '@localreach/analytics/timeline';
import type { Tenant } from '@localreach/core';
import { CurrentTenant } from '../common/auth';
import { instantOf } from '../common/instant-query';
import { ListedMessageDto, MessageListQueryDto, MessagePageDto } from './message-list.dto';

/** Sends for integrators (delivery status, errors, cost); every role may read them. */
@ApiTags('messages')
@ApiBearerAuth()
@Controller('v1/messages')
export class MessagesController {
  constructor(private readonly lists: ActivityListService) {}

  @Get()
  @ApiOperation({
    summary: 'List messages newest first (by queueing time) with their campaign, step, template, status, provider error, cost and times; no addresses or bodies',
    description: 'Campaign test sends are not messages and are never listed here.',
  })
  @ApiOkResponse({ type: MessagePageDto })
  async list(@CurrentTenant() tenant: Tenant, @Query() query: MessageListQueryDto): Promise<MessagePageDto> {
    const page = await this.lists.messages(tenant, {
      campaignId: query.campaignId, customerId: query.customerId, channel: query.channel, status: query.status,
      from: instantOf(query.from), to: instantOf(query.to), cursor: query.cursor, limit: query.limit ?? 50,
    });
    return { items: page.items.map(ListedMessageDto.from), nextCursor: page.nextCursor };
  }
}
