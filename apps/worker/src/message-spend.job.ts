import { Injectable } from '@nestjs/common';
import { Cron } from '@nestjs/schedule';
import { DataSource } from 'typeorm';
import { WORKER_CRON_DEFAULTS } from '@localreach/core';
import { compactMessageSpend } from '@localreach/analytics';
import { JobRuns } from './job-runs';

/**
 * Folds the overview's spend roll-up (a busy minute of sending appends a
 * delta per send statement). Safe in any number of workers at once, but two
 * would queue on each other's row locks: one worker at a time folds.
 */
@Injectable()
export class MessageSpendJob {
  constructor(
    private readonly runs: JobRuns,
    private readonly dataSource: DataSource,
  ) {}

  @Cron(WORKER_CRON_DEFAULTS['message-spend'], { name: 'message-spend', waitForCompletion: true })
  async run(): Promise<void> {
    await this.runs.run('message-spend', () => compactMessageSpend(this.dataSource), { exclusive: true });
  }
}
