import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, ValidateBy } from 'class-validator';
import { Duration } from 'luxon';
import { InputErrorCode } from '../validation/input-class';
import { normalizeEmail } from '../validation/field-checks';
import { EXPERIMENT_METRICS } from './business-settings';
import { IsNestedInput, IsOmittable } from '../validation/input-rules';

/**
 * PATCH /v1/settings: any subset of the settings, merged into the stored ones
 * by validateSettingsPatch. null turns a quiet-hours window or a cap off and
 * clears the optional texts; costs, attribution windows, A/B defaults and flags cannot be
 * null. Phone numbers are read in the business's country, and perDay ≤
 * perWeek is checked against the stored settings, by validateSettingsPatch.
 */

const HH_MM = /^([01]\d|2[0-3]):[0-5]\d$/;
const MESSAGING_SERVICE_SID = /^MG[0-9a-fA-F]{32}$/;
const MIN_WINDOW_MS = Duration.fromISO('PT1H').toMillis();
/** The longest attribution window a business may set (the engagement retention age must exceed it). */
export const MAX_WINDOW_MS = Duration.fromISO('P90D').toMillis();
const MAX_EXPERIMENT_MS = Duration.fromISO('P365D').toMillis();

export const SMS_SENDER_MESSAGE = 'must be an E.164 phone number (+12175550100) or a Twilio messaging service SID (MG followed by 32 hex digits)';
export const CONTACT_PHONE_MESSAGE = 'must be a valid phone number, e.g. +12175550100';

export function isMessagingServiceSid(value: string): boolean {
  return MESSAGING_SERVICE_SID.test(value);
}

/**
 * A rule given as the problem it finds (undefined: none). null reaching it is
 * "cannot be null": nullable settings skip null with @IsOptional.
 */
function SettingRule(name: string, problemOf: (value: unknown, object?: object) => string | undefined): PropertyDecorator {
  return ValidateBy({
    name,
    validator: {
      validate: (value: unknown, args) => value !== null && problemOf(value, args?.object) === undefined,
      defaultMessage: (args) => (args?.value === null ? 'cannot be null' : (problemOf(args?.value, args?.object) ?? '')),
    },
  });
}

/** An ISO-8601 duration in whole weeks, days, hours or minutes, within [min, max]. */
const durationBetween = (min: string, max: string, minMs: number, maxMs: number) => (value: unknown): string | undefined => {
  const duration = typeof value === 'string' ? Duration.fromISO(value) : undefined;
  const parts = duration?.isValid ? duration.toObject() : undefined;
  if (!duration || !parts) return 'must be an ISO-8601 duration such as P7D or PT12H';
  if (parts.years !== undefined || parts.months !== undefined) return 'must use weeks, days, hours or minutes (months and years vary in length)';
  if (Object.values(parts).some((v) => !Number.isInteger(v))) return 'must use whole numbers of each unit';
  if (duration.toMillis() < minMs || duration.toMillis() > maxMs) return `must be between ${min} and ${max}`;
  return undefined;
};

const attributionWindow = durationBetween('PT1H', 'P90D', MIN_WINDOW_MS, MAX_WINDOW_MS);
const experimentDuration = durationBetween('PT1H', 'P365D', MIN_WINDOW_MS, MAX_EXPERIMENT_MS);

const experimentMetric = (value: unknown) => {
  if (value === 'open_rate') return 'cannot be open rate (machine opens inflate it): use click_rate, conversion_rate or revenue_per_recipient';
  return (EXPERIMENT_METRICS as readonly unknown[]).includes(value) ? undefined : `must be one of ${EXPERIMENT_METRICS.join(', ')}`;
};

const confidence = (value: unknown) =>
  typeof value === 'number' && value >= 0.8 && value <= 0.999 && Number(value.toFixed(3)) === value ? undefined : 'must be a number from 0.8 to 0.999 with at most 3 decimals';

const samplePerVariant = (value: unknown) =>
  Number.isInteger(value) && (value as number) >= 1 && (value as number) <= 10_000_000 ? undefined : 'must be a whole number from 1 to 10000000';

const cost = (value: unknown) =>
  typeof value === 'number' && Number.isFinite(value) && value >= 0 && value <= 10 && Number(value.toFixed(5)) === value
    ? undefined
    : 'must be a number from 0 to 10 with at most 5 decimals';

