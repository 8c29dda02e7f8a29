import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { AddressInput, COUNT_IF_ESTIMATE_AT_MOST, EXACT_TOTAL_LIMIT, type Customer } from '@localreach/core';

export class ConsentStateDto {
  @ApiProperty({ enum: ['granted', 'denied'] }) status: string;
  @ApiProperty({ format: 'date-time' }) at: string;
  @ApiProperty({ enum: ['form', 'import', 'pos', 'api', 'sms_keyword', 'unsubscribe_link', 'preference_page', 'carrier_stop'] }) source: string;
}

export class CustomerConsentDto {
  @ApiPropertyOptional({ type: ConsentStateDto }) email?: ConsentStateDto;
  @ApiPropertyOptional({ type: ConsentStateDto }) sms?: ConsentStateDto;
  @ApiPropertyOptional({ type: ConsentStateDto }) location?: ConsentStateDto;
}

/** The current consent per channel, as the API shows it. */
export function consentStateDtos(consent: Customer['consent']): CustomerConsentDto {
  const out: Record<string, ConsentStateDto> = {};
  for (const [channel, record] of Object.entries(consent)) {
    if (record) out[channel] = { status: record.status, at: record.at.toISOString(), source: record.source };
  }
  return out;
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
  @ApiProperty({ nullable: true, type: AddressInput }) address: AddressInput | null;
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'Your own fields' }) attributes: Record<string, unknown>;
  @ApiProperty({ type: [String] }) tags: string[];
  @ApiProperty({ type: CustomerConsentDto, description: 'The current state per channel; a channel never set is absent' }) consent: CustomerConsentDto;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;

  static from(c: Customer): CustomerResponseDto {
    const consent = consentStateDtos(c.consent);
    return {
      id: c.id, externalId: c.externalId, email: c.email, phone: c.phone, firstName: c.firstName, lastName: c.lastName, birthday: c.birthday,
      timezone: c.timezone, lat: c.lat, lng: c.lng, address: c.address, attributes: c.attributes, tags: c.tags, consent,
      createdAt: c.createdAt.toISOString(), updatedAt: c.updatedAt.toISOString(),
    };
  }
}

export class NearestStoreDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'Elm Street' }) name: string;
  @ApiProperty({ example: 850.4, description: 'Great-circle distance in metres' }) distanceMeters: number;
}

/** One customer as GET /v1/customers/:id answers: the list's fields and what is derived for them. */
export class CustomerDetailDto extends CustomerResponseDto {
  @ApiProperty({
    type: NearestStoreDto, nullable: true,
    description: 'The closest placed store, as nearestStore segment conditions see it (recomputed when the customer or a store moves); null when the customer has no position or no store is placed',
  })
  nearestStore: NearestStoreDto | null;
}

export class CustomerPageDto {
  @ApiProperty({ type: [CustomerResponseDto] }) items: CustomerResponseDto[];
  @ApiProperty({ nullable: true, type: String, description: 'Pass as ?cursor= for the next page; null on the last page' }) nextCursor: string | null;
}

const LIMIT = EXACT_TOTAL_LIMIT.toLocaleString('en-US');

/** A page of the customer list, with how many customers match in all. */
export class CustomerListPageDto extends CustomerPageDto {
  @ApiProperty({
    type: 'integer',
    minimum: 0,
    description:
      `Customers matching the filters across all pages, the same on every page. Exact (totalIsEstimate false) when ${LIMIT} or fewer match. ` +
      `Otherwise the query planner's estimate from table statistics (totalIsEstimate true): nothing is counted when the planner expects more ` +
      `than ${COUNT_IF_ESTIMATE_AT_MOST.toLocaleString('en-US')}, and when counting found more than ${LIMIT} the total is at least ${(EXACT_TOTAL_LIMIT + 1).toLocaleString('en-US')}.`,
    example: 128,
  })
  total: number;

  @ApiProperty({ type: Boolean, description: `True when total is an estimate (more than ${LIMIT} matches) rather than a count` }) totalIsEstimate: boolean;
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
