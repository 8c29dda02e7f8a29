import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { EXPERIMENT_METRICS } from '@localreach/analytics';
import { ConversionDefinitionDto } from './conversion-definition.dto';
import { EstimateWithIntervalDto, RateEstimateDto } from './report-statistics.dto';

/** OpenAPI shapes of a split step's A/B report (libs/analytics experiment-assembly, experiment-verdict, winner-decision). */

type Metric = 'click_rate' | 'conversion_rate' | 'revenue_per_recipient';
type Verdict = 'winner' | 'loser' | 'no_difference_yet' | 'too_small_to_tell';
const METRICS = [...EXPERIMENT_METRICS];
const VERDICTS: Verdict[] = ['winner', 'loser', 'no_difference_yet', 'too_small_to_tell'];
const WINNER_REASONS = ['sample_ratio_mismatch', 'challenger_wins', 'control_wins', 'no_winner_yet'] as const;

export class AutoWinnerSettingDto {
  @ApiProperty({ enum: METRICS, description: 'The metric that picks the winner (never open rate)' })
  metric: Metric;

  @ApiPropertyOptional({ type: Number, minimum: 0.8, maximum: 0.999, description: 'As saved on the split; absent when left to the default, 0.95' })
  confidence?: number;

  @ApiPropertyOptional({ type: 'integer', minimum: 1, description: 'As saved on the split; absent when left to the default, 100' })
  minSamplePerVariant?: number;

  @ApiPropertyOptional({ type: String, example: 'P7D', description: 'ISO-8601 duration, as saved on the split; absent when left to the default, P7D' })
  minDuration?: string;

  @ApiPropertyOptional({ type: Number, minimum: 0.01, maximum: 2, description: 'The relative lift the always-valid test is tuned to find fastest; absent for the default, 0.1' })
  expectedLift?: number;
}

export class ExperimentArmDto {
  @ApiProperty({ type: String, description: 'Variant label: the branch\'s name, or A, B, C… by position' })
  variant: string;

  @ApiProperty({ type: Number, description: 'The split weight configured for this branch' })
  weight: number;

  @ApiProperty({ type: 'integer', description: 'Messaged (not held-out) enrolments assigned this variant' })
  recipients: number;

  @ApiProperty({ type: 'integer', description: 'Recipients with a human click' })
  clicks: number;

  @ApiProperty({ type: 'integer', nullable: true, description: 'Recipients with a human open; null in the campaign report, which does not count opens' })
  humanOpens: number | null;

  @ApiProperty({ type: 'integer', nullable: true, description: 'Recipients opened only by machines (privacy proxies, prefetchers); null in the campaign report' })
  machineOnlyOpens: number | null;

  @ApiProperty({ type: 'integer', description: 'Recipients who ordered within the goal window (else the click window), whichever campaign the order is credited to (conversionDefinition goal_window)' })
  conversions: number;

  @ApiProperty({ type: Number, description: 'Σ revenue over the recipients' })
  revenueSum: number;

  @ApiProperty({ type: Number, description: 'Σ (a recipient\'s revenue)² over the recipients' })
  revenueSumOfSquares: number;

  @ApiProperty({ type: 'integer', description: 'Orders credited to this campaign through these recipients\' messages (attributed, as the campaign report\'s funnel counts them)' })
  attributedOrders: number;

  @ApiProperty({ type: Number, description: 'The revenue of those credited orders' })
  attributedRevenue: number;

  @ApiProperty({ type: RateEstimateDto, nullable: true, description: 'Human open rate with a Wilson interval (shown, never decides); null in the campaign report' })
  humanOpenRate: RateEstimateDto | null;

  @ApiProperty({ type: RateEstimateDto, nullable: true, description: 'Machine-only open rate with a Wilson interval; null in the campaign report' })
  machineOnlyOpenRate: RateEstimateDto | null;
}

export class AdjustedComparisonDto {
  @ApiProperty({ type: Number, nullable: true, description: 'Challenger − control in the metric\'s units (rate points, or money per recipient); null without data in an arm' })
  difference: number | null;

  @ApiProperty({ type: EstimateWithIntervalDto, description: 'Challenger / control − 1, with its interval at intervalConfidence' })
  lift: EstimateWithIntervalDto;

  @ApiProperty({ type: Number, nullable: true, description: 'Two-sided p-value (z-test for rates, Welch for revenue); null when no test is possible' })
  pValue: number | null;

  @ApiProperty({ type: Number, nullable: true, description: 'Holm-adjusted p-value across the challengers; null when pValue is' })
  adjustedPValue: number | null;

  @ApiProperty({ type: Boolean, description: 'adjustedPValue below 1 − confidence' })
  significant: boolean;

