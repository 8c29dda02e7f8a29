import { Module } from '@nestjs/common';
import { DeliveryModule } from '../delivery/delivery.module';
import { SenderSettingsService } from './sender-settings.service';

/** Settings with the email sender's confirmation mail, for the API. Relies on the global CoreModule. */
@Module({
  imports: [DeliveryModule],
  providers: [SenderSettingsService],
  exports: [SenderSettingsService],
})
export class SenderConfirmationModule {}
