import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import type { TestSendResult } from '@localreach/campaigns';

export class TestSendBodyDto {
  @ApiProperty({ description: 'An email or SMS step of the campaign\'s current version', example: 'hello', maxLength: 63 })
  @IsString() @MaxLength(63)
  stepId: string;

  @ApiProperty({ description: 'Where the test goes: an email address for an email step, an E.164 phone number for an SMS step', example: 'me@example.com', maxLength: 254 })
  @IsString() @MaxLength(254)
  to: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Render the template with this customer\'s data; without it, a sample customer' })
  @IsOptional() @IsUUID()
  customerId?: string;
}

export class TestSendResultDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) campaignId: string;
  @ApiProperty({ type: 'integer', description: 'The version whose step was sent' }) version: number;
  @ApiProperty() stepId: string;
  @ApiProperty({ enum: ['email', 'sms'] }) channel: 'email' | 'sms';
  @ApiProperty({ description: 'The address it went to (emails lower-cased, phones in E.164)' }) to: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'The customer whose data was rendered; null = the sample customer' }) customerId: string | null;
  @ApiProperty({ enum: ['sent', 'failed'], description: 'sent: the provider accepted it; failed: it refused it or could not be reached (errorCode says why). Never retried' })
  status: 'sent' | 'failed';
  @ApiProperty({ type: String, nullable: true, description: 'Email: the subject as sent, starting with [TEST]' }) subject: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'SMS: the body as sent, starting with [TEST]' }) body: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'The provider\'s id (Message-ID or Twilio SID)' }) providerId: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'The provider\'s code when it failed, e.g. 550, 21211, ECONNREFUSED, SMTP_NOT_CONFIGURED' }) errorCode: string | null;
  @ApiProperty({ type: String, nullable: true }) error: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) sentAt: string | null;
  @ApiProperty({ type: 'integer', minimum: 0, description: 'Test sends the business has left in the current hour' }) remaining: number;

  static from(r: TestSendResult): TestSendResultDto {
    return { ...r, createdAt: r.createdAt.toISOString(), sentAt: r.sentAt?.toISOString() ?? null };
  }
}
