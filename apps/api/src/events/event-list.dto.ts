import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsUUID, Matches } from 'class-validator';
import type { ListedEvent } from '@localreach/analytics/timeline';
import { IsInstantQuery } from '../common/instant-query';
import { PageQueryDto } from '../common/pagination.dto';

export class EventListQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ pattern: '^[A-Za-z][A-Za-z0-9_.:-]{0,63}$', description: 'Only events of this type', example: 'cart_abandoned' })
  @IsOptional()
  @Matches(/^[A-Za-z][A-Za-z0-9_.:-]{0,63}$/, { message: 'must start with a letter and hold up to 64 letters, digits, _ . : -' })
  type?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Only this customer\'s events' })
  @IsOptional()
  @IsUUID()
  customerId?: string;

  @ApiPropertyOptional({ type: String, format: 'date-time', description: 'Occurred at or after this instant' })
  @IsOptional()
  @IsInstantQuery()
  from?: string;

  @ApiPropertyOptional({ type: String, format: 'date-time', description: 'Occurred before this instant' })
  @IsOptional()
  @IsInstantQuery()
  to?: string;
}

export class ListedEventDto {
  @ApiProperty({ pattern: '^[0-9]+$', description: 'The event\'s id (a decimal number)' }) id: string;
  @ApiProperty({ format: 'uuid' }) customerId: string;
  @ApiProperty({ example: 'cart_abandoned' }) type: string;
  @ApiProperty({ type: 'object', additionalProperties: true }) properties: Record<string, unknown>;
  @ApiProperty({ format: 'date-time' }) occurredAt: string;
  @ApiProperty({ format: 'date-time' }) receivedAt: string;
  @ApiProperty({ description: 'Who recorded it: api, twilio (inbound SMS), segment (segment_entered / segment_exited), …' }) source: string;
  @ApiProperty({ type: String, nullable: true }) idempotencyKey: string | null;

  static from(e: ListedEvent): ListedEventDto {
    return {
      id: e.id, customerId: e.customerId, type: e.type, properties: e.properties, occurredAt: e.occurredAt.toISOString(), receivedAt: e.receivedAt.toISOString(),
      source: e.source, idempotencyKey: e.idempotencyKey,
    };
  }
}

export class EventPageDto {
  @ApiProperty({ type: [ListedEventDto], description: 'Newest first (by occurredAt, then id)' }) items: ListedEventDto[];
  @ApiProperty({ type: String, nullable: true, description: 'Pass as cursor for the next (older) page; null on the last page' }) nextCursor: string | null;
}