  @ApiProperty({ type: Number, nullable: true, minimum: 0, maximum: 1, description: 'Chance the challenger beats the control; null for revenue without data in an arm or fewer than 2 values' })
  chanceToBeatControl: number | null;

  @ApiProperty({ type: Number, nullable: true, description: 'Smallest |difference| this sample detects; null if none is detectable' })
  minimumDetectableEffect: number | null;

  @ApiProperty({ type: 'integer', nullable: true, description: 'Recipients per arm needed to detect the observed difference; null for no difference or no data' })
  requiredSamplePerArm: number | null;

  @ApiProperty({ type: Boolean, description: 'The observed difference is below the minimum detectable effect (or nothing is detectable)' })
  undetectable: boolean;

  @ApiProperty({ enum: VERDICTS })
  verdict: Verdict;
}

export class MetricReportDto {
  @ApiProperty({ type: Number, nullable: true, description: 'The arm\'s rate or revenue per recipient; null without recipients' })
  value: number | null;

  @ApiProperty({ type: Number, nullable: true, description: 'Lower bound (Wilson for rates, t for revenue); null without recipients, and for revenue with fewer than 2' })
  low: number | null;

  @ApiProperty({ type: Number, nullable: true, description: 'Upper bound; null as low' })
  high: number | null;

  @ApiProperty({ type: AdjustedComparisonDto, nullable: true, description: 'Against the control; null for the control' })
  comparison: AdjustedComparisonDto | null;

  @ApiProperty({ type: Number, nullable: true, minimum: 0, maximum: 1, description: 'Chance this arm has the highest rate of all; null for revenue per recipient' })
  chanceToBeBest: number | null;
}

export class VariantMetricsDto {
  @ApiProperty({ type: MetricReportDto }) click_rate: MetricReportDto;
  @ApiProperty({ type: MetricReportDto }) conversion_rate: MetricReportDto;
  @ApiProperty({ type: MetricReportDto }) revenue_per_recipient: MetricReportDto;
}

export class VariantReportDto {
  @ApiProperty({ type: String }) key: string;
  @ApiProperty({ type: Boolean }) isControl: boolean;
  @ApiProperty({ type: 'integer' }) recipients: number;

  @ApiProperty({ type: RateEstimateDto, nullable: true, description: 'Human open rate at the verdict\'s confidence; null in the campaign report, which does not count opens' })
  humanOpenRate: RateEstimateDto | null;

  @ApiProperty({ type: VariantMetricsDto })
  metrics: VariantMetricsDto;
}

export class SampleRatioDto {
  @ApiProperty({ type: Number, description: 'Pearson\'s X² of the recipients per arm against the configured weights' })
  chiSquare: number;

  @ApiProperty({ type: 'integer' })
  degreesOfFreedom: number;

  @ApiProperty({ type: Number, minimum: 0, maximum: 1 })
  pValue: number;

  @ApiProperty({ type: Boolean, description: 'pValue < 0.001: the split is not the configured one, so the arms are not comparable' })
  mismatch: boolean;

  @ApiProperty({ type: [Number], description: 'Expected recipients per arm, in arm order' })
  expected: number[];
}

export class ExperimentVerdictDto {
  @ApiProperty({ enum: METRICS, description: 'The metric that picks the recommended winner' })
  winnerMetric: Metric;

  @ApiProperty({ type: Number, description: 'Family-wide confidence' })
  confidence: number;

  @ApiProperty({ type: 'integer', description: 'Challengers compared with the control on each metric (the m of Holm\'s adjustment)' })
  comparisons: number;

  @ApiProperty({ type: Number, description: 'Confidence of the lift intervals (Bonferroni-corrected)' })
  intervalConfidence: number;

  @ApiProperty({ type: SampleRatioDto })
  sampleRatio: SampleRatioDto;

  @ApiProperty({ type: [VariantReportDto], description: 'The control first, then the challengers' })
  variants: readonly VariantReportDto[];

  @ApiProperty({ type: String, nullable: true, description: 'Never on open rate; null under a sample-ratio mismatch or while no arm wins' })
  recommendedWinner: string | null;

  @ApiProperty({ enum: WINNER_REASONS })
  reason: (typeof WINNER_REASONS)[number];
}

export class DecisionSampleRatioDto {
  @ApiProperty({ type: Number }) chiSquare: number;
  @ApiProperty({ type: 'integer' }) degreesOfFreedom: number;
  @ApiProperty({ type: Number, minimum: 0, maximum: 1 }) pValue: number;
  @ApiProperty({ type: Boolean }) mismatch: boolean;
}

