import { ApiProperty } from '@nestjs/swagger';

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
