import { Injectable } from '@nestjs/common';
import { resolveBusinessSettings, type Queryable } from '@localreach/core';
import {
  CHURN_HISTORY_SQL, CHURN_TOP_SQL, OVERVIEW_BY_STORE_SQL, OVERVIEW_COHORTS_SQL, OVERVIEW_HOLDOUT_ARMS_SQL, OVERVIEW_NEW_RETURNING_SQL, OVERVIEW_SERIES_SQL, OVERVIEW_SPEND_AND_EARNINGS_SQL, OVERVIEW_STORE_HOLDOUT_ARMS_SQL,
} from './overview.sql';

export interface SpendAndEarnings { sent: number; orders: number; revenue: number; cost: number }
export interface CampaignEarnings extends SpendAndEarnings { campaignId: string; name: string }
export interface ChannelEarnings extends SpendAndEarnings { channel: string }
export interface StoreEarnings {
  locationId: string | null; name: string | null; orders: number; customers: number; revenue: number; attributedRevenue: number; messagesSent: number; spend: number;
  /** The part of spend by campaigns that held someone out of the period's enrolments: what incremental ROI is measured on. */
  holdoutCampaignSpend: number;
}
export interface BuyerGroup { isNew: boolean; customers: number; orders: number; revenue: number }
/** One campaign's treated or held-out enrolments of a period, summed for the holdout comparison. */
export interface CampaignArmRow { campaignId: string; holdout: boolean; n: number; conversions: number; revenueSum: number; revenueSumOfSquares: number }
/** A campaign's arm among the enrolments about one store (null: none, the "Online" line). */
export interface StoreArmRow extends CampaignArmRow { locationId: string | null }
export type SeriesGranularity = 'day' | 'week' | 'month';
/** One bucket of the overview's time series; `start` is its first local date. */
export interface SeriesPoint { start: string; orders: number; revenue: number; conversions: number; attributedRevenue: number; messagesSent: number; spend: number }
export interface CohortCell { cohort: string; monthOffset: number; customers: number; revenue: number }
export interface OrderHistoryRow {
  customerId: string; email: string | null; firstName: string | null; lastName: string | null;
  orders: number; monetary: number; firstOrderAt: Date; lastOrderAt: Date;
}

/** An order history and the shop's typical gap between orders it was scored with. */
export interface ScoredHistoryRow extends OrderHistoryRow {
  typicalGapDays: number;
}

/** Overview reads; all scoped by business. */
@Injectable()
export class OverviewRepository {
  /** Spend and earnings per campaign and per channel, in one statement (OVERVIEW_SPEND_AND_EARNINGS_SQL). */
  async spendAndEarnings(q: Queryable, businessId: string, from: Date, to: Date): Promise<{ byCampaign: CampaignEarnings[]; byChannel: ChannelEarnings[] }> {
    const rows = await q.query<(SpendAndEarnings & { kind: 'campaign' | 'channel'; campaignId: string | null; name: string | null; channel: string | null })[]>(
      OVERVIEW_SPEND_AND_EARNINGS_SQL, [businessId, from, to],
    );
    const figures = (r: SpendAndEarnings): SpendAndEarnings => ({ sent: r.sent, orders: r.orders, revenue: r.revenue, cost: r.cost });
    return {
      byCampaign: rows.filter((r) => r.kind === 'campaign').map((r) => ({ campaignId: r.campaignId as string, name: r.name as string, ...figures(r) })),
      byChannel: rows.filter((r) => r.kind === 'channel').map((r) => ({ channel: r.channel as string, ...figures(r) })),
    };
  }

  byStore(q: Queryable, businessId: string, from: Date, to: Date): Promise<StoreEarnings[]> {
    return q.query(OVERVIEW_BY_STORE_SQL, [businessId, from, to]);
  }

  newAndReturning(q: Queryable, businessId: string, from: Date, to: Date): Promise<BuyerGroup[]> {
    return q.query(OVERVIEW_NEW_RETURNING_SQL, [businessId, from, to]);
  }

  /** Revenue and messages per day, week or month in the business's zone (OVERVIEW_SERIES_SQL). */
  series(q: Queryable, businessId: string, from: Date, to: Date, timezone: string, granularity: SeriesGranularity): Promise<SeriesPoint[]> {
    return q.query(OVERVIEW_SERIES_SQL, [businessId, from, to, timezone, granularity]);
  }

  /** The business's click window: the conversion window of campaigns without a goal. */
  async clickWindow(q: Queryable, businessId: string): Promise<string> {
    const [row] = await q.query<{ settings: unknown }[]>(`SELECT settings FROM business WHERE id = $1`, [businessId]);
    return resolveBusinessSettings(row.settings).attribution.clickWindow;
  }

  /** Holdout arms per campaign that held someone out among the period's enrolments (OVERVIEW_HOLDOUT_ARMS_SQL). */
  holdoutArms(q: Queryable, businessId: string, from: Date, to: Date, clickWindow: string): Promise<CampaignArmRow[]> {
    return q.query(OVERVIEW_HOLDOUT_ARMS_SQL, [businessId, from, to, clickWindow]);
  }

  /** The same per store the enrolment was about, else its customer's nearest (OVERVIEW_STORE_HOLDOUT_ARMS_SQL). */
  storeHoldoutArms(q: Queryable, businessId: string, from: Date, to: Date, clickWindow: string): Promise<StoreArmRow[]> {
    return q.query(OVERVIEW_STORE_HOLDOUT_ARMS_SQL, [businessId, from, to, clickWindow]);
  }

  cohorts(q: Queryable, businessId: string, from: Date, to: Date, timezone: string): Promise<CohortCell[]> {
    return q.query(OVERVIEW_COHORTS_SQL, [businessId, from, to, timezone]);
  }

  orderHistories(q: Queryable, businessId: string, asOf: Date): Promise<OrderHistoryRow[]> {
    return q.query(CHURN_HISTORY_SQL, [businessId, asOf]);
  }

  /** The `limit` highest churn scores in [minScore, maxScore], scored in the database (CHURN_TOP_SQL). */
  topChurnHistories(q: Queryable, businessId: string, asOf: Date, scores: readonly [number, number], limit: number): Promise<ScoredHistoryRow[]> {
    return q.query(CHURN_TOP_SQL, [businessId, asOf, scores[0], scores[1], limit]);
  }
}