export class DecisionAlwaysValidDto {
  @ApiProperty({ type: Number, nullable: true, description: 'Challenger − control at the decision' }) difference: number | null;
  @ApiProperty({ type: Number, nullable: true, minimum: 0, maximum: 1, description: 'Always-valid p-value (running minimum over the looks)' }) pValue: number | null;
  @ApiProperty({ type: Number, nullable: true, minimum: 0, maximum: 1, description: 'Holm-adjusted across the challengers' }) adjustedPValue: number | null;
  @ApiProperty({ type: Number, nullable: true, description: 'Confidence sequence for the difference, lower end; null while unbounded' }) low: number | null;
  @ApiProperty({ type: Number, nullable: true, description: 'Upper end; null while unbounded' }) high: number | null;
  @ApiProperty({ type: 'integer', description: 'Looks counted' }) looks: number;
  @ApiProperty({ enum: [...VERDICTS, null], nullable: true }) verdict: Verdict | null;
}

export class DecisionArmDto {
  @ApiProperty({ type: String }) key: string;
  @ApiProperty({ type: Boolean }) isControl: boolean;
  @ApiProperty({ type: 'integer' }) recipients: number;
  @ApiProperty({ type: Number, nullable: true, description: 'The deciding metric\'s value' }) value: number | null;
  @ApiProperty({ type: Number, nullable: true }) low: number | null;
  @ApiProperty({ type: Number, nullable: true }) high: number | null;
  @ApiProperty({ type: Number, nullable: true, description: 'Null for the control' }) difference: number | null;
  @ApiProperty({ type: EstimateWithIntervalDto, nullable: true, description: 'Null for the control' }) lift: EstimateWithIntervalDto | null;
  @ApiProperty({ type: Number, nullable: true }) pValue: number | null;
  @ApiProperty({ type: Number, nullable: true }) adjustedPValue: number | null;
  @ApiProperty({ type: Number, nullable: true }) chanceToBeatControl: number | null;
  @ApiProperty({ enum: [...VERDICTS, null], nullable: true, description: 'Fixed-horizon verdict; null for the control' }) verdict: Verdict | null;

  @ApiPropertyOptional({
    type: DecisionAlwaysValidDto, nullable: true,
    description: 'The always-valid test that decided; null for the control; absent in decisions recorded before decisions were always valid',
  })
  alwaysValid?: DecisionAlwaysValidDto | null;
}

export class DecisionNumbersDto {
  @ApiProperty({ enum: METRICS }) metric: Metric;
  @ApiProperty({ type: Number }) confidence: number;
  @ApiProperty({ type: 'integer' }) minSamplePerVariant: number;
  @ApiProperty({ type: Number }) minDurationSeconds: number;
  @ApiProperty({ type: Number, description: 'Seconds since the first enrolment in this version' }) elapsedSeconds: number;
  @ApiProperty({ type: DecisionSampleRatioDto }) sampleRatio: DecisionSampleRatioDto;
  @ApiPropertyOptional({ enum: ['always_valid'], description: 'The rule that decided; absent in decisions recorded before (those were fixed-horizon)' }) decidedBy?: 'always_valid';
  @ApiPropertyOptional({ type: Number, description: 'Confidence of each challenger\'s confidence sequence (Bonferroni)' }) intervalConfidence?: number;
  @ApiPropertyOptional({ type: Number, description: 'The mSPRT mixing standard deviation over the baseline' }) mixingRelativeEffect?: number;
  @ApiProperty({ type: [DecisionArmDto] }) arms: DecisionArmDto[];
}

export class ExperimentDecisionDto {
  @ApiProperty({ type: String }) stepId: string;
  @ApiProperty({ type: 'integer', description: 'The campaign version it was decided in' }) version: number;
  @ApiProperty({ enum: METRICS }) metric: Metric;
  @ApiProperty({ type: String, description: 'The variant every later arrival at the split gets' }) winner: string;
  @ApiProperty({ enum: ['challenger_wins', 'control_wins'], description: 'Only decisions that picked a winner are recorded' }) reason: string;
  @ApiProperty({ type: DecisionNumbersDto, description: 'The numbers the decision rested on' }) numbers: DecisionNumbersDto;
  @ApiProperty({ type: String, format: 'date-time' }) decidedAt: Date;
}

export class AlwaysValidArmDto {
  @ApiProperty({ type: String }) key: string;
  @ApiProperty({ type: Boolean }) isControl: boolean;
  @ApiProperty({ type: 'integer' }) recipients: number;
  @ApiProperty({ type: Number, nullable: true, description: 'The arm\'s rate or revenue per recipient; null without recipients' }) value: number | null;
  @ApiProperty({ type: Number, nullable: true, description: 'Challenger − control now; null for the control' }) difference: number | null;