const flag = (value: unknown) => (typeof value === 'boolean' ? undefined : 'must be true or false');

// A display name goes into the From header: no line breaks.
const displayName = (value: unknown) =>
  typeof value === 'string' && value.trim() !== '' && value.length <= 100 && !/[\r\n]/.test(value) ? undefined : 'must be 1 to 100 characters on one line';

const email = (value: unknown) => (typeof value === 'string' && normalizeEmail(value) ? undefined : 'must be an email address');

const website = (value: unknown) => {
  let url: URL | undefined;
  try {
    url = typeof value === 'string' && value.length <= 2000 ? new URL(value) : undefined;
  } catch {
    url = undefined;
  }
  return url && ['http:', 'https:'].includes(url.protocol) && url.hostname ? undefined : 'must be an http or https URL';
};

// Phone numbers are read in the business's country by validateSettingsPatch; here a string, a SID when it starts with MG.
const smsSender = (value: unknown) => (typeof value === 'string' && (!value.startsWith('MG') || isMessagingServiceSid(value)) ? undefined : SMS_SENDER_MESSAGE);
const phone = (value: unknown) => (typeof value === 'string' ? undefined : CONTACT_PHONE_MESSAGE);

const timeOfDay = (value: unknown) => (typeof value === 'string' && HH_MM.test(value) ? undefined : 'must be a 24-hour time HH:MM, e.g. 08:00');
// A badly written end is timeOfDay's problem.
const endOfWindow = (value: unknown, window?: object) =>
  typeof value === 'string' && value === (window as { start?: unknown }).start ? 'must differ from start' : undefined;

const cap = (value: unknown) => (Number.isInteger(value) && (value as number) >= 1 && (value as number) <= 100 ? undefined : 'must be null (no cap) or a whole number from 1 to 100');

/** A group of settings: an object (never null), its fields checked by `type`. */
function IsGroup(type: () => new () => object): PropertyDecorator {
  return applyDecorators(IsOmittable(), IsNestedInput(type));
}

export class SenderEmailPatch {
  @ApiPropertyOptional({ type: String, nullable: true, minLength: 1, maxLength: 100, description: 'Display name on one line; the business name when null' })
  @IsOptional() @SettingRule('isDisplayName', displayName) fromName?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, format: 'email' })
  @IsOptional() @SettingRule('isEmail', email) fromAddress?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, format: 'email' })
  @IsOptional() @SettingRule('isEmail', email) replyTo?: string | null;
}

export class SenderSmsPatch {
  @ApiPropertyOptional({ type: String, nullable: true, description: 'E.164 number or Twilio messaging service SID (MG + 32 hex)' })
  @IsOptional() @SettingRule('isSmsSender', smsSender) from?: string | null;
}

export class SenderPatch {
  @ApiPropertyOptional({ type: SenderEmailPatch }) @IsGroup(() => SenderEmailPatch) email?: SenderEmailPatch;
  @ApiPropertyOptional({ type: SenderSmsPatch }) @IsGroup(() => SenderSmsPatch) sms?: SenderSmsPatch;
}

export class LocalWindowInput {
  @ApiProperty({ pattern: '^([01]\\d|2[0-3]):[0-5]\\d$', example: '08:00' })
  @SettingRule('isTimeOfDay', timeOfDay) start: string;

  @ApiProperty({ pattern: '^([01]\\d|2[0-3]):[0-5]\\d$', description: 'May be before start (wraps midnight); must differ from start', example: '21:00' })
  @SettingRule('isTimeOfDay', timeOfDay) @SettingRule('isEndOfWindow', endOfWindow) end: string;
}

/** A quiet-hours window: an object, or null for none. */
function IsWindow(): PropertyDecorator {
  return applyDecorators(IsOptional(), IsNestedInput(() => LocalWindowInput, { message: 'must be null (no quiet hours) or { "start": "HH:MM", "end": "HH:MM" }' }));
}

export class QuietHoursPatch {
  @ApiPropertyOptional({ type: LocalWindowInput, nullable: true, description: 'Allowed email window; null = any time' })
  @IsWindow() email?: LocalWindowInput | null;

  @ApiPropertyOptional({ type: LocalWindowInput, nullable: true, description: 'Allowed SMS window; null = any time' })
  @IsWindow() sms?: LocalWindowInput | null;
}

