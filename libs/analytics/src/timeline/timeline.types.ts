/** What a customer's timeline holds. */
export const TIMELINE_KINDS = ['event', 'order', 'message', 'engagement', 'consent', 'segment', 'enrollment'] as const;
export type TimelineKind = (typeof TIMELINE_KINDS)[number];

/**
 * Where timeline rows come from: each is one keyset read on an index led by
 * (business_id, customer_id, time). Listed in tie order: rows at the same
 * instant come newest-first in the order things usually follow one another
 * (an event arrives, the customer enters a segment or a campaign, a message is
 * queued, opened, consent moves, the enrolment ends), reversed.
 */
export const TIMELINE_SOURCES = ['enrollment_ended', 'consent', 'engagement', 'message', 'enrollment_entered', 'segment', 'order', 'event'] as const;
export type TimelineSource = (typeof TIMELINE_SOURCES)[number];

export const SOURCE_KIND: Readonly<Record<TimelineSource, TimelineKind>> = {
  enrollment_ended: 'enrollment',
  consent: 'consent',
  engagement: 'engagement',
  message: 'message',
  enrollment_entered: 'enrollment',
  segment: 'segment',
  order: 'order',
  event: 'event',
};

/** The type of a source's row ids (bigint ids travel as decimal strings). */
export const SOURCE_ID_TYPE: Readonly<Record<TimelineSource, 'bigint' | 'uuid'>> = {
  enrollment_ended: 'uuid',
  consent: 'bigint',
  engagement: 'bigint',
  message: 'uuid',
  enrollment_entered: 'uuid',
  segment: 'bigint',
  order: 'uuid',
  event: 'bigint',
};

export const ENGAGEMENT_KINDS = ['opened', 'clicked', 'replied', 'unsubscribed', 'bounced'] as const;
export type TimelineEngagementType = (typeof ENGAGEMENT_KINDS)[number];
export const SEGMENT_EVENT_TYPES = ['segment_entered', 'segment_exited'] as const;

/**
 * A place in the timeline's order: time (UTC, microseconds, fixed width so
 * that text order is time order), then source in tie order, then id
 * descending within the source.
 */
export interface TimelinePosition {
  /** e.g. 2026-03-10T15:00:00.123456Z */
  atKey: string;
  source: TimelineSource;
  id: string;
}

export interface EventDetail {
  type: string;
  source: string;
  properties: Record<string, unknown>;
}

export interface SegmentDetail {
  change: 'entered' | 'exited';
  /** Null when the event does not name a segment id (an integrator's own segment_entered event). */
  segmentId: string | null;
  /** Null when no such segment exists. */
  segmentName: string | null;
}

export interface OrderDetail {
  externalId: string;
  total: number;
  currency: string;
  channel: 'online' | 'in_store';
  locationId: string | null;
  locationName: string | null;
  couponCode: string | null;
  itemCount: number;
}

export interface MessageDetail {
  channel: 'email' | 'sms';
  status: string;
  campaignId: string | null;
  campaignName: string | null;
  campaignVersion: number | null;
  stepId: string | null;
  variant: string | null;
  templateId: string | null;
  templateName: string | null;
  sentAt: Date | null;
  deliveredAt: Date | null;
  errorCode: string | null;
}

export interface EngagementDetail {
  type: TimelineEngagementType;
  messageId: string;
  channel: 'email' | 'sms';
  campaignId: string | null;
  campaignName: string | null;
  stepId: string | null;
  variant: string | null;
  /** Opens and clicks by privacy proxies, prefetchers and link scanners. */
  machine: boolean;
  url: string | null;
}

export interface ConsentDetail {
  channel: 'email' | 'sms' | 'location';
  status: 'granted' | 'denied';
  source: string | null;
  recordedAt: Date;
}

export interface EnrollmentDetail {
  enrollmentId: string;
  change: 'entered' | 'ended';
  campaignId: string;
  campaignName: string | null;
  version: number;
  /** The enrolment's state now. */
  state: 'active' | 'completed' | 'exited' | 'converted' | 'failed';
  endReason: string | null;
  holdout: boolean;
}

interface ItemBase {
  at: Date;
  /** Unique within the timeline together with kind; an enrolment's two items are `<id>:entered` and `<id>:ended`. */
  id: string;
  summary: string;
  /** Where the item sits in the timeline's order (for the next page's cursor). */
  position: TimelinePosition;
}

export type TimelineItem =
  | (ItemBase & { kind: 'event'; event: EventDetail })
  | (ItemBase & { kind: 'segment'; segment: SegmentDetail })
  | (ItemBase & { kind: 'order'; order: OrderDetail })
  | (ItemBase & { kind: 'message'; message: MessageDetail })
  | (ItemBase & { kind: 'engagement'; engagement: EngagementDetail })
  | (ItemBase & { kind: 'consent'; consent: ConsentDetail })
  | (ItemBase & { kind: 'enrollment'; enrollment: EnrollmentDetail });

export interface TimelineQuery {
  /** Only these kinds (default: all). */
  kinds?: readonly TimelineKind[];
  /** Only items strictly before this instant. */
  before?: Date;
  cursor?: string;
  limit: number;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface ConsentHistoryEntry {
  id: string;
  channel: 'email' | 'sms' | 'location';
  status: 'granted' | 'denied';
  source: string | null;
  at: Date;
  recordedAt: Date;
}
