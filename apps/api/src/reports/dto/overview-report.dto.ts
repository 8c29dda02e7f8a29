import { ApiProperty } from '@nestjs/swagger';

/** OpenAPI shapes of the business overview and churn risk (libs/analytics overview.service, churn-risk). */

export class ChurnFactorDto {
  @ApiProperty({ enum: ['recency', 'frequency', 'monetary'] })
  factor: 'recency' | 'frequency' | 'monetary';

  @ApiProperty({ type: Number, minimum: 0, description: 'Points this factor adds to the score (monetary adds none: it is what is at stake, not how likely)' })
  points: number;

  @ApiProperty({ type: String, example: '56.5 days since the last order, 1.3× the expected 44-day gap' })
  explanation: string;
}

export class ChurnEntryDto {
  @ApiProperty({ type: String, format: 'uuid' }) customerId: string;
  @ApiProperty({ nullable: true, type: String }) email: string | null;
  @ApiProperty({ nullable: true, type: String }) name: string | null;
  @ApiProperty({ type: 'integer', minimum: 0, maximum: 100 }) score: number;
  @ApiProperty({ enum: ['low', 'medium', 'high'] }) level: string;
  @ApiProperty({ type: Number }) daysSinceLastOrder: number;
  @ApiProperty({ type: Number, description: '(days from first to last order + the shop\'s typical gap) / orders' }) expectedGapDays: number;
  @ApiProperty({ type: Number, description: 'daysSinceLastOrder / expectedGapDays; above 1 the next order is late' }) overdueRatio: number;
  @ApiProperty({ type: Number }) averageOrderValue: number;
  @ApiProperty({ type: [ChurnFactorDto], description: 'recency, frequency and monetary, in that order' }) factors: readonly ChurnFactorDto[];
  @ApiProperty({ type: [String], description: 'The factors in words' }) reasons: string[];
  @ApiProperty({ type: 'integer' }) orders: number;
  @ApiProperty({ type: Number, description: 'Revenue from all the customer\'s orders' }) monetary: number;
  @ApiProperty({ type: String, format: 'date-time' }) lastOrderAt: string;
}

export class ChurnListDto {
  @ApiProperty({ type: String, format: 'date-time' }) asOf: string;
  @ApiProperty({ type: [ChurnEntryDto] }) items: ChurnEntryDto[];
}

export class OverviewPeriodDto {
  @ApiProperty({ type: String, format: 'date-time', example: '2026-01-01T00:00:00.000Z', description: 'Inclusive' }) from: string;
  @ApiProperty({ type: String, format: 'date-time', example: '2026-04-01T00:00:00.000Z', description: 'Exclusive' }) to: string;
}

export class CampaignEarningsDto {
  @ApiProperty({ type: String, format: 'uuid' }) campaignId: string;
  @ApiProperty({ type: String }) name: string;
  @ApiProperty({ type: 'integer', description: 'Messages sent in the period' }) sent: number;
  @ApiProperty({ type: 'integer', description: 'Orders in the period attributed to the campaign' }) orders: number;
  @ApiProperty({ type: Number, description: 'Attributed revenue' }) revenue: number;
  @ApiProperty({ type: Number, description: 'What the period\'s sends cost' }) cost: number;
  @ApiProperty({ type: Number, nullable: true, description: '(revenue − cost) / cost; null when nothing was spent' }) roi: number | null;
  @ApiProperty({ type: Number, nullable: true, description: 'roi × 100, to one decimal (ROI as a percentage)' }) roiPercent: number | null;
}

export class ChannelEarningsDto {
  @ApiProperty({ enum: ['email', 'sms'] }) channel: string;
  @ApiProperty({ type: 'integer' }) sent: number;
  @ApiProperty({ type: 'integer' }) orders: number;
  @ApiProperty({ type: Number, description: 'Attributed revenue' }) revenue: number;
  @ApiProperty({ type: Number }) cost: number;
  @ApiProperty({ type: Number, nullable: true, description: '(revenue − cost) / cost; null when nothing was spent' }) roi: number | null;
  @ApiProperty({ type: Number, nullable: true, description: 'roi × 100, to one decimal (ROI as a percentage)' }) roiPercent: number | null;
}

