import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CHURN_LEVEL_SCORES, CLOCK, type Clock, DomainError, inReportTransaction, type Tenant } from '@localreach/core';
import { type ChurnFactor, churnRisk, type ChurnRiskLabel } from '../statistics/churn-risk';
import { roi, roiPercent } from '../statistics/roi';
import {
  type BuyerGroup, type CampaignArmRow, type CampaignEarnings, type ChannelEarnings, type OrderHistoryRow, OverviewRepository, type SeriesGranularity, type SeriesPoint, type StoreEarnings,
} from './overview.repository';
import { cohortTable, type CohortRow, combineIncrements, type CombinedIncrement, typicalGapDays } from './overview-assembly';
import { holdoutUplift } from '../statistics/holdout';
import { reportPeriod } from './report-period';

const DAY = 86_400_000;
/** The overview's statements run side by side, so none starts parallel workers (inReportTransaction). */
const SERIAL = { parallelWorkers: false } as const;
const MAX_SERIES_POINTS = 1_000;
const BUCKET_DAYS = { day: 1, week: 7, month: 28 } as const;

export interface Period { from: Date; to: Date }
type WithRoi<T> = T & { roi: number | null; roiPercent: number | null };

/** The name of the by-store line with no store: online orders, and messages to customers with no store known. */
export const ONLINE_STORE_NAME = 'Online';

/** A by-store line: what the store took in, what the messages about it cost, and what they earned against holdouts. */
export type StoreLine = WithRoi<Omit<StoreEarnings, 'holdoutCampaignSpend'>> & {
  /**
   * Revenue caused among the enrolments about this store, against random holdouts: summed over the campaigns that held
   * someone out of the period's enrolments; null when none held anyone out among this store's enrolments.
   */
  incrementalRevenue: CombinedIncrement | null;
  /** (incremental revenue − the spend of those campaigns on this store) / that spend, with the interval carried through; null without either. */
  incrementalRoi: { estimate: number; low: number; high: number } | null;
  /** Why incrementalRevenue or incrementalRoi is null, in words; null when both are there. */
  incrementalReason: string | null;
};

/** Why a store line has no incremental revenue or ROI. */
export function incrementalReason(arms: readonly CampaignArmRow[], revenue: CombinedIncrement | null, roiKnown: boolean): string | null {
  if (revenue && roiKnown) return null;
  if (revenue) return 'The campaigns that held someone out spent nothing on this store in the period.';
  if (!arms.some((a) => a.holdout)) return 'No campaign held anyone out of this store\'s enrolments in the period.';
  return 'Too small to estimate: no campaign has at least 2 messaged and 2 held out among this store\'s enrolments in the period.';
}

/** What the business took in and spent in a period, all channels and campaigns together. */
export interface OverviewTotals {
  /** Every order's total, attributed or not. */
  revenue: number;
  orders: number;
  /** Customers who ordered. */
  buyers: number;
  /** Orders credited to a campaign message (last touch within the attribution window) and their revenue. */
  conversions: number;
  attributedRevenue: number;
  messagesSent: number;
  /** What the messages sent cost. */
  spend: number;
  /** (attributed revenue − spend) / spend; null without spend. */
  roi: number | null;
  /** roi × 100, to one decimal. */
  roiPercent: number | null;
  /**
   * Revenue the campaigns caused, measured against their random holdouts: summed over the campaigns
   * that held someone out of the period's enrolments, with a 95 % interval; null when none did.
   */
  incrementalRevenue: CombinedIncrement | null;
}

export interface OverviewReport {
  period: { from: string; to: string };
  currency: string;
  totals: OverviewTotals;
  /** The same figures for the period of equal length just before, to compare with. */
  previous: { period: { from: string; to: string }; totals: OverviewTotals };
  /** Revenue and messages per day (periods up to 62 days), week (up to 366) or month, in the business's zone. */
  series: { granularity: SeriesGranularity; points: SeriesPoint[] };
  byCampaign: WithRoi<CampaignEarnings>[];
  byChannel: WithRoi<ChannelEarnings>[];
  byStore: StoreLine[];
  customers: { new: Omit<BuyerGroup, 'isNew'>; returning: Omit<BuyerGroup, 'isNew'> };
  /** Cohorts by first-order month in the period: retention per month after it, and historical CLTV (revenue per customer so far). */
  cohorts: CohortRow[];
  /** Revenue per customer who ordered, over all cohorts above. */
  cltv: number | null;
  /** The customers most at risk of churning (top N by score). */
  churnRisk: ChurnEntry[];
}

