import { Module } from '@nestjs/common';
import { CampaignsModule } from '../campaigns.module';
import { DeliveryModule } from '../delivery/delivery.module';
import { TestMessageComposer } from './test-message-composer';
import { TestSendRepository } from './test-send.repository';
import { TestSendService } from './test-send.service';

/**
 * Test sends for the API: brings the delivery module's providers (the API
 * otherwise never sends) and the send contexts. Relies on the global CoreModule.
 */
@Module({
  imports: [CampaignsModule, DeliveryModule],
  providers: [TestSendService, TestMessageComposer, TestSendRepository],
  exports: [TestSendService],
})
export class TestSendModule {}