  @ApiProperty({ type: Number, nullable: true, minimum: 0, maximum: 1, description: 'Always-valid p-value of the mSPRT: the running minimum over the looks, so it never rises; null for the control' })
  pValue: number | null;

  @ApiProperty({ type: Number, nullable: true, minimum: 0, maximum: 1, description: 'Holm-adjusted across the challengers; null for the control' })
  adjustedPValue: number | null;

  @ApiProperty({ type: Number, nullable: true, description: 'Confidence sequence for the difference at intervalConfidence, intersected over the looks: lower end; null for the control or while unbounded' })
  low: number | null;

  @ApiProperty({ type: Number, nullable: true, description: 'Upper end; null as low' })
  high: number | null;

  @ApiProperty({ type: 'integer', description: 'Looks counted (every arm at the minimum sample); 0 for the control' })
  looks: number;

  @ApiProperty({ enum: [...VERDICTS, null], nullable: true, description: 'Winner or loser when the Holm-adjusted p is below 1 − confidence; null for the control' })
  verdict: Verdict | null;
}

export class AlwaysValidMetricDto {
  @ApiProperty({ type: [AlwaysValidArmDto], description: 'The control first, then the challengers' }) arms: AlwaysValidArmDto[];
  @ApiProperty({ type: String, nullable: true }) recommendedWinner: string | null;
  @ApiProperty({ enum: WINNER_REASONS }) reason: (typeof WINNER_REASONS)[number];
}

export class AlwaysValidMetricsDto {
  @ApiProperty({ type: AlwaysValidMetricDto }) click_rate: AlwaysValidMetricDto;
  @ApiProperty({ type: AlwaysValidMetricDto }) conversion_rate: AlwaysValidMetricDto;
  @ApiProperty({ type: AlwaysValidMetricDto }) revenue_per_recipient: AlwaysValidMetricDto;
}

export class AlwaysValidReportDto {
  @ApiProperty({ enum: ['always_valid'], description: 'The rule that decides automatic winners and the verdict shown while the test runs' })
  decidedBy: 'always_valid';

  @ApiProperty({ enum: METRICS }) winnerMetric: Metric;
  @ApiProperty({ type: Number, description: 'Family-wide confidence' }) confidence: number;
  @ApiProperty({ type: Number, description: 'Confidence of each challenger\'s sequence (Bonferroni across challengers)' }) intervalConfidence: number;
  @ApiProperty({ type: Number, description: 'The mSPRT mixing standard deviation relative to the baseline (the split\'s expectedLift, else 0.1)' }) mixingRelativeEffect: number;

  @ApiProperty({ type: Boolean, description: 'Whether the automatic-winner pass\'s stored looks were continued (splits with autoWinner); else this look alone' })
  continuedFromStoredLooks: boolean;

  @ApiProperty({ type: String, nullable: true, description: 'The verdict on the winner metric now; null under a sample-ratio mismatch or while no arm wins' })
  recommendedWinner: string | null;

  @ApiProperty({ enum: WINNER_REASONS }) reason: (typeof WINNER_REASONS)[number];
  @ApiProperty({ type: AlwaysValidMetricsDto }) metrics: AlwaysValidMetricsDto;
}

export class SplitExperimentDto {
  @ApiProperty({ type: String }) stepId: string;
  @ApiProperty({ type: String, description: 'The first branch' }) controlKey: string;

  @ApiProperty({ type: AutoWinnerSettingDto, nullable: true, description: 'The split\'s automatic-winner setting, as saved; null without one' })
  autoWinner: AutoWinnerSettingDto | null;

  @ApiProperty({ type: ConversionDefinitionDto, description: 'What the arms\' conversions and revenue count: goal_window (attributedOrders and attributedRevenue are the attributed figures)' })
  conversionDefinition: ConversionDefinitionDto;

  @ApiProperty({ type: [ExperimentArmDto], description: 'One per branch, in branch order' })
  arms: ExperimentArmDto[];

  @ApiProperty({
    type: ExperimentVerdictDto, nullable: true,
    description: 'Per variant and metric (click rate, conversion rate, revenue per recipient): value with interval, lift with CI vs control, p-value (Holm-adjusted too), chance to beat control, verdict; sample-ratio check; recommended winner (never on open rate). Null until some recipient reached the split',
  })
  verdict: ExperimentVerdictDto | null;

  @ApiProperty({ type: ExperimentDecisionDto, nullable: true, description: 'The automatic decision for the current version, once taken' })
  decision: ExperimentDecisionDto | null;

  @ApiProperty({
    type: AlwaysValidReportDto, nullable: true,
    description: 'The always-valid (mSPRT) verdict beside the fixed-horizon one: what decides, valid however often the report is read. Null until some recipient reached the split',
  })
  alwaysValid: AlwaysValidReportDto | null;
}
