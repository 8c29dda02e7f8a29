import { Body, Controller, Get, Patch } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { BusinessSettingsService, SettingsPatchInput, type BusinessSettings, type Tenant } from '@localreach/core';
import { CurrentTenant, Roles } from '../common/auth';

class SenderEmailDto {
  @ApiProperty({ nullable: true, type: String, description: 'Display name; the business name when null', example: 'Maple & Crumb' }) fromName: string | null;
  @ApiProperty({ nullable: true, type: String, example: 'hello@mapleandcrumb.example.com' }) fromAddress: string | null;
  @ApiProperty({ nullable: true, type: String, example: 'owner@mapleandcrumb.example.com' }) replyTo: string | null;
}

class SenderSmsDto {
  @ApiProperty({ nullable: true, type: String, description: 'E.164 number or Twilio messaging service SID (MG + 32 hex)', example: '+15035550100' }) from: string | null;
}

class SenderDto {
  @ApiProperty({ type: SenderEmailDto }) email: SenderEmailDto;
  @ApiProperty({ type: SenderSmsDto }) sms: SenderSmsDto;
}

class LocalWindowDto {
  @ApiProperty({ description: 'HH:MM, 24-hour, recipient local time', example: '08:00' }) start: string;
  @ApiProperty({ description: 'HH:MM; may be before start (the window wraps midnight); must differ from start', example: '21:00' }) end: string;
}

class QuietHoursDto {
  @ApiProperty({ type: LocalWindowDto, nullable: true, description: 'Allowed email window; null = any time' }) email: LocalWindowDto | null;
  @ApiProperty({ type: LocalWindowDto, nullable: true, description: 'Allowed SMS window; null = any time' }) sms: LocalWindowDto | null;
}

class FrequencyCapDto {
  @ApiProperty({ nullable: true, type: Number, minimum: 1, maximum: 100, description: 'Messages per customer per rolling 24 h; null = no cap', example: 2 }) perDay: number | null;
  @ApiProperty({ nullable: true, type: Number, minimum: 1, maximum: 100, description: 'Per rolling 7 days; at least perDay; null = no cap', example: 6 }) perWeek: number | null;
}

class CostsDto {
  @ApiProperty({ minimum: 0, maximum: 10, description: 'Per email, in the business currency (≤ 5 decimals)', example: 0.001 }) email: number;
  @ApiProperty({ minimum: 0, maximum: 10, description: 'Per billed SMS segment', example: 0.0079 }) smsSegment: number;
}

class AttributionDto {
  @ApiProperty({ description: 'ISO-8601 duration, PT1H to P90D: an order this long after a click is credited to it', example: 'P7D' }) clickWindow: string;
  @ApiProperty({ description: 'ISO-8601 duration, PT1H to P90D, after an open', example: 'P1D' }) openWindow: string;
}

class ConsentDto {
  @ApiProperty({ description: 'Email only customers who opted in (GDPR-style); otherwise anyone who has not opted out' }) emailRequiresOptIn: boolean;
}

class ContactDto {
  @ApiProperty({ nullable: true, type: String, description: 'Stored as E.164', example: '+15035550100' }) phone: string | null;
  @ApiProperty({ nullable: true, type: String, example: 'hello@mapleandcrumb.example.com' }) email: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'http or https URL', example: 'https://mapleandcrumb.example.com' }) website: string | null;
}

export class BusinessSettingsDto {
  @ApiProperty({ type: SenderDto }) sender: SenderDto;
  @ApiProperty({ type: QuietHoursDto }) quietHours: QuietHoursDto;
  @ApiProperty({ type: FrequencyCapDto }) frequencyCap: FrequencyCapDto;
  @ApiProperty({ type: CostsDto }) costs: CostsDto;
  @ApiProperty({ type: AttributionDto }) attribution: AttributionDto;
  @ApiProperty({ type: ConsentDto }) consent: ConsentDto;
  @ApiProperty({ type: ContactDto }) contact: ContactDto;

  static from(s: BusinessSettings): BusinessSettingsDto {
    return {
      sender: { email: { ...s.sender.email }, sms: { ...s.sender.sms } },
      quietHours: { email: s.quietHours.email && { ...s.quietHours.email }, sms: s.quietHours.sms && { ...s.quietHours.sms } },
      frequencyCap: { ...s.frequencyCap },
      costs: { ...s.costs },
      attribution: { ...s.attribution },
      consent: { ...s.consent },
      contact: { ...s.contact },
    };
  }
}

const PATCH_EXAMPLE = {
  sender: { email: { fromName: 'Maple & Crumb', fromAddress: 'hello@mapleandcrumb.example.com' }, sms: { from: '+15035550100' } },
  quietHours: { sms: { start: '09:00', end: '20:00' } },
  frequencyCap: { perWeek: null },
  contact: { website: 'https://mapleandcrumb.example.com' },
};

@ApiTags('settings')
@ApiBearerAuth()
@Controller('v1/settings')
export class SettingsController {
  constructor(private readonly settings: BusinessSettingsService) {}

  @Get()
  @ApiOperation({ summary: 'The business\'s messaging settings, defaults filled in' })
  @ApiOkResponse({ type: BusinessSettingsDto })
  async get(@CurrentTenant() tenant: Tenant): Promise<BusinessSettingsDto> {
    return BusinessSettingsDto.from(await this.settings.get(tenant));
  }

  @Patch()
  @Roles('owner')
  @ApiOperation({
    summary: 'Change some settings (owner only)',
    description: 'Any subset, nested: given values replace the current ones. null turns quiet hours or a frequency cap off, and resets a sender or contact field. '
      + 'Every problem is reported with its path (quietHours.sms.start); nothing is saved unless all are valid.',
  })
  @ApiBody({ type: SettingsPatchInput, examples: { senders: { value: PATCH_EXAMPLE } } })
  @ApiOkResponse({ type: BusinessSettingsDto })
  // The body is checked by SettingsPatchInput inside the service, beside the checks that need the stored settings
  // and the business's country, so that one 422 names every problem.
  async update(@CurrentTenant() tenant: Tenant, @Body() body: unknown): Promise<BusinessSettingsDto> {
    return BusinessSettingsDto.from(await this.settings.update(tenant, body));
  }
}