export class FrequencyCapPatch {
  @ApiPropertyOptional({ type: 'integer', nullable: true, minimum: 1, maximum: 100, description: 'Per rolling 24 h; null = no cap' })
  @IsOptional() @SettingRule('isCap', cap) perDay?: number | null;

  @ApiPropertyOptional({ type: 'integer', nullable: true, minimum: 1, maximum: 100, description: 'Per rolling 7 days; at least perDay; null = no cap' })
  @IsOptional() @SettingRule('isCap', cap) perWeek?: number | null;
}

export class CostsPatch {
  @ApiPropertyOptional({ minimum: 0, maximum: 10, description: 'Per email (≤ 5 decimals)' })
  @IsOmittable() @SettingRule('isCost', cost) email?: number;

  @ApiPropertyOptional({ minimum: 0, maximum: 10, description: 'Per billed SMS segment (≤ 5 decimals)' })
  @IsOmittable() @SettingRule('isCost', cost) smsSegment?: number;
}

export class AttributionPatch {
  @ApiPropertyOptional({ description: 'ISO-8601 duration in weeks, days, hours or minutes, PT1H to P90D', example: 'P7D' })
  @IsOmittable() @SettingRule('isAttributionWindow', attributionWindow) clickWindow?: string;

  @ApiPropertyOptional({ description: 'ISO-8601 duration, PT1H to P90D', example: 'P1D' })
  @IsOmittable() @SettingRule('isAttributionWindow', attributionWindow) openWindow?: string;
}

export class ConsentPatch {
  @ApiPropertyOptional() @IsOmittable() @SettingRule('isFlag', flag) emailRequiresOptIn?: boolean;
}

export class ContactPatch {
  @ApiPropertyOptional({ type: String, nullable: true, description: "Stored as E.164, read in the business's country" })
  @IsOptional() @SettingRule('isPhone', phone) phone?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, format: 'email' })
  @IsOptional() @SettingRule('isEmail', email) email?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, description: 'http or https URL' })
  @IsOptional() @SettingRule('isWebsite', website) website?: string | null;
}

export class ExperimentsPatch {
  @ApiPropertyOptional({ enum: EXPERIMENT_METRICS, description: 'What a winner is chosen on when a split does not say; never open rate' })
  @IsOmittable() @SettingRule('isExperimentMetric', experimentMetric) metric?: string;

  @ApiPropertyOptional({ minimum: 0.8, maximum: 0.999, description: 'Confidence a winner needs (≤ 3 decimals)', example: 0.95 })
  @IsOmittable() @SettingRule('isConfidence', confidence) confidence?: number;

  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 10_000_000, description: 'Recipients each variant needs first', example: 100 })
  @IsOmittable() @SettingRule('isSamplePerVariant', samplePerVariant) minSamplePerVariant?: number;

  @ApiPropertyOptional({ description: 'ISO-8601 duration in weeks, days, hours or minutes, PT1H to P365D, an experiment runs first', example: 'P7D' })
  @IsOmittable() @SettingRule('isExperimentDuration', experimentDuration) minDuration?: string;
}

@InputErrorCode('INVALID_SETTINGS')
export class SettingsPatchInput {
  @ApiPropertyOptional({ type: SenderPatch }) @IsGroup(() => SenderPatch) sender?: SenderPatch;
  @ApiPropertyOptional({ type: QuietHoursPatch }) @IsGroup(() => QuietHoursPatch) quietHours?: QuietHoursPatch;
  @ApiPropertyOptional({ type: FrequencyCapPatch }) @IsGroup(() => FrequencyCapPatch) frequencyCap?: FrequencyCapPatch;
  @ApiPropertyOptional({ type: CostsPatch }) @IsGroup(() => CostsPatch) costs?: CostsPatch;
  @ApiPropertyOptional({ type: AttributionPatch }) @IsGroup(() => AttributionPatch) attribution?: AttributionPatch;
  @ApiPropertyOptional({ type: ConsentPatch }) @IsGroup(() => ConsentPatch) consent?: ConsentPatch;
  @ApiPropertyOptional({ type: ContactPatch }) @IsGroup(() => ContactPatch) contact?: ContactPatch;
  @ApiPropertyOptional({ type: ExperimentsPatch, description: 'A/B defaults' }) @IsGroup(() => ExperimentsPatch) experiments?: ExperimentsPatch;
}
