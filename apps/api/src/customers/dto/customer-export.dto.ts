import { ApiProperty } from '@nestjs/swagger';
import type { ChannelConsent, ConsentChange, CustomerExport } from '@localreach/core';
import { OrderDto } from '../../orders/order.dto';
import { ConsentStateDto, CustomerResponseDto, StoredEventDto } from './customer-response.dto';

const iso = (d: Date | null): string | null => (d === null ? null : d.toISOString());

class ExportBusinessDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
}

class ExportHistoryEntryDto {
  @ApiProperty({ description: 'What happened, e.g. customer.consent_changed' }) action: string;
  @ApiProperty({ format: 'date-time' }) at: string;
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'What changed' }) details: Record<string, unknown>;
}

class ExportConsentChangeDto {
  @ApiProperty({ enum: ['email', 'sms', 'location'] }) channel: string;
  @ApiProperty({ enum: ['granted', 'denied'] }) status: string;
  @ApiProperty({ type: String, nullable: true, description: 'form, import, pos, api, sms_keyword, unsubscribe_link, preference_page…' }) source: string | null;
  @ApiProperty({ format: 'date-time', description: 'When the customer gave or withdrew consent' }) at: string;
  @ApiProperty({ format: 'date-time', description: 'When LocalReach recorded it' }) recordedAt: string;

  static from(c: ConsentChange): ExportConsentChangeDto {
    return { ...c, at: c.at.toISOString(), recordedAt: c.recordedAt.toISOString() };
  }
}

class ExportChannelConsentDto {
  @ApiProperty({ type: ConsentStateDto, nullable: true, description: 'Consent now; null when never given or withdrawn' }) current: ConsentStateDto | null;
  @ApiProperty({ type: [ExportConsentChangeDto], description: 'Every change on this channel, oldest first' }) history: ExportConsentChangeDto[];

  static from(c: ChannelConsent): ExportChannelConsentDto {
    return { current: c.current && { ...c.current, at: c.current.at.toISOString() }, history: c.history.map(ExportConsentChangeDto.from) };
  }
}

class ExportConsentDto {
  @ApiProperty({ type: ExportChannelConsentDto }) email: ExportChannelConsentDto;
  @ApiProperty({ type: ExportChannelConsentDto }) sms: ExportChannelConsentDto;
  @ApiProperty({ type: ExportChannelConsentDto }) location: ExportChannelConsentDto;
}

class ExportMessageDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: ['email', 'sms'] }) channel: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) campaignId: string | null;
  @ApiProperty({ type: String, nullable: true }) campaignName: string | null;
  @ApiProperty({ type: String, nullable: true }) stepId: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'A/B variant label' }) variant: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'The email address or phone it was sent to' }) toAddress: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'The subject as rendered for them (email)' }) subject: string | null;
  @ApiProperty({ enum: ['queued', 'held', 'sending', 'sent', 'delivered', 'undelivered', 'failed', 'bounced', 'suppressed'] }) status: string;
  @ApiProperty({ type: String, nullable: true, description: 'Provider error code or policy reason' }) errorCode: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) sentAt: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) deliveredAt: string | null;
}

class ExportEngagementDto {
  @ApiProperty({ pattern: '^[0-9]+$' }) id: string;
  @ApiProperty({ format: 'uuid' }) messageId: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) campaignId: string | null;
  @ApiProperty({ enum: ['delivered', 'opened', 'clicked', 'replied', 'unsubscribed', 'bounced', 'failed', 'converted'] }) type: string;
  @ApiProperty({ format: 'date-time' }) occurredAt: string;
  @ApiProperty({ description: 'Judged an image proxy or link scanner rather than the person. User agents and IP addresses are used for that judgement and not stored.' }) machine: boolean;
  @ApiProperty({ type: String, nullable: true, description: 'The link clicked' }) url: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'Revenue of the order credited to this message (converted)' }) revenue: string | null;
}

class ExportEnrollmentStepDto {
  @ApiProperty() stepSeq: number;
  @ApiProperty() stepId: string;
  @ApiProperty({ enum: ['skipped', 'waited', 'branched', 'split', 'updated', 'exited', 'failed'] }) outcome: string;
  @ApiProperty({ type: String, nullable: true }) detail: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) until: string | null;
  @ApiProperty({ format: 'date-time' }) at: string;
}

class ExportEnrollmentDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) campaignId: string;
  @ApiProperty() campaignName: string;
  @ApiProperty() version: number;
  @ApiProperty({ enum: ['active', 'completed', 'exited', 'converted', 'failed'] }) state: string;
  @ApiProperty({ type: String, nullable: true }) stepId: string | null;
  @ApiProperty() holdout: boolean;
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'Split step → variant' }) variants: Record<string, unknown>;
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'What enrolled them (the event and its properties)' }) context: Record<string, unknown>;
  @ApiProperty({ format: 'date-time' }) enrolledAt: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) endedAt: string | null;
  @ApiProperty({ type: String, nullable: true }) endReason: string | null;
  @ApiProperty({ type: [ExportEnrollmentStepDto], description: 'Steps that did not send (sends are in messages), in order' }) steps: ExportEnrollmentStepDto[];
}

