import { Inject, Injectable } from '@nestjs/common';
import { Cron } from '@nestjs/schedule';
import { AuditLogService, CLOCK, WORKER_CRON_DEFAULTS, type Clock } from '@localreach/core';
import { JobRuns } from './job-runs';

/** Deletes audit rows older than AUDIT_LOG_RETENTION_DAYS, in short batches, one worker at a time. */
@Injectable()
export class AuditRetentionJob {
  constructor(
    private readonly runs: JobRuns,
    private readonly audit: AuditLogService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Cron(WORKER_CRON_DEFAULTS['audit-retention'], { name: 'audit-retention', waitForCompletion: true, timeZone: 'UTC' })
  async run(): Promise<void> {
    await this.runs.run('audit-retention', () => this.audit.pruneAuditLog(this.clock.now()), { exclusive: true });
  }
}
