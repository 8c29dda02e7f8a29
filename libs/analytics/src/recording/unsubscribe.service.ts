import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  APP_CONFIG, CLOCK, resolveBusinessSettings, SegmentStalenessRepository, verifyTrackingToken, type AppConfig, type Clock, type ConsentSource,
  type ConsentStatus, type PostalAddress,
} from '@localreach/core';
import { ConsentRepository, type RecipientOfMessage } from './consent.repository';
import { EngagementRepository } from './engagement.repository';

export type ConsentChannel = 'email' | 'sms';

/** What the unsubscribe and preference pages show. */
export interface UnsubscribeView {
  business: { name: string; address: PostalAddress; contact: { phone: string | null; email: string | null; website: string | null } };
  /** The channel the message went out on: the one a plain unsubscribe stops. */
  channel: ConsentChannel;
  /** Null when the customer has been erased: there is nothing left to show or change. */
  recipient: {
    /** The address the email went to, partly hidden (j•••@example.com). */
    maskedEmail: string | null;
    hasPhone: boolean;
    /** Whether messages on each channel may be sent now. */
    subscribed: Record<ConsentChannel, boolean>;
  } | null;
}

/** How the person got here: a mail client's RFC 8058 one-click POST, the confirmation page, or the preference page. */
export type UnsubscribeVia = 'one_click' | 'page' | 'preferences';

/** "ana@example.com" → "a••@example.com": enough to recognise, not to harvest. */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  if (at <= 0) return '•••';
  return `${email[0]}${'•'.repeat(Math.min(Math.max(at - 1, 2), 6))}${email.slice(at)}`;
}

/**
 * The unsubscribe link and preference page of a message. Unsubscribing sets
 * the channel's consent to denied (source 'unsubscribe_link', or
 * 'preference_page'), at once, and records an 'unsubscribed' engagement on the
 * message; delivery checks consent at send time, so nothing queued goes out
 * after it. The preference page can also grant consent again. Every change
 * is scoped to the business the message belongs to.
 */
@Injectable()
export class UnsubscribeService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly dataSource: DataSource,
    private readonly consents: ConsentRepository,
    private readonly engagements: EngagementRepository,
    private readonly staleness: SegmentStalenessRepository,
  ) {}

  /** The page for a token, or null when the token is invalid or its message is gone (the caller answers 404). */
  async view(token: string): Promise<UnsubscribeView | null> {
    const recipient = await this.recipientOf(token);
    return recipient ? this.toView(recipient) : null;
  }

  /** Stops the message's channel; null for an invalid token. Repeating it changes nothing. */
  async unsubscribe(token: string, via: Exclude<UnsubscribeVia, 'preferences'>): Promise<UnsubscribeView | null> {
    const recipient = await this.recipientOf(token);
    if (!recipient) return null;
    await this.apply(recipient, [{ channel: recipient.channel, status: 'denied', source: 'unsubscribe_link' }], via);
    return this.view(token);
  }

  /** Sets each channel the person can receive to what they chose; null for an invalid token. */
  async savePreferences(token: string, choice: Record<ConsentChannel, boolean>): Promise<UnsubscribeView | null> {
    const recipient = await this.recipientOf(token);
    if (!recipient) return null;
    const current = this.toView(recipient).recipient;
    if (current) {
      const channels = (['email', 'sms'] as const).filter((channel) => (channel === 'email' ? recipient.customer?.email : recipient.customer?.phone));
      const changes = channels
        .filter((channel) => choice[channel] !== current.subscribed[channel])
        .map((channel) => ({ channel, status: (choice[channel] ? 'granted' : 'denied') as ConsentStatus, source: 'preference_page' as ConsentSource }));
      await this.apply(recipient, changes, 'preferences');
    }
    return this.view(token);
  }

  private async recipientOf(token: string): Promise<RecipientOfMessage | undefined> {
    const payload = verifyTrackingToken(this.config.trackingSecret, token);
    if (!payload || payload.kind !== 'unsubscribe') return undefined;
    return this.consents.findRecipientOfMessage(payload.messageId);
  }

  private async apply(
    recipient: RecipientOfMessage,
    changes: { channel: ConsentChannel; status: ConsentStatus; source: ConsentSource }[],
    via: UnsubscribeVia,
  ): Promise<void> {
    const customer = recipient.customer;
    if (!customer || changes.length === 0) return;
    const at = this.clock.now();
    await this.dataSource.transaction(async (tx) => {
      let changed = false;
      for (const change of changes) {
        if (!(await this.consents.setConsent(tx, recipient.businessId, customer.id, { ...change, at }))) continue;
        changed = true;
        // Stopping the channel the message came on is this message's unsubscribe, counted in its campaign's funnel.
        if (change.status === 'denied' && change.channel === recipient.channel) {
          await this.engagements.insertForMessage(tx, recipient.businessId, recipient.messageId, { type: 'unsubscribed', occurredAt: at, properties: { via } });
        }
      }
      if (changed) await this.staleness.markStale(tx, recipient.businessId, ['customer', 'engagement']);
    });
  }

  private toView(recipient: RecipientOfMessage): UnsubscribeView {
    const settings = resolveBusinessSettings(recipient.business.settings);
    const customer = recipient.customer;
    const emailSubscribed = settings.consent.emailRequiresOptIn ? customer?.consent.email === 'granted' : customer?.consent.email !== 'denied';
    return {
      business: { name: recipient.business.name, address: recipient.business.address, contact: settings.contact },
      channel: recipient.channel,
      recipient: customer
        ? {
            maskedEmail: customer.email ? maskEmail(customer.email) : null,
            hasPhone: customer.phone !== null,
            subscribed: { email: customer.email !== null && emailSubscribed, sms: customer.phone !== null && customer.consent.sms === 'granted' },
          }
        : null,
    };
  }
}
