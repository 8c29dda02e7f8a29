import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ConversionDefinitionDto } from './conversion-definition.dto';
import { SplitExperimentDto } from './experiment-report.dto';
import { EstimateWithIntervalDto } from './report-statistics.dto';

/** OpenAPI shapes of the campaign reports (the services return these plain objects as they are; nested shapes in the sibling dto files). */

export class FunnelRowDto {
  @ApiProperty({ enum: ['campaign', 'variant', 'step'] }) level: 'campaign' | 'variant' | 'step';
  @ApiProperty({ nullable: true, type: String, description: 'Step lines only' }) stepId: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'Null on the campaign line, and on step lines outside any split' }) variant: string | null;
  @ApiProperty({ nullable: true, type: String, enum: ['email', 'sms', null], description: 'Step lines that sent messages only' }) channel: string | null;
  @ApiProperty({ nullable: true, type: 'integer', description: 'Enrolments (campaign and variant lines; null on step lines)' }) enrolled: number | null;
  @ApiProperty({ nullable: true, type: 'integer', description: 'Of them, held out (never messaged); null on step lines' }) holdout: number | null;
  @ApiProperty({ type: 'integer' }) sent: number;
  @ApiProperty({ type: 'integer', description: 'SMS: carrier-confirmed; email: accepted by the receiving server' }) delivered: number;
  @ApiProperty({ type: 'integer' }) failed: number;
  @ApiProperty({ type: 'integer' }) suppressed: number;
  @ApiProperty({ type: 'integer', description: 'Messages opened by a person (unique)' }) openedHuman: number;
  @ApiProperty({ type: 'integer', description: 'Messages opened only by machines: privacy proxies, prefetchers (unique)' }) openedMachine: number;
  @ApiProperty({ type: 'integer', description: 'Messages clicked (unique)' }) clickedUnique: number;
  @ApiProperty({ type: 'integer', description: 'Every click' }) clickedTotal: number;
  @ApiProperty({ type: 'integer', description: 'Messages credited with an order (unique)' }) converted: number;
  @ApiProperty({ type: 'integer', description: 'Orders credited' }) orders: number;
  @ApiProperty({ type: Number }) revenue: number;
  @ApiProperty({ type: 'integer' }) unsubscribed: number;
  @ApiProperty({ type: 'integer' }) replied: number;
  @ApiProperty({ type: Number, description: 'What the sends cost (email per message, SMS per billed segment)' }) cost: number;
  @ApiProperty({ nullable: true, type: Number, description: '(revenue − cost) / cost; null when nothing was spent' }) roi: number | null;
}

export class CampaignSummaryGoalDto {
  @ApiProperty({ enum: ['order', 'event'] })
  type: 'order' | 'event';

  @ApiPropertyOptional({ type: String, description: 'The event type; present on event goals only' })
  eventType?: string;

  @ApiProperty({ type: String, example: 'P7D', description: 'ISO-8601 duration after enrolment' })
  within: string;
}

export class CampaignSummaryDto {
  @ApiProperty({ type: String, format: 'uuid' }) id: string;
  @ApiProperty({ type: String }) name: string;
  @ApiProperty({ enum: ['draft', 'active', 'paused', 'archived'] }) status: string;
  @ApiProperty({ type: 'integer', description: 'The current version, which the report reads' }) version: number;
  @ApiProperty({ type: Number, minimum: 0, description: '0 without a holdout' }) holdoutPercent: number;
  @ApiProperty({ type: CampaignSummaryGoalDto, nullable: true, description: 'Null without a goal (conversions then count within the click window)' }) goal: CampaignSummaryGoalDto | null;
}

export class HoldoutArmDto {
  @ApiProperty({ type: 'integer', description: 'Enrolments in the arm (treated: messaged; control: held out)' }) n: number;
  @ApiProperty({ type: 'integer', description: 'Of them, ordered within the goal window (else the click window)' }) conversions: number;
  @ApiProperty({ type: Number, description: 'Σ revenue of those orders' }) revenueSum: number;
  @ApiProperty({ type: Number, description: 'Σ (an enrolment\'s revenue)²' }) revenueSumOfSquares: number;
}

export class HoldoutUpliftDto {
  @ApiProperty({ type: EstimateWithIntervalDto, description: 'Treated − held-out conversion rate (Newcombe interval)' })
  conversionRateDifference: EstimateWithIntervalDto;

  @ApiProperty({ type: Number, minimum: 0, maximum: 1, description: 'Two-sided pooled z-test for the conversion rates' })
  conversionPValue: number;

  @ApiProperty({ type: EstimateWithIntervalDto, description: 'Conversions the campaign caused: rate difference × treated n' })
  incrementalConversions: EstimateWithIntervalDto;

  @ApiProperty({ type: EstimateWithIntervalDto, description: 'Treated − held-out revenue per enrolment (Welch interval; bounds null with fewer than 2 in an arm)' })
  revenuePerRecipientDifference: EstimateWithIntervalDto;

  @ApiProperty({ type: Number, nullable: true, description: 'Welch\'s two-sided p-value; null with fewer than 2 enrolments in an arm' })
  revenuePValue: number | null;

