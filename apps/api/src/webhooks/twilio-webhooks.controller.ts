import { Body, Controller, Headers, HttpCode, Post } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiHeader, ApiOperation, ApiProperty, ApiResponse, ApiTags } from '@nestjs/swagger';
import { DeliveryStatusService, type StatusCallbackOutcome } from '@localreach/campaigns/delivery';
import { Public } from '../common/auth';

class StatusCallbackResponseDto {
  @ApiProperty({ enum: ['updated', 'unchanged', 'unknown_message', 'not_final'] }) outcome: StatusCallbackOutcome;
}

/** Twilio posts here (form-encoded, signed with X-Twilio-Signature) as our messages progress. */
@ApiTags('webhooks')
@Controller('webhooks/twilio')
export class TwilioWebhooksController {
  constructor(private readonly statuses: DeliveryStatusService) {}

  @Post('status')
  @Public()
  @HttpCode(200)
  @ApiOperation({
    summary: 'Twilio message status callback',
    description: 'Signed by Twilio for PUBLIC_BASE_URL/webhooks/twilio/status; delivered, undelivered and failed update the message once. Unknown messages are acknowledged.',
  })
  @ApiConsumes('application/x-www-form-urlencoded')
  @ApiBody({
    description: 'Twilio\'s status callback parameters (it sends more; all are covered by the signature)',
    schema: {
      type: 'object',
      additionalProperties: { type: 'string' },
      required: ['MessageSid', 'MessageStatus'],
      properties: {
        MessageSid: { type: 'string', example: 'SM0123456789abcdef0123456789abcdef' },
        MessageStatus: { type: 'string', example: 'delivered', description: 'queued, sent, delivered, undelivered, failed, …' },
        ErrorCode: { type: 'string', description: 'Twilio error code when undelivered or failed', example: '30003' },
        AccountSid: { type: 'string' },
        From: { type: 'string' },
        To: { type: 'string' },
      },
    },
  })
  @ApiHeader({ name: 'X-Twilio-Signature', required: true })
  @ApiResponse({ status: 200, type: StatusCallbackResponseDto })
  @ApiResponse({ status: 403, description: 'Missing or invalid signature' })
  async status(@Headers('x-twilio-signature') signature: string | undefined, @Body() body: Record<string, unknown>): Promise<StatusCallbackResponseDto> {
    return { outcome: await this.statuses.handleTwilioStatus(signature, body) };
  }
}
