import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsObject, IsOptional, IsString, ValidateNested } from 'class-validator';
import { AddressInput } from '../validation/address.input';
import { isPlainObject } from '../validation/field-checks';
import { InputErrorCode } from '../validation/input-class';
import { IsNumberBetween, IsText, IsTimeZone, ValidateNestedWith, type NestedProblem } from '../validation/input-rules';

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
const HHMM = /^([01]\d|2[0-3]):[0-5]\d$/;
const MAX_RANGES_PER_DAY = 6;

/** Opening hours: weekday → list of ["HH:mm", "HH:mm"]; a close before the open means past midnight. */
export function openingHoursProblems(value: unknown): NestedProblem[] {
  if (value === null || value === undefined) return [];
  if (!isPlainObject(value)) return [{ path: '', message: 'must be an object keyed by weekday (mon..sun) with lists of ["HH:mm", "HH:mm"]' }];
  const problems: NestedProblem[] = [];
  for (const [day, ranges] of Object.entries(value)) {
    if (!(WEEKDAYS as readonly string[]).includes(day)) {
      problems.push({ path: `.${day}`, message: 'must be one of mon, tue, wed, thu, fri, sat, sun' });
    } else if (!Array.isArray(ranges) || ranges.length > MAX_RANGES_PER_DAY) {
      problems.push({ path: `.${day}`, message: `must be a list of at most ${MAX_RANGES_PER_DAY} ["HH:mm", "HH:mm"] ranges` });
    } else {
      ranges.forEach((range: unknown, i) => {
        const ok = Array.isArray(range) && range.length === 2 && range.every((t) => typeof t === 'string' && HHMM.test(t)) && range[0] !== range[1];
        if (!ok) problems.push({ path: `.${day}[${i}]`, message: 'must be ["HH:mm", "HH:mm"] with different open and close times' });
      });
    }
  }
  return problems;
}

const RANGES = {
  type: 'array',
  maxItems: MAX_RANGES_PER_DAY,
  description: 'Open ranges of the day, each ["HH:mm", "HH:mm"] (open, close; a close before the open runs past midnight)',
  items: { type: 'array', minItems: 2, maxItems: 2, items: { type: 'string', pattern: '^([01]\\d|2[0-3]):[0-5]\\d$' } },
} as const;

/** Opening hours by weekday; a day left out is closed. (Documents the shape openingHoursProblems checks.) */
export class OpeningHoursInput {
  @ApiPropertyOptional(RANGES) mon?: string[][];
  @ApiPropertyOptional(RANGES) tue?: string[][];
  @ApiPropertyOptional(RANGES) wed?: string[][];
  @ApiPropertyOptional(RANGES) thu?: string[][];
  @ApiPropertyOptional(RANGES) fri?: string[][];
  @ApiPropertyOptional(RANGES) sat?: string[][];
  @ApiPropertyOptional(RANGES) sun?: string[][];
}

/** A store. lat and lng come together (checked with the stored values on PATCH). */
@InputErrorCode('INVALID_LOCATION')
export class LocationInput {
  @ApiProperty({ minLength: 1, maxLength: 200, example: 'Elm Street' })
  @IsText(200) name: string;

  @ApiPropertyOptional({ type: AddressInput, nullable: true, description: 'Geocoded when lat/lng are not given and geocoding is configured' })
  @IsOptional() @IsObject() @ValidateNested() @Type(() => AddressInput) address?: AddressInput | null;

  @ApiPropertyOptional({ type: Number, nullable: true, minimum: -90, maximum: 90, description: 'Given together with lng' })
  @IsOptional() @IsNumberBetween(-90, 90) lat?: number | null;

  @ApiPropertyOptional({ type: Number, nullable: true, minimum: -180, maximum: 180, description: 'Given together with lat' })
  @IsOptional() @IsNumberBetween(-180, 180) lng?: number | null;

  @ApiPropertyOptional({ type: String, nullable: true, description: "IANA time zone; the business's when null" })
  @IsOptional() @IsTimeZone() timezone?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 32, description: "Stored as E.164, read in the business's country" })
  @IsOptional() @IsString() phone?: string | null;

  @ApiPropertyOptional({ type: OpeningHoursInput, nullable: true })
  @IsOptional() @ValidateNestedWith(openingHoursProblems) openingHours?: OpeningHoursInput | null;
}

/** PATCH: every field optional; null clears it (except name, which stays required). */
@InputErrorCode('INVALID_LOCATION')
export class LocationPatch extends PartialType(LocationInput) {}
