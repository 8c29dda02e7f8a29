import { Controller, Get, Header, ServiceUnavailableException } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { HealthCheckService, HealthIndicatorService, type HealthCheckResult } from '@nestjs/terminus';
import { WorkerHeartbeatRepository } from '@localreach/core';
import { Public } from '../common/auth';
import { HealthReport } from './health-report.dto';

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
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    summary: 'Liveness: 200 while the process answers, with what it sees of the database and the workers',
    description:
      'For liveness probes, people and monitoring: 200 as long as the process answers, the database being away included (restarting the process would not bring it back). ' +
      '`status` is "degraded" when a check is down and `error.database.message` says why. Readiness for traffic is GET /ready.',
  })
  @ApiOkResponse({ type: HealthReport })
  async check(): Promise<HealthReport> {
    try {
      return report(await this.runChecks());
    } catch (error) {
      if (!(error instanceof ServiceUnavailableException)) throw error;
      // Terminus throws its report when a check is down; the process is still alive, so it is a 200 all the same.
      return report(error.getResponse() as HealthCheckResult);
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

function report(result: HealthCheckResult): HealthReport {
  return { ...result, status: result.status === 'ok' ? 'ok' : 'degraded' } as HealthReport;
}
