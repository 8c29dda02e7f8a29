import { ApiProperty, ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsObject, IsOptional, ValidateNested, type ValidationArguments } from 'class-validator';
import { AddressInput } from '../validation/address.input';
import { isCalendarDate, isPlainObject, isValidTimeZone, normalizeEmail } from '../validation/field-checks';
import { InputErrorCode } from '../validation/input-class';
import { IsOmittable, IsShortString, IsTimestamp, rule, ValidateNestedWith, type NestedProblem } from '../validation/input-rules';
import { INPUT_CONSENT_SOURCES, type ConsentSource, type ConsentStatus } from './customer.types';

/**
 * The customer body of POST /v1/customers (CustomerInput) and PATCH
 * /v1/customers/:id (CustomerPatch), and each row of a customer import
 * (checked with the same class). What needs the business (phones read in its
 * country, its "today" for birthdays, the consent source of the entry point)
 * is checked after the class, by customerChangesOf.
 */

export const ATTRIBUTE_LIMITS = { maxKeys: 100, maxBytes: 16 * 1024, keyPattern: /^[A-Za-z_][A-Za-z0-9_]{0,63}$/ };
export const TAG_LIMITS = { maxTags: 100, maxLength: 64 };
const TEXT = 200;

/** Attributes: a JSON object of at most 100 identifier-like keys and 16 KB; each bad key is named (".bad-key"). */
export function attributeProblems(value: unknown): NestedProblem[] {
  if (!isPlainObject(value)) return [{ path: '', message: 'must be a JSON object' }];
  const problems: NestedProblem[] = [];
  const keys = Object.keys(value);
  if (keys.length > ATTRIBUTE_LIMITS.maxKeys) problems.push({ path: '', message: `must have at most ${ATTRIBUTE_LIMITS.maxKeys} keys` });
  for (const key of keys) {
    if (!ATTRIBUTE_LIMITS.keyPattern.test(key)) {
      problems.push({ path: `.${key}`, message: 'key must start with a letter or _ and hold only letters, digits and _ (max 64)' });
    }
  }
  if (Buffer.byteLength(JSON.stringify(value)) > ATTRIBUTE_LIMITS.maxBytes) {
    problems.push({ path: '', message: `must be at most ${ATTRIBUTE_LIMITS.maxBytes} bytes of JSON` });
  }
  return problems;
}

/** Tags: an array of non-blank strings of at most 64 characters, at most 100 once trimmed and de-duplicated; each bad tag named ("[1]"). */
export function tagProblems(value: unknown): NestedProblem[] {
  if (!Array.isArray(value)) return [{ path: '', message: 'must be an array of strings' }];
  const problems: NestedProblem[] = [];
  const tags = new Set<string>();
  value.forEach((tag: unknown, i) => {
    if (typeof tag !== 'string' || tag.trim() === '' || tag.trim().length > TAG_LIMITS.maxLength) {
      problems.push({ path: `[${i}]`, message: `must be a non-empty string of at most ${TAG_LIMITS.maxLength} characters` });
    } else tags.add(tag.trim());
  });
  if (tags.size > TAG_LIMITS.maxTags) problems.push({ path: '', message: `must hold at most ${TAG_LIMITS.maxTags} tags` });
  return problems;
}

/**
 * A text field of a customer: a string of at most `max` characters once
 * trimmed; blank clears the field, anything else must pass `test` (trimmed).
 */
function IsCustomerText(max: number, test: (trimmed: string) => boolean, message: string): PropertyDecorator {
  return rule('isCustomerText', (v) => typeof v === 'string' && v.trim().length <= max && (v.trim() === '' || test(v.trim())), message);
}

const given = (value: unknown) => value !== undefined && value !== null && !(typeof value === 'string' && value.trim() === '');

/** An upsert matches on externalId, email or phone, so it needs one; a PATCH keeps the stored ones. */
function missingIdentity(object: object): boolean {
  const input = object as CustomerInput;
  return (object.constructor as typeof CustomerInput).requiresIdentity && !given(input.externalId) && !given(input.email) && !given(input.phone);
}

// Runs on an absent externalId too (no IsOptional), since that is when the identity rule applies.
function IsExternalId(): PropertyDecorator {
  return rule(
    'isExternalId',
    (v, args) => !missingIdentity(args!.object) && (v === undefined || v === null || (typeof v === 'string' && v.trim().length <= 255)),
    (args) => (missingIdentity(args!.object) ? 'at least one of externalId, email or phone is required' : 'must be a string of at most 255 characters'),
  );
}

/**
 * lat or lng: a number within [min, max], given together with `other`; both
 * null clears the position. Runs when either is given.
 */
function IsCoordinate(min: number, max: number, other: 'lat' | 'lng'): PropertyDecorator {
  const inRange = (v: unknown) => typeof v === 'number' && Number.isFinite(v) && v >= min && v <= max;
  // null pairs with null, absent with absent; a number with a number (checked on the other side).
  const unpaired = (v: unknown, o: unknown) => (v === undefined && o !== undefined) || (v === null && o !== null);
  const otherOf = (args?: ValidationArguments) => (args!.object as Record<string, unknown>)[other];
  return rule(
    'isCoordinate',
    (v, args) => (v === undefined || v === null ? !unpaired(v, otherOf(args)) : inRange(v)),
    (args) => (args!.value === undefined || args!.value === null ? `is required when ${other} is given` : `must be a number between ${min} and ${max}`),
  );
}

export const CONSENT_STATUSES: readonly ConsentStatus[] = ['granted', 'denied'];

