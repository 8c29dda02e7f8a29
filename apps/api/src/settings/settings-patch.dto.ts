import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/**
 * PATCH /v1/settings: any subset, merged into the stored settings. null turns
 * a quiet-hours window or a cap off, and clears the optional texts; costs,
 * windows and flags cannot be null.
 */
class SenderEmailPatchDto {
  @ApiPropertyOptional({ type: String, nullable: true, minLength: 1, maxLength: 100, description: 'Display name on one line; the business name when null' }) fromName?: string | null;
  @ApiPropertyOptional({ type: String, nullable: true, format: 'email' }) fromAddress?: string | null;
  @ApiPropertyOptional({ type: String, nullable: true, format: 'email' }) replyTo?: string | null;
}

class SenderSmsPatchDto {
  @ApiPropertyOptional({ type: String, nullable: true, description: 'E.164 number or Twilio messaging service SID (MG + 32 hex)' }) from?: string | null;
}

class SenderPatchDto {
  @ApiPropertyOptional({ type: SenderEmailPatchDto }) email?: SenderEmailPatchDto;
  @ApiPropertyOptional({ type: SenderSmsPatchDto }) sms?: SenderSmsPatchDto;
}

class LocalWindowInputDto {
  @ApiProperty({ pattern: '^([01]\\d|2[0-3]):[0-5]\\d$', example: '08:00' }) start: string;
  @ApiProperty({ pattern: '^([01]\\d|2[0-3]):[0-5]\\d$', description: 'May be before start (wraps midnight); must differ from start', example: '21:00' }) end: string;
}

class QuietHoursPatchDto {
  @ApiPropertyOptional({ type: LocalWindowInputDto, nullable: true, description: 'Allowed email window; null = any time' }) email?: LocalWindowInputDto | null;
  @ApiPropertyOptional({ type: LocalWindowInputDto, nullable: true, description: 'Allowed SMS window; null = any time' }) sms?: LocalWindowInputDto | null;
}

class FrequencyCapPatchDto {
  @ApiPropertyOptional({ type: 'integer', nullable: true, minimum: 1, maximum: 100, description: 'Per rolling 24 h; null = no cap' }) perDay?: number | null;
  @ApiPropertyOptional({ type: 'integer', nullable: true, minimum: 1, maximum: 100, description: 'Per rolling 7 days; at least perDay; null = no cap' }) perWeek?: number | null;
}

class CostsPatchDto {
  @ApiPropertyOptional({ minimum: 0, maximum: 10, description: 'Per email (≤ 5 decimals)' }) email?: number;
  @ApiPropertyOptional({ minimum: 0, maximum: 10, description: 'Per billed SMS segment (≤ 5 decimals)' }) smsSegment?: number;
}

class AttributionPatchDto {
  @ApiPropertyOptional({ description: 'ISO-8601 duration in weeks, days, hours or minutes, PT1H to P90D', example: 'P7D' }) clickWindow?: string;
  @ApiPropertyOptional({ description: 'ISO-8601 duration, PT1H to P90D', example: 'P1D' }) openWindow?: string;
}

class ConsentPatchDto {
  @ApiPropertyOptional() emailRequiresOptIn?: boolean;
}

class ContactPatchDto {
  @ApiPropertyOptional({ type: String, nullable: true }) phone?: string | null;
  @ApiPropertyOptional({ type: String, nullable: true, format: 'email' }) email?: string | null;
  @ApiPropertyOptional({ type: String, nullable: true, description: 'http or https URL' }) website?: string | null;
}

export class SettingsPatchDto {
  @ApiPropertyOptional({ type: SenderPatchDto }) sender?: SenderPatchDto;
  @ApiPropertyOptional({ type: QuietHoursPatchDto }) quietHours?: QuietHoursPatchDto;
  @ApiPropertyOptional({ type: FrequencyCapPatchDto }) frequencyCap?: FrequencyCapPatchDto;
  @ApiPropertyOptional({ type: CostsPatchDto }) costs?: CostsPatchDto;
  @ApiPropertyOptional({ type: AttributionPatchDto }) attribution?: AttributionPatchDto;
  @ApiPropertyOptional({ type: ConsentPatchDto }) consent?: ConsentPatchDto;
  @ApiPropertyOptional({ type: ContactPatchDto }) contact?: ContactPatchDto;
}
