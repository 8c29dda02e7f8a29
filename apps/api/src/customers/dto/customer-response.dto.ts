import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { Customer, CustomerExport, ImportReport } from '@localreach/core';
import { OrderDto } from '../../orders/order.dto';
import { AddressDto } from './customer.dto';

export class ConsentStateDto {
  @ApiProperty({ enum: ['granted', 'denied'] }) status: string;
  @ApiProperty({ format: 'date-time' }) at: string;
  @ApiProperty({ enum: ['form', 'import', 'pos', 'api', 'sms_keyword', 'unsubscribe_link'] }) source: string;
}

export class CustomerConsentDto {
  @ApiPropertyOptional({ type: ConsentStateDto }) email?: ConsentStateDto;
  @ApiPropertyOptional({ type: ConsentStateDto }) sms?: ConsentStateDto;
  @ApiPropertyOptional({ type: ConsentStateDto }) location?: ConsentStateDto;
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
  @ApiProperty({ nullable: true, type: AddressDto }) address: AddressDto | null;
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'Your own fields' }) attributes: Record<string, unknown>;
  @ApiProperty({ type: [String] }) tags: string[];
  @ApiProperty({ type: CustomerConsentDto, description: 'The current state per channel; a channel never set is absent' }) consent: CustomerConsentDto;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;

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

class ExportBusinessDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
}

export class StoredEventDto {
  @ApiProperty({ pattern: '^[0-9]+$', description: 'A decimal number' }) id: string;
  @ApiProperty({ format: 'uuid' }) customerId: string;
  @ApiProperty({ example: 'cart_abandoned' }) type: string;
  @ApiProperty({ type: 'object', additionalProperties: true }) properties: Record<string, unknown>;
  @ApiProperty({ format: 'date-time' }) occurredAt: string;
  @ApiProperty({ format: 'date-time' }) receivedAt: string;
  @ApiProperty({ description: 'api, import, geofence, sms…' }) source: string;
  @ApiProperty({ type: String, nullable: true }) idempotencyKey: string | null;
}

class ExportHistoryEntryDto {
  @ApiProperty({ description: 'What happened, e.g. customer.consent_changed' }) action: string;
  @ApiProperty({ format: 'date-time' }) at: string;
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'What changed' }) details: Record<string, unknown>;
}

export class CustomerExportDto {
  @ApiProperty({ format: 'date-time' }) exportedAt: string;
  @ApiProperty({ type: ExportBusinessDto }) business: ExportBusinessDto;
  @ApiProperty({ type: CustomerResponseDto }) customer: CustomerResponseDto;
  @ApiProperty({ type: [StoredEventDto] }) events: StoredEventDto[];
  @ApiProperty({ type: [OrderDto] }) orders: OrderDto[];
  @ApiProperty({ type: [ExportHistoryEntryDto] }) history: ExportHistoryEntryDto[];

  static from(data: CustomerExport): CustomerExportDto {
    return {
      exportedAt: data.exportedAt.toISOString(),
      business: data.business,
      customer: CustomerResponseDto.from(data.customer),
      events: data.events.map((e) => ({ ...e, occurredAt: e.occurredAt.toISOString(), receivedAt: e.receivedAt.toISOString() })),
      orders: data.orders.map(OrderDto.from),
      history: data.history.map((h) => ({ action: h.action, at: h.at.toISOString(), details: (h.details ?? {}) as Record<string, unknown> })),
    };
  }
}