/** Consent on one channel. */
export class ConsentEntryInput {
  @ApiProperty({ enum: CONSENT_STATUSES })
  @IsIn(CONSENT_STATUSES, { message: 'must be "granted" or "denied"' })
  status: ConsentStatus;

  @ApiPropertyOptional({ enum: INPUT_CONSENT_SOURCES, nullable: true, default: 'api', description: 'Where consent was collected; an import defaults to "import"' })
  @IsOptional() @IsIn(INPUT_CONSENT_SOURCES, { message: `must be one of ${INPUT_CONSENT_SOURCES.join(', ')}` })
  source?: ConsentSource | null;

  @ApiPropertyOptional({ format: 'date-time', description: 'When consent was given or withdrawn (ISO-8601 with a zone, not in the future); defaults to now', example: '2026-05-01T10:00:00Z' })
  @IsOmittable() @IsTimestamp()
  at?: string;
}

/** Consent by channel; a status that is not a change keeps its stored time and source. */
export class ConsentInput {
  @ApiPropertyOptional({ type: ConsentEntryInput })
  @IsOmittable() @IsObject() @ValidateNested() @Type(() => ConsentEntryInput) email?: ConsentEntryInput;

  @ApiPropertyOptional({ type: ConsentEntryInput })
  @IsOmittable() @IsObject() @ValidateNested() @Type(() => ConsentEntryInput) sms?: ConsentEntryInput;

  @ApiPropertyOptional({ type: ConsentEntryInput })
  @IsOmittable() @IsObject() @ValidateNested() @Type(() => ConsentEntryInput) location?: ConsentEntryInput;
}

/**
 * POST /v1/customers and import rows: at least one of externalId, email or
 * phone. Text fields are trimmed; blank or null clears a field.
 */
@InputErrorCode('INVALID_CUSTOMER')
@ApiSchema({ description: 'A customer to create or update, matched by externalId, then email, then phone: at least one of them is required' })
export class CustomerInput {
  /** Upserts match on an identifier, so one is required (read by the externalId rule). */
  static readonly requiresIdentity: boolean = true;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 255, description: 'Your id for this customer (matched first on upsert)', example: 'pos-10042' })
  @IsExternalId() externalId?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, format: 'email', maxLength: 254, description: 'Lower-cased on save; matched second on upsert', example: 'ana@example.com' })
  @IsOptional() @IsCustomerText(254, (v) => normalizeEmail(v) !== undefined, 'must be a valid email address')
  email?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 32, description: 'Normalised to E.164 with the business country as default; matched third', example: '+13125550123' })
  @IsOptional() @IsCustomerText(32, (v) => /\p{Nd}/u.test(v), "must be a valid phone number (E.164, or national in the business's country)")
  phone?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: TEXT, example: 'Ana' }) @IsOptional() @IsShortString(TEXT) firstName?: string | null;
  @ApiPropertyOptional({ type: String, nullable: true, maxLength: TEXT, example: 'Lopez' }) @IsOptional() @IsShortString(TEXT) lastName?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, format: 'date', description: 'YYYY-MM-DD; Feb 29 allowed in leap years; not in the future, not before 1900', example: '1990-02-14' })
  @IsOptional() @IsCustomerText(10, isCalendarDate, 'must be a real date written YYYY-MM-DD')
  birthday?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 64, description: 'IANA time zone', example: 'America/Chicago' })
  @IsOptional() @IsCustomerText(64, isValidTimeZone, 'must be an IANA time zone such as Europe/Paris')
  timezone?: string | null;

  @ApiPropertyOptional({ type: Number, nullable: true, minimum: -90, maximum: 90, description: 'Given together with lng', example: 41.88 })
  @IsCoordinate(-90, 90, 'lng') lat?: number | null;

  @ApiPropertyOptional({ type: Number, nullable: true, minimum: -180, maximum: 180, description: 'Given together with lat', example: -87.63 })
  @IsCoordinate(-180, 180, 'lat') lng?: number | null;

  @ApiPropertyOptional({ type: AddressInput, nullable: true, description: 'Replaces the stored address; null clears it' })
  @IsOptional() @IsObject() @ValidateNested() @Type(() => AddressInput) address?: AddressInput | null;

  @ApiPropertyOptional({
    type: 'object', additionalProperties: true,
    description: 'Free-form JSON object (≤ 100 keys named like identifiers, ≤ 16 KB); merged on update, a null value deletes a key',
    example: { tier: 'gold', visits: 12 },
  })
  @IsOmittable() @ValidateNestedWith(attributeProblems) attributes?: Record<string, unknown>;

  @ApiPropertyOptional({ type: [String], maxItems: TAG_LIMITS.maxTags, description: 'Replaces the tag list (each 1 to 64 characters)', example: ['vip', 'newsletter'] })
  @IsOmittable() @ValidateNestedWith(tagProblems) tags?: string[];

  @ApiPropertyOptional({ type: ConsentInput, example: { email: { status: 'granted', source: 'form' } } })
  @IsOmittable() @IsObject() @ValidateNested() @Type(() => ConsentInput) consent?: ConsentInput;
}

/** PATCH /v1/customers/:id: the same fields, none required; null clears one (the customer keeps at least one identifier). */
@InputErrorCode('INVALID_CUSTOMER')
@ApiSchema({ description: 'Fields to change; null clears a field, but a customer keeps at least one of externalId, email or phone' })
export class CustomerPatch extends CustomerInput {
  static override readonly requiresIdentity: boolean = false;
}
