import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsArray, IsIn, IsISO8601, IsNumber, IsObject, IsOptional, IsString, MaxLength } from 'class-validator';
import { IsInstantInRange } from '../../common/instant-range';
import { PageQueryDto } from '../../common/pagination.dto';

export class ConsentEntryDto {
  @ApiProperty({ enum: ['granted', 'denied'] }) status: 'granted' | 'denied';
  @ApiPropertyOptional({ enum: ['form', 'import', 'pos', 'api'], default: 'api' }) source?: string;
  @ApiPropertyOptional({ format: 'date-time', description: 'When consent was given or withdrawn (ISO-8601 with a zone, not in the future); defaults to now', example: '2026-05-01T10:00:00Z' }) at?: string;
}

export class ConsentInputDto {
  @ApiPropertyOptional({ type: ConsentEntryDto }) email?: ConsentEntryDto;
  @ApiPropertyOptional({ type: ConsentEntryDto }) sms?: ConsentEntryDto;
  @ApiPropertyOptional({ type: ConsentEntryDto }) location?: ConsentEntryDto;
}

/** A postal address; every field optional (customers and stores). Blank fields are dropped. */
export class AddressDto {
  @ApiPropertyOptional({ maxLength: 200, example: '12 Elm Street' }) line1?: string;
  @ApiPropertyOptional({ maxLength: 200 }) line2?: string;
  @ApiPropertyOptional({ maxLength: 200, example: 'Springfield' }) city?: string;
  @ApiPropertyOptional({ maxLength: 200, example: 'IL' }) region?: string;
  @ApiPropertyOptional({ maxLength: 200, example: '62701' }) postalCode?: string;
  @ApiPropertyOptional({ maxLength: 200, example: 'US' }) country?: string;
}

/** A business's postal address, printed in email footers: line1, city, postalCode and country are required. */
export class BusinessAddressDto {
  @ApiProperty({ maxLength: 200, example: '12 Elm Street' }) line1: string;
  @ApiPropertyOptional({ maxLength: 200 }) line2?: string;
  @ApiProperty({ maxLength: 200, example: 'Springfield' }) city: string;
  @ApiPropertyOptional({ maxLength: 200, example: 'IL' }) region?: string;
  @ApiProperty({ maxLength: 200, example: '62701' }) postalCode: string;
  @ApiProperty({ maxLength: 200, example: 'US' }) country: string;
}

/**
 * Customer fields. Semantic rules (E.164 phones, real dates, IANA zones...) are
 * checked by the customers use case so the API and the importer share them.
 */
export class CustomerInputDto {
  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 255, description: 'Your id for this customer (matched first on upsert)', example: 'pos-10042' })
  @IsOptional() @IsString() @MaxLength(255) externalId?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, format: 'email', maxLength: 254, description: 'Lower-cased on save; matched second on upsert', example: 'ana@example.com' })
  @IsOptional() @IsString() @MaxLength(254) email?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 32, description: 'Normalised to E.164 with the business country as default; matched third', example: '+13125550123' })
  @IsOptional() @IsString() @MaxLength(32) phone?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 200, example: 'Ana' }) @IsOptional() @IsString() firstName?: string | null;
  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 200, example: 'Lopez' }) @IsOptional() @IsString() lastName?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, format: 'date', description: 'YYYY-MM-DD; Feb 29 allowed in leap years; not in the future, not before 1900', example: '1990-02-14' })
  @IsOptional() @IsString() birthday?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 64, description: 'IANA time zone', example: 'America/Chicago' }) @IsOptional() @IsString() timezone?: string | null;
  @ApiPropertyOptional({ type: Number, nullable: true, minimum: -90, maximum: 90, description: 'Given together with lng', example: 41.88 }) @IsOptional() @IsNumber() lat?: number | null;
  @ApiPropertyOptional({ type: Number, nullable: true, minimum: -180, maximum: 180, description: 'Given together with lat', example: -87.63 }) @IsOptional() @IsNumber() lng?: number | null;
  @ApiPropertyOptional({ type: AddressDto, nullable: true, description: 'Replaces the stored address; null clears it' }) @IsOptional() @IsObject() address?: AddressDto | null;

  @ApiPropertyOptional({
    type: 'object', additionalProperties: true,
    description: 'Free-form JSON object (≤ 100 keys named like identifiers, ≤ 16 KB); merged on update, a null value deletes a key',
    example: { tier: 'gold', visits: 12 },
  })
  @IsOptional() @IsObject() attributes?: Record<string, unknown>;

  @ApiPropertyOptional({ type: [String], maxItems: 100, description: 'Replaces the tag list (each 1 to 64 characters)', example: ['vip', 'newsletter'] })
  @IsOptional() @IsArray() tags?: string[];

  @ApiPropertyOptional({ type: ConsentInputDto, example: { email: { status: 'granted', source: 'form' } } })
  @IsOptional() @IsObject() consent?: Record<string, unknown>;
}

export class CustomerListQueryDto extends PageQueryDto {
  @ApiPropertyOptional() @IsOptional() @IsString() email?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() phone?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() externalId?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(64) tag?: string;
  @ApiPropertyOptional({ description: 'Only customers changed at or after this time (ISO-8601); pages then follow updatedAt' })
  @IsOptional() @IsISO8601({ strict: true }) @IsInstantInRange() updatedSince?: string;
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

