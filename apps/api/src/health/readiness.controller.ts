import { Controller, Get, Header, HttpStatus, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { SkipThrottle } from '@nestjs/throttler';
import type { Response } from 'express';
import { ReadinessCheck } from '@localreach/core';
import { Public } from '../common/auth';
import { ReadyResponse } from './ready-response.dto';

/** Seconds a load balancer or client should wait before asking again. */
const RETRY_AFTER_SECONDS = 5;

@ApiTags('health')
@Controller('ready')
export class ReadinessController {
  constructor(private readonly readiness: ReadinessCheck) {}

  @Get()
  @Public()
  // A probe must not be refused for other traffic from its address (a load balancer's); it costs one small read.
  @SkipThrottle({ signUp: true, public: true, api: true })
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    summary: 'Ready for traffic: the database answers and every migration this release knows is applied',
    description: 'For readiness probes and load balancers (not rate limited). 503 with Retry-After and the reason: `DATABASE_UNAVAILABLE` (field `database`) or `MIGRATIONS_PENDING` (field `migrations`).',
  })
  @ApiOkResponse({ type: ReadyResponse })
  @ApiServiceUnavailableResponse({ description: 'Not ready: the database is unreachable, busy or slow, or migrations are pending' })
  async ready(@Res({ passthrough: true }) res: Response): Promise<ReadyResponse | object> {
    const readiness = await this.readiness.check();
    if (readiness.ready) return { status: 'ok', migrations: readiness.migrations };
    res.status(HttpStatus.SERVICE_UNAVAILABLE).setHeader('Retry-After', String(RETRY_AFTER_SECONDS));
    return { statusCode: 503, error: 'Service Unavailable', code: readiness.code, message: readiness.message, details: [{ field: readiness.field, message: readiness.message }] };
  }
}
