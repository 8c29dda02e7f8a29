import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { Customer, ImportReport } from '@localreach/core';

class ConsentStateDto {
  @ApiProperty({ enum: ['granted', 'denied'] }) status: string;
  @ApiProperty() at: string;
  @ApiProperty({ enum: ['form', 'import', 'pos', 'api', 'sms_keyword', 'unsubscribe_link'] }) source: string;
}

export class CustomerResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ nullable: true, type: String }) externalId: string | null;
  @ApiProperty({ nullable: true, type: String }) email: string | null;
  @ApiProperty({ nullable: true, type: String, example: '+13125550123' }) phone: string | null;
  @ApiProperty({ nullable: true, type: String }) firstName: string | null;
  @ApiProperty({ nullable: true, type: String }) lastName: string | null;
  @ApiProperty({ nullable: true, type: String, example: '1990-02-14' }) birthday: string | null;
  @ApiProperty({ nullable: true, type: String }) timezone: string | null;
  @ApiProperty({ nullable: true, type: Number }) lat: number | null;
  @ApiProperty({ nullable: true, type: Number }) lng: number | null;
  @ApiProperty({ nullable: true, type: Object }) address: object | null;
  @ApiProperty({ type: Object }) attributes: Record<string, unknown>;
  @ApiProperty({ type: [String] }) tags: string[];
  @ApiProperty({ type: Object, description: 'Per channel: { status, at, source }', additionalProperties: { $ref: '#/components/schemas/ConsentStateDto' } })
  consent: Record<string, ConsentStateDto>;
  @ApiProperty() createdAt: string;
  @ApiProperty() updatedAt: string;

  static from(c: Customer): CustomerResponseDto {
    const consent: Record<string, ConsentStateDto> = {};
    for (const [channel, record] of Object.entries(c.consent)) {
      if (record) consent[channel] = { status: record.status, at: record.at.toISOString(), source: record.source };
    }
    return {
      id: c.id, externalId: c.externalId, email: c.email, phone: c.phone, firstName: c.firstName, lastName: c.lastName, birthday: c.birthday,
      timezone: c.timezone, lat: c.lat, lng: c.lng, address: c.address, attributes: c.attributes, tags: c.tags, consent,
      createdAt: c.createdAt.toISOString(), updatedAt: c.updatedAt.toISOString(),
    };
  }
}

export class CustomerPageDto {
  @ApiProperty({ type: [CustomerResponseDto] }) items: CustomerResponseDto[];
  @ApiProperty({ nullable: true, type: String, description: 'Pass as ?cursor= for the next page; null on the last page' }) nextCursor: string | null;
}

class ImportRowErrorDto {
  @ApiProperty({ description: '1-based data row (header not counted)' }) row: number;
  @ApiProperty({ example: 'phone' }) field: string;
  @ApiProperty({ example: 'must be a valid phone number' }) reason: string;
}

export class ImportReportDto implements ImportReport {
  @ApiProperty() received: number;
  @ApiProperty() inserted: number;
  @ApiProperty() updated: number;
  @ApiProperty() unchanged: number;
  @ApiProperty({ description: 'Rows superseded by a later row for the same customer in the same file' }) duplicatesInFile: number;
  @ApiProperty() failed: number;
  @ApiProperty({ type: [ImportRowErrorDto], description: 'At most 1000; see errorsTruncated' }) errors: ImportRowErrorDto[];
  @ApiProperty() errorsTruncated: boolean;
  @ApiProperty() durationMs: number;
}

export class CustomerExportDto {
  @ApiProperty() exportedAt: string;
  @ApiProperty({ type: Object }) business: object;
  @ApiProperty({ type: CustomerResponseDto }) customer: CustomerResponseDto;
  @ApiProperty({ type: [Object] }) events: object[];
  @ApiProperty({ type: [Object] }) orders: object[];
  @ApiPropertyOptional({ type: [Object] }) history: object[];
}
