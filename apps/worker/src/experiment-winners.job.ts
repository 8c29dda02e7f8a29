import { Injectable } from '@nestjs/common';
import { Cron } from '@nestjs/schedule';
import { WORKER_CRON_DEFAULTS } from '@localreach/core';
import { ExperimentDecisionService } from '@localreach/analytics';
import { JobRuns } from './job-runs';

/**
 * Automatic A/B winners. A decision is recorded once whoever runs it
 * (ON CONFLICT DO NOTHING); one worker at a time looks, so the arms' report
 * queries are not run by every worker each minute.
 */
@Injectable()
export class ExperimentWinnersJob {
  constructor(
    private readonly runs: JobRuns,
    private readonly experiments: ExperimentDecisionService,
  ) {}

  @Cron(WORKER_CRON_DEFAULTS['experiment-winners'], { name: 'experiment-winners', waitForCompletion: true })
  async run(): Promise<void> {
    await this.runs.run('experiment-winners', () => this.experiments.decideRunning(), { exclusive: true });
  }
}
