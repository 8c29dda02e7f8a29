import { Module } from '@nestjs/common';
import { ConsentRepository } from './consent.repository';
import { EngagementRecorder } from './engagement-recorder';
import { EngagementRepository } from './engagement.repository';
import { InboundSmsRecorder } from './inbound-sms.recorder';
import { InboundSmsRepository } from './inbound-sms.repository';
import { InboundSmsService } from './inbound-sms.service';
import { MessageFactsCache } from './message-facts.cache';
import { DEFAULT_RECORDING_OPTIONS, RECORDING_OPTIONS } from './recording.options';
import { TrackingService } from './tracking.service';
import { UnsubscribeService } from './unsubscribe.service';

/** Engagement recording for the API: open pixel, click redirects, unsubscribe and preference pages, inbound SMS. */
@Module({
  providers: [
    { provide: RECORDING_OPTIONS, useValue: DEFAULT_RECORDING_OPTIONS },
    EngagementRepository, MessageFactsCache, EngagementRecorder, TrackingService, ConsentRepository, UnsubscribeService,
    InboundSmsRepository, InboundSmsRecorder, InboundSmsService,
  ],
  exports: [TrackingService, UnsubscribeService, InboundSmsService, EngagementRecorder, RECORDING_OPTIONS],
})
export class RecordingModule {}
