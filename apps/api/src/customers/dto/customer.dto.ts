import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsISO8601, IsOptional, IsString, IsUUID, Max, MaxLength, Min } from 'class-validator';
import {
  CONSENT_FILTERS, CUSTOMER_SORTS, MAX_SEARCH_LENGTH, SORT_ORDERS, type ConsentFilter, type CustomerQuery, type CustomerSort, type SortOrder,
} from '@localreach/core';
import { IsInstantInRange } from '../../common/instant-range';

/** Filters and order of the customer list, shared by its CSV export. */
export class CustomerFilterQueryDto {
  @ApiPropertyOptional({
    maxLength: MAX_SEARCH_LENGTH,
    description:
      'Search as you type: customers whose first name, last name, full name ("ana lo" finds Ana Lopez, "lopez a" too) or email starts ' +
      'with this text, ignoring case and accents ("elo" finds Élodie), or whose phone starts with these digits, typed in national form ' +
      '(read in the business country: "(312) 555") or international form ("+1 312 555"). Matched literally: % _ and \\ are plain characters. ' +
      'Blank means no search.',
    example: 'ana lo',
  })
  @IsOptional() @IsString() @MaxLength(MAX_SEARCH_LENGTH) q?: string;

  @ApiPropertyOptional({ maxLength: 254, description: 'Exactly this email (any case)', example: 'ana@example.com' })
  @IsOptional() @IsString() @MaxLength(254) email?: string;

  @ApiPropertyOptional({ maxLength: 32, description: 'Exactly this phone, E.164 or national in the business country', example: '+13125550123' })
  @IsOptional() @IsString() @MaxLength(32) phone?: string;

  @ApiPropertyOptional({ maxLength: 255, description: 'Exactly this externalId', example: 'pos-10042' })
  @IsOptional() @IsString() @MaxLength(255) externalId?: string;

  @ApiPropertyOptional({ maxLength: 64, description: 'Customers carrying this tag', example: 'vip' })
  @IsOptional() @IsString() @MaxLength(64) tag?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'Only customers changed at or after this time (ISO-8601); without `sort`, pages then follow updatedAt' })
  @IsOptional() @IsISO8601({ strict: true }) @IsInstantInRange() updatedSince?: string;

  @ApiPropertyOptional({ enum: [...CONSENT_FILTERS], description: 'Email consent: granted, denied, or unknown (never given)' })
  @IsOptional() @IsIn(CONSENT_FILTERS) consentEmail?: ConsentFilter;

  @ApiPropertyOptional({ enum: [...CONSENT_FILTERS], description: 'SMS consent: granted, denied, or unknown (never given)' })
  @IsOptional() @IsIn(CONSENT_FILTERS) consentSms?: ConsentFilter;

  @ApiPropertyOptional({ enum: [...CONSENT_FILTERS], description: 'Location consent: granted, denied, or unknown (never given)' })
  @IsOptional() @IsIn(CONSENT_FILTERS) consentLocation?: ConsentFilter;

  @ApiPropertyOptional({ format: 'uuid', description: 'Members of this saved segment at its last refresh (422 naming segmentId when the business has no such segment)' })
  @IsOptional() @IsUUID('all') segmentId?: string;

  @ApiPropertyOptional({
    enum: [...CUSTOMER_SORTS],
    default: 'createdAt',
    description:
      'Order of the pages; ties are broken by id. Names and emails sort ignoring case and accents, in code point order, first name then ' +
      'last name (firstName) or last name then first name (lastName); customers without the field come last ascending, first descending. ' +
      'Default createdAt, or updatedAt when updatedSince is given.',
  })
  @IsOptional() @IsIn(CUSTOMER_SORTS) sort?: CustomerSort;

  @ApiPropertyOptional({ enum: [...SORT_ORDERS], default: 'asc' })
  @IsOptional() @IsIn(SORT_ORDERS) order?: SortOrder;
}

/** The filters as the customers use case takes them. */
export function customerQueryOf(dto: CustomerFilterQueryDto): CustomerQuery {
  const consent: CustomerQuery['consent'] = {};
  if (dto.consentEmail) consent.email = dto.consentEmail;
  if (dto.consentSms) consent.sms = dto.consentSms;
  if (dto.consentLocation) consent.location = dto.consentLocation;
  return {
    q: dto.q, email: dto.email, phone: dto.phone, externalId: dto.externalId, tag: dto.tag,
    updatedSince: dto.updatedSince ? new Date(dto.updatedSince) : undefined, consent, segmentId: dto.segmentId, sort: dto.sort, order: dto.order,
  };
}

export class CustomerListQueryDto extends CustomerFilterQueryDto {
  @ApiPropertyOptional({ description: 'Page size', minimum: 1, maximum: 500, default: 50 })
  @IsOptional()
  @Transform(({ value }) => (typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value))
  @IsInt() @Min(1) @Max(500) limit?: number;

  // Longer than other lists' cursors: a name sort's cursor holds the last row's folded name.
  @ApiPropertyOptional({ maxLength: 4096, description: "Opaque cursor from the previous page's nextCursor, used with the same sort and order" })
  @IsOptional() @IsString() @MaxLength(4096) cursor?: string;
}

