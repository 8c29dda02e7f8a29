import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsOptional, ValidateNested } from 'class-validator';
import {
  CustomerRefInput,
  customerRefOf,
  DomainError,
  InputErrorCode,
  IsArrayOfSize,
  IsCustomerRef,
  IsNumberBetween,
  IsOmittable,
  IsTimestamp,
  parseOneOrBatch,
  parseTimestamp,
  ProblemList,
  type CustomerRef,
  type Tenant,
} from '@localreach/core';

export const PING_LIMITS = {
  maxBatch: 1000,
  maxAccuracyM: 100_000,
  /** A ping from the future would freeze presence (later pings look out of order), so device clocks get only this much slack. */
  maxFutureSkewMs: 5 * 60_000,
} as const;

/** One location ping; also each item of a batch. "At most 5 minutes ahead" needs the clock and is checked by pingsOf. */
@InputErrorCode('INVALID_PINGS')
export class LocationPingInput {
  @ApiProperty({ type: CustomerRefInput, description: 'Exactly one of id, externalId, email, phone; unknown customers are ignored' })
  @IsCustomerRef()
  customer: CustomerRefInput;

  @ApiProperty({ minimum: -90, maximum: 90 })
  @IsNumberBetween(-90, 90) lat: number;

  @ApiProperty({ minimum: -180, maximum: 180 })
  @IsNumberBetween(-180, 180) lng: number;

  @ApiPropertyOptional({ type: Number, nullable: true, minimum: 0, maximum: PING_LIMITS.maxAccuracyM, description: 'Accuracy radius in metres' })
  @IsOptional() @IsNumberBetween(0, PING_LIMITS.maxAccuracyM, { message: `must be the accuracy radius in metres, 0 to ${PING_LIMITS.maxAccuracyM}` })
  accuracy?: number | null;

  @ApiPropertyOptional({ format: 'date-time', description: 'Defaults to now; at most 5 minutes ahead' })
  @IsOmittable() @IsTimestamp() occurredAt?: string;
}

/** A batch of pings: all valid or none written; each ping's problems are named `pings[i].field`. */
@InputErrorCode('INVALID_PINGS')
export class LocationPingBatchInput {
  @ApiProperty({ type: [LocationPingInput], minItems: 1, maxItems: PING_LIMITS.maxBatch, description: 'All valid or none written' })
  @IsArrayOfSize(1, PING_LIMITS.maxBatch) @ValidateNested({ each: true }) @Type(() => LocationPingInput)
  pings: LocationPingInput[];
}

/** The body of POST /v1/location-pings: a batch when it has a `pings` field, one ping otherwise. */
export function parseLocationPingBody(raw: unknown): LocationPingInput | LocationPingBatchInput {
  return parseOneOrBatch(LocationPingInput, LocationPingBatchInput, 'pings', raw);
}

/** One checked ping; `index` is its position in the request. */
export interface ValidPing {
  index: number;
  ref: CustomerRef;
  lat: number;
  lng: number;
  accuracyM: number | null;
  at: Date;
}

/**
 * The pings of a checked body, after the checks the classes cannot make (the
 * customer's phone read in the business's country, occurredAt at most
 * 5 minutes ahead of `now`): all of them, or a 422 naming every problem (`pings[3].occurredAt`).
 */
export function pingsOf(body: LocationPingInput | LocationPingBatchInput, tenant: Tenant, now: Date): ValidPing[] {
  const batch = 'pings' in body;
  const out = new ProblemList();
  const pings = (batch ? body.pings : [body]).map((ping, index) => {
    const at = (field: string) => (batch ? `pings[${index}].${field}` : field);
    const ref = customerRefOf(ping.customer, at('customer'), tenant.business.country, out);
    const occurredAt = ping.occurredAt === undefined ? now : parseTimestamp(ping.occurredAt)!;
    if (occurredAt.getTime() > now.getTime() + PING_LIMITS.maxFutureSkewMs) out.add(at('occurredAt'), 'must not be more than 5 minutes in the future');
    return { index, ref: ref!, lat: ping.lat, lng: ping.lng, accuracyM: ping.accuracy ?? null, at: occurredAt };
  });
  if (!out.ok) throw DomainError.invalid('INVALID_PINGS', out.problems);
  return pings;
}
