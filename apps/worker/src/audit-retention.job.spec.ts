import { Test } from '@nestjs/testing';
import { ScheduleModule, SchedulerRegistry } from '@nestjs/schedule';
import { AuditLogService, CLOCK } from '@localreach/core';
import { AuditRetentionJob } from './audit-retention.job';
import { JobRuns } from './job-runs';

describe('AuditRetentionJob', () => {
  it('is the named cron job "audit-retention", daily, and prunes with the clock\'s now', async () => {
    const now = new Date('2026-12-07T03:17:00Z');
    const pruned: Date[] = [];
    const module = await Test.createTestingModule({
      imports: [ScheduleModule.forRoot()],
      providers: [
        AuditRetentionJob,
        { provide: AuditLogService, useValue: { pruneAuditLog: async (at: Date) => { pruned.push(at); return 0; } } },
        { provide: CLOCK, useValue: { now: () => now } },
        // The run goes through JobRuns (timing, metrics, the one-worker lock): here it just runs.
        { provide: JobRuns, useValue: { run: (_job: string, work: () => Promise<unknown>) => work() } },
      ],
    }).compile();
    await module.init();
    try {
      const job = module.get(SchedulerRegistry).getCronJob('audit-retention');
      const next = job.nextDate().toJSDate();
      expect([next.getUTCHours(), next.getUTCMinutes()]).toEqual([3, 17]);
      await module.get(AuditRetentionJob).run();
      expect(pruned).toEqual([now]);
    } finally {
      await module.close();
    }
  });
});