export class StoreEarningsDto {
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'Null: the "Online" line, orders with no store and messages to customers with no store known' }) locationId: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'The store\'s name; "Online" for the line with no store' }) name: string | null;
  @ApiProperty({ type: 'integer' }) orders: number;
  @ApiProperty({ type: 'integer', description: 'Distinct customers who ordered' }) customers: number;
  @ApiProperty({ type: Number }) revenue: number;
  @ApiProperty({ type: Number, description: 'The part of revenue credited to a campaign' }) attributedRevenue: number;
  @ApiProperty({ type: 'integer', description: 'Messages sent in the period about this store: the enrolment\'s store (a geofence\'s, a nearby offer\'s), else the recipient\'s nearest store' }) messagesSent: number;
  @ApiProperty({ type: Number, description: 'What those messages cost' }) spend: number;
  @ApiProperty({ type: Number, nullable: true, description: '(attributed revenue − spend) / spend; null when nothing was spent' }) roi: number | null;
  @ApiProperty({ type: Number, nullable: true, description: 'roi × 100, to one decimal (ROI as a percentage)' }) roiPercent: number | null;

  @ApiProperty({ type: () => CombinedIncrementDto, nullable: true, description: 'Revenue caused among the enrolments about this store (its own, else their customer\'s nearest store), against random holdouts, over the campaigns that held someone out of the period\'s enrolments; null when none did' })
  incrementalRevenue: CombinedIncrementDto | null;

  @ApiProperty({ type: () => IncrementalRoiDto, nullable: true, description: '(incremental revenue − the spend on this store of those campaigns) / that spend; null without either' })
  incrementalRoi: IncrementalRoiDto | null;

  @ApiProperty({ type: String, nullable: true, description: 'Why incrementalRevenue or incrementalRoi is null, in words (no holdout, too small, no spend); null when both are there' })
  incrementalReason: string | null;
}

export class IncrementalRoiDto {
  @ApiProperty({ type: Number }) estimate: number;
  @ApiProperty({ type: Number, description: '95 % interval, low end' }) low: number;
  @ApiProperty({ type: Number, description: '95 % interval, high end' }) high: number;
}

export class BuyerGroupDto {
  @ApiProperty({ type: 'integer' }) customers: number;
  @ApiProperty({ type: 'integer' }) orders: number;
  @ApiProperty({ type: Number }) revenue: number;
}

export class NewAndReturningDto {
  @ApiProperty({ type: BuyerGroupDto, description: 'Customers whose first order ever is in the period' }) new: BuyerGroupDto;
  @ApiProperty({ type: BuyerGroupDto, description: 'Customers who had ordered before the period' }) returning: BuyerGroupDto;
}

export class CohortRowDto {
  @ApiProperty({ type: String, pattern: '^\\d{4}-\\d{2}$', example: '2026-01', description: 'First-order month in the business\'s time zone' }) cohort: string;
  @ApiProperty({ type: 'integer' }) customers: number;

  @ApiProperty({ type: [Number], description: 'Share of the cohort ordering in month +1, +2, … after its first (index 0 = +1), up to the period\'s end' })
  retention: number[];

  @ApiProperty({ type: Number, description: 'The cohort\'s revenue in the period' }) revenue: number;
  @ApiProperty({ type: Number, description: 'Historical CLTV: revenue so far per customer' }) revenuePerCustomer: number;
}

export class CombinedIncrementDto {
  @ApiProperty({ type: 'integer', minimum: 1, description: 'Campaigns whose enrolments in the period were compared with a random holdout' }) campaigns: number;
  @ApiProperty({ type: Number, description: 'Revenue those campaigns caused: their treated recipients\' revenue beyond the holdout\'s, per recipient, times the treated' }) estimate: number;
  @ApiProperty({ type: Number, description: '95 % interval, low end (campaigns taken as independent)' }) low: number;
  @ApiProperty({ type: Number, description: '95 % interval, high end' }) high: number;
}

