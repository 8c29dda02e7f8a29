import { ApiProperty, getSchemaPath } from '@nestjs/swagger';
import { ENGAGEMENT_KINDS, TIMELINE_KINDS, type TimelineItem } from '@localreach/analytics/timeline';

const MESSAGE_STATUSES = ['queued', 'held', 'sending', 'sent', 'delivered', 'undelivered', 'failed', 'bounced', 'suppressed'];
const ENROLLMENT_STATES = ['active', 'completed', 'exited', 'converted', 'failed'];
const iso = (d: Date | null) => (d === null ? null : d.toISOString());

export class TimelineEventDto {
  @ApiProperty({ example: 'cart_abandoned' }) type: string;
  @ApiProperty({ description: 'Who recorded it: api, twilio, segment, …', example: 'api' }) source: string;
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'The event\'s free-form properties' }) properties: Record<string, unknown>;
}

export class TimelineSegmentDto {
  @ApiProperty({ enum: ['entered', 'exited'] }) change: 'entered' | 'exited';
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'Null when the event names no segment' }) segmentId: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'Null when the segment no longer exists' }) segmentName: string | null;
}

export class TimelineOrderDto {
  @ApiProperty() externalId: string;
  @ApiProperty({ example: 23.5 }) total: number;
  @ApiProperty({ example: 'USD' }) currency: string;
  @ApiProperty({ enum: ['online', 'in_store'] }) channel: 'online' | 'in_store';
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) locationId: string | null;
  @ApiProperty({ type: String, nullable: true }) locationName: string | null;
  @ApiProperty({ type: String, nullable: true }) couponCode: string | null;
  @ApiProperty({ type: 'integer', description: 'Lines in the order' }) itemCount: number;
}

export class TimelineMessageDto {
  @ApiProperty({ enum: ['email', 'sms'] }) channel: 'email' | 'sms';
  @ApiProperty({ enum: MESSAGE_STATUSES }) status: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) campaignId: string | null;
  @ApiProperty({ type: String, nullable: true }) campaignName: string | null;
  @ApiProperty({ type: 'integer', nullable: true }) campaignVersion: number | null;
  @ApiProperty({ type: String, nullable: true }) stepId: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'A/B variant' }) variant: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) templateId: string | null;
  @ApiProperty({ type: String, nullable: true }) templateName: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) sentAt: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) deliveredAt: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'Provider or policy reason it was not sent or delivered' }) errorCode: string | null;
}

export class TimelineEngagementDto {
  @ApiProperty({ enum: [...ENGAGEMENT_KINDS] }) type: string;
  @ApiProperty({ format: 'uuid' }) messageId: string;
  @ApiProperty({ enum: ['email', 'sms'] }) channel: 'email' | 'sms';
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) campaignId: string | null;
  @ApiProperty({ type: String, nullable: true }) campaignName: string | null;
  @ApiProperty({ type: String, nullable: true }) stepId: string | null;
  @ApiProperty({ type: String, nullable: true }) variant: string | null;
  @ApiProperty({ description: 'By a privacy proxy, prefetcher or link scanner rather than a person' }) machine: boolean;
  @ApiProperty({ type: String, nullable: true, description: 'The link followed (clicks)' }) url: string | null;
}

export class TimelineConsentDto {
  @ApiProperty({ enum: ['email', 'sms', 'location'] }) channel: 'email' | 'sms' | 'location';
  @ApiProperty({ enum: ['granted', 'denied'] }) status: 'granted' | 'denied';
  @ApiProperty({ type: String, nullable: true, description: 'form, import, pos, api, sms_keyword, unsubscribe_link, preference_page, carrier_stop' }) source: string | null;
  @ApiProperty({ format: 'date-time', description: 'When the change was written (the item\'s `at` is the consent\'s own time)' }) recordedAt: string;
}

export class TimelineEnrollmentDto {
  @ApiProperty({ format: 'uuid' }) enrollmentId: string;
  @ApiProperty({ enum: ['entered', 'ended'] }) change: 'entered' | 'ended';
  @ApiProperty({ format: 'uuid' }) campaignId: string;
  @ApiProperty({ type: String, nullable: true }) campaignName: string | null;
  @ApiProperty({ type: 'integer' }) version: number;
  @ApiProperty({ enum: ENROLLMENT_STATES, description: 'The enrolment\'s state now' }) state: string;
  @ApiProperty({ type: String, nullable: true, description: 'Why it ended: journey_end, exit_step, goal_reached, campaign_archived, error, …' }) endReason: string | null;
  @ApiProperty({ description: 'In the holdout group (enrolled, never messaged)' }) holdout: boolean;
}

