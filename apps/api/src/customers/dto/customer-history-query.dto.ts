import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsOptional, IsUUID } from 'class-validator';
import { TIMELINE_KINDS, type TimelineKind } from '@localreach/analytics/timeline';
import { IsInstantQuery } from '../../common/instant-query';
import { PageQueryDto } from '../../common/pagination.dto';

export class CustomerIdParamDto {
  @ApiProperty({ format: 'uuid', description: 'The customer' })
  @IsUUID()
  id: string;
}

/** `kinds=message,order` and `kinds=message&kinds=order` alike. */
const commaList = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.split(',') : Array.isArray(value) ? value.flatMap((v) => (typeof v === 'string' ? v.split(',') : [v])) : value);

export class TimelineQueryDto extends PageQueryDto {
  @ApiPropertyOptional({
    type: 'array',
    items: { type: 'string', enum: [...TIMELINE_KINDS] },
    description: 'Only these kinds (default: all): kinds=message&kinds=engagement, or comma-separated, kinds=message,engagement',
  })
  @IsOptional()
  @Transform(commaList)
  @IsArray()
  @ArrayMaxSize(TIMELINE_KINDS.length * 2)
  @IsIn(TIMELINE_KINDS, { each: true })
  kinds?: TimelineKind[];

  @ApiPropertyOptional({ type: String, format: 'date-time', description: 'Only items strictly before this instant', example: '2026-03-01T09:00:00Z' })
  @IsOptional()
  @IsInstantQuery()
  before?: string;
}

export class ConsentHistoryQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: ['email', 'sms', 'location'], description: 'Only this channel' })
  @IsOptional()
  @IsIn(['email', 'sms', 'location'])
  channel?: 'email' | 'sms' | 'location';
}
