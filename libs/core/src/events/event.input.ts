import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsOptional, Matches, ValidateBy, ValidateNested } from 'class-validator';
import { CustomerRefInput, IsCustomerRef } from '../validation/customer-ref.input';
import { InputErrorCode, parseOneOrBatch } from '../validation/input-class';
import { IsArrayOfSize, IsFlag, IsOmittable, IsStringLength, IsTimestamp } from '../validation/input-rules';

export const EVENT_LIMITS = { maxBatch: 1000, maxPropertiesBytes: 32 * 1024, typePattern: /^[A-Za-z][A-Za-z0-9_.:-]{0,63}$/ };

const UNKNOWN_CUSTOMER =
  'An unknown externalId, email or phone creates a customer holding only that identifier (customerCreated: true in the response), ' +
  'who enters customer_created campaigns and, unless the business requires email opt-in, can be emailed; pass createCustomer: false to refuse it.';
const CREATE_CUSTOMER = 'false: an unknown customer externalId/email/phone is refused with 422 UNKNOWN_CUSTOMER naming customer, and nothing is written.';

/** A JSON object of at most EVENT_LIMITS.maxPropertiesBytes once serialised. */
function IsEventProperties(): PropertyDecorator {
  const isObject = (v: unknown) => typeof v === 'object' && v !== null && !Array.isArray(v);
  return ValidateBy({
    name: 'isEventProperties',
    validator: {
      validate: (v: unknown) => isObject(v) && Buffer.byteLength(JSON.stringify(v)) <= EVENT_LIMITS.maxPropertiesBytes,
      defaultMessage: (args) => (isObject(args?.value) ? `must be at most ${EVENT_LIMITS.maxPropertiesBytes} bytes of JSON` : 'must be a JSON object'),
    },
  });
}

/** One event; also each item of a batch. "At most a day ahead" needs the clock and is checked by EventService. */
@InputErrorCode('INVALID_EVENTS')
export class EventInput {
  @ApiProperty({ pattern: '^[A-Za-z][A-Za-z0-9_.:-]{0,63}$', description: 'What happened, e.g. cart_abandoned', example: 'cart_abandoned' })
  @Matches(EVENT_LIMITS.typePattern, { message: 'must start with a letter and hold up to 64 letters, digits, _ . : -' })
  type: string;

  @ApiProperty({ type: CustomerRefInput, description: `Exactly one of id, externalId, email, phone. ${UNKNOWN_CUSTOMER}` })
  @IsCustomerRef()
  customer: CustomerRefInput;

  @ApiPropertyOptional({ type: 'object', additionalProperties: true, nullable: true, description: 'Free-form JSON object, at most 32 KB' })
  @IsOptional() @IsEventProperties()
  properties?: Record<string, unknown> | null;

  @ApiPropertyOptional({ format: 'date-time', description: 'Defaults to now; at most a day ahead' })
  @IsOmittable() @IsTimestamp()
  occurredAt?: string;

  @ApiPropertyOptional({ type: String, nullable: true, minLength: 1, maxLength: 255, description: 'A second event with the same key is skipped' })
  @IsOptional() @IsStringLength(1, 255)
  idempotencyKey?: string | null;

  @ApiPropertyOptional({ type: Boolean, default: true, description: `${CREATE_CUSTOMER} In a batch, overrides the batch's createCustomer for this event.` })
  @IsOmittable() @IsFlag()
  createCustomer?: boolean;
}

/** A batch: all valid or none written. Each event is checked by EventInput, its problems named `events[i].field`. */
@InputErrorCode('INVALID_EVENTS')
export class EventBatchInput {
  @ApiProperty({ type: [EventInput], minItems: 1, maxItems: EVENT_LIMITS.maxBatch, description: 'All valid or none written' })
  @IsArrayOfSize(1, EVENT_LIMITS.maxBatch) @ValidateNested({ each: true }) @Type(() => EventInput)
  events: EventInput[];

  @ApiPropertyOptional({
    type: Boolean,
    default: true,
    description: `${CREATE_CUSTOMER} For every event of the batch (each may override it); one unknown customer refuses the whole batch, naming events[i].customer.`,
  })
  @IsOmittable() @IsFlag()
  createCustomer?: boolean;
}

/** The body of POST /v1/events: a batch when it has an `events` field, one event otherwise. */
export function parseEventBody(raw: unknown): EventInput | EventBatchInput {
  return parseOneOrBatch(EventInput, EventBatchInput, 'events', raw);
}