class ExportPingDto {
  @ApiProperty() lat: number;
  @ApiProperty() lng: number;
  @ApiProperty({ type: Number, nullable: true }) accuracyM: number | null;
  @ApiProperty({ format: 'date-time' }) occurredAt: string;
  @ApiProperty({ format: 'date-time' }) receivedAt: string;
}

class ExportInboundSmsDto {
  @ApiProperty({ pattern: '^[0-9]+$', description: 'The sms_received event' }) eventId: string;
  @ApiProperty({ format: 'date-time' }) receivedAt: string;
  @ApiProperty({ type: String, nullable: true }) from: string | null;
  @ApiProperty({ type: String, nullable: true }) to: string | null;
  @ApiProperty({ type: String, nullable: true }) body: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'STOP, START, HELP… when the body was one' }) keyword: string | null;
}

class ExportSuppressionDto {
  @ApiProperty({ enum: ['email', 'sms'] }) channel: string;
  @ApiProperty() address: string;
  @ApiProperty({ description: 'bad_address, invalid_number, carrier_stop, unsubscribed…' }) reason: string;
  @ApiProperty({ type: String, nullable: true }) source: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

/** GDPR access/portability export: docs/customer-data-rights.md describes each section. */
export class CustomerExportDto {
  @ApiProperty({ format: 'date-time' }) exportedAt: string;
  @ApiProperty({ type: ExportBusinessDto }) business: ExportBusinessDto;
  @ApiProperty({ type: CustomerResponseDto, description: 'Profile, attributes, tags and current consent' }) customer: CustomerResponseDto;
  @ApiProperty({ type: [StoredEventDto] }) events: StoredEventDto[];
  @ApiProperty({ type: [OrderDto] }) orders: OrderDto[];
  @ApiProperty({ type: [ExportHistoryEntryDto] }) history: ExportHistoryEntryDto[];
  @ApiProperty({ type: [ExportConsentChangeDto], description: 'Every consent change, oldest first' }) consentHistory: ExportConsentChangeDto[];
  @ApiProperty({ type: ExportConsentDto, description: 'Per channel: consent now and its history' }) consent: ExportConsentDto;
  @ApiProperty({ type: [ExportMessageDto], description: 'Every message sent or queued to them, oldest first' }) messages: ExportMessageDto[];
  @ApiProperty({ type: [ExportEngagementDto], description: 'Deliveries, opens, clicks, replies, unsubscribes and conversions, oldest first' }) engagements: ExportEngagementDto[];
  @ApiProperty({ type: [ExportEnrollmentDto], description: 'Campaign journeys they entered, with each step' }) enrollments: ExportEnrollmentDto[];
  @ApiProperty({ type: [ExportPingDto], description: 'Location pings from their device, oldest first' }) locationPings: ExportPingDto[];
  @ApiProperty({ type: [ExportInboundSmsDto], description: 'Text messages they sent the business' }) inboundSms: ExportInboundSmsDto[];
  @ApiProperty({ type: [ExportSuppressionDto], description: 'Suppression-list entries for their email and phone' }) suppressions: ExportSuppressionDto[];

  static from(data: CustomerExport): CustomerExportDto {
    return {
      exportedAt: data.exportedAt.toISOString(),
      business: data.business,
      customer: CustomerResponseDto.from(data.customer),
      events: data.events.map((e) => ({ ...e, occurredAt: e.occurredAt.toISOString(), receivedAt: e.receivedAt.toISOString() })),
      orders: data.orders.map(OrderDto.from),
      history: data.history.map((h) => ({ action: h.action, at: h.at.toISOString(), details: (h.details ?? {}) as Record<string, unknown> })),
      consentHistory: data.consentHistory.map(ExportConsentChangeDto.from),
      consent: {
        email: ExportChannelConsentDto.from(data.consent.email),
        sms: ExportChannelConsentDto.from(data.consent.sms),
        location: ExportChannelConsentDto.from(data.consent.location),
      },
      messages: data.messages.map((m) => ({ ...m, createdAt: m.createdAt.toISOString(), sentAt: iso(m.sentAt), deliveredAt: iso(m.deliveredAt) })),
      engagements: data.engagements.map((e) => ({ ...e, occurredAt: e.occurredAt.toISOString() })),
      enrollments: data.enrollments.map((e) => ({
        ...e, enrolledAt: e.enrolledAt.toISOString(), endedAt: iso(e.endedAt),
        steps: e.steps.map((s) => ({ ...s, until: iso(s.until), at: s.at.toISOString() })),
      })),
      locationPings: data.locationPings.map((p) => ({ ...p, occurredAt: p.occurredAt.toISOString(), receivedAt: p.receivedAt.toISOString() })),
      inboundSms: data.inboundSms.map((m) => ({ ...m, receivedAt: m.receivedAt.toISOString() })),
      suppressions: data.suppressions.map((s) => ({ ...s, createdAt: s.createdAt.toISOString() })),
    };
  }
}
