import { ApiProperty } from '@nestjs/swagger';

/** Which orders a report section counts as conversions (libs/analytics conversion-definition). */
export class ConversionDefinitionDto {
  @ApiProperty({
    enum: ['attributed', 'goal_window'],
    description: 'attributed: orders credited to the campaign by last touch (the funnel, the days, ROI); goal_window: the enrolled customer\'s orders within the goal window, whoever got the credit (holdout and A/B comparisons)',
  })
  key: 'attributed' | 'goal_window';

  @ApiProperty({ type: String, description: 'The definition in words, and why the section counts this way' })
  description: string;
}
