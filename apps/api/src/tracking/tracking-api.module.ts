import { Module } from '@nestjs/common';
import { RecordingModule } from '@localreach/analytics';
import { TwilioInboundController } from '../webhooks/twilio-inbound.controller';
import { TrackingController } from './tracking.controller';
import { UnsubscribeController } from './unsubscribe.controller';

/** The public recording endpoints: open pixel, click redirect, unsubscribe and preference pages, inbound SMS. */
@Module({
  imports: [RecordingModule],
  controllers: [TrackingController, UnsubscribeController, TwilioInboundController],
})
export class TrackingApiModule {}
