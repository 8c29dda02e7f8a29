import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { DevOutboxService } from '@localreach/campaigns';
import type { Tenant } from '@localreach/core';
import { CurrentTenant, Roles } from '../common/auth';
import { OutboxEmailPageDto, OutboxQueryDto, OutboxSmsDto, OutboxEmailDto, OutboxSmsPageDto } from './dev-outbox.dto';

const SCOPE = 'Only the caller\'s business\'s campaign messages and test sends (matched by Message-ID or SID) and its sender confirmation mails (by their link) are listed: '
  + 'the dev servers are shared by every business on the machine. ';
const OFF = '404 DEV_OUTBOX_DISABLED unless DEV_OUTBOX_DIR is set (npm start sets it when it runs the loopback servers; never in production).';

/** What the loopback dev servers received, for the admin's outbox page (owners and marketers). */
@ApiTags('dev')
@ApiBearerAuth()
@Controller('v1/dev/outbox')
@Roles('owner', 'marketer')
export class DevOutboxController {
  constructor(private readonly outbox: DevOutboxService) {}

  @Get('email')
  @ApiOperation({ summary: 'Emails the loopback SMTP server received, newest first (dev only; owners and marketers)', description: SCOPE + OFF })
  @ApiOkResponse({ type: OutboxEmailPageDto })
  @ApiNotFoundResponse({ description: 'DEV_OUTBOX_DISABLED' })
  async emails(@CurrentTenant() tenant: Tenant, @Query() query: OutboxQueryDto): Promise<OutboxEmailPageDto> {
    const page = await this.outbox.emails(tenant, { limit: query.limit ?? 20, cursor: query.cursor });
    return { items: page.items.map(OutboxEmailDto.from), nextCursor: page.nextCursor };
  }

  @Get('sms')
  @ApiOperation({ summary: 'SMS the Twilio stand-in received, newest first (dev only; owners and marketers)', description: SCOPE + OFF })
  @ApiOkResponse({ type: OutboxSmsPageDto })
  @ApiNotFoundResponse({ description: 'DEV_OUTBOX_DISABLED' })
  async sms(@CurrentTenant() tenant: Tenant, @Query() query: OutboxQueryDto): Promise<OutboxSmsPageDto> {
    const page = await this.outbox.sms(tenant, { limit: query.limit ?? 20, cursor: query.cursor });
    return { items: page.items.map(OutboxSmsDto.from), nextCursor: page.nextCursor };
  }
}
