import { Module } from '@nestjs/common';
import { DeliveryStatusService } from './delivery-status.service';
import { MessageStatusRepository } from './message-status.repository';

/** Provider status callbacks, for the API (which does not send, so it does not get the providers). */
@Module({
  providers: [DeliveryStatusService, MessageStatusRepository],
  exports: [DeliveryStatusService],
})
export class DeliveryStatusModule {}
