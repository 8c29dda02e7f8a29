import { Injectable } from '@nestjs/common';
import { DELIVERY_BATCH_SIZE, DeliveryService } from '@localreach/campaigns/delivery';
import { PollingLoop } from './polling-loop';

/** Sends due messages: a full batch is followed by the next at once, anything less by a 250 ms rest. */
@Injectable()
export class DeliveryPassService extends PollingLoop {
  protected readonly idleMs = 250;

  constructor(private readonly delivery: DeliveryService) {
    super();
  }

  protected async pass(): Promise<boolean> {
    return (await this.delivery.runOnce(DELIVERY_BATCH_SIZE)).claimed >= DELIVERY_BATCH_SIZE;
  }
}
