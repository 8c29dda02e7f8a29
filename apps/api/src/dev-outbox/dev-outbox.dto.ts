import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import type { OutboxEmail, OutboxSms } from '@localreach/campaigns';

export class OutboxQueryDto {
  @ApiPropertyOptional({ description: 'Page size (emails carry their bodies, hence the small maximum)', minimum: 1, maximum: 100, default: 20 })
  @IsOptional()
  @Transform(({ value }) => (typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value))
  @IsInt()
  @Min(1)
  @Max(100)
  limit?: number;

  @ApiPropertyOptional({ description: 'Opaque cursor from the previous page\'s nextCursor' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  cursor?: string;
}

export class OutboxEmailDto {
  @ApiProperty({ description: 'The dev SMTP server\'s id (also its file name in the outbox)', example: '1767780000000-000000001-a1b2c3' }) id: string;
  @ApiProperty({ format: 'date-time', description: 'When the dev SMTP server received it (the real clock)' }) receivedAt: string;
  @ApiProperty({ description: 'The From header', example: '"Rosa\'s Bakery" <hello@rosas-bakery.example>' }) from: string;
  @ApiProperty({ description: 'The To header', example: 'ada@example.com' }) to: string;
  @ApiProperty() subject: string;
  @ApiProperty({ description: 'The plain-text part' }) text: string;
  @ApiProperty({ description: 'The HTML part as sent (tracked links, open pixel); \'\' when none. Show it only in a sandboxed frame.' }) html: string;

  static from(e: OutboxEmail): OutboxEmailDto {
    return { id: e.id, receivedAt: e.receivedAt.toISOString(), from: e.from, to: e.to, subject: e.subject, text: e.text, html: e.html };
  }
}

export class OutboxEmailPageDto {
  @ApiProperty({ type: [OutboxEmailDto] }) items: OutboxEmailDto[];
  @ApiProperty({ type: String, nullable: true, description: 'null at the end; a page may hold fewer items than asked and still continue' }) nextCursor: string | null;
}

export class OutboxSmsDto {
  @ApiProperty({ example: '1767780000000-SM0123456789abcdef0123456789abcdef' }) id: string;
  @ApiProperty({ description: 'The Twilio message SID', example: 'SM0123456789abcdef0123456789abcdef' }) sid: string;
  @ApiProperty({ format: 'date-time' }) receivedAt: string;
  @ApiProperty({ type: String, nullable: true, description: 'The sender number, or the messaging service SID' }) from: string | null;
  @ApiProperty({ example: '+15035550123' }) to: string;
  @ApiProperty() body: string;
  @ApiProperty({ description: 'Billed segments' }) segments: number;

  static from(s: OutboxSms): OutboxSmsDto {
    return { id: s.id, sid: s.sid, receivedAt: s.receivedAt.toISOString(), from: s.from, to: s.to, body: s.body, segments: s.segments };
  }
}

export class OutboxSmsPageDto {
  @ApiProperty({ type: [OutboxSmsDto] }) items: OutboxSmsDto[];
  @ApiProperty({ type: String, nullable: true, description: 'null at the end; a page may hold fewer items than asked and still continue' }) nextCursor: string | null;
}