export interface ChurnEntry {
  customerId: string;
  /** 0–100 (statistics `churnRisk`): recency against the expected gap, plus few orders. */
  score: number;
  level: ChurnRiskLabel;
  daysSinceLastOrder: number;
  expectedGapDays: number;
  overdueRatio: number;
  averageOrderValue: number;
  factors: readonly ChurnFactor[];
  /** The factors' explanations, in words. */
  reasons: string[];
  email: string | null;
  name: string | null;
  orders: number;
  monetary: number;
  lastOrderAt: string;
}

/** The business overview: what campaigns, channels and stores earned, who bought, who stays, who may leave. */
@Injectable()
export class OverviewService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly overview: OverviewRepository,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** The clock's now (the demo clock under `npm start`). */
  now(): Date {
    return this.clock.now();
  }

  /**
   * `from` / `to` default to the 30 days up to now. Dates and wall times without an offset are read in the business's
   * zone (`2026-12-01` is its midnight; reportInstant); timestamps with `Z` or an offset are those instants.
   */
  period(from: string | undefined, to: string | undefined, zone: string): Period {
    return reportPeriod(from, to, zone, this.clock.now(), (end) => new Date(end.getTime() - 30 * DAY));
  }

  async report(tenant: Tenant, period: Period, churnLimit = 50, granularity: SeriesGranularity = defaultGranularity(period)): Promise<OverviewReport> {
    const { businessId } = tenant;
    const db = this.dataSource;
    const { from, to } = period;
    const days = (to.getTime() - from.getTime()) / DAY;
    if (days / BUCKET_DAYS[granularity] > MAX_SERIES_POINTS) {
      throw DomainError.invalid('INVALID_PERIOD', [{ field: 'granularity', message: `a ${granularity} series of this period would have more than ${MAX_SERIES_POINTS} points; choose a coarser one` }]);
    }
    const before: Period = { from: new Date(from.getTime() - (to.getTime() - from.getTime())), to: from };
    const [{ byCampaign, byChannel }, byStore, buyers, cells, churn, points, previous, storeArms] = await Promise.all([
      inReportTransaction(db, (q) => this.overview.spendAndEarnings(q, businessId, from, to), SERIAL),
      inReportTransaction(db, (q) => this.overview.byStore(q, businessId, from, to), SERIAL),
      inReportTransaction(db, (q) => this.overview.newAndReturning(q, businessId, from, to), SERIAL),
      inReportTransaction(db, (q) => this.overview.cohorts(q, businessId, from, to, tenant.business.timezone), SERIAL),
      // 0: the caller asks for the list on its own (the dashboard, so its figures need not wait for the slowest statement).
      churnLimit === 0 ? [] : this.churn(tenant, to, { limit: churnLimit }),
      inReportTransaction(db, (q) => this.overview.series(q, businessId, from, to, tenant.business.timezone, granularity), SERIAL),
      this.totals(businessId, before),
      // The period's holdout arms per store; summed over stores they are the campaigns' arms (the totals' incremental revenue).
      inReportTransaction(db, async (q) => this.overview.storeHoldoutArms(q, businessId, from, to, await this.overview.clickWindow(q, businessId)), SERIAL),
    ]);
    const incremental = incrementOf(campaignArms(storeArms));
    const group = (isNew: boolean) => {
      const g = buyers.find((b) => b.isNew === isNew);
      return { customers: g?.customers ?? 0, orders: g?.orders ?? 0, revenue: g?.revenue ?? 0 };
    };
    const cohorts = cohortTable(cells);
    const customers = cohorts.reduce((n, c) => n + c.customers, 0);
    return {
      period: { from: from.toISOString(), to: to.toISOString() },
      currency: tenant.business.currency,
      totals: totalsOf(byChannel, buyers, incremental),
      previous: { period: { from: before.from.toISOString(), to: before.to.toISOString() }, totals: previous },
      series: { granularity, points },
      byCampaign: byCampaign.map((r) => withRoi(r, r.revenue, r.cost)),
      byChannel: byChannel.map((r) => withRoi(r, r.revenue, r.cost)),
      byStore: storeLines(byStore, storeArms),
      customers: { new: group(true), returning: group(false) },
      cohorts,
      cltv: customers === 0 ? null : cohorts.reduce((s, c) => s + c.revenue, 0) / customers,
      churnRisk: churn,
    };
  }

  /** A period's totals alone (the comparison period). */
  private async totals(businessId: string, period: Period): Promise<OverviewTotals> {
    const [{ byChannel }, buyers, incremental] = await Promise.all([
      inReportTransaction(this.dataSource, (q) => this.overview.spendAndEarnings(q, businessId, period.from, period.to), SERIAL),
      inReportTransaction(this.dataSource, (q) => this.overview.newAndReturning(q, businessId, period.from, period.to), SERIAL),
      this.incremental(businessId, period),
    ]);
    return totalsOf(byChannel, buyers, incremental);
  }

  /** The holdout comparison of every campaign that held someone out of the period's enrolments, combined. */
  private async incremental(businessId: string, period: Period): Promise<CombinedIncrement | null> {
    const rows = await inReportTransaction(this.dataSource, async (q) => this.overview.holdoutArms(q, businessId, period.from, period.to, await this.overview.clickWindow(q, businessId)), SERIAL);
    return incrementOf(rows);
  }

  /**
   * Customers by churn risk as of `asOf`, highest first (ties by customer id), optionally of one level. With a
   * limit the database scores every buyer and returns only the top (a shop has hundreds of thousands); without
   * one (the CSV export) every history is read and scored here.
   */
  async churn(tenant: Tenant, asOf: Date, options: { limit?: number; level?: ChurnRiskLabel } = {}): Promise<ChurnEntry[]> {
    const byRisk = (a: ChurnEntry, b: ChurnEntry) => b.score - a.score || (a.customerId < b.customerId ? -1 : 1);
    if (options.limit !== undefined) {
      const scores: readonly [number, number] = options.level === undefined ? [0, 100] : CHURN_LEVEL_SCORES[options.level];
      const limit = options.limit;
      const rows = await inReportTransaction(this.dataSource, (q) => this.overview.topChurnHistories(q, tenant.businessId, asOf, scores, limit), SERIAL);
      return rows.map((h) => entry(h, asOf, h.typicalGapDays)).sort(byRisk);
    }
    const histories = await inReportTransaction(this.dataSource, (q) => this.overview.orderHistories(q, tenant.businessId, asOf));
    const typical = typicalGapDays(histories);
    return histories
      .map((h) => entry(h, asOf, typical))
      .filter((e) => options.level === undefined || e.level === options.level)
      .sort(byRisk);
  }
}

