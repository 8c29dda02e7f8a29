import { Injectable } from '@nestjs/common';
import { ExperimentDecisionService } from '@localreach/analytics';
import { PollingLoop } from './polling-loop';

/** Automatic A/B winners: looks at running experiments once a minute (decisions wait days for their minimum duration anyway). */
@Injectable()
export class ExperimentWinnerPass extends PollingLoop {
  protected readonly idleMs = 60_000;

  constructor(private readonly experiments: ExperimentDecisionService) {
    super();
  }

  protected async pass(): Promise<boolean> {
    await this.experiments.decideRunning();
    return false;
  }
}
