import { ApiProperty } from '@nestjs/swagger';

/** OpenAPI shapes of the statistics the reports share (libs/analytics statistics). */

export class EstimateWithIntervalDto {
  @ApiProperty({ type: Number, nullable: true, description: 'Point estimate; null when undefined (no data in an arm, a lift over a zero rate, nothing spent)' })
  estimate: number | null;

  @ApiProperty({ type: Number, nullable: true, description: 'Lower bound of the interval; null when there is none (e.g. fewer than 2 values in an arm)' })
  low: number | null;

  @ApiProperty({ type: Number, nullable: true, description: 'Upper bound of the interval; null when there is none' })
  high: number | null;
}

export class RateEstimateDto {
  @ApiProperty({ type: Number, nullable: true, minimum: 0, maximum: 1, description: 'successes / trials; null with no trials (the interval is then [0, 1])' })
  rate: number | null;

  @ApiProperty({ type: Number, minimum: 0, maximum: 1, description: 'Lower bound of the Wilson score interval' })
  low: number;

  @ApiProperty({ type: Number, minimum: 0, maximum: 1, description: 'Upper bound of the Wilson score interval' })
  high: number;
}
