import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '@localreach/core';
import { DeliveryContextRepository, type SendContext } from './delivery-context.repository';
import { MessageComposer, type Composition } from './message-composer';
import { MessageRepository, type ClaimedMessage } from './message.repository';
import { decideSend, WEEK_MS, type SuppressReason } from './send-policy';

export type Admission =
  | { action: 'send'; address: string; composition: Composition }
  | { action: 'held' | 'suppressed' }
  /** Another worker owns the message now (this worker's lease expired). */
  | { action: 'lost' };

const SUPPRESS_DETAIL: Record<SuppressReason, string> = {
  no_address: 'the customer has no address for this channel or was erased',
  no_consent: 'the customer has not consented to this channel',
  suppressed_address: 'the address is on the suppression list',
};

/**
 * Applies the send policy to a claimed message in one short transaction
 * holding the customer's row lock: reads the recipient, the suppression list
 * and the send history, decides, and holds or suppresses the message, or
 * renders it and reserves the send (sent_at, recipient, subject, link table)
 * before the lock is released. So one customer's messages are decided one at
 * a time on every worker, and a reserved send counts toward the frequency cap
 * of the next message at once. A message that cannot be rendered throws
 * (ProviderError, permanent) and nothing is reserved.
 */
@Injectable()
export class SendGate {
  constructor(
    private readonly dataSource: DataSource,
    private readonly contexts: DeliveryContextRepository,
    private readonly messages: MessageRepository,
    private readonly composer: MessageComposer,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  admit(message: ClaimedMessage, context: SendContext, now: Date): Promise<Admission> {
    return this.dataSource.transaction<Admission>(async (tx) => {
      const recipient = await this.contexts.lockRecipient(tx, message, new Date(now.getTime() - WEEK_MS));
      const decision = decideSend({
        channel: message.channel,
        now,
        recipient: recipient?.facts ?? null,
        businessTimezone: context.business.timezone,
        settings: context.business.settings,
        addressSuppressed: recipient?.addressSuppressed ?? false,
        recentSends: recipient?.history.recentSends ?? [],
      });
      if (decision.action === 'hold') {
        return { action: (await this.messages.hold(tx, message, now, decision.reason, decision.until)) ? 'held' : 'lost' };
      }
      if (decision.action === 'suppress') {
        const applied = await this.messages.suppress(tx, message, now, decision.reason, SUPPRESS_DETAIL[decision.reason]);
        return { action: applied ? 'suppressed' : 'lost' };
      }
      if (!recipient) return { action: 'lost' };
      const firstSms = message.channel === 'sms' && !recipient.history.hasSentSms;
      const composition = this.composer.compose({ message, context, customer: recipient.customer, address: decision.address, firstSms, now });
      const reserved = await this.messages.reserveSend(tx, message, now, this.config.deliveryLeaseSeconds, composition);
      return reserved ? { action: 'send', address: decision.address, composition } : { action: 'lost' };
    });
  }
}
