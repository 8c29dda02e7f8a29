import { Controller, Get, HttpStatus, Res, ServiceUnavailableException } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, HealthIndicatorService, type HealthCheckResult } from '@nestjs/terminus';
import type { Response } from 'express';
import { WorkerHeartbeatRepository } from '@localreach/core';
import { Public } from '../common/auth';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    private readonly heartbeats: WorkerHeartbeatRepository,
  ) {}

  @Get()
  @Public()
  @HealthCheck()
  @ApiOperation({
    summary: 'Database reachability (503 when down) and live worker processes',
    description: 'The same report on 200 and 503 (with Retry-After): `error.database.message` says why the database is down. For people and monitoring; probes and load balancers use GET /ready.',
  })
  async check(@Res({ passthrough: true }) res: Response): Promise<HealthCheckResult> {
    try {
      return await this.runChecks();
    } catch (error) {
      if (!(error instanceof ServiceUnavailableException)) throw error;
      // Terminus' report as documented (the error filter would reshape it and drop which check failed and why).
      res.status(HttpStatus.SERVICE_UNAVAILABLE).setHeader('Retry-After', '5');
      return error.getResponse() as HealthCheckResult;
    }
  }

  private runChecks(): Promise<HealthCheckResult> {
    return this.health.check([
      async () => {
        const db = this.indicators.check('database');
        try {
          return db.up({ latencyMs: Math.round((await this.heartbeats.ping()) * 100) / 100 });
        } catch (error) {
          return db.down({ message: error instanceof Error ? error.message : String(error) });
        }
      },
      async () => {
        const workers = this.indicators.check('workers');
        try {
          const alive = await this.heartbeats.listAlive(30);
          const data: Record<string, unknown> = { alive: alive.length, workers: alive.map((w) => ({ id: w.workerId, host: w.hostname, pid: w.pid, seenAt: w.seenAt })) };
          // Workers being down does not make the API unhealthy; it is reported so operators notice.
          if (alive.length === 0) data.warning = 'no worker process seen in the last 30 s';
          return workers.up(data);
        } catch (error) {
          return workers.down({ message: error instanceof Error ? error.message : String(error) });
        }
      },
    ]);
  }
}
