import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, DomainError, resolveBusinessSettings, TWILIO_INBOUND_PATH, verifiedTwilioForm, type AppConfig } from '@localreach/core';
import { InboundSmsRecorder } from './inbound-sms.recorder';
import { InboundSmsRepository, type SenderScope, type SmsConversation } from './inbound-sms.repository';
import { formatPostalAddress } from './postal-address';
import { parseSmsKeyword, type SmsKeyword } from './sms-keywords';
import { twimlResponse } from './twiml';

const E164 = /^\+[1-9]\d{6,14}$/;

/** What an inbound SMS did, for logs and tests. */
export type InboundOutcome = 'recorded' | 'duplicate' | 'unknown_sender' | 'unknown_number';

export interface InboundResult {
  outcome: InboundOutcome;
  /** The TwiML to answer Twilio with (a HELP reply, or nothing). */
  twiml: string;
}

/** "{business}: {phone or email from settings, else the postal address}. Reply STOP to opt out." */
export function helpReply(business: SmsConversation['business']): string {
  const { contact } = resolveBusinessSettings(business.settings);
  const reach = [contact.phone, contact.email].filter((part): part is string => Boolean(part));
  return `${business.name}: ${reach.length > 0 ? reach.join(' or ') : formatPostalAddress(business.address)}. Reply STOP to opt out.`;
}

/**
 * Twilio's inbound-message webhook, signed with X-Twilio-Signature for
 * PUBLIC_BASE_URL/webhooks/twilio/inbound (403 otherwise).
 *
 * Which business: the one whose own SMS sender (`settings.sender.sms.from`,
 * a number or messaging service SID) is the `To` number (or the
 * `MessagingServiceSid`); when no business owns it and it is the shared
 * default sender (TWILIO_FROM), the businesses without a sender of their own
 * share it. When several businesses qualify (a shared number, or a number two
 * businesses both claim), the reply belongs to the one that most recently
 * texted that phone, else the oldest. A STOP on a shared number thus opts out
 * of that business; Twilio blocks the whole number at the carrier, and
 * delivery records the others' opt-outs when Twilio refuses their next send
 * (error 21610, source 'carrier_stop').
 *
 * Which customer: the business's customer with the `From` phone (E.164).
 * Unknown senders get an empty answer and nothing is stored (a HELP to a
 * number one business owns is still answered).
 *
 * What is stored: an 'sms_received' event (body, from, to, keyword; the
 * MessageSid makes a redelivered webhook a no-op), STOP-type keywords set SMS
 * consent denied and START-type granted (source 'sms_keyword'), and a
 * 'replied' engagement on the business's latest SMS to the customer (plus
 * 'unsubscribed' when the reply opted out).
 */
@Injectable()
export class InboundSmsService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly repository: InboundSmsRepository,
    private readonly replies: InboundSmsRecorder,
  ) {}

  async handle(signature: string | undefined, body: unknown): Promise<InboundResult> {
    const url = `${this.config.publicBaseUrl}${TWILIO_INBOUND_PATH}`;
    const params = verifiedTwilioForm(this.config.twilio.authToken, signature, url, body);
    if (!params) throw new DomainError('forbidden', 'INVALID_TWILIO_SIGNATURE', 'X-Twilio-Signature is missing or does not match this request');
    const keyword = parseSmsKeyword(params.Body);
    const scope = await this.scopeOf(params.To, params.MessagingServiceSid);
    if (!scope) return { outcome: 'unknown_number', twiml: twimlResponse(null) };
    const conversation = E164.test(params.From ?? '') ? await this.repository.findConversation(params.From, scope) : undefined;
    if (!conversation) return { outcome: 'unknown_sender', twiml: twimlResponse(await this.helpForUnknownSender(scope, keyword)) };
    const recorded = await this.replies.record(conversation, params, keyword);
    const reply = keyword?.action === 'help' ? helpReply(conversation.business) : null;
    return { outcome: recorded ? 'recorded' : 'duplicate', twiml: twimlResponse(reply) };
  }

  private async scopeOf(to: string | undefined, messagingServiceSid: string | undefined): Promise<SenderScope | undefined> {
    const senders = [to, messagingServiceSid].filter((s): s is string => typeof s === 'string' && s !== '');
    const owners = await this.repository.findSenderOwners(senders);
    if (owners.length > 0) return { owners };
    const shared = this.config.twilio.from;
    return shared !== undefined && senders.includes(shared) ? { sharedDefault: true } : undefined;
  }

  /** HELP is answered for a number exactly one business owns, whoever asks; nothing else is said to strangers. */
  private async helpForUnknownSender(scope: SenderScope, keyword: SmsKeyword | null): Promise<string | null> {
    if (keyword?.action !== 'help' || !('owners' in scope) || scope.owners.length !== 1) return null;
    const business = await this.repository.findBusiness(scope.owners[0]);
    return business ? helpReply(business) : null;
  }
}
