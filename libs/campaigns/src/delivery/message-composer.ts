import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@localreach/core';
import { TemplateRenderer } from '../templates';
import type { SendContext } from './delivery-context.repository';
import { ProviderError } from './delivery.errors';
import { trackingUrls } from './link-tracking';
import { assembleEmail, assembleSms, buildTemplateContext, type CustomerForSend } from './message-composition';
import type { ClaimedMessage } from './message.repository';
import type { OutgoingEmail } from './providers/email-provider';
import type { OutgoingSms } from './providers/sms-provider';

/** A message ready for its provider, with what is stored on the row before sending. */
export type Composition =
  | { channel: 'email'; mail: OutgoingEmail; toAddress: string; subject: string; links: string[] }
  | { channel: 'sms'; sms: OutgoingSms; toAddress: string; subject: null; links: null };

export interface ComposeInput {
  message: ClaimedMessage;
  context: SendContext;
  customer: CustomerForSend;
  address: string;
  firstSms: boolean;
  now: Date;
}

/**
 * Renders a message's template against its customer, business, store and
 * offer with signed tracking and unsubscribe URLs, then assembles it for its
 * channel. Throws ProviderError (permanent) for a message that can never be
 * rendered: a missing template, one of the other channel, or one that fails
 * to render.
 */
@Injectable()
export class MessageComposer {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly renderer: TemplateRenderer,
  ) {}

  compose(input: ComposeInput): Composition {
    const { message, context } = input;
    const template = context.template;
    if (!template) throw ProviderError.permanent('TEMPLATE_NOT_FOUND', `template ${message.templateId ?? '(none)'} does not exist`);
    if (template.channel !== message.channel) {
      throw ProviderError.permanent('TEMPLATE_CHANNEL_MISMATCH', `a ${template.channel} template cannot be sent as ${message.channel}`);
    }
    const urls = trackingUrls(this.config.publicBaseUrl, this.config.trackingSecret, message.id);
    const templateContext = buildTemplateContext({
      messageId: message.id, campaignName: context.campaignName, customer: input.customer, business: context.business, store: context.store,
      offer: message.offer, couponCode: message.couponCode, event: context.event, urls, now: input.now,
    });
    try {
      if (template.channel === 'sms') {
        const sms = assembleSms(this.renderer.render(template, templateContext, context.partials), { to: input.address, from: context.business.settings.sender.sms.from, firstSms: input.firstSms });
        return { channel: 'sms', sms, toAddress: input.address, subject: null, links: null };
      }
      const { mail, links } = assembleEmail(this.renderer.render(template, templateContext, context.partials), { messageId: message.id, to: input.address, business: context.business, urls, date: input.now });
      return { channel: 'email', mail, toAddress: input.address, subject: mail.subject, links };
    } catch (error) {
      throw ProviderError.permanent('TEMPLATE_RENDER_FAILED', error instanceof Error ? error.message : String(error), { cause: error });
    }
  }
}
