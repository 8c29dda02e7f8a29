import { ApiProperty } from '@nestjs/swagger';
import { TRIGGER_TYPES, type AudienceEstimate, type TriggerType } from '@localreach/campaigns';

const CHANNELS = ['email', 'sms'] as const;

export class TriggerSummaryDto {
  @ApiProperty({ enum: [...TRIGGER_TYPES] }) type: TriggerType;
  @ApiProperty({ description: 'The trigger in words', example: 'When a customer enters segment "VIP"' }) summary: string;
}

export class ChannelReachDto {
  @ApiProperty({ enum: CHANNELS }) channel: 'email' | 'sms';
  @ApiProperty({ type: 'integer', minimum: 0, description: 'Members a message on this channel would go to now' }) reachable: number;
  @ApiProperty({ type: 'integer', minimum: 0, description: 'Members without an address (email or phone) for the channel' }) noAddress: number;
  @ApiProperty({ type: 'integer', minimum: 0, description: 'With an address but no consent (SMS needs a granted opt-in; email needs no opt-out, or an opt-in where the business requires one)' })
  noConsent: number;
  @ApiProperty({ type: 'integer', minimum: 0, description: 'With address and consent, but the address is on the suppression list' }) suppressed: number;
}

export class AudienceMemberDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ type: String, nullable: true }) firstName: string | null;
  @ApiProperty({ type: String, nullable: true }) lastName: string | null;
  @ApiProperty({ type: String, nullable: true }) email: string | null;
  @ApiProperty({ type: String, nullable: true }) phone: string | null;
  @ApiProperty({ enum: CHANNELS, isArray: true, description: 'The campaign\'s channels a message would go out on now' }) reachableOn: ('email' | 'sms')[];
}

export class AudienceEstimateDto {
  @ApiProperty({ format: 'uuid' }) campaignId: string;
  @ApiProperty({ type: TriggerSummaryDto }) trigger: TriggerSummaryDto;
  @ApiProperty({
    enum: ['segment', 'date_field', 'none'],
    description: 'segment: the trigger\'s segment now (broadcast, segment); date_field: customers with the date a date trigger fires on; none: nothing to count ahead of time',
  })
  basis: 'segment' | 'date_field' | 'none';
  @ApiProperty({ description: 'What the figures mean for this trigger' }) note: string;
  @ApiProperty({ type: 'integer', nullable: true, description: 'Customers the basis holds now, after the entry filter; null for basis none' }) audience: number | null;
  @ApiProperty({ type: 'integer', nullable: true, description: 'Of those, reached now on at least one of the campaign\'s message channels' }) reachable: number | null;
  @ApiProperty({ type: [ChannelReachDto], description: 'One per channel the steps send on; empty for basis none' }) channels: ChannelReachDto[];
  @ApiProperty({ type: Number, minimum: 0, maximum: 50, description: 'Share of enrolments held out (enrolled, never messaged)' }) holdoutPercent: number;
  @ApiProperty({ type: [AudienceMemberDto], description: 'Up to 10 members, oldest customers first' }) sample: AudienceMemberDto[];
  @ApiProperty({ format: 'date-time' }) computedAt: string;

  static from(e: AudienceEstimate): AudienceEstimateDto {
    return { ...e, computedAt: e.computedAt.toISOString() };
  }
}