/** Campaigns' holdout comparisons combined: those with both arms among `rows` (one campaign's arms each). */
function incrementOf(rows: readonly CampaignArmRow[]): CombinedIncrement | null {
  const campaigns = [...new Set(rows.map((r) => r.campaignId))];
  return combineIncrements(campaigns.flatMap((id) => {
    const treated = rows.find((r) => r.campaignId === id && !r.holdout);
    const control = rows.find((r) => r.campaignId === id && r.holdout);
    return treated && control ? [holdoutUplift(treated, control).incrementalRevenue] : [];
  }));
}

/** Store arms summed per campaign and arm: n, conversions and the revenue sums add across stores. */
export function campaignArms(rows: readonly CampaignArmRow[]): CampaignArmRow[] {
  const out = new Map<string, CampaignArmRow>();
  for (const r of rows) {
    const key = `${r.campaignId}|${r.holdout}`;
    const a = out.get(key) ?? { campaignId: r.campaignId, holdout: r.holdout, n: 0, conversions: 0, revenueSum: 0, revenueSumOfSquares: 0 };
    out.set(key, { ...a, n: a.n + r.n, conversions: a.conversions + r.conversions, revenueSum: a.revenueSum + r.revenueSum, revenueSumOfSquares: a.revenueSumOfSquares + r.revenueSumOfSquares });
  }
  return [...out.values()];
}

