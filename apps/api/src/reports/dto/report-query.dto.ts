import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsISO8601, IsOptional, Max, Min } from 'class-validator';
import { IsInstantInRange } from '../../common/instant-range';

const toInt = ({ value }: { value: unknown }) => (typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value);

export class ReportFormatQueryDto {
  @ApiPropertyOptional({ enum: ['json', 'csv'], default: 'json', description: 'csv: text/csv with a header row, one line per item' })
  @IsOptional()
  @IsIn(['json', 'csv'])
  format?: 'json' | 'csv';
}

export class CampaignReportQueryDto extends ReportFormatQueryDto {
  @ApiPropertyOptional({
    enum: ['funnel', 'holdout', 'series'], default: 'funnel',
    description: 'With format=csv, which table: the funnel (one line per campaign / variant / step), the holdout comparison (campaign and per variant) or the days. JSON has them all',
  })
  @IsOptional()
  @IsIn(['funnel', 'holdout', 'series'])
  part?: 'funnel' | 'holdout' | 'series';
}

export class OverviewQueryDto extends ReportFormatQueryDto {
  @ApiPropertyOptional({ description: 'Start of the period (inclusive), ISO-8601; default 30 days before `to`. A date or a time without an offset is in the business\'s time zone (2026-12-01: its midnight)', example: '2026-01-01' })
  @IsOptional()
  @IsISO8601({ strict: true })
  @IsInstantInRange()
  from?: string;

  @ApiPropertyOptional({ description: 'End of the period (exclusive), ISO-8601; default now. A date or a time without an offset is in the business\'s time zone', example: '2026-04-01' })
  @IsOptional()
  @IsISO8601({ strict: true })
  @IsInstantInRange()
  to?: string;

  @ApiPropertyOptional({ description: 'How many customers most at risk of churning to list; 0 leaves the list out (ask GET /v1/reports/churn-risk for it on its own)', minimum: 0, maximum: 1000, default: 50 })
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(1000)
  churnLimit?: number;

  @ApiPropertyOptional({ enum: ['day', 'week', 'month'], description: 'Buckets of the time series; default day up to 62 days, week up to 366, month beyond' })
  @IsOptional()
  @IsIn(['day', 'week', 'month'])
  granularity?: 'day' | 'week' | 'month';
}

export class ChurnQueryDto extends ReportFormatQueryDto {
  @ApiPropertyOptional({ description: 'Judge recency as of this instant; default now' })
  @IsOptional()
  @IsISO8601({ strict: true })
  @IsInstantInRange()
  asOf?: string;

  @ApiPropertyOptional({ enum: ['low', 'medium', 'high'], description: 'Only this risk level' })
  @IsOptional()
  @IsIn(['low', 'medium', 'high'])
  level?: 'low' | 'medium' | 'high';

  @ApiPropertyOptional({ description: 'Top N by score (JSON); csv lists everyone unless given', minimum: 1, maximum: 10000 })
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(10000)
  limit?: number;
}
