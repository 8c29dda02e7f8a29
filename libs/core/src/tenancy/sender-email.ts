import { createHash, randomBytes } from 'node:crypto';

/**
 * Email sender confirmation (issue 18): a business's From address is used
 * only once someone reading that mailbox confirmed it through a link mailed
 * to it, and a confirmed address claims its domain for that business.
 */

/**
 * Public mailbox providers: nobody owns these domains as a whole, so
 * confirming one address at them claims that address only. Any other
 * domain is taken to be the business's own and is claimed entirely.
 */
export const PUBLIC_MAILBOX_DOMAINS: ReadonlySet<string> = new Set([
  'gmail.com', 'googlemail.com', 'yahoo.com', 'yahoo.co.uk', 'ymail.com', 'outlook.com', 'hotmail.com', 'hotmail.co.uk', 'live.com', 'msn.com',
  'icloud.com', 'me.com', 'mac.com', 'aol.com', 'proton.me', 'protonmail.com', 'pm.me', 'gmx.com', 'gmx.net', 'gmx.de', 'web.de', 'mail.com',
  'zoho.com', 'fastmail.com', 'hey.com', 'yandex.com', 'yandex.ru', 'mail.ru', 'qq.com', '163.com', 'comcast.net', 'att.net', 'verizon.net',
]);

/** The domain of an address: what follows the last @, lower-cased. */
export function senderDomainOf(address: string): string {
  return address.slice(address.lastIndexOf('@') + 1).toLowerCase();
}

/** The domain a confirmed address claims for its business, or null when it is a public mailbox provider's. */
export function claimedDomainOf(address: string): string | null {
  const domain = senderDomainOf(address);
  return PUBLIC_MAILBOX_DOMAINS.has(domain) ? null : domain;
}

/** Where a confirmation link points, under PUBLIC_BASE_URL: `${SENDER_CONFIRMATION_PATH}/<token>`. */
export const SENDER_CONFIRMATION_PATH = '/sender-confirmation';

const UUID_BYTES = 16;
const SECRET_BYTES = 32;
const TOKEN = /^[A-Za-z0-9_-]{64}$/;

/** A confirmation link's token: the business id and 256 random bits, base64url (64 characters). Only its hash is stored. */
export interface ConfirmationToken {
  token: string;
  businessId: string;
  hash: Buffer;
}

export function hashConfirmationToken(token: string): Buffer {
  return createHash('sha256').update(token).digest();
}

export function newConfirmationToken(businessId: string): ConfirmationToken {
  const id = Buffer.from(businessId.replace(/-/g, ''), 'hex');
  const token = Buffer.concat([id, randomBytes(SECRET_BYTES)]).toString('base64url');
  return { token, businessId, hash: hashConfirmationToken(token) };
}

/** The business a token names and its hash; undefined when it is not shaped like one (truncated, altered, another kind of link). */
export function readConfirmationToken(token: string): ConfirmationToken | undefined {
  if (!TOKEN.test(token)) return undefined;
  const hex = Buffer.from(token, 'base64url').subarray(0, UUID_BYTES).toString('hex');
  const businessId = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  return { token, businessId, hash: hashConfirmationToken(token) };
}

/** The stored confirmation of a business's From address (table sender_email). */
export interface SenderEmailRecord {
  address: string;
  requestedAt: Date;
  confirmedAt: Date | null;
  tokenExpiresAt: Date | null;
  sentAt: Date | null;
  sendError: string | null;
}

/** What a confirmation link finds: still usable, already used (the address is confirmed), or past its expiry. */
export type TokenState = 'valid' | 'used' | 'expired';

export function confirmationTokenState(record: Pick<SenderEmailRecord, 'confirmedAt' | 'tokenExpiresAt'>, now: Date): TokenState {
  if (record.confirmedAt !== null) return 'used';
  if (record.tokenExpiresAt === null || record.tokenExpiresAt.getTime() <= now.getTime()) return 'expired';
  return 'valid';
}

/** The From address's state as GET /v1/settings shows it. */
export interface SenderEmailConfirmation {
  status: 'pending' | 'confirmed';
  /** When the address was set (pending since); null once confirmed. */
  pendingSince: Date | null;
  confirmedAt: Date | null;
  /** When the latest confirmation mail was accepted by the mail server; null when none was. */
  sentAt: Date | null;
  /** Until when its link works; null once confirmed or when none was issued. */
  expiresAt: Date | null;
  /** Why the latest confirmation mail could not be sent; null when it was. */
  sendError: string | null;
}

export function confirmationView(record: SenderEmailRecord): SenderEmailConfirmation {
  const confirmed = record.confirmedAt !== null;
  return {
    status: confirmed ? 'confirmed' : 'pending',
    pendingSince: confirmed ? null : record.requestedAt,
    confirmedAt: record.confirmedAt,
    sentAt: record.sentAt,
    expiresAt: confirmed ? null : record.tokenExpiresAt,
    sendError: confirmed ? null : record.sendError,
  };
}

/**
 * The From address sends actually use: the one set in the settings when it
 * is the confirmed one, otherwise none (the platform's default sender).
 */
export function confirmedFromAddress(fromAddress: string | null, confirmedAddress: string | null): string | null {
  return fromAddress !== null && fromAddress === confirmedAddress ? fromAddress : null;
}
