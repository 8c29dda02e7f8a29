import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsInt, IsOptional, Matches, Max, Min } from 'class-validator';
import { ReportFormatQueryDto } from './report-query.dto';

const toInt = ({ value }: { value: unknown }) => (typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value);
const UUID = '[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}';

export class GeoLiftQueryDto extends ReportFormatQueryDto {
  @ApiPropertyOptional({
    type: String, default: 'auto', example: 'auto',
    description: "`auto`: customers around every other store of the business (with a position) outside the area; or comma-separated store ids to compare against (at most 50)",
  })
  @IsOptional()
  @Matches(new RegExp(`^(auto|${UUID}(,${UUID}){0,49})$`), { message: 'comparison must be `auto` or comma-separated store ids (at most 50)' })
  comparison?: string;

  @ApiPropertyOptional({ type: 'integer', minimum: 14, maximum: 365, default: 28, description: 'Days before the campaign started that are the pre-period (its halves are the parallel-trends check)' })
  @IsOptional() @Transform(toInt) @IsInt() @Min(14) @Max(365)
  preDays?: number;

  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 365, default: 28, description: 'Days from the start that are the post-period (cut at now while it runs)' })
  @IsOptional() @Transform(toInt) @IsInt() @Min(1) @Max(365)
  postDays?: number;

  @ApiPropertyOptional({ type: 'integer', minimum: 7, maximum: 730, default: 84, description: 'Days before the pre-period whose order counts match comparison customers to treated ones' })
  @IsOptional() @Transform(toInt) @IsInt() @Min(7) @Max(730)
  matchDays?: number;
}

export class GeoLiftFigureDto {
  @ApiProperty({ type: Number, description: 'Incremental total over the post-period for the matched customers in the area (orders to hundredths, money to cents)' }) estimate: number;
  @ApiProperty({ type: Number, description: 'Lower bound of the 95 % interval (cluster-robust, t on clusters − 1 degrees of freedom)' }) low: number;
  @ApiProperty({ type: Number, description: 'Upper bound of the 95 % interval' }) high: number;
  @ApiProperty({ type: Number, description: 'The same per customer in the area' }) perCustomer: number;
  @ApiProperty({ type: Number, minimum: 0, description: 'Cluster-robust standard error of `estimate`' }) standardError: number;
  @ApiProperty({ type: Number, minimum: 0, maximum: 1, description: 'Two-sided p-value of no effect' }) pValue: number;
}

export class GeoLiftPreTrendDto {
  @ApiProperty({ type: GeoLiftFigureDto, description: "The estimator on the pre-period's second half against its first, scaled to the post-period: ≈ 0 when trends were parallel" }) orders: GeoLiftFigureDto;
  @ApiProperty({ type: GeoLiftFigureDto }) revenue: GeoLiftFigureDto;
  @ApiProperty({ type: Boolean, description: 'Both placebo intervals include zero' }) parallel: boolean;
}

class GeoLiftPointDto {
  @ApiProperty({ type: Number }) lat: number;
  @ApiProperty({ type: Number }) lng: number;
}

export class GeoLiftAreaDto {
  @ApiProperty({ enum: ['circle', 'polygon'] }) shape: 'circle' | 'polygon';
  @ApiProperty({ type: GeoLiftPointDto, description: 'Circle centre, or the mean of the polygon vertices' }) center: GeoLiftPointDto;
  @ApiProperty({ type: Number, nullable: true }) radiusMeters: number | null;
  @ApiProperty({ nullable: true, type: 'array', items: { type: 'array', items: { type: 'number' }, minItems: 2, maxItems: 2 }, description: '[lng, lat] ring of a polygon area' }) polygon: [number, number][] | null;
  @ApiProperty({ type: String, example: 'geofence "Main St", from the trigger' }) description: string;
  @ApiProperty({ type: 'integer', description: 'Width of the map cells that are the clusters of the interval: a quarter of the area, 100 m – 2 km' }) clusterCellMeters: number;
}

class GeoLiftStoreDto {
  @ApiProperty({ type: String, format: 'uuid' }) id: string;
  @ApiProperty({ type: String }) name: string;
}

export class GeoLiftComparisonDto {
  @ApiProperty({ enum: ['auto', 'explicit'] }) mode: 'auto' | 'explicit';
  @ApiProperty({ type: [GeoLiftStoreDto], description: 'Stores whose surroundings (customers nearest to them, outside the area) are the comparison' }) stores: GeoLiftStoreDto[];
}

