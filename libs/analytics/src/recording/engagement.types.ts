/**
 * The engagement vocabulary (engagement.type). Every hit is one row; unique
 * counts are per (message, type). Segment conditions read 'opened' and
 * 'clicked' (and 'received' from message.sent_at).
 */
export type EngagementType = 'delivered' | 'opened' | 'clicked' | 'replied' | 'unsubscribed' | 'bounced' | 'failed' | 'converted';

/** Why a hit was classified as a machine's rather than a person's (engagement.machine_reason). */
export type MachineReason = 'proxy_user_agent' | 'no_user_agent' | 'soon_after_send' | 'click_burst';

/** One pixel load or click redirect, as the public endpoints saw it. */
export interface TrackingHit {
  messageId: string;
  type: 'opened' | 'clicked';
  occurredAt: Date;
  /** The User-Agent header, truncated; null when absent. */
  userAgent: string | null;
  /** Clicks: the index into message.links and the URL it redirected to. */
  link: number | null;
  url: string | null;
}

/** What recording needs to know about a message: who it belongs to, when it went out, and its links. */
export interface MessageFacts {
  id: string;
  businessId: string;
  customerId: string;
  campaignId: string | null;
  channel: 'email' | 'sms';
  sentAt: Date | null;
  deliveredAt: Date | null;
  /** The original URLs behind the click tokens (message.links), null for messages without tracked links. */
  links: readonly string[] | null;
}
