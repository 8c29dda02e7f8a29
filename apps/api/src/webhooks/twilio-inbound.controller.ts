import { Body, Controller, Headers, Post, Res } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiHeader, ApiOperation, ApiProduces, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { InboundSmsService } from '@localreach/analytics';
import { Public } from '../common/auth';

/** Twilio posts here (form-encoded, signed with X-Twilio-Signature) when someone texts one of our numbers. */
@ApiTags('webhooks')
@Controller('webhooks/twilio')
export class TwilioInboundController {
  constructor(private readonly inbound: InboundSmsService) {}

  @Post('inbound')
  @Public()
  @ApiOperation({
    summary: 'Twilio inbound SMS',
    description:
      'Signed by Twilio for PUBLIC_BASE_URL/webhooks/twilio/inbound. The business is the one sending from the `To` number, the customer the one with the `From` phone. ' +
      'STOP, STOPALL, UNSUBSCRIBE, CANCEL, END, QUIT, REVOKE, OPTOUT deny SMS consent; START, UNSTOP, YES grant it; HELP and INFO are answered with the business’s name and contact. ' +
      'Every message is stored as an sms_received event and a replied engagement. Unknown senders get an empty response.',
  })
  @ApiConsumes('application/x-www-form-urlencoded')
  @ApiBody({
    description: 'Twilio\'s inbound message parameters (it sends more; all are covered by the signature)',
    schema: {
      type: 'object',
      additionalProperties: { type: 'string' },
      required: ['From', 'To', 'Body'],
      properties: {
        From: { type: 'string', description: 'The customer\'s phone, E.164', example: '+13125550123' },
        To: { type: 'string', description: 'The business\'s sending number', example: '+15035550100' },
        Body: { type: 'string', example: 'STOP' },
        MessageSid: { type: 'string' },
        AccountSid: { type: 'string' },
      },
    },
  })
  @ApiHeader({ name: 'X-Twilio-Signature', required: true })
  @ApiProduces('text/xml')
  @ApiResponse({
    status: 200,
    description: 'TwiML: <Response/>, or <Response><Message>…</Message></Response> for HELP',
    content: { 'text/xml': { schema: { type: 'string' } } },
  })
  @ApiResponse({ status: 403, description: 'Missing or invalid signature' })
  async receive(@Headers('x-twilio-signature') signature: string | undefined, @Body() body: Record<string, unknown>, @Res() res: Response): Promise<void> {
    const result = await this.inbound.handle(signature, body);
    res.writeHead(200, { 'Content-Type': 'text/xml; charset=utf-8', 'Cache-Control': 'no-store' }).end(result.twiml);
  }
}
