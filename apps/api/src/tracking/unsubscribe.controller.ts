import { Controller, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiOperation, ApiParam, ApiProduces, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { UnsubscribeService, type UnsubscribeView } from '@localreach/analytics';
import { Public } from '../common/auth';
import { readFormFields } from './form-body';
import { badRequestPage, confirmPage, notFoundPage, PAGE_HEADERS, preferencesPage, unsubscribedPage } from './unsubscribe-pages';

const ONE_CLICK_HEADERS = { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' };

/**
 * The unsubscribe link of every message (`List-Unsubscribe` too) and the
 * preference page. GET only shows a page; POST changes consent: the RFC 8058
 * one-click body `List-Unsubscribe=One-Click` (urlencoded or multipart) from
 * a mail client gets a short 200, the page's own forms get a page back.
 */
@ApiTags('tracking')
@Controller('u')
@Public()
export class UnsubscribeController {
  constructor(private readonly unsubscribes: UnsubscribeService) {}

  @Get(':token')
  @ApiOperation({ summary: 'Unsubscribe or preference page', description: 'HTML in the business’s name and address: a confirmation (POSTs back), or with ?view=preferences a checkbox per channel.' })
  @ApiParam({ name: 'token', description: 'Signed unsubscribe token from the message' })
  @ApiQuery({ name: 'view', required: false, enum: ['preferences'] })
  @ApiProduces('text/html')
  @ApiResponse({ status: 200, description: 'The page', content: { 'text/html': { schema: { type: 'string' } } } })
  @ApiResponse({ status: 404, description: 'Invalid or tampered token (an HTML page)' })
  async page(@Param('token') token: string, @Query('view') view: string | undefined, @Res() res: Response): Promise<void> {
    const state = await this.unsubscribes.view(token);
    if (!state) return send(res, 404, notFoundPage());
    const action = `/u/${token}`;
    send(res, 200, view === 'preferences' ? preferencesPage(state, action) : confirmPage(state, action));
  }

  @Post(':token')
  @ApiOperation({
    summary: 'Unsubscribe (RFC 8058 one-click) or save preferences',
    description:
      '`List-Unsubscribe=One-Click` unsubscribes the message’s channel at once and answers 200 with a short text body. ' +
      'The page’s forms send `action=unsubscribe`, or `action=preferences` with `email=on` / `sms=on` for each channel to keep, and get an HTML page.',
  })
  @ApiParam({ name: 'token', description: 'Signed unsubscribe token from the message' })
  @ApiConsumes('application/x-www-form-urlencoded', 'multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object',
      properties: {
        'List-Unsubscribe': { type: 'string', enum: ['One-Click'], description: 'RFC 8058 one-click, as mail clients send it' },
        action: { type: 'string', enum: ['unsubscribe', 'preferences'], description: 'The page\'s forms' },
        email: { type: 'string', enum: ['on'], description: 'With action=preferences: keep email' },
        sms: { type: 'string', enum: ['on'], description: 'With action=preferences: keep SMS' },
      },
    },
  })
  @ApiResponse({
    status: 200,
    description: 'Done: text for one-click, HTML for the page’s forms',
    content: { 'text/plain': { schema: { type: 'string' } }, 'text/html': { schema: { type: 'string' } } },
  })
  @ApiResponse({ status: 400, description: 'Neither a one-click body nor a form of the page (HTML)' })
  @ApiResponse({ status: 404, description: 'Invalid or tampered token (HTML)' })
  async submit(@Param('token') token: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    const fields = await readFormFields(req);
    const action = `/u/${token}`;
    if (fields['List-Unsubscribe'] === 'One-Click') {
      const state = await this.unsubscribes.unsubscribe(token, 'one_click');
      if (!state) return send(res, 404, notFoundPage());
      res.writeHead(200, ONE_CLICK_HEADERS).end('Unsubscribed.');
      return;
    }
    let state: UnsubscribeView | null;
    if (fields.action === 'unsubscribe') {
      state = await this.unsubscribes.unsubscribe(token, 'page');
      if (state) return send(res, 200, unsubscribedPage(state, action));
    } else if (fields.action === 'preferences') {
      state = await this.unsubscribes.savePreferences(token, { email: fields.email === 'on', sms: fields.sms === 'on' });
      if (state) return send(res, 200, preferencesPage(state, action, 'Your preferences are saved.'));
    } else {
      return send(res, 400, badRequestPage());
    }
    send(res, 404, notFoundPage());
  }
}

function send(res: Response, status: number, html: string): void {
  res.writeHead(status, PAGE_HEADERS).end(html);
}