class TimelineItemBaseDto {
  @ApiProperty({ format: 'date-time', description: 'When it happened (messages: when queued; consent: the consent\'s own time)' }) at: string;
  @ApiProperty({
    description: 'The record\'s id (a decimal number for events, segment changes, engagements and consent changes; a uuid for orders and messages); ' +
      'an enrolment gives two items, `<uuid>:entered` and `<uuid>:ended`. Unique together with kind.',
  })
  id: string;
  @ApiProperty({ description: 'One line for people, in English', example: 'Email from campaign "Welcome" (step w1): delivered' }) summary: string;
}

export class EventTimelineItemDto extends TimelineItemBaseDto {
  @ApiProperty({ enum: ['event'] }) kind: 'event';
  @ApiProperty({ type: TimelineEventDto }) event: TimelineEventDto;
}
export class SegmentTimelineItemDto extends TimelineItemBaseDto {
  @ApiProperty({ enum: ['segment'] }) kind: 'segment';
  @ApiProperty({ type: TimelineSegmentDto }) segment: TimelineSegmentDto;
}
export class OrderTimelineItemDto extends TimelineItemBaseDto {
  @ApiProperty({ enum: ['order'] }) kind: 'order';
  @ApiProperty({ type: TimelineOrderDto }) order: TimelineOrderDto;
}
export class MessageTimelineItemDto extends TimelineItemBaseDto {
  @ApiProperty({ enum: ['message'] }) kind: 'message';
  @ApiProperty({ type: TimelineMessageDto }) message: TimelineMessageDto;
}
export class EngagementTimelineItemDto extends TimelineItemBaseDto {
  @ApiProperty({ enum: ['engagement'] }) kind: 'engagement';
  @ApiProperty({ type: TimelineEngagementDto }) engagement: TimelineEngagementDto;
}
export class ConsentTimelineItemDto extends TimelineItemBaseDto {
  @ApiProperty({ enum: ['consent'] }) kind: 'consent';
  @ApiProperty({ type: TimelineConsentDto }) consent: TimelineConsentDto;
}
export class EnrollmentTimelineItemDto extends TimelineItemBaseDto {
  @ApiProperty({ enum: ['enrollment'] }) kind: 'enrollment';
  @ApiProperty({ type: TimelineEnrollmentDto }) enrollment: TimelineEnrollmentDto;
}

/** The item schemas by kind: the page's items are oneOf these, told apart by `kind`. */
export const TIMELINE_ITEM_DTOS = {
  event: EventTimelineItemDto,
  segment: SegmentTimelineItemDto,
  order: OrderTimelineItemDto,
  message: MessageTimelineItemDto,
  engagement: EngagementTimelineItemDto,
  consent: ConsentTimelineItemDto,
  enrollment: EnrollmentTimelineItemDto,
} as const;

export type TimelineItemDto =
  | EventTimelineItemDto | SegmentTimelineItemDto | OrderTimelineItemDto | MessageTimelineItemDto
  | EngagementTimelineItemDto | ConsentTimelineItemDto | EnrollmentTimelineItemDto;

export class TimelinePageDto {
  @ApiProperty({
    type: 'array',
    description: 'Newest first; items at the same instant in a fixed order of kinds, then by id',
    items: {
      oneOf: TIMELINE_KINDS.map((kind) => ({ $ref: getSchemaPath(TIMELINE_ITEM_DTOS[kind]) })),
      discriminator: { propertyName: 'kind', mapping: Object.fromEntries(TIMELINE_KINDS.map((kind) => [kind, getSchemaPath(TIMELINE_ITEM_DTOS[kind])])) },
    },
  })
  items: TimelineItemDto[];

  @ApiProperty({ type: String, nullable: true, description: 'Pass as cursor for the next (older) page; null on the last page' }) nextCursor: string | null;
}

/** The response shape of a domain timeline item. */
export function timelineItemDto(item: TimelineItem): TimelineItemDto {
  const base = { at: item.at.toISOString(), id: item.id, summary: item.summary };
  switch (item.kind) {
    case 'message':
      return { ...base, kind: item.kind, message: { ...item.message, sentAt: iso(item.message.sentAt), deliveredAt: iso(item.message.deliveredAt) } };
    case 'consent':
      return { ...base, kind: item.kind, consent: { ...item.consent, recordedAt: item.consent.recordedAt.toISOString() } };
    case 'event':
      return { ...base, kind: item.kind, event: item.event };
    case 'segment':
      return { ...base, kind: item.kind, segment: item.segment };
    case 'order':
      return { ...base, kind: item.kind, order: item.order };
    case 'engagement':
      return { ...base, kind: item.kind, engagement: item.engagement };
    case 'enrollment':
      return { ...base, kind: item.kind, enrollment: item.enrollment };
  }
}
