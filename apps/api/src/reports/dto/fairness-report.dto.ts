import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsISO8601, IsOptional, IsString, MaxLength } from 'class-validator';
import { IsInstantInRange } from '../../common/instant-range';
import { ReportFormatQueryDto } from './report-query.dto';

/** OpenAPI shapes of the fairness report (libs/analytics fairness.service). */

const toInt = ({ value }: { value: unknown }) => (typeof value === 'string' && /^-?\d+$/.test(value) ? Number(value) : value);

export class FairnessQueryDto extends ReportFormatQueryDto {
  @ApiPropertyOptional({ type: String, format: 'uuid', description: 'One campaign; without it, every campaign of the period' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  campaignId?: string;

  @ApiPropertyOptional({ description: 'Start of the period (inclusive), ISO-8601; default the campaign\'s creation, or 30 days before `to`', example: '2026-01-01' })
  @IsOptional()
  @IsISO8601({ strict: true })
  @IsInstantInRange()
  from?: string;

  @ApiPropertyOptional({ description: 'End of the period (exclusive), ISO-8601; default now', example: '2026-04-01' })
  @IsOptional()
  @IsISO8601({ strict: true })
  @IsInstantInRange()
  to?: string;

  @ApiPropertyOptional({ enum: ['grid', 'postal'], default: 'grid', description: 'Areas: square cells of the Web-Mercator grid, or customers\' postal codes' })
  @IsOptional()
  @IsIn(['grid', 'postal'])
  area?: 'grid' | 'postal';

  @ApiPropertyOptional({ type: 'integer', minimum: 250, maximum: 50000, default: 1000, description: 'Side of a grid cell in Web-Mercator metres (on the ground: this times the cosine of the latitude)' })
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  cellSize?: number;

  @ApiPropertyOptional({ type: 'integer', minimum: 10, maximum: 1000, default: 10, description: 'Areas and age bands with fewer eligible customers are merged into "other" (never below 10, so no person can be picked out)' })
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  minCustomers?: number;

  @ApiPropertyOptional({ enum: ['email', 'sms'], description: 'Eligible for and messaged on this channel; default either' })
  @IsOptional()
  @IsIn(['email', 'sms'])
  channel?: 'email' | 'sms';
}

export class FairnessMeasureDto {
  @ApiProperty({ type: 'integer', description: 'Eligible customers of the group reached' }) customers: number;
  @ApiProperty({ type: Number, nullable: true, description: 'The group\'s part of everyone reached; null when nobody was' }) share: number | null;
  @ApiProperty({ type: Number, nullable: true, description: 'customers / eligible' }) rate: number | null;
  @ApiProperty({ type: Number, nullable: true, description: 'share / eligible share: 1 in proportion, below 1 reached less' }) ratio: number | null;
  @ApiProperty({ type: Number, nullable: true, description: 'One-sided exact binomial p-value of reaching this few at the overall rate' }) pValue: number | null;
  @ApiProperty({ type: Number, nullable: true, description: 'Holm-adjusted over the list\'s groups' }) adjustedPValue: number | null;
  @ApiProperty({ type: Boolean, description: 'Reached significantly less than its share (adjusted p < alpha)' }) flagged: boolean;
}

export class FairnessCentroidDto {
  @ApiProperty({ type: Number }) lat: number;
  @ApiProperty({ type: Number }) lng: number;
}

export class FairnessPolygonDto {
  @ApiProperty({ enum: ['Polygon'] }) type: 'Polygon';
  @ApiProperty({ type: 'array', items: { type: 'array', items: { type: 'array', items: { type: 'number' }, minItems: 2, maxItems: 2 } }, description: 'GeoJSON: one closed ring of [lng, lat]' })
  coordinates: [number, number][][];
}

export class FairnessGroupDto {
  @ApiProperty({ type: String, description: 'Grid cell "column,row", postal code or age band; "other" and "unknown" for those lines' }) key: string;
  @ApiProperty({ enum: ['area', 'band', 'other', 'unknown'] }) kind: string;
  @ApiProperty({ type: String, description: 'In words: grid cells after the nearest placed store ("760 m square 0.8 km NE of Elm Street", "760 m square around Elm Street"; "Cell column,row" without a placed store), postal codes as they are, "Unknown location", "Other areas", age bands' }) label: string;
  @ApiProperty({ type: 'integer', description: 'Eligible customers: reachable on the channel now (address, consent, not suppressed), not erased' }) eligible: number;
  @ApiProperty({ type: Number, nullable: true }) eligibleShare: number | null;
  @ApiProperty({ type: 'integer', description: 'Areas or bands this line holds (more than 1 only for "other")' }) groups: number;
  @ApiProperty({ type: 'integer', description: 'Messages sent to the group\'s eligible customers in the period' }) messagesSent: number;
  @ApiProperty({ type: 'integer', description: 'Of which carried an offer (coupon)' }) offersSent: number;
  @ApiProperty({ type: FairnessMeasureDto, description: 'Customers enrolled in the period' }) enrolments: FairnessMeasureDto;
  @ApiProperty({ type: FairnessMeasureDto, description: 'Customers sent a message' }) messages: FairnessMeasureDto;
  @ApiProperty({ type: FairnessMeasureDto, description: 'Customers sent an offer' }) offers: FairnessMeasureDto;
  @ApiProperty({ type: Boolean, description: 'Flagged on any measure' }) flagged: boolean;
  @ApiProperty({ type: 'array', items: { type: 'number' }, minItems: 4, maxItems: 4, nullable: true, description: 'Grid cells: [west, south, east, north] in degrees' }) bbox: number[] | null;
  @ApiProperty({ type: FairnessPolygonDto, nullable: true, description: 'Grid cells: the cell as a GeoJSON polygon' }) polygon: FairnessPolygonDto | null;
  @ApiProperty({ type: FairnessCentroidDto, nullable: true, description: 'Postal areas: mean position of their located customers, when at least the minimum are located' }) centroid: FairnessCentroidDto | null;
}

export class FairnessTotalsDto {
  @ApiProperty({ type: 'integer' }) eligible: number;
  @ApiProperty({ type: 'integer' }) enrolled: number;
  @ApiProperty({ type: 'integer' }) messaged: number;
  @ApiProperty({ type: 'integer' }) offered: number;
  @ApiProperty({ type: 'integer' }) messages: number;
  @ApiProperty({ type: 'integer' }) offers: number;
}

export class FairnessCampaignDto {
  @ApiProperty({ type: String, format: 'uuid' }) id: string;
  @ApiProperty({ type: String }) name: string;
}

export class FairnessPeriodDto {
  @ApiProperty({ type: String, format: 'date-time', description: 'Inclusive' }) from: string;
  @ApiProperty({ type: String, format: 'date-time', description: 'Exclusive' }) to: string;
}

export class FairnessReportDto {
  @ApiProperty({ type: FairnessCampaignDto, nullable: true, description: 'Null: every campaign of the period' }) campaign: FairnessCampaignDto | null;
  @ApiProperty({ type: FairnessPeriodDto }) period: FairnessPeriodDto;
  @ApiProperty({ type: String, enum: ['email', 'sms', null], nullable: true, description: 'Null: either channel' }) channel: string | null;
  @ApiProperty({ enum: ['grid', 'postal'] }) area: string;
  @ApiProperty({ type: 'integer', nullable: true, description: 'Grid cell side in Web-Mercator metres; null for postal areas' }) cellSize: number | null;
  @ApiProperty({ type: 'integer' }) minCustomers: number;
  @ApiProperty({ type: Number, example: 0.05 }) alpha: number;
  @ApiProperty({ type: String, description: 'The test behind the flags, in words' }) test: string;
  @ApiProperty({ type: FairnessTotalsDto }) totals: FairnessTotalsDto;
  @ApiProperty({ type: [FairnessGroupDto], description: 'Areas by eligible customers, then "unknown location", then "other areas"' }) areas: FairnessGroupDto[];
  @ApiProperty({ type: [FairnessGroupDto], description: 'Age bands at the period\'s end, youngest first, then "unknown age", then "other ages"' }) ageBands: FairnessGroupDto[];
}
