import type { BusinessSettings, ConsentStatus } from '@localreach/core';
import { quietHoursRelease, zoneFor } from '../scheduling';

export type DeliveryChannel = 'email' | 'sms';

/** What the policy needs to know about the recipient, read under the per-customer lock. */
export interface RecipientFacts {
  erased: boolean;
  email: string | null;
  phone: string | null;
  timezone: string | null;
  consent: { email: ConsentStatus | null; sms: ConsentStatus | null };
}

export interface SendFacts {
  channel: DeliveryChannel;
  now: Date;
  /** null when the customer row no longer exists. */
  recipient: RecipientFacts | null;
  businessTimezone: string;
  settings: Pick<BusinessSettings, 'quietHours' | 'frequencyCap' | 'consent'>;
  /** The recipient's address for this channel is on the business's suppression list. */
  addressSuppressed: boolean;
  /** sent_at of the customer's other messages (any channel) sent within the last 7 days. */
  recentSends: readonly Date[];
  /** A catch-up send's deadline (the end of its local day), or null. */
  sendBy?: Date | null;
}

export type SuppressReason = 'no_address' | 'no_consent' | 'suppressed_address' | 'missed_local_day';
export type HoldReason = 'frequency_cap' | 'quiet_hours';

export type SendDecision =
  | { action: 'send'; address: string }
  | { action: 'suppress'; reason: SuppressReason }
  | { action: 'hold'; reason: HoldReason; until: Date };

const HOUR_MS = 60 * 60 * 1000;
export const DAY_MS = 24 * HOUR_MS;
export const WEEK_MS = 7 * DAY_MS;

/** The address a channel sends to: the email or the E.164 phone; null when there is none or the customer is erased. */
export function addressFor(channel: DeliveryChannel, recipient: RecipientFacts | null): string | null {
  if (!recipient || recipient.erased) return null;
  const address = channel === 'email' ? recipient.email : recipient.phone;
  return address && address.trim() !== '' ? address : null;
}

/** SMS needs a granted opt-in (TCPA); email needs no opt-out, or a granted opt-in where the business requires one. */
export function hasConsent(channel: DeliveryChannel, recipient: RecipientFacts, emailRequiresOptIn: boolean): boolean {
  if (channel === 'sms') return recipient.consent.sms === 'granted';
  return emailRequiresOptIn ? recipient.consent.email === 'granted' : recipient.consent.email !== 'denied';
}

/**
 * When one rolling-window cap frees a slot, or null when it is not reached.
 * With n sends in the window and a cap of c ≤ n, the count drops below c once
 * the (n − c + 1)-th oldest leaves: at that send's time plus the window.
 */
export function capRelease(now: Date, sends: readonly Date[], cap: number | null, windowMs: number): Date | null {
  if (cap === null) return null;
  const from = now.getTime() - windowMs;
  const inWindow = sends.map((t) => t.getTime()).filter((t) => t > from).sort((a, b) => a - b);
  if (inWindow.length < cap) return null;
  // A cap of 0 never frees a slot: look again a window later.
  if (cap <= 0) return new Date(now.getTime() + windowMs);
  return new Date(inWindow[inWindow.length - cap] + windowMs);
}

/** The later of the daily and weekly cap releases, or null when neither cap is reached. */
export function frequencyCapRelease(now: Date, sends: readonly Date[], cap: SendFacts['settings']['frequencyCap']): Date | null {
  const releases = [capRelease(now, sends, cap.perDay, DAY_MS), capRelease(now, sends, cap.perWeek, WEEK_MS)].filter((d): d is Date => d !== null);
  if (releases.length === 0) return null;
  return new Date(Math.max(...releases.map((d) => d.getTime())));
}

/**
 * Whether a message may go now, checked in this order: an address for the
 * channel (and a customer not erased), consent, the suppression list (these
 * three suppress for good), the frequency cap across channels, then quiet
 * hours on the recipient's wall clock (their timezone, else the business's);
 * those two hold the message until the time they allow, never drop it —
 * except a catch-up send (`sendBy`), which is dropped as missed_local_day
 * when that time is not before the end of its local day.
 */
export function decideSend(facts: SendFacts): SendDecision {
  const decision = decideIgnoringDeadline(facts);
  const by = facts.sendBy?.getTime() ?? null;
  if (by === null || decision.action === 'suppress') return decision;
  if (facts.now.getTime() >= by || (decision.action === 'hold' && decision.until.getTime() >= by)) return { action: 'suppress', reason: 'missed_local_day' };
  return decision;
}

function decideIgnoringDeadline(facts: SendFacts): SendDecision {
  const { recipient, channel, now, settings } = facts;
  const address = addressFor(channel, recipient);
  if (!recipient || address === null) return { action: 'suppress', reason: 'no_address' };
  if (!hasConsent(channel, recipient, settings.consent.emailRequiresOptIn)) return { action: 'suppress', reason: 'no_consent' };
  if (facts.addressSuppressed) return { action: 'suppress', reason: 'suppressed_address' };
  const capped = frequencyCapRelease(now, facts.recentSends, settings.frequencyCap);
  if (capped) return { action: 'hold', reason: 'frequency_cap', until: capped };
  const window = settings.quietHours[channel];
  if (window) {
    const opens = quietHoursRelease(now, zoneFor(recipient.timezone, facts.businessTimezone), window);
    if (opens) return { action: 'hold', reason: 'quiet_hours', until: opens };
  }
  return { action: 'send', address };
}
