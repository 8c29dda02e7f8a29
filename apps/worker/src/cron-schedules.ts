import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import type { CronJob, CronTime } from 'cron';
import { APP_CONFIG, ConfigError, workerCronVariable, type AppConfig, type WorkerCronJob } from '@localreach/core';

/**
 * Gives each calendar job the schedule configured for it (WORKER_CRON_<NAME>;
 * an @Cron decorator can only name the default, being read before the
 * configuration is), and logs the schedule once at start. Runs after
 * ScheduleModule mounted the jobs: a global module's bootstrap hooks run first.
 */
@Injectable()
export class CronSchedules implements OnApplicationBootstrap {
  private readonly logger = new Logger(CronSchedules.name);

  constructor(
    private readonly registry: SchedulerRegistry,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    const jobs = [...this.registry.getCronJobs()];
    for (const [name, job] of jobs) {
      if (!Object.hasOwn(this.config.workerCron, name)) continue;
      const expression = this.config.workerCron[name as WorkerCronJob];
      if (expression !== String(job.cronTime.source)) reschedule(name as WorkerCronJob, job, expression);
    }
    this.logger.log(`cron jobs: ${jobs.map(([name, job]) => `${name} "${String(job.cronTime.source)}" (next ${job.nextDate().toISO()})`).join(', ')}`);
  }
}

function reschedule(name: WorkerCronJob, job: CronJob, expression: string): void {
  // The CronTime of the job's own copy of the cron package (the one @nestjs/schedule depends on): setTime checks instanceof.
  const JobCronTime = job.cronTime.constructor as typeof CronTime;
  let time: CronTime;
  try {
    time = new JobCronTime(expression, job.cronTime.timeZone);
  } catch (error) {
    throw new ConfigError(workerCronVariable(name), `is not a valid cron expression: ${error instanceof Error ? error.message : String(error)}`);
  }
  job.setTime(time);
}
