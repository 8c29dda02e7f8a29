import { Controller, Get, Headers, Inject, Res } from '@nestjs/common';
import { ApiHeader, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { SkipThrottle } from '@nestjs/throttler';
import type { Response } from 'express';
import { APP_CONFIG, Metrics, metricsAccess, metricsRefusal, type AppConfig } from '@localreach/core';
import { Public } from '../common/auth';

@ApiTags('health')
@Controller('metrics')
export class MetricsController {
  constructor(
    private readonly metrics: Metrics,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get()
  @Public()
  // Scrapers poll every few seconds from one address; the database figures are cached, so a storm costs little.
  @SkipThrottle({ signUp: true, public: true, api: true })
  @ApiOperation({
    summary: 'Prometheus metrics of this API process and the queues in the database',
    description:
      'Prometheus text format: request latency per route template and status, the message queue by state and reason, enrolments due, ' +
      'segment refresh lag, engagement buffer, connection pool, and Node process figures (prefix `localreach_`). No label names a business. ' +
      'With METRICS_TOKEN set, send `Authorization: Bearer <METRICS_TOKEN>`; without it, open outside production and 404 `METRICS_DISABLED` in production. ' +
      'Database figures are read at most every 5 s; `localreach_database_up` is 0 when the database did not answer (the rest is still served).',
  })
  @ApiHeader({ name: 'Authorization', required: false, description: '`Bearer <METRICS_TOKEN>` when METRICS_TOKEN is set' })
  @ApiProduces('text/plain')
  @ApiOkResponse({ description: 'Prometheus text exposition format 0.0.4', content: { 'text/plain': { schema: { type: 'string' } } } })
  @ApiUnauthorizedResponse({ description: 'METRICS_TOKEN is set and the request did not send it (`METRICS_TOKEN_REQUIRED`) or sent another (`INVALID_METRICS_TOKEN`)' })
  @ApiNotFoundResponse({ description: 'Production without METRICS_TOKEN: not served (`METRICS_DISABLED`)' })
  async scrape(@Headers('authorization') authorization: string | undefined, @Res() res: Response): Promise<void> {
    const access = metricsAccess(this.config, authorization);
    if (access !== 'ok') throw metricsRefusal(access);
    const { contentType, body } = await this.metrics.render();
    // end(), not send(): send() would add a charset parameter to Prometheus' content type.
    res.status(200).setHeader('Content-Type', contentType).setHeader('Cache-Control', 'no-store').end(body);
  }
}
