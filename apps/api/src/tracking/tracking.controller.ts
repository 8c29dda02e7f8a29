import { Controller, Get, Param, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiParam, ApiProduces, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { PIXEL_HEADERS, TRACKING_NO_STORE, TRANSPARENT_GIF, TrackingService } from '@localreach/analytics';
import { DomainError } from '@localreach/core';
import { Public } from '../common/auth';

const unknownLink = () => new DomainError('not_found', 'UNKNOWN_TRACKING_LINK', 'this tracking link is not valid');

/**
 * The open pixel and click redirects put in every email. Public (the token
 * is the credential); the hit is queued and written in batches, so both
 * answer without waiting for the database. HEAD requests (link checkers) get
 * the same answer but are not recorded. Valid GETs are answered before they
 * get here, by `installTrackingFastPath`; these routes answer the rest and document
 * both.
 */
@ApiTags('tracking')
@Controller('t')
@Public()
export class TrackingController {
  constructor(private readonly tracking: TrackingService) {}

  @Get('o/:token')
  @ApiOperation({ summary: 'Open pixel', description: 'A 1×1 transparent GIF, never cached; records an open (flagged machine for proxies, prefetchers and opens within 2 s of the send).' })
  @ApiParam({ name: 'token', description: 'Signed open token from the email' })
  @ApiProduces('image/gif')
  @ApiResponse({ status: 200, description: 'The 43-byte GIF', content: { 'image/gif': { schema: { type: 'string', format: 'binary' } } } })
  @ApiResponse({ status: 404, description: 'Invalid, tampered or non-open token' })
  open(@Param('token') token: string, @Req() req: Request, @Res() res: Response): void {
    const valid = req.method === 'HEAD' ? this.tracking.isOpenToken(token) : this.tracking.recordOpen(token, req.headers['user-agent']);
    if (!valid) throw unknownLink();
    res.writeHead(200, PIXEL_HEADERS).end(TRANSPARENT_GIF);
  }

  @Get('c/:token')
  @ApiOperation({
    summary: 'Click redirect',
    description: 'Redirects (302) to exactly the URL recorded for this link when the message was sent, and records the click (and an open, if none was recorded yet).',
  })
  @ApiParam({ name: 'token', description: 'Signed click token from the email' })
  @ApiResponse({ status: 302, description: 'Location: the original URL' })
  @ApiResponse({ status: 404, description: 'Invalid, tampered or non-click token, or an unknown message or link' })
  async click(@Param('token') token: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    const url = await this.tracking.resolveClick(token, req.headers['user-agent'], { record: req.method !== 'HEAD' });
    if (url === null) throw unknownLink();
    res.setHeader('Cache-Control', TRACKING_NO_STORE);
    res.redirect(302, url);
  }
}
