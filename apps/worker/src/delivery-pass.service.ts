import { Injectable } from '@nestjs/common';
import { DELIVERY_BATCH_SIZE, DeliveryService } from '@localreach/campaigns/delivery';
import { PollingLoop } from './polling-loop';

/**
 * Sends due messages: a full batch is followed by the next at once, anything
 * less by a 100 ms rest. Two lanes, so one batch is claimed and decided while
 * the other's sends are still going out (the SMTP pool never waits on the database).
 */
@Injectable()
export class DeliveryPassService extends PollingLoop {
  readonly jobName = 'delivery';
  protected readonly idleMs = 100;
  protected override readonly lanes = 2;

  constructor(private readonly delivery: DeliveryService) {
    super();
  }

  protected async pass(signal: AbortSignal): Promise<boolean> {
    return (await this.delivery.runOnce(DELIVERY_BATCH_SIZE, signal)).claimed >= DELIVERY_BATCH_SIZE;
  }
}