function withRoi<T>(row: T, revenue: number, cost: number): WithRoi<T> {
  const r = roi(revenue, cost);
  return { ...row, roi: r, roiPercent: roiPercent(r) };
}

/** By-store lines: the line with no store named "Online", ROI on attributed revenue, incremental ROI on the holdout campaigns' spend. */
export function storeLines(rows: readonly StoreEarnings[], arms: readonly (CampaignArmRow & { locationId: string | null })[]): StoreLine[] {
  return rows.map(({ holdoutCampaignSpend, ...r }) => {
    const mine = arms.filter((a) => a.locationId === r.locationId);
    const incrementalRevenue = incrementOf(mine);
    const map = (x: number) => (x - holdoutCampaignSpend) / holdoutCampaignSpend;
    const incrementalRoi = incrementalRevenue && holdoutCampaignSpend > 0
      ? { estimate: map(incrementalRevenue.estimate), low: map(incrementalRevenue.low), high: map(incrementalRevenue.high) }
      : null;
    return { ...withRoi(r, r.attributedRevenue, r.spend), name: r.locationId === null ? ONLINE_STORE_NAME : r.name, incrementalRevenue, incrementalRoi,
      incrementalReason: incrementalReason(mine, incrementalRevenue, incrementalRoi !== null) };
  });
}

function entry(h: OrderHistoryRow, asOf: Date, typical: number): ChurnEntry {
  // Every history has at least one order, so the risk is never null.
  const risk = churnRisk({ orderCount: h.orders, firstOrderAt: h.firstOrderAt, lastOrderAt: h.lastOrderAt, totalRevenue: h.monetary }, asOf, typical)!;
  const name = [h.firstName, h.lastName].filter(Boolean).join(' ') || null;
  return {
    customerId: h.customerId, email: h.email, name, orders: h.orders, monetary: h.monetary, lastOrderAt: h.lastOrderAt.toISOString(),
    score: risk.score, level: risk.label, daysSinceLastOrder: risk.daysSinceLastOrder, expectedGapDays: risk.expectedGapDays, overdueRatio: risk.overdueRatio,
    averageOrderValue: risk.averageOrderValue, factors: risk.factors, reasons: risk.factors.map((f) => f.explanation),
  };
}

/** Days for periods up to 62 days, weeks up to 366, months beyond: a chart of at most about 60 points. */
export function defaultGranularity(period: Period): SeriesGranularity {
  const days = (period.to.getTime() - period.from.getTime()) / DAY;
  return days <= 62 ? 'day' : days <= 366 ? 'week' : 'month';
}

/** Totals from the per-channel figures (every attribution and send has a channel) and the buyer groups. */
export function totalsOf(byChannel: readonly ChannelEarnings[], buyers: readonly BuyerGroup[], incrementalRevenue: CombinedIncrement | null): OverviewTotals {
  const sum = <T>(rows: readonly T[], pick: (r: T) => number) => rows.reduce((n, r) => n + pick(r), 0);
  const attributedRevenue = sum(byChannel, (c) => c.revenue);
  const spend = sum(byChannel, (c) => c.cost);
  return {
    revenue: sum(buyers, (b) => b.revenue),
    orders: sum(buyers, (b) => b.orders),
    buyers: sum(buyers, (b) => b.customers),
    conversions: sum(byChannel, (c) => c.orders),
    attributedRevenue,
    messagesSent: sum(byChannel, (c) => c.sent),
    spend,
    roi: roi(attributedRevenue, spend),
    roiPercent: roiPercent(roi(attributedRevenue, spend)),
    incrementalRevenue,
  };
}
