import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CLOCK, EventRepository, SegmentStalenessRepository, type Clock } from '@localreach/core';
import { ConsentRepository } from './consent.repository';
import { EngagementRepository } from './engagement.repository';
import type { SmsConversation } from './inbound-sms.repository';
import type { SmsKeyword } from './sms-keywords';

/** Writes what an inbound SMS means for its business: the event, the consent change and the engagement rows. */
@Injectable()
export class InboundSmsRecorder {
  constructor(
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly dataSource: DataSource,
    private readonly consents: ConsentRepository,
    private readonly engagements: EngagementRepository,
    private readonly events: EventRepository,
    private readonly staleness: SegmentStalenessRepository,
  ) {}

  /** Stores the reply and its consent change in one transaction; false when this MessageSid was already recorded. */
  async record(conversation: SmsConversation, params: Record<string, string>, keyword: SmsKeyword | null): Promise<boolean> {
    const { businessId, customerId, lastSmsMessageId } = conversation;
    const at = this.clock.now();
    const sid = params.MessageSid ?? params.SmsSid;
    return this.dataSource.transaction(async (tx) => {
      const [eventId] = await this.events.insertBatch(tx, businessId, [{
        customerId, type: 'sms_received', occurredAt: at, source: 'twilio', idempotencyKey: sid ? `twilio:${sid}` : null,
        properties: { body: params.Body ?? '', from: params.From, to: params.To ?? null, keyword: keyword?.keyword ?? null, messageSid: sid ?? null },
      }]);
      if (eventId === undefined) return false;
      const status = keyword?.action === 'opt_out' ? 'denied' : keyword?.action === 'opt_in' ? 'granted' : null;
      const consentChanged = status !== null && (await this.consents.setConsent(tx, businessId, customerId, { channel: 'sms', status, source: 'sms_keyword', at }));
      if (lastSmsMessageId) {
        const properties = { eventId, keyword: keyword?.keyword ?? null };
        await this.engagements.insertForMessage(tx, businessId, lastSmsMessageId, { type: 'replied', occurredAt: at, properties });
        if (consentChanged && status === 'denied') {
          await this.engagements.insertForMessage(tx, businessId, lastSmsMessageId, { type: 'unsubscribed', occurredAt: at, properties: { via: 'sms_keyword', keyword: keyword?.keyword } });
        }
      }
      const changed = ['event:sms_received', ...(consentChanged ? ['customer'] : []), ...(lastSmsMessageId ? ['engagement'] : [])];
      await this.staleness.markStale(tx, businessId, changed);
      return true;
    });
  }
}
