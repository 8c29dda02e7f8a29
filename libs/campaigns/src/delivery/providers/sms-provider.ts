/** One text message, fully assembled. */
export interface OutgoingSms {
  to: string;
  /** E.164 number or Messaging Service SID; null = the provider's configured default. */
  from: string | null;
  body: string;
}

export interface SmsSendResult {
  /** The provider's message id (Twilio MessageSid), matched by status callbacks. */
  providerId: string;
  /** Segments the provider bills. */
  segments: number;
}

/** Sends SMS. Throws ProviderError, classified transient or permanent, when the message was not accepted. */
export interface SmsProvider {
  send(sms: OutgoingSms): Promise<SmsSendResult>;
}

export const SMS_PROVIDER = Symbol('SMS_PROVIDER');
