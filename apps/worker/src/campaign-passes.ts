import { Injectable } from '@nestjs/common';
import { JourneyService, ScheduledTriggerService, TriggerService } from '@localreach/campaigns';
import { DeliveryPassService } from './delivery-pass.service';
import { PollingLoop } from './polling-loop';

const BATCH = 500;

/**
 * Advances due enrolments: goals, branches, waits, queued sends. Wakes the
 * delivery loop when it queued anything, so an immediate send does not wait
 * out delivery's rest.
 */
@Injectable()
export class JourneyPass extends PollingLoop {
  readonly jobName = 'journey';
  protected readonly idleMs = 200;

  constructor(
    private readonly journeys: JourneyService,
    private readonly delivery: DeliveryPassService,
  ) {
    super();
  }

  protected async pass(): Promise<boolean> {
    const advanced = await this.journeys.runDue(BATCH);
    if (advanced > 0) this.delivery.wake();
    return advanced === BATCH;
  }
}

/** Turns ingest (customers created, events) into enrolments within a tenth of a second, and wakes the journey loop for them. */
@Injectable()
export class TriggerPass extends PollingLoop {
  readonly jobName = 'trigger';
  protected readonly idleMs = 100;

  constructor(
    private readonly triggers: TriggerService,
    private readonly journeys: JourneyPass,
  ) {
    super();
  }

  protected async pass(): Promise<boolean> {
    const drained = await this.triggers.drainInbox(BATCH);
    if (drained > 0) this.journeys.wake();
    return drained === BATCH;
  }
}

/** Date (birthday) and broadcast triggers. */
@Injectable()
export class ScheduledTriggerPass extends PollingLoop {
  readonly jobName = 'scheduled-trigger';
  protected readonly idleMs = 1_000;

  constructor(
    private readonly scheduled: ScheduledTriggerService,
    private readonly journeys: JourneyPass,
  ) {
    super();
  }

  protected async pass(): Promise<boolean> {
    const scanned = await this.scheduled.runScans(10);
    if (scanned > 0) this.journeys.wake();
    return scanned === 10;
  }
}