export class OverviewTotalsDto {
  @ApiProperty({ type: Number, description: 'Every order\'s total, attributed or not' }) revenue: number;
  @ApiProperty({ type: 'integer' }) orders: number;
  @ApiProperty({ type: 'integer', description: 'Customers who ordered' }) buyers: number;
  @ApiProperty({ type: 'integer', description: 'Orders credited to a campaign message (last touch within the attribution window)' }) conversions: number;
  @ApiProperty({ type: Number, description: 'Revenue of those orders' }) attributedRevenue: number;
  @ApiProperty({ type: 'integer' }) messagesSent: number;
  @ApiProperty({ type: Number, description: 'What the messages sent cost' }) spend: number;
  @ApiProperty({ type: Number, nullable: true, description: '(attributed revenue − spend) / spend; null when nothing was spent' }) roi: number | null;
  @ApiProperty({ type: Number, nullable: true, description: 'roi × 100, to one decimal (ROI as a percentage)' }) roiPercent: number | null;
  @ApiProperty({ type: CombinedIncrementDto, nullable: true, description: 'Incremental revenue against random holdouts, over the campaigns that held someone out of the period\'s enrolments; null when none did' })
  incrementalRevenue: CombinedIncrementDto | null;
}

export class PreviousPeriodDto {
  @ApiProperty({ type: OverviewPeriodDto }) period: OverviewPeriodDto;
  @ApiProperty({ type: OverviewTotalsDto }) totals: OverviewTotalsDto;
}

export class SeriesPointDto {
  @ApiProperty({ type: String, format: 'date', example: '2026-03-02', description: 'First local date of the bucket (business time zone)' }) start: string;
  @ApiProperty({ type: 'integer' }) orders: number;
  @ApiProperty({ type: Number }) revenue: number;
  @ApiProperty({ type: 'integer', description: 'Attributed orders' }) conversions: number;
  @ApiProperty({ type: Number }) attributedRevenue: number;
  @ApiProperty({ type: 'integer' }) messagesSent: number;
  @ApiProperty({ type: Number }) spend: number;
}

export class OverviewSeriesDto {
  @ApiProperty({ enum: ['day', 'week', 'month'], description: 'Weeks start on Monday' }) granularity: 'day' | 'week' | 'month';
  @ApiProperty({ type: [SeriesPointDto], description: 'Every bucket from the one holding `from` to the one holding the last instant before `to`, empty ones included' }) points: SeriesPointDto[];
}

export class OverviewReportDto {
  @ApiProperty({ type: OverviewPeriodDto }) period: OverviewPeriodDto;
  @ApiProperty({ type: String }) currency: string;
  @ApiProperty({ type: OverviewTotalsDto }) totals: OverviewTotalsDto;
  @ApiProperty({ type: PreviousPeriodDto, description: 'The same totals for the period of equal length just before, to compare with' }) previous: PreviousPeriodDto;
  @ApiProperty({ type: OverviewSeriesDto, description: 'Revenue and messages over time' }) series: OverviewSeriesDto;
  @ApiProperty({ type: [CampaignEarningsDto], description: 'Campaigns that sent or earned in the period, by revenue' }) byCampaign: CampaignEarningsDto[];
  @ApiProperty({ type: [ChannelEarningsDto] }) byChannel: ChannelEarningsDto[];
  @ApiProperty({ type: [StoreEarningsDto], description: 'By revenue' }) byStore: StoreEarningsDto[];
  @ApiProperty({ type: NewAndReturningDto }) customers: NewAndReturningDto;
  @ApiProperty({ type: [CohortRowDto], description: 'Cohorts whose first order is in the period' }) cohorts: CohortRowDto[];
  @ApiProperty({ type: Number, nullable: true, description: 'Historical CLTV: revenue per customer over the cohorts; null without cohorts' }) cltv: number | null;
  @ApiProperty({ type: [ChurnEntryDto], description: 'The customers most at risk as of the period\'s end, highest first' }) churnRisk: ChurnEntryDto[];
}
