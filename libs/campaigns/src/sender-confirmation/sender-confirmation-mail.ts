import { randomUUID } from 'node:crypto';
import { SENDER_CONFIRMATION_PATH } from '@localreach/core';
import { FALLBACK_FROM_ADDRESS } from '../delivery/message-composition';
import type { OutgoingEmail } from '../delivery/providers/email-provider';

/** Carried by every confirmation mail; mail filters and tests recognise it. */
export const SENDER_CONFIRMATION_HEADER = 'X-LocalReach-Sender-Confirmation';

const HTML_ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]);

export interface ConfirmationMailInput {
  businessName: string;
  address: string;
  token: string;
  expiresAt: Date;
  publicBaseUrl: string;
}

/** The link a confirmation mail carries. */
export function confirmationUrl(publicBaseUrl: string, token: string): string {
  return `${publicBaseUrl}${SENDER_CONFIRMATION_PATH}/${token}`;
}

/**
 * The mail asking whoever reads `address` to confirm that the business may
 * send as it. From the platform's default sender (the address is not
 * confirmed yet); says what to do when it was not expected: nothing.
 */
export function composeConfirmationMail(input: ConfirmationMailInput): OutgoingEmail {
  const url = confirmationUrl(input.publicBaseUrl, input.token);
  const until = input.expiresAt.toISOString().replace('T', ' ').slice(0, 16);
  const ask = `${input.businessName} wants to send marketing email from ${input.address} through LocalReach.`;
  const open = `To confirm that this address belongs to ${input.businessName}, open this link and press “Confirm” (it works until ${until} UTC):`;
  const ignore = 'If you do not know this business or did not expect this, ignore this mail: nothing is sent from your address unless someone confirms.';
  return {
    from: { name: 'LocalReach', address: FALLBACK_FROM_ADDRESS },
    replyTo: null,
    to: input.address,
    subject: `Confirm ${input.address} as the sender of ${input.businessName}`,
    text: `${ask}\n\n${open}\n\n${url}\n\n${ignore}\n`,
    html: `<p>${escapeHtml(ask)}</p><p>${escapeHtml(open)}</p><p><a href="${escapeHtml(url)}">${escapeHtml(url)}</a></p><p>${escapeHtml(ignore)}</p>`,
    messageId: `<sender-confirmation-${randomUUID()}@localreach.invalid>`,
    headers: { [SENDER_CONFIRMATION_HEADER]: '1', 'Auto-Submitted': 'auto-generated' },
  };
}