export class GeoLiftWindowsDto {
  @ApiProperty({ type: String, format: 'date-time', description: 'The campaign’s first activation' }) start: string;
  @ApiProperty({ type: String, format: 'date-time' }) matchFrom: string;
  @ApiProperty({ type: String, format: 'date-time' }) preFrom: string;
  @ApiProperty({ type: String, format: 'date-time', description: 'End of the post-period asked for' }) postTo: string;
  @ApiProperty({ type: String, format: 'date-time', description: 'End of the post-period used: postTo, or now while it runs' }) postObservedTo: string;
  @ApiProperty({ type: 'integer' }) matchDays: number;
  @ApiProperty({ type: 'integer' }) preDays: number;
  @ApiProperty({ type: 'integer' }) postDays: number;
  @ApiProperty({ type: Number }) postDaysObserved: number;
}

class GeoLiftBinDto {
  @ApiProperty({ type: String, example: '3-4', description: 'Orders in the matching window' }) bin: string;
  @ApiProperty({ type: 'integer' }) treated: number;
  @ApiProperty({ type: 'integer' }) comparison: number;
  @ApiProperty({ type: Number, description: 'Weight of each comparison customer of the bin (0: bin not shared by both groups)' }) weight: number;
}

export class GeoLiftGroupsDto {
  @ApiProperty({ type: 'integer', description: 'Customers located in the area used in the estimate' }) treatedCustomers: number;
  @ApiProperty({ type: 'integer', description: 'Of them, enrolled by the campaign' }) enrolledTreated: number;
  @ApiProperty({ type: 'integer' }) comparisonCustomers: number;
  @ApiProperty({ type: 'integer' }) treatedClusters: number;
  @ApiProperty({ type: 'integer' }) comparisonClusters: number;
  @ApiProperty({ type: 'integer', description: 'Customers in the area left out: no comparison customer had their prior order count' }) unmatchedTreated: number;
  @ApiProperty({ type: 'integer', description: 'Comparison customers given weight 0' }) unusedComparison: number;
  @ApiProperty({ type: [GeoLiftBinDto] }) bins: GeoLiftBinDto[];
}

class GeoLiftCampaignDto {
  @ApiProperty({ type: String, format: 'uuid' }) id: string;
  @ApiProperty({ type: String }) name: string;
}

export class GeoLiftReportDto {
  @ApiProperty({ type: GeoLiftCampaignDto }) campaign: GeoLiftCampaignDto;
  @ApiProperty({ type: String, example: 'USD' }) currency: string;
  @ApiProperty({ enum: ['intent_to_treat'], description: 'Every customer located in the area counts as treated, whether or not a message reached them' }) population: 'intent_to_treat';
  @ApiProperty({ type: GeoLiftAreaDto }) area: GeoLiftAreaDto;
  @ApiProperty({ type: GeoLiftComparisonDto }) comparison: GeoLiftComparisonDto;
  @ApiProperty({ type: GeoLiftWindowsDto }) windows: GeoLiftWindowsDto;
  @ApiProperty({ type: GeoLiftGroupsDto }) groups: GeoLiftGroupsDto;
  @ApiProperty({ enum: ['estimated', 'too_small'], description: 'too_small: too few customers or map cells to estimate anything; `reasons` says which' }) status: 'estimated' | 'too_small';
  @ApiProperty({ type: [String] }) reasons: string[];
  @ApiProperty({ type: Number, example: 0.95 }) confidence: number;
  @ApiProperty({ type: GeoLiftFigureDto, nullable: true, description: 'Incremental orders (difference in differences); null when too small' }) incrementalOrders: GeoLiftFigureDto | null;
  @ApiProperty({ type: GeoLiftFigureDto, nullable: true, description: 'Incremental revenue in `currency`; null when too small' }) incrementalRevenue: GeoLiftFigureDto | null;
  @ApiProperty({ type: GeoLiftPreTrendDto, nullable: true, description: 'Parallel-trends check on the pre-period; null when too small' }) preTrend: GeoLiftPreTrendDto | null;
  @ApiProperty({ type: [String], description: 'Plain-language caveats: intent to treat, pre-trends that disagree, an interval including zero, unmatched customers, a post-period still running' }) caveats: string[];
}
