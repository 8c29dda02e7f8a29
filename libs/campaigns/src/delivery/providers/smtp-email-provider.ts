import { getSystemErrorName } from 'node:util';
import * as nodemailer from 'nodemailer';
import type { AppConfig } from '@localreach/core';
import { ProviderError } from '../delivery.errors';
import type { EmailProvider, EmailSendResult, OutgoingEmail } from './email-provider';

/** Connections the pool keeps open to the SMTP server. */
export const SMTP_MAX_CONNECTIONS = 5;
// Every send must finish well inside the delivery lease (see MessageRepository).
const SMTP_TIMEOUTS = { connectionTimeout: 15_000, greetingTimeout: 15_000, socketTimeout: 45_000 };
// Nodemailer's default signed headers plus List-Unsubscribe-Post: RFC 8058 §4 wants both List-Unsubscribe headers signed.
const DKIM_HEADERS =
  'From:Sender:Reply-To:Subject:Date:Message-ID:To:Cc:MIME-Version:Content-Type:Content-Transfer-Encoding:' +
  'List-Id:List-Help:List-Unsubscribe:List-Unsubscribe-Post:List-Subscribe:List-Post:List-Owner:List-Archive';
// Reply codes that mean the mailbox does not exist or the address is unusable: never try it again.
const BAD_ADDRESS_CODES = new Set([550, 551, 553]);
// Nodemailer codes for a message that cannot be built or addressed: sending it again fails the same way.
const UNSENDABLE = new Set(['EENVELOPE', 'EMESSAGE', 'ESTREAM']);

interface SmtpFailure {
  code?: string;
  errno?: number;
  responseCode?: number;
  response?: string;
  message?: string;
}

/**
 * Classifies a nodemailer failure: SMTP 4xx replies and network failures
 * (ECONNREFUSED, ETIMEDOUT, ECONNRESET, ...) are transient, 5xx replies
 * permanent, and 550/551/553 also mean the address is bad (suppress it). A
 * message nodemailer cannot build or address is permanent; anything else is
 * transient: the retry budget bounds it, and dropping mail on an unknown error
 * would be worse.
 */
export function classifySmtpError(error: unknown): ProviderError {
  const e = (typeof error === 'object' && error !== null ? error : {}) as SmtpFailure;
  const text = e.response ?? e.message ?? String(error);
  const reply = e.responseCode;
  if (typeof reply === 'number' && reply >= 400 && reply < 600) {
    const code = String(reply);
    if (reply < 500) return ProviderError.transient(code, text, error);
    return ProviderError.permanent(code, text, { suppress: BAD_ADDRESS_CODES.has(reply), cause: error });
  }
  const errnoName = typeof e.errno === 'number' ? safeErrorName(e.errno) : undefined;
  const code = errnoName ?? e.code ?? 'SMTP_ERROR';
  if (errnoName === undefined && e.code !== undefined && UNSENDABLE.has(e.code)) return ProviderError.permanent(code, text, { cause: error });
  return ProviderError.transient(code, text, error);
}

function safeErrorName(errno: number): string | undefined {
  try {
    return getSystemErrorName(errno);
  } catch {
    return undefined;
  }
}

type PoolTransport = ReturnType<typeof createPool>;

function createPool(url: string, dkim: AppConfig['dkim']) {
  return nodemailer.createTransport({
    url,
    pool: true,
    maxConnections: SMTP_MAX_CONNECTIONS,
    ...SMTP_TIMEOUTS,
    ...(dkim ? { dkim: { domainName: dkim.domainName, keySelector: dkim.keySelector, privateKey: dkim.privateKey, headerFieldNames: DKIM_HEADERS } } : {}),
  });
}

/** Email over SMTP (SMTP_URL) through one pooled nodemailer transport per process, DKIM-signed when configured. */
export class SmtpEmailProvider implements EmailProvider {
  private readonly transport: PoolTransport | undefined;

  constructor(config: Pick<AppConfig, 'smtpUrl' | 'dkim'>) {
    this.transport = config.smtpUrl ? createPool(config.smtpUrl, config.dkim) : undefined;
  }

  async send(mail: OutgoingEmail): Promise<EmailSendResult> {
    // Transient: the worker keeps the message and retries once SMTP_URL is configured.
    if (!this.transport) throw ProviderError.transient('SMTP_NOT_CONFIGURED', 'SMTP_URL is not set');
    try {
      const info = await this.transport.sendMail({
        from: { name: mail.from.name, address: mail.from.address },
        to: mail.to,
        replyTo: mail.replyTo ?? undefined,
        subject: mail.subject,
        html: mail.html,
        text: mail.text,
        messageId: mail.messageId,
        headers: mail.headers,
        date: mail.date,
      });
      return { providerId: info.messageId || mail.messageId };
    } catch (error) {
      throw classifySmtpError(error);
    }
  }

  async close(): Promise<void> {
    this.transport?.close();
  }
}
