import { Injectable } from '@nestjs/common';
import { JourneyService, ScheduledTriggerService, TriggerService } from '@localreach/campaigns';
import { PollingLoop } from './polling-loop';

const BATCH = 500;

/** Turns ingest (customers created, events) into enrolments within a quarter second. */
@Injectable()
export class TriggerPass extends PollingLoop {
  protected readonly idleMs = 200;

  constructor(private readonly triggers: TriggerService) {
    super();
  }

  protected async pass(): Promise<boolean> {
    return (await this.triggers.drainInbox(BATCH)) === BATCH;
  }
}

/** Advances due enrolments: goals, branches, waits, queued sends. */
@Injectable()
export class JourneyPass extends PollingLoop {
  protected readonly idleMs = 200;

  constructor(private readonly journeys: JourneyService) {
    super();
  }

  protected async pass(): Promise<boolean> {
    return (await this.journeys.runDue(BATCH)) === BATCH;
  }
}

/** Date (birthday) and broadcast triggers. */
@Injectable()
export class ScheduledTriggerPass extends PollingLoop {
  protected readonly idleMs = 1_000;

  constructor(private readonly scheduled: ScheduledTriggerService) {
    super();
  }

  protected async pass(): Promise<boolean> {
    return (await this.scheduled.runScans(10)) === 10;
  }
}
