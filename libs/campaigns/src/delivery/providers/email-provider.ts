/** One email, fully assembled: the provider only transports it. */
export interface OutgoingEmail {
  from: { name: string; address: string };
  replyTo: string | null;
  to: string;
  subject: string;
  html: string;
  text: string;
  /** The Message-ID header, angle brackets included; the same on every retry of one message. */
  messageId: string;
  /** Further headers (List-Unsubscribe and List-Unsubscribe-Post). */
  headers: Record<string, string>;
  /** The Date header: the injected clock's now (the demo clock too); unset = the transport's clock. */
  date?: Date;
}

export interface EmailSendResult {
  /** Stored as message.provider_id (unique): the Message-ID. */
  providerId: string;
}

/** Sends email. Throws ProviderError, classified transient or permanent, when the message was not accepted. */
export interface EmailProvider {
  send(mail: OutgoingEmail): Promise<EmailSendResult>;
  close(): Promise<void>;
}

export const EMAIL_PROVIDER = Symbol('EMAIL_PROVIDER');
