import { Inject, Injectable } from '@nestjs/common';
import { Cron } from '@nestjs/schedule';
import { AuditLogService, CLOCK, type Clock } from '@localreach/core';

/** Daily at 03:17 UTC, off the hour when other installations' jobs pile up. */
export const AUDIT_RETENTION_CRON = '17 3 * * *';

/** Deletes audit rows older than AUDIT_LOG_RETENTION_DAYS, in short batches. */
@Injectable()
export class AuditRetentionJob {
  constructor(
    private readonly audit: AuditLogService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Cron(AUDIT_RETENTION_CRON, { name: 'audit-retention', waitForCompletion: true, timeZone: 'UTC' })
  async run(): Promise<void> {
    await this.audit.pruneAuditLog(this.clock.now());
  }
}
