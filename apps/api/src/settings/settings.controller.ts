import { Body, Controller, Get, HttpCode, Patch, Post } from '@nestjs/common';
import {
  ApiBearerAuth, ApiBody, ApiConflictResponse, ApiOkResponse, ApiOperation, ApiProperty, ApiTags, ApiTooManyRequestsResponse,
} from '@nestjs/swagger';
import { SenderSettingsService, type SettingsView } from '@localreach/campaigns';
import { EXPERIMENT_METRICS, SettingsPatchInput, type ExperimentMetric, type SenderEmailConfirmation, type Tenant } from '@localreach/core';
import { CurrentTenant, Roles } from '../common/auth';

export class SenderEmailConfirmationDto {
  @ApiProperty({ enum: ['pending', 'confirmed'], description: 'pending: mail is sent from the platform\'s default sender until someone reading fromAddress follows the link mailed to it' })
  status: 'pending' | 'confirmed';
  @ApiProperty({ nullable: true, type: String, format: 'date-time', description: 'When the address was set; null once confirmed' }) pendingSince: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) confirmedAt: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time', description: 'When the latest confirmation mail was accepted by the mail server' }) sentAt: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time', description: 'Until when the latest link works; null once confirmed' }) expiresAt: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'Why the latest confirmation mail could not be sent' }) sendError: string | null;

  static from(c: SenderEmailConfirmation): SenderEmailConfirmationDto {
    const iso = (d: Date | null) => d?.toISOString() ?? null;
    return { status: c.status, pendingSince: iso(c.pendingSince), confirmedAt: iso(c.confirmedAt), sentAt: iso(c.sentAt), expiresAt: iso(c.expiresAt), sendError: c.sendError };
  }
}

class SenderEmailDto {
  @ApiProperty({ nullable: true, type: String, description: 'Display name; the business name when null', example: 'Maple & Crumb' }) fromName: string | null;
  @ApiProperty({ nullable: true, type: String, example: 'hello@mapleandcrumb.example.com', description: 'Used as From only once confirmed (see confirmation)' })
  fromAddress: string | null;
  @ApiProperty({ nullable: true, type: String, example: 'owner@mapleandcrumb.example.com' }) replyTo: string | null;
  @ApiProperty({ type: SenderEmailConfirmationDto, nullable: true, description: 'Whether fromAddress is confirmed; null when no fromAddress is set. Read-only.' })
  confirmation: SenderEmailConfirmationDto | null;
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

class ExperimentsDto {
  @ApiProperty({ enum: EXPERIMENT_METRICS, description: 'What a winner is chosen on when a split does not say, and what the report judges splits without a rule on' })
  metric: ExperimentMetric;
  @ApiProperty({ minimum: 0.8, maximum: 0.999, description: 'Confidence a winner needs', example: 0.95 }) confidence: number;
  @ApiProperty({ type: 'integer', minimum: 1, maximum: 10_000_000, description: 'Recipients each variant needs before a winner is chosen', example: 100 })
  minSamplePerVariant: number;
  @ApiProperty({ description: 'ISO-8601 duration, PT1H to P365D, an experiment runs before a winner is chosen', example: 'P7D' }) minDuration: string;
}

export class BusinessSettingsDto {
  @ApiProperty({ type: SenderDto }) sender: SenderDto;
  @ApiProperty({ type: QuietHoursDto }) quietHours: QuietHoursDto;
  @ApiProperty({ type: FrequencyCapDto }) frequencyCap: FrequencyCapDto;
  @ApiProperty({ type: CostsDto }) costs: CostsDto;
  @ApiProperty({ type: AttributionDto }) attribution: AttributionDto;
  @ApiProperty({ type: ConsentDto }) consent: ConsentDto;
  @ApiProperty({ type: ContactDto }) contact: ContactDto;
  @ApiProperty({ type: ExperimentsDto, description: "A/B defaults: a split's automatic-winner rule takes the fields it leaves out from here when the campaign is saved" })
  experiments: ExperimentsDto;

  static from({ settings: s, emailConfirmation }: SettingsView): BusinessSettingsDto {
    const confirmation = emailConfirmation && SenderEmailConfirmationDto.from(emailConfirmation);
    return {
      sender: { email: { ...s.sender.email, confirmation }, sms: { ...s.sender.sms } },
      quietHours: { email: s.quietHours.email && { ...s.quietHours.email }, sms: s.quietHours.sms && { ...s.quietHours.sms } },
      frequencyCap: { ...s.frequencyCap },
      costs: { ...s.costs },
      attribution: { ...s.attribution },
      consent: { ...s.consent },
      contact: { ...s.contact },
      experiments: { ...s.experiments },
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
  constructor(private readonly settings: SenderSettingsService) {}

  @Get()
  @ApiOperation({ summary: 'The business\'s messaging settings, defaults filled in, with the email sender\'s confirmation state' })
  @ApiOkResponse({ type: BusinessSettingsDto })
  async get(@CurrentTenant() tenant: Tenant): Promise<BusinessSettingsDto> {
    return BusinessSettingsDto.from(await this.settings.get(tenant));
  }

  @Patch()
  @Roles('owner')
  @ApiOperation({
    summary: 'Change some settings (owner only)',
    description: 'Any subset, nested: given values replace the current ones. null turns quiet hours or a frequency cap off, and resets a sender or contact field. '
      + 'Every problem is reported with its path (quietHours.sms.start); nothing is saved unless all are valid. '
      + 'A new sender.email.fromAddress starts pending: a confirmation link is mailed to it, and mail goes from the platform\'s default sender until '
      + 'someone reading that mailbox confirms. 409 SENDER_DOMAIN_TAKEN when another business confirmed an address at its domain (at public mailbox '
      + 'providers such as gmail.com: that address); 409 SMS_SENDER_TAKEN for another business\'s SMS sender.',
  })
  @ApiBody({ type: SettingsPatchInput, examples: { senders: { value: PATCH_EXAMPLE } } })
  @ApiOkResponse({ type: BusinessSettingsDto })
  @ApiConflictResponse({ description: 'SENDER_DOMAIN_TAKEN or SMS_SENDER_TAKEN: the sender belongs to another business' })
  // The body is checked by SettingsPatchInput inside the service, beside the checks that need the stored settings
  // and the business's country, so that one 422 names every problem.
  async update(@CurrentTenant() tenant: Tenant, @Body() body: unknown): Promise<BusinessSettingsDto> {
    return BusinessSettingsDto.from(await this.settings.update(tenant, body));
  }

  @Post('sender/email/confirmation')
  @Roles('owner')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Mail the confirmation link for the email From address again (owner only)',
    description: 'For a pending sender.email.fromAddress: a new link is mailed to it and the previous one stops working. A mail server refusal is reported '
      + 'in sendError, not as an error. 409 NO_SENDER_EMAIL (none set), SENDER_EMAIL_CONFIRMED (nothing to confirm) or SENDER_DOMAIN_TAKEN; '
      + '429 CONFIRMATION_RECENTLY_SENT within a minute of the last mail.',
  })
  @ApiOkResponse({ type: SenderEmailConfirmationDto })
  @ApiConflictResponse({ description: 'No address set, already confirmed, or its domain confirmed by another business' })
  @ApiTooManyRequestsResponse({ description: 'A confirmation mail was sent less than a minute ago; Retry-After says when to try again' })
  async resendConfirmation(@CurrentTenant() tenant: Tenant): Promise<SenderEmailConfirmationDto> {
    return SenderEmailConfirmationDto.from(await this.settings.resendConfirmation(tenant));
  }
}
