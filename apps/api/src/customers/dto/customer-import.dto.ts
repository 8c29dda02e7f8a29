import { ApiProperty, ApiPropertyOptional, OmitType } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsOptional, IsString } from 'class-validator';
import {
  IMPORT_ERROR_CODES, type CustomerImportReport, type IgnoredImportColumn, type ImportColumn, type ImportMatch, type ImportPreviewCustomer, type ImportPreviewRow,
  type ImportRowFailure,
} from '@localreach/core';
import { consentStateDtos, CustomerResponseDto } from './customer-response.dto';

const IDENTIFIERS = ['externalId', 'email', 'phone'];

export class CustomerImportQueryDto {
  @ApiPropertyOptional({
    description:
      'JSON object: source column → target field, added to the automatic header matching (an entry wins for the column it names; null or "ignore" drops ' +
      'the column). Targets: externalId, email, phone, firstName, lastName, birthday, timezone, lat, lng, tags, address.<field>, consent.<channel>, ' +
      'attributes.<key>[:string|:number|:boolean]',
    example: '{"E-mail":"email","Mobile":"phone","Tier":"attributes.tier","Visits":"attributes.visits:number","Notes":null}',
  })
  @IsOptional() @IsString() mapping?: string;

  @ApiPropertyOptional({ description: 'CSV delimiter', default: ',' })
  @IsOptional() @IsIn([',', ';', '\t', '|']) delimiter?: string;

  @ApiPropertyOptional({ enum: ['csv', 'ndjson'], description: 'Overrides the Content-Type' })
  @IsOptional() @IsIn(['csv', 'ndjson']) format?: 'csv' | 'ndjson';

  @ApiPropertyOptional({
    type: Boolean,
    default: false,
    description: 'Read, validate and match the whole file and answer what an import would do now, with a preview of its first 20 rows; nothing is written',
  })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  dryRun?: boolean;
}

class ImportColumnDto implements ImportColumn {
  @ApiProperty({ example: 'Latitude' }) column: string;
  @ApiProperty({ example: 'lat', description: 'The field, as a mapping would name it' }) target: string;
  @ApiProperty({ enum: ['exact', 'alias', 'explicit'], description: 'exact: the header is the field\'s name; alias: a recognised other spelling; explicit: the mapping' })
  match: ImportColumn['match'];
}

class IgnoredImportColumnDto implements IgnoredImportColumn {
  @ApiProperty({ example: 'Notes' }) column: string;
  @ApiProperty({ enum: ['unrecognised', 'dropped', 'duplicate'], description: 'unrecognised: no field has this name; dropped: by the mapping; duplicate: another column fills its field' })
  reason: IgnoredImportColumn['reason'];
  @ApiProperty() message: string;
}

class ImportRowFailureDto implements ImportRowFailure {
  @ApiProperty({ type: 'integer', description: '1-based data row (header not counted); the line number for NDJSON' }) row: number;
  @ApiProperty({ example: 'phone' }) field: string;
  @ApiProperty({ enum: IMPORT_ERROR_CODES, description: 'IDENTITY_CONFLICT: the row\'s identifiers belong to two customers; IDENTIFIER_CHANGE: the matched customer has a different externalId, email or phone, which an import never overwrites; CONSENT_WITHDRAWN: the row grants consent the customer withdrew themselves (STOP, unsubscribe link, preference page), which only their own new opt-in can' })
  code: ImportRowFailure['code'];
  @ApiProperty({ example: 'must be a valid phone number' }) reason: string;
  @ApiPropertyOptional({ description: 'The source column or key the field came from' }) column?: string;
  @ApiPropertyOptional({ format: 'uuid', description: 'The customer the row matched' }) customerId?: string;
  @ApiPropertyOptional({ format: 'uuid', description: 'IDENTITY_CONFLICT: the other customer' }) otherCustomerId?: string;
}

class ImportMatchDto implements ImportMatch {
  @ApiProperty({ type: 'integer' }) row: number;
  @ApiProperty({ format: 'uuid' }) customerId: string;
  @ApiProperty({ type: [String], enum: IDENTIFIERS, description: 'The row\'s identifiers that point at this customer' }) matchedBy: ImportMatch['matchedBy'];
}

class ImportPreviewCustomerDto extends OmitType(CustomerResponseDto, ['id', 'createdAt', 'updatedAt'] as const) {
  static fromPreview(c: ImportPreviewCustomer): ImportPreviewCustomerDto {
    return { ...c, consent: consentStateDtos(c.consent) };
  }
}

class ImportPreviewRowDto {
  @ApiProperty({ type: 'integer' }) row: number;
  @ApiProperty({ enum: ['insert', 'update', 'unchanged', 'duplicate', 'failed'] }) outcome: ImportPreviewRow['outcome'];
  @ApiProperty({ nullable: true, type: String, format: 'uuid', description: 'The existing customer the row matched' }) customerId: string | null;
  @ApiProperty({ type: [String], enum: IDENTIFIERS }) matchedBy: ImportPreviewRow['matchedBy'];
  @ApiProperty({ nullable: true, type: ImportPreviewCustomerDto, description: 'The customer as stored after this row; null when the row is not applied' })
  customer: ImportPreviewCustomerDto | null;
  @ApiProperty({ type: [ImportRowFailureDto] }) errors: ImportRowFailureDto[];
}

export class CustomerImportReportDto {
  @ApiProperty({ description: 'true: nothing was written, the counts say what an import of this file would do now' }) dryRun: boolean;
  @ApiProperty({ type: 'integer' }) received: number;
  @ApiProperty({ type: 'integer' }) inserted: number;
  @ApiProperty({ type: 'integer' }) updated: number;
  @ApiProperty({ type: 'integer' }) unchanged: number;
  @ApiProperty({ type: 'integer', description: 'Rows superseded by a later row for the same customer in the same file' }) duplicatesInFile: number;
  @ApiProperty({ type: 'integer' }) failed: number;
  @ApiProperty({ type: [ImportColumnDto], description: 'CSV: the columns read, in header order; NDJSON: the keys the mapping converts' }) columns: ImportColumnDto[];
  @ApiProperty({ type: [IgnoredImportColumnDto], description: 'Columns whose values were not read' }) ignoredColumns: IgnoredImportColumnDto[];
  @ApiProperty({ type: [ImportMatchDto], description: 'Rows that updated (or left unchanged) an existing customer, by row; at most 1000, see matchesTruncated' })
  matches: ImportMatchDto[];
  @ApiProperty() matchesTruncated: boolean;
  @ApiProperty({ type: [ImportRowFailureDto], description: 'At most 1000, by row; see errorsTruncated' }) errors: ImportRowFailureDto[];
  @ApiProperty() errorsTruncated: boolean;
  @ApiPropertyOptional({ type: [ImportPreviewRowDto], description: 'Dry run only: the first 20 rows as they would be stored, with their errors' })
  preview?: ImportPreviewRowDto[];
  @ApiProperty({ type: 'integer' }) durationMs: number;

  static from(r: CustomerImportReport): CustomerImportReportDto {
    const { preview, ...report } = r;
    if (!preview) return report;
    return { ...report, preview: preview.map((p) => ({ ...p, customer: p.customer && ImportPreviewCustomerDto.fromPreview(p.customer) })) };
  }
}
