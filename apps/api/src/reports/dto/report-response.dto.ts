import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** OpenAPI shapes of the reports (the services return these plain objects as they are). */

export class FunnelRowDto {
  @ApiProperty({ enum: ['campaign', 'variant', 'step'] }) level: string;
  @ApiProperty({ nullable: true, type: String }) stepId: string | null;
  @ApiProperty({ nullable: true, type: String }) variant: string | null;
  @ApiProperty({ nullable: true, type: String, enum: ['email', 'sms'] }) channel: string | null;
  @ApiProperty({ nullable: true, type: Number, description: 'Enrolments (campaign and variant lines)' }) enrolled: number | null;
  @ApiProperty({ nullable: true, type: Number, description: 'Of them, held out (never messaged)' }) holdout: number | null;
  @ApiProperty() sent: number;
  @ApiProperty({ description: 'SMS: carrier-confirmed; email: accepted by the receiving server' }) delivered: number;
  @ApiProperty() failed: number;
  @ApiProperty() suppressed: number;
  @ApiProperty({ description: 'Messages opened by a person (unique)' }) openedHuman: number;
  @ApiProperty({ description: 'Messages opened only by machines: privacy proxies, prefetchers (unique)' }) openedMachine: number;
  @ApiProperty({ description: 'Messages clicked (unique)' }) clickedUnique: number;
  @ApiProperty({ description: 'Every click' }) clickedTotal: number;
  @ApiProperty({ description: 'Messages credited with an order (unique)' }) converted: number;
  @ApiProperty({ description: 'Orders credited' }) orders: number;
  @ApiProperty() revenue: number;
  @ApiProperty() unsubscribed: number;
  @ApiProperty() replied: number;
  @ApiProperty({ description: 'What the sends cost (email per message, SMS per billed segment)' }) cost: number;
  @ApiProperty({ nullable: true, type: Number, description: '(revenue − cost) / cost; null when nothing was spent' }) roi: number | null;
}

export class CampaignSummaryDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty() status: string;
  @ApiProperty() version: number;
  @ApiProperty() holdoutPercent: number;
  @ApiProperty({ nullable: true, type: Object }) goal: object | null;
}

export class SplitExperimentDto {
  @ApiProperty() stepId: string;
  @ApiProperty({ description: 'The first branch' }) controlKey: string;
  @ApiProperty({ nullable: true, type: Object, description: 'The split\'s automatic-winner setting' }) autoWinner: object | null;
  @ApiProperty({ type: [Object], description: 'Per variant: recipients, clicks, conversions, revenue sums, human and machine-only open rates (Wilson)' }) arms: object[];
  @ApiProperty({
    nullable: true, type: Object,
    description: 'Per variant and metric (click rate, conversion rate, revenue per recipient): value with interval, lift with CI vs control, p-value (Holm-adjusted too), chance to beat control, verdict (winner, loser, no_difference_yet, too_small_to_tell); sample-ratio check; recommended winner (never on open rate)',
  }) verdict: object | null;
  @ApiProperty({ nullable: true, type: Object, description: 'The automatic decision, once taken' }) decision: object | null;
}

export class HoldoutReportDto {
  @ApiProperty({ type: Object, description: 'Messaged enrolments: n, conversions, revenueSum, revenueSumOfSquares' }) treated: object;
  @ApiProperty({ type: Object, description: 'Held-out enrolments' }) control: object;
  @ApiProperty({ nullable: true, type: Object, description: 'Incremental conversions and revenue with intervals' }) uplift: object | null;
  @ApiProperty({ nullable: true, type: Object, description: 'Incremental ROI with interval' }) incrementalRoi: object | null;
  @ApiProperty({ type: [Object], description: 'The same per variant, each against the held-out enrolments that drew it' }) byVariant: object[];
}

export class CampaignReportDto {
  @ApiProperty({ type: CampaignSummaryDto }) campaign: CampaignSummaryDto;
  @ApiProperty() currency: string;
  @ApiProperty({ type: [FunnelRowDto], description: 'The campaign line, then one per variant, then per (step, variant)' }) funnel: FunnelRowDto[];
  @ApiProperty({ nullable: true, type: HoldoutReportDto }) holdout: HoldoutReportDto | null;
  @ApiProperty({ type: [SplitExperimentDto] }) experiments: SplitExperimentDto[];
}

export class ExperimentReportDto {
  @ApiProperty({ type: CampaignSummaryDto }) campaign: CampaignSummaryDto;
  @ApiProperty() currency: string;
  @ApiProperty({ type: [SplitExperimentDto] }) experiments: SplitExperimentDto[];
}

export class ChurnEntryDto {
  @ApiProperty({ format: 'uuid' }) customerId: string;
  @ApiProperty({ nullable: true, type: String }) email: string | null;
  @ApiProperty({ nullable: true, type: String }) name: string | null;
  @ApiProperty({ minimum: 0, maximum: 100 }) score: number;
  @ApiProperty({ enum: ['low', 'medium', 'high'] }) level: string;
  @ApiProperty() daysSinceLastOrder: number;
  @ApiProperty({ description: '(days from first to last order + the shop\'s typical gap) / orders' }) expectedGapDays: number;
  @ApiProperty({ description: 'daysSinceLastOrder / expectedGapDays; above 1 the next order is late' }) overdueRatio: number;
  @ApiProperty() averageOrderValue: number;
  @ApiProperty({ type: [Object], description: 'recency, frequency and monetary: points and explanation' }) factors: readonly object[];
  @ApiProperty({ type: [String], description: 'The factors in words' }) reasons: string[];
  @ApiProperty() orders: number;
  @ApiProperty() monetary: number;
  @ApiProperty() lastOrderAt: string;
}

export class ChurnListDto {
  @ApiProperty() asOf: string;
  @ApiProperty({ type: [ChurnEntryDto] }) items: ChurnEntryDto[];
}

export class OverviewReportDto {
  @ApiProperty({ type: Object, example: { from: '2026-01-01T00:00:00.000Z', to: '2026-04-01T00:00:00.000Z' } }) period: object;
  @ApiProperty() currency: string;
  @ApiProperty({ type: [Object], description: 'campaignId, name, sent, orders, revenue (attributed), cost, roi' }) byCampaign: object[];
  @ApiProperty({ type: [Object], description: 'channel (email, sms), sent, orders, revenue, cost, roi' }) byChannel: object[];
  @ApiProperty({ type: [Object], description: 'locationId (null: no store), name, orders, customers, revenue, attributedRevenue' }) byStore: object[];
  @ApiProperty({ type: Object, description: 'new (first order in the period) and returning: customers, orders, revenue' }) customers: object;
  @ApiProperty({ type: [Object], description: 'cohort (first-order month), customers, retention (share ordering in month +1, +2, …), revenue, revenuePerCustomer' }) cohorts: object[];
  @ApiPropertyOptional({ nullable: true, type: Number, description: 'Historical CLTV: revenue per customer over the cohorts' }) cltv: number | null;
  @ApiProperty({ type: [ChurnEntryDto] }) churnRisk: ChurnEntryDto[];
}
