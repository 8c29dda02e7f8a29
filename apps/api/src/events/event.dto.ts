import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { CustomerRefDto } from '../common/customer-ref.dto';

const UNKNOWN_CUSTOMER =
  'An unknown externalId, email or phone creates a customer holding only that identifier (customerCreated: true in the response), ' +
  'who enters customer_created campaigns and, unless the business requires email opt-in, can be emailed; pass createCustomer: false to refuse it.';
const CREATE_CUSTOMER = 'false: an unknown customer externalId/email/phone is refused with 422 UNKNOWN_CUSTOMER naming customer, and nothing is written.';

export class EventInputDto {
  @ApiProperty({ pattern: '^[A-Za-z][A-Za-z0-9_.:-]{0,63}$', description: 'What happened, e.g. cart_abandoned', example: 'cart_abandoned' }) type: string;
  @ApiProperty({ type: CustomerRefDto, description: `Exactly one of id, externalId, email, phone. ${UNKNOWN_CUSTOMER}` })
  customer: CustomerRefDto;
  @ApiPropertyOptional({ type: 'object', additionalProperties: true, description: 'Free-form JSON object, at most 32 KB' }) properties?: Record<string, unknown>;
  @ApiPropertyOptional({ format: 'date-time', description: 'Defaults to now; at most a day ahead' }) occurredAt?: string;
  @ApiPropertyOptional({ minLength: 1, maxLength: 255, description: 'A second event with the same key is skipped' }) idempotencyKey?: string;
  @ApiPropertyOptional({ type: Boolean, default: true, description: `${CREATE_CUSTOMER} In a batch, overrides the batch's createCustomer for this event.` })
  createCustomer?: boolean;
}

export class EventBatchDto {
  @ApiProperty({ type: [EventInputDto], maxItems: 1000, description: 'All valid or none written' }) events: EventInputDto[];
  @ApiPropertyOptional({ type: Boolean, default: true, description: `${CREATE_CUSTOMER} For every event of the batch (each may override it); one unknown customer refuses the whole batch, naming events[i].customer.` })
  createCustomer?: boolean;
}

class EventResultDto {
  @ApiProperty({ type: 'integer', description: 'Position in the request' }) index: number;
  @ApiProperty({ nullable: true, type: String, pattern: '^[0-9]+$', description: 'The stored event\'s id (a decimal number); null for a duplicate' }) id: string | null;
  @ApiProperty({ enum: ['created', 'duplicate'] }) status: 'created' | 'duplicate';
  @ApiProperty({ description: 'true: the event\'s customer did not exist before this request and was created from its reference' })
  customerCreated: boolean;
}

export class EventIngestResponseDto {
  @ApiProperty({ type: 'integer' }) accepted: number;
  @ApiProperty({ type: 'integer', description: 'Events skipped because their idempotencyKey was already recorded' }) duplicates: number;
  @ApiProperty({ type: [EventResultDto] }) events: EventResultDto[];
}
