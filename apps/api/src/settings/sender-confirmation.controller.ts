import { Controller, Get, Param, Post, Req, Res } from '@nestjs/common';
import { ApiConsumes, ApiBody, ApiOperation, ApiParam, ApiProduces, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { SENDER_CONFIRMATION_PATH, SenderEmailService } from '@localreach/core';
import { Public } from '../common/auth';
import { PAGE_HEADERS } from '../tracking/unsubscribe-pages';
import { readFormFields } from '../tracking/form-body';
import { confirmationPage, notTheFormPage, resultPage, type Page } from './sender-confirmation-pages';

const HTML = { 'text/html': { schema: { type: 'string' } } };

/**
 * The link mailed to a new email From address. GET shows what confirming
 * means and a button; only the button's POST confirms (link scanners open
 * every link with GET). Public, limited per client address like the
 * unsubscribe pages; the token is its own credential.
 */
@ApiTags('settings')
@Controller(SENDER_CONFIRMATION_PATH.slice(1))
@Public()
export class SenderConfirmationController {
  constructor(private readonly senders: SenderEmailService) {}

  @Get(':token')
  @ApiOperation({ summary: 'Email sender confirmation page', description: 'HTML: who asks to send as which address, and a Confirm button that POSTs back. Changes nothing.' })
  @ApiParam({ name: 'token', description: 'Token from the confirmation mail' })
  @ApiProduces('text/html')
  @ApiResponse({ status: 200, description: 'The page', content: HTML })
  @ApiResponse({ status: 404, description: 'Unknown, altered or replaced link (HTML)', content: HTML })
  @ApiResponse({ status: 410, description: 'Link already used or expired (HTML)', content: HTML })
  async page(@Param('token') token: string, @Res() res: Response): Promise<void> {
    send(res, confirmationPage(await this.senders.inspect(token), `${SENDER_CONFIRMATION_PATH}/${token}`));
  }

  @Post(':token')
  @ApiOperation({ summary: 'Confirm the email sender', description: 'The page\'s button (`action=confirm`): confirms the address once, before the link expires.' })
  @ApiParam({ name: 'token', description: 'Token from the confirmation mail' })
  @ApiConsumes('application/x-www-form-urlencoded')
  @ApiBody({ schema: { type: 'object', properties: { action: { type: 'string', enum: ['confirm'] } } } })
  @ApiProduces('text/html')
  @ApiResponse({ status: 200, description: 'Confirmed (HTML)', content: HTML })
  @ApiResponse({ status: 400, description: 'Not the page\'s form (HTML)', content: HTML })
  @ApiResponse({ status: 404, description: 'Unknown, altered or replaced link (HTML)', content: HTML })
  @ApiResponse({ status: 409, description: 'Another business confirmed this address or its domain first (HTML)', content: HTML })
  @ApiResponse({ status: 410, description: 'Link already used or expired (HTML)', content: HTML })
  async confirm(@Param('token') token: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    const fields = await readFormFields(req);
    if (fields.action !== 'confirm') return send(res, notTheFormPage());
    send(res, resultPage(await this.senders.confirm(token)));
  }
}

function send(res: Response, page: Page): void {
  res.writeHead(page.status, PAGE_HEADERS).end(page.html);
}
