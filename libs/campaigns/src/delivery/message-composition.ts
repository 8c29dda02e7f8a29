import type { BusinessSettings, PostalAddress } from '@localreach/core';
import { addressContext, type EventContext, type RenderedEmail, type RenderedSms, type TemplateContext } from '../templates';
import { trackEmail, type TrackingUrls } from './link-tracking';
import type { OutgoingEmail } from './providers/email-provider';
import type { OutgoingSms } from './providers/sms-provider';

/** Appended to the first SMS a business sends a customer (CTIA: say how to opt out). */
export const SMS_STOP_FOOTER = '\nReply STOP to opt out.';
/** The sender of businesses that configured none: an address that can never be delivered to by mistake. */
export const FALLBACK_FROM_ADDRESS = 'no-reply@localreach.invalid';
const DAY_MS = 24 * 60 * 60 * 1000;

/** The message row's offer: what the journey step configured (the coupon code itself is generated on the message). */
export interface OfferSpec {
  couponPrefix?: string;
  description?: string;
  validDays?: number;
}

export interface BusinessForSend {
  name: string;
  timezone: string;
  currency: string;
  address: PostalAddress;
  settings: BusinessSettings;
}

export interface CustomerForSend {
  id: string;
  firstName: string | null;
  lastName: string | null;
  email: string | null;
  phone: string | null;
  birthday: string | null;
  timezone: string | null;
  attributes: Record<string, unknown>;
  tags: string[];
}

export interface StoreForSend {
  name: string;
  address: PostalAddress | null;
  phone: string | null;
  lat: number | null;
  lng: number | null;
}

export interface ContextInput {
  messageId: string;
  campaignName: string | null;
  customer: CustomerForSend;
  business: BusinessForSend;
  store: StoreForSend | null;
  offer: OfferSpec | null;
  couponCode: string | null;
  /** The event that started an event-triggered journey. */
  event?: EventContext | null;
  urls: TrackingUrls;
  now: Date;
}

/** The offer as templates see it: the coupon, its description, and an expiry validDays after now. */
export function offerContext(offer: OfferSpec | null, couponCode: string | null, now: Date): TemplateContext['offer'] {
  if (!offer && !couponCode) return null;
  const validDays = offer?.validDays;
  const expiresAt = typeof validDays === 'number' && validDays > 0 ? new Date(now.getTime() + validDays * DAY_MS).toISOString() : null;
  return { couponCode, description: offer?.description ?? null, expiresAt };
}

/** Everything a template may reference for one message. */
export function buildTemplateContext(input: ContextInput): TemplateContext {
  const { customer, business, store } = input;
  return {
    customer: {
      id: customer.id, firstName: customer.firstName, lastName: customer.lastName, email: customer.email, phone: customer.phone,
      birthday: customer.birthday, timezone: customer.timezone, attributes: customer.attributes, tags: customer.tags,
    },
    business: {
      name: business.name,
      address: addressContext(business.address),
      phone: business.settings.contact.phone,
      website: business.settings.contact.website,
      currency: business.currency,
      timezone: business.timezone,
    },
    store: store
      ? { name: store.name, address: store.address ? addressContext(store.address) : null, phone: store.phone, lat: store.lat, lng: store.lng }
      : null,
    offer: offerContext(input.offer, input.couponCode, input.now),
    event: input.event ?? null,
    links: { unsubscribe: input.urls.unsubscribe, preferences: input.urls.preferences },
    message: { id: input.messageId },
    campaign: { name: input.campaignName ?? '' },
  };
}

function domainOf(address: string): string {
  const at = address.lastIndexOf('@');
  return at < 0 ? 'localreach.invalid' : address.slice(at + 1).toLowerCase();
}

export interface AssembledEmail {
  mail: OutgoingEmail;
  /** Original URLs behind the click tokens, stored in message.links. */
  links: string[];
}

/**
 * The email as sent: tracked links and open pixel, the business's sender (or
 * the fallback), Reply-To when set, a Message-ID derived from the message id
 * (so every retry carries the same one) and the RFC 8058 one-click
 * unsubscribe headers.
 */
export function assembleEmail(
  rendered: RenderedEmail,
  input: { messageId: string; to: string; business: Pick<BusinessForSend, 'name' | 'settings'>; urls: TrackingUrls; date?: Date },
): AssembledEmail {
  const sender = input.business.settings.sender.email;
  const fromAddress = sender.fromAddress ?? FALLBACK_FROM_ADDRESS;
  const tracked = trackEmail({ html: rendered.html, text: rendered.text }, input.urls);
  return {
    mail: {
      from: { name: sender.fromName ?? input.business.name, address: fromAddress },
      replyTo: sender.replyTo,
      to: input.to,
      subject: rendered.subject,
      html: tracked.html,
      text: tracked.text,
      messageId: `<${input.messageId}@${domainOf(fromAddress)}>`,
      headers: { 'List-Unsubscribe': `<${input.urls.unsubscribe}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' },
      date: input.date,
    },
    links: tracked.links,
  };
}

/** The SMS as sent: the rendered body, plus the STOP footer on the first SMS this business sends the customer. */
export function assembleSms(rendered: RenderedSms, input: { to: string; from: string | null; firstSms: boolean }): OutgoingSms {
  return { to: input.to, from: input.from, body: input.firstSms ? `${rendered.body}${SMS_STOP_FOOTER}` : rendered.body };
}
