import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { CustomerRefDto } from '../common/customer-ref.dto';

export class EventInputDto {
  @ApiProperty({ pattern: '^[A-Za-z][A-Za-z0-9_.:-]{0,63}$', description: 'What happened, e.g. cart_abandoned', example: 'cart_abandoned' }) type: string;
  @ApiProperty({ type: CustomerRefDto, description: 'Exactly one of id, externalId, email, phone; an unknown externalId/email/phone creates the customer' })
  customer: CustomerRefDto;
  @ApiPropertyOptional({ type: 'object', additionalProperties: true, description: 'Free-form JSON object, at most 32 KB' }) properties?: Record<string, unknown>;
  @ApiPropertyOptional({ format: 'date-time', description: 'Defaults to now; at most a day ahead' }) occurredAt?: string;
  @ApiPropertyOptional({ minLength: 1, maxLength: 255, description: 'A second event with the same key is skipped' }) idempotencyKey?: string;
}

export class EventBatchDto {
  @ApiProperty({ type: [EventInputDto], maxItems: 1000, description: 'All valid or none written' }) events: EventInputDto[];
}

class EventResultDto {
  @ApiProperty({ type: 'integer', description: 'Position in the request' }) index: number;
  @ApiProperty({ nullable: true, type: String, pattern: '^[0-9]+$', description: 'The stored event\'s id (a decimal number); null for a duplicate' }) id: string | null;
  @ApiProperty({ enum: ['created', 'duplicate'] }) status: string;
}

export class EventIngestResponseDto {
  @ApiProperty({ type: 'integer' }) accepted: number;
  @ApiProperty({ type: 'integer', description: 'Events skipped because their idempotencyKey was already recorded' }) duplicates: number;
  @ApiProperty({ type: [EventResultDto] }) events: EventResultDto[];
}
