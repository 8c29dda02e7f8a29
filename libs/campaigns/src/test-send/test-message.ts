import type { CountryCode } from 'libphonenumber-js';
import { normalizeEmail, normalizePhone } from '@localreach/core';
import type { RenderedEmail, RenderedSms } from '../templates';
import { FALLBACK_FROM_ADDRESS, SMS_STOP_FOOTER, type BusinessForSend } from '../delivery/message-composition';
import type { OutgoingEmail } from '../delivery/providers/email-provider';
import type { OutgoingSms } from '../delivery/providers/sms-provider';

/** Starts the subject of a test email and the body of a test SMS. */
export const TEST_PREFIX = '[TEST] ';
/** Carried by every test email; its value is the test send's id. */
export const TEST_HEADER = 'X-LocalReach-Test';

/** The address a test goes to: an email (lower-cased) for an email step, an E.164 number for an SMS step; or what is wrong with it. */
export function testRecipient(channel: 'email' | 'sms', raw: string, country: CountryCode): { to: string } | { problem: string } {
  if (channel === 'email') {
    const email = normalizeEmail(raw);
    return email ? { to: email } : { problem: 'must be an email address: the step sends email' };
  }
  const phone = raw.trim().startsWith('+') ? normalizePhone(raw, country) : undefined;
  return phone ? { to: phone } : { problem: 'must be a phone number in E.164 form such as +15035550123: the step sends SMS' };
}

function domainOf(address: string): string {
  const at = address.lastIndexOf('@');
  return at < 0 ? 'localreach.invalid' : address.slice(at + 1).toLowerCase();
}

/**
 * A test email as the recipient would get it, except: the subject starts
 * with [TEST], links are left as written (no click tracking, no open pixel,
 * so nothing is recorded), there are no List-Unsubscribe headers, and
 * X-LocalReach-Test names the test send.
 */
export function assembleTestEmail(rendered: RenderedEmail, input: { id: string; to: string; business: Pick<BusinessForSend, 'name' | 'settings'>; date?: Date }): OutgoingEmail {
  const sender = input.business.settings.sender.email;
  const fromAddress = sender.fromAddress ?? FALLBACK_FROM_ADDRESS;
  return {
    from: { name: sender.fromName ?? input.business.name, address: fromAddress },
    replyTo: sender.replyTo,
    to: input.to,
    subject: `${TEST_PREFIX}${rendered.subject}`,
    html: rendered.html,
    text: rendered.text,
    messageId: `<test-${input.id}@${domainOf(fromAddress)}>`,
    headers: { [TEST_HEADER]: input.id },
    date: input.date,
  };
}

/** A test SMS: [TEST] first, and the STOP footer a customer's first SMS carries. */
export function assembleTestSms(rendered: RenderedSms, input: { to: string; from: string | null }): OutgoingSms {
  return { to: input.to, from: input.from, body: `${TEST_PREFIX}${rendered.body}${SMS_STOP_FOOTER}` };
}
