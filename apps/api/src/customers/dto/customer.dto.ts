import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsArray, IsIn, IsISO8601, IsNumber, IsObject, IsOptional, IsString, MaxLength } from 'class-validator';
import { PageQueryDto } from '../../common/pagination.dto';

class ConsentEntryDto {
  @ApiProperty({ enum: ['granted', 'denied'] }) status: 'granted' | 'denied';
  @ApiPropertyOptional({ enum: ['form', 'import', 'pos', 'api'], default: 'api' }) source?: string;
  @ApiPropertyOptional({ description: 'When consent was given or withdrawn (ISO-8601); defaults to now', example: '2026-05-01T10:00:00Z' }) at?: string;
}

class ConsentDto {
  @ApiPropertyOptional({ type: ConsentEntryDto }) email?: ConsentEntryDto;
  @ApiPropertyOptional({ type: ConsentEntryDto }) sms?: ConsentEntryDto;
  @ApiPropertyOptional({ type: ConsentEntryDto }) location?: ConsentEntryDto;
}

export class AddressDto {
  @ApiPropertyOptional({ example: '12 Elm Street' }) line1?: string;
  @ApiPropertyOptional() line2?: string;
  @ApiPropertyOptional({ example: 'Springfield' }) city?: string;
  @ApiPropertyOptional({ example: 'IL' }) region?: string;
  @ApiPropertyOptional({ example: '62701' }) postalCode?: string;
  @ApiPropertyOptional({ example: 'US' }) country?: string;
}

/**
 * Customer fields. Semantic rules (E.164 phones, real dates, IANA zones...) are
 * checked by the customers use case so the API and the importer share them.
 */
export class CustomerInputDto {
  @ApiPropertyOptional({ description: 'Your id for this customer (matched first on upsert)', example: 'pos-10042' })
  @IsOptional() @IsString() @MaxLength(255) externalId?: string | null;

  @ApiPropertyOptional({ description: 'Lower-cased on save; matched second on upsert', example: 'ana@example.com' })
  @IsOptional() @IsString() @MaxLength(254) email?: string | null;

  @ApiPropertyOptional({ description: 'Normalised to E.164 with the business country as default; matched third', example: '+13125550123' })
  @IsOptional() @IsString() @MaxLength(32) phone?: string | null;

  @ApiPropertyOptional({ example: 'Ana' }) @IsOptional() @IsString() firstName?: string | null;
  @ApiPropertyOptional({ example: 'Lopez' }) @IsOptional() @IsString() lastName?: string | null;

  @ApiPropertyOptional({ description: 'YYYY-MM-DD; Feb 29 allowed in leap years; not in the future', example: '1990-02-14' })
  @IsOptional() @IsString() birthday?: string | null;

  @ApiPropertyOptional({ description: 'IANA time zone', example: 'America/Chicago' }) @IsOptional() @IsString() timezone?: string | null;
  @ApiPropertyOptional({ minimum: -90, maximum: 90, example: 41.88 }) @IsOptional() @IsNumber() lat?: number | null;
  @ApiPropertyOptional({ minimum: -180, maximum: 180, example: -87.63 }) @IsOptional() @IsNumber() lng?: number | null;
  @ApiPropertyOptional({ type: AddressDto }) @IsOptional() @IsObject() address?: AddressDto | null;

  @ApiPropertyOptional({ description: 'Free-form JSON object (≤ 100 keys, ≤ 16 KB); merged on update, a null value deletes a key', example: { tier: 'gold', visits: 12 } })
  @IsOptional() @IsObject() attributes?: Record<string, unknown>;

  @ApiPropertyOptional({ type: [String], description: 'Replaces the tag list', example: ['vip', 'newsletter'] })
  @IsOptional() @IsArray() tags?: string[];

  @ApiPropertyOptional({ type: ConsentDto, example: { email: { status: 'granted', source: 'form' } } })
  @IsOptional() @IsObject() consent?: Record<string, unknown>;
}

export class CustomerListQueryDto extends PageQueryDto {
  @ApiPropertyOptional() @IsOptional() @IsString() email?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() phone?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() externalId?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(64) tag?: string;
  @ApiPropertyOptional({ description: 'Only customers changed at or after this time (ISO-8601); pages then follow updatedAt' })
  @IsOptional() @IsISO8601({ strict: true }) updatedSince?: string;
}

export class ImportQueryDto {
  @ApiPropertyOptional({
    description: 'JSON object: source column → target field (externalId, email, phone, firstName, lastName, birthday, timezone, lat, lng, tags, address.<field>, consent.<channel>, attributes.<key>[:number|:boolean])',
    example: '{"E-mail":"email","Mobile":"phone","Tier":"attributes.tier","Visits":"attributes.visits:number"}',
  })
  @IsOptional() @IsString() mapping?: string;

  @ApiPropertyOptional({ description: 'CSV delimiter', default: ',' })
  @IsOptional() @IsIn([',', ';', '\t', '|']) delimiter?: string;

  @ApiPropertyOptional({ enum: ['csv', 'ndjson'], description: 'Overrides the Content-Type' })
  @IsOptional() @IsIn(['csv', 'ndjson']) format?: 'csv' | 'ndjson';
}

