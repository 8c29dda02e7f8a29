import { Inject, Injectable } from '@nestjs/common';
import twilio from 'twilio';
import { APP_CONFIG, CLOCK, DomainError, type AppConfig, type Clock } from '@localreach/core';
import { MessageStatusRepository, type FinalDeliveryStatus } from './message-status.repository';
import { TWILIO_STATUS_PATH } from './providers/twilio-sms-provider';

/** What a status callback did: moved the message, found it already final, or found nothing to do. */
export type StatusCallbackOutcome = 'updated' | 'unchanged' | 'unknown_message' | 'not_final';

const FINAL: Record<string, FinalDeliveryStatus> = { delivered: 'delivered', undelivered: 'undelivered', failed: 'failed' };
const MESSAGE_SID = /^(SM|MM)[0-9a-fA-F]{32}$/;

/**
 * Twilio message status callbacks. The X-Twilio-Signature must match the
 * parameters signed with our auth token for PUBLIC_BASE_URL +
 * /webhooks/twilio/status (the URL we gave Twilio), else 403. delivered,
 * undelivered and failed move a sent message (once) and record an engagement;
 * intermediate statuses and unknown messages are acknowledged and ignored.
 */
@Injectable()
export class DeliveryStatusService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly statuses: MessageStatusRepository,
  ) {}

  async handleTwilioStatus(signature: string | undefined, body: unknown): Promise<StatusCallbackOutcome> {
    const params = this.verified(signature, body);
    const sid = params.MessageSid ?? params.SmsSid;
    const status = params.MessageStatus ?? params.SmsStatus;
    if (!sid || !MESSAGE_SID.test(sid)) throw DomainError.invalid('INVALID_STATUS_CALLBACK', [{ field: 'MessageSid', message: 'must be a Twilio message SID' }]);
    if (!status) throw DomainError.invalid('INVALID_STATUS_CALLBACK', [{ field: 'MessageStatus', message: 'is required' }]);
    const final = FINAL[status];
    if (!final) return 'not_final';
    const message = await this.statuses.findByProviderId(sid);
    if (!message) return 'unknown_message';
    const errorCode = final === 'delivered' ? null : (params.ErrorCode ?? null);
    const moved = await this.statuses.applyFinalStatus(message.businessId, message.messageId, final, this.clock.now(), errorCode);
    return moved ? 'updated' : 'unchanged';
  }

  /** The form parameters, once the signature proves Twilio sent them. */
  private verified(signature: string | undefined, body: unknown): Record<string, string> {
    const authToken = this.config.twilio.authToken;
    const params = formParams(body);
    const url = `${this.config.publicBaseUrl}${TWILIO_STATUS_PATH}`;
    if (!authToken || !signature || !params || !twilio.validateRequest(authToken, signature, url, params)) {
      throw new DomainError('forbidden', 'INVALID_TWILIO_SIGNATURE', 'X-Twilio-Signature is missing or does not match this request');
    }
    return params;
  }
}

/** A urlencoded form as parsed by the HTTP layer: only flat string values are accepted. */
function formParams(body: unknown): Record<string, string> | undefined {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return undefined;
  const entries = Object.entries(body);
  if (!entries.every(([, value]) => typeof value === 'string')) return undefined;
  return Object.fromEntries(entries) as Record<string, string>;
}
