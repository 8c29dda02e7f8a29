import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsUUID } from 'class-validator';
import type { ListedMessage } from '@localreach/analytics/timeline';
import { IsInstantQuery } from '../common/instant-query';
import { PageQueryDto } from '../common/pagination.dto';

const MESSAGE_STATUSES = ['queued', 'held', 'sending', 'sent', 'delivered', 'undelivered', 'failed', 'bounced', 'suppressed'] as const;
const iso = (d: Date | null) => (d === null ? null : d.toISOString());

export class MessageListQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'Only this campaign\'s messages' })
  @IsOptional()
  @IsUUID()
  campaignId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Only messages to this customer' })
  @IsOptional()
  @IsUUID()
  customerId?: string;

  @ApiPropertyOptional({ enum: ['email', 'sms'] })
  @IsOptional()
  @IsIn(['email', 'sms'])
  channel?: 'email' | 'sms';

  @ApiPropertyOptional({ enum: MESSAGE_STATUSES })
  @IsOptional()
  @IsIn(MESSAGE_STATUSES)
  status?: string;

  @ApiPropertyOptional({ type: String, format: 'date-time', description: 'Queued at or after this instant' })
  @IsOptional()
  @IsInstantQuery()
  from?: string;

  @ApiPropertyOptional({ type: String, format: 'date-time', description: 'Queued before this instant' })
  @IsOptional()
  @IsInstantQuery()
  to?: string;
}

/** One send, without its address, subject or body. */
export class ListedMessageDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) customerId: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) campaignId: string | null;
  @ApiProperty({ type: 'integer', nullable: true }) campaignVersion: number | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) enrollmentId: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'The campaign step that queued it' }) stepId: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'A/B variant' }) variant: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) templateId: string | null;
  @ApiProperty({ enum: ['email', 'sms'] }) channel: 'email' | 'sms';
  @ApiProperty({ enum: MESSAGE_STATUSES }) status: string;
  @ApiProperty({ type: String, nullable: true, description: 'Why it waits: quiet_hours, frequency_cap, …' }) heldReason: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'Provider error code or policy reason (no_consent, suppressed, …)' }) errorCode: string | null;
  @ApiProperty({ type: 'integer', description: 'Provider attempts so far' }) attempts: number;
  @ApiProperty({ type: 'integer', nullable: true }) smsSegments: number | null;
  @ApiProperty({ type: Number, nullable: true, description: 'What the send cost, in the business currency' }) cost: number | null;
  @ApiProperty({ type: String, nullable: true, description: 'The provider\'s id (Twilio message SID, SMTP message id)' }) providerId: string | null;
  @ApiProperty({ format: 'date-time', description: 'When it was queued' }) createdAt: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) sentAt: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) deliveredAt: string | null;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;

  static from(m: ListedMessage): ListedMessageDto {
    const { atKey: _atKey, ...rest } = m;
    return {
      ...rest, createdAt: m.createdAt.toISOString(), sentAt: iso(m.sentAt), deliveredAt: iso(m.deliveredAt), updatedAt: m.updatedAt.toISOString(),
    };
  }
}

export class MessagePageDto {
  @ApiProperty({ type: [ListedMessageDto], description: 'Newest first (by queueing time, then id)' }) items: ListedMessageDto[];
  @ApiProperty({ type: String, nullable: true, description: 'Pass as cursor for the next (older) page; null on the last page' }) nextCursor: string | null;
}