  @ApiProperty({ type: EstimateWithIntervalDto, description: 'Revenue the campaign caused: revenue-per-enrolment difference × treated n' })
  incrementalRevenue: EstimateWithIntervalDto;
}

export class TooSmallDto {
  @ApiProperty({ enum: ['no_holdout_yet', 'no_treated_yet', 'too_few_for_interval'] }) code: 'no_holdout_yet' | 'no_treated_yet' | 'too_few_for_interval';
  @ApiProperty({ type: String, example: 'Nobody has been held out yet (19 enrolments messaged): there is no one to compare with.' }) message: string;
}

/** Treated against held-out enrolments: the campaign's, or one variant's. */
class HoldoutComparisonDto {
  @ApiProperty({ type: TooSmallDto, nullable: true, description: 'Why uplift is null (an arm is empty) or its revenue interval is (fewer than 2 in an arm), in words; null when both are there' })
  tooSmall: TooSmallDto | null;

  @ApiProperty({ type: HoldoutArmDto, description: 'Messaged enrolments' }) treated: HoldoutArmDto;
  @ApiProperty({ type: HoldoutArmDto, description: 'Held-out enrolments' }) control: HoldoutArmDto;
  @ApiProperty({ type: HoldoutUpliftDto, nullable: true, description: 'Null until both arms have someone in them' }) uplift: HoldoutUpliftDto | null;

  @ApiProperty({ type: EstimateWithIntervalDto, nullable: true, description: '(incremental revenue − cost) / cost with the interval carried through; null when uplift is, and its values are null when nothing was spent' })
  incrementalRoi: EstimateWithIntervalDto | null;
}

export class HoldoutVariantDto extends HoldoutComparisonDto {
  @ApiProperty({ type: String, description: 'The variant last drawn; ROI on that variant\'s cost' }) variant: string;
}

export class HoldoutReportDto extends HoldoutComparisonDto {
  @ApiProperty({ type: ConversionDefinitionDto, description: 'goal_window: held-out people get no message an order could be credited to' }) conversionDefinition: ConversionDefinitionDto;
  @ApiProperty({ type: [HoldoutVariantDto], description: 'The same per variant, each against the held-out enrolments that drew it' }) byVariant: HoldoutVariantDto[];
}

export class CampaignDayDto {
  @ApiProperty({ type: String, format: 'date', example: '2026-03-02', description: 'The local date (business time zone)' }) day: string;
  @ApiProperty({ type: 'integer', description: 'Messages sent that day' }) sent: number;
  @ApiProperty({ type: 'integer', description: 'Clicks by people that day (machine hits left out)' }) clicks: number;
  @ApiProperty({ type: 'integer', description: 'Orders credited to the campaign, by when they were placed' }) conversions: number;
  @ApiProperty({ type: Number, description: 'Their revenue' }) revenue: number;
  @ApiProperty({ type: Number, description: 'What that day\'s sends cost' }) spend: number;
}

export class CampaignSeriesDto {
  @ApiProperty({ enum: ['day'] }) granularity: 'day';
  @ApiProperty({ type: [CampaignDayDto], description: 'Every day from the first with a send, click or order to the last, empty ones included; none before the first send' })
  points: CampaignDayDto[];
}

export class CampaignReportDto {
  @ApiProperty({ type: CampaignSummaryDto }) campaign: CampaignSummaryDto;
  @ApiProperty({ type: String }) currency: string;
  @ApiProperty({ type: ConversionDefinitionDto, description: 'What the funnel\'s and the days\' conversions, revenue and ROI count: attributed (the holdout and each experiment name their own)' })
  conversionDefinition: ConversionDefinitionDto;

  @ApiProperty({ type: [FunnelRowDto], description: 'The campaign line, then one per variant, then per (step, variant)' }) funnel: FunnelRowDto[];
  @ApiProperty({ nullable: true, type: HoldoutReportDto, description: 'Null when the campaign has no holdout percent and nobody was held out' }) holdout: HoldoutReportDto | null;
  @ApiProperty({ type: [SplitExperimentDto], description: 'One per split step; open counts and rates are null here (see the experiment report)' }) experiments: SplitExperimentDto[];
  @ApiProperty({ type: CampaignSeriesDto, description: 'Sends, clicks, credited orders, revenue and spend per day; summed, the campaign line\'s sent, orders, revenue and cost' })
  series: CampaignSeriesDto;
}

export class ExperimentReportDto {
  @ApiProperty({ type: CampaignSummaryDto }) campaign: CampaignSummaryDto;
  @ApiProperty({ type: String }) currency: string;
  @ApiProperty({ type: ConversionDefinitionDto, description: 'What the arms\' conversions count: goal_window, as the campaign report\'s experiments; their attributedOrders and attributedRevenue are the campaign report funnel\'s figures' })
  conversionDefinition: ConversionDefinitionDto;

  @ApiProperty({ type: [SplitExperimentDto], description: 'One per split step' }) experiments: SplitExperimentDto[];
}
