import { Injectable } from '@nestjs/common';
import { type ExperimentDefaults, type Queryable, resolveBusinessSettings } from '@localreach/core';
import type { SequentialState } from '../statistics/sequential-verdict';
import {
  CAMPAIGN_LIST_STATS_SQL, CAMPAIGN_SERIES_SQL, ENROLMENTS_SQL, EXPERIMENT_ARMS_CLICKS_SQL, EXPERIMENT_ARMS_SQL, FUNNEL_ENGAGEMENT_SQL, FUNNEL_MESSAGES_SQL, FUNNEL_REVENUE_SQL, HOLDOUT_ARMS_SQL,
} from './campaign-report.sql';

/** The parts of a stored campaign definition reports read (analytics never imports campaigns). */
export interface ReportedDefinition {
  holdoutPercent?: number;
  goal?: { type: string; eventType?: string; within: string };
  steps: { id: string; type: string; channel?: string; branches?: { name?: string; weight: number; next: string }[]; autoWinner?: unknown }[];
}

export interface ReportedCampaign {
  id: string;
  name: string;
  status: string;
  version: number;
  definition: ReportedDefinition;
}

export interface EngagementCount { type: string; stepId: string | null; variant: string | null; total: number; uniqueMessages: number; uniqueHuman: number }
export interface RevenueCount { stepId: string | null; variant: string | null; revenue: number }
export interface MessageCount { stepId: string | null; variant: string | null; channel: string; sent: number; delivered: number; failed: number; suppressed: number; cost: number }
export interface EnrolmentCount { variant: string | null; enrolled: number; holdout: number }
export interface ArmSums { n: number; conversions: number; revenueSum: number; revenueSumOfSquares: number }
export interface HoldoutArms {
  treated: ArmSums;
  control: ArmSums;
  byVariant: { variant: string; treated: ArmSums; control: ArmSums }[];
}
export interface ExperimentArmSums {
  variant: string; recipients: number; clicks: number; humanOpens: number; machineOnlyOpens: number;
  /** Goal-window conversions (GOAL_WINDOW_CONVERSIONS): what the verdict compares. */
  conversions: number; revenueSum: number; revenueSumOfSquares: number;
  /** Orders credited to the campaign through these recipients' messages, and their revenue (ATTRIBUTED_CONVERSIONS). */
  attributedOrders: number; attributedRevenue: number;
}
export interface ListStatsRow { campaignId: string; enrolled: number; sent: number; cost: number; orders: number; revenue: number }
/** One local day of a campaign: sends and spend by send time; human clicks, credited orders and revenue by when they happened. */
export interface CampaignDay { day: string; sent: number; clicks: number; conversions: number; revenue: number; spend: number }
export interface StoredDecision { stepId: string; version: number; metric: string; winner: string; reason: string; numbers: unknown; decidedAt: Date }

/** Report reads for one campaign; every method takes the business id and scopes by it. */
@Injectable()
export class CampaignReportRepository {
  async findCampaign(q: Queryable, businessId: string, campaignId: string): Promise<ReportedCampaign | undefined> {
    const rows = await q.query<ReportedCampaign[]>(
      `SELECT c.id, c.name, c.status, c.version, v.definition
         FROM campaign c JOIN campaign_version v ON v.campaign_id = c.id AND v.version = c.version
        WHERE c.business_id = $1 AND c.id = $2`,
      [businessId, campaignId],
    );
    return rows[0];
  }

  /** The business's currency, click window (the conversion window of campaigns without a goal) and A/B defaults (splits without a rule are judged by them). */
  async businessFacts(q: Queryable, businessId: string): Promise<{ currency: string; clickWindow: string; experiments: ExperimentDefaults }> {
    const [row] = await q.query<{ currency: string; settings: unknown }[]>(`SELECT currency, settings FROM business WHERE id = $1`, [businessId]);
    const settings = resolveBusinessSettings(row.settings);
    return { currency: row.currency.trim(), clickWindow: settings.attribution.clickWindow, experiments: settings.experiments };
  }

  funnelEngagement(q: Queryable, businessId: string, campaignId: string): Promise<EngagementCount[]> {
    return q.query(FUNNEL_ENGAGEMENT_SQL, [businessId, campaignId]);
  }

  funnelRevenue(q: Queryable, businessId: string, campaignId: string): Promise<RevenueCount[]> {
    return q.query(FUNNEL_REVENUE_SQL, [businessId, campaignId]);
  }

  funnelMessages(q: Queryable, businessId: string, campaignId: string): Promise<MessageCount[]> {
    return q.query(FUNNEL_MESSAGES_SQL, [businessId, campaignId]);
  }

  enrolments(q: Queryable, businessId: string, campaignId: string): Promise<EnrolmentCount[]> {
    return q.query(ENROLMENTS_SQL, [businessId, campaignId]);
  }

  /** Messaged and held-out arms, for the campaign and per last-drawn variant; a missing arm comes back empty. */
  async holdoutArms(q: Queryable, businessId: string, campaignId: string, fallbackWindow: string): Promise<HoldoutArms> {
    const rows = await q.query<(ArmSums & { holdout: boolean; variant: string | null; wholeCampaign: boolean })[]>(HOLDOUT_ARMS_SQL, [businessId, campaignId, fallbackWindow]);
    const empty: ArmSums = { n: 0, conversions: 0, revenueSum: 0, revenueSumOfSquares: 0 };
    const arm = (holdout: boolean, whole: boolean, variant: string | null): ArmSums => {
      const row = rows.find((r) => r.holdout === holdout && r.wholeCampaign === whole && (whole || r.variant === variant));
      return row ? { n: row.n, conversions: row.conversions, revenueSum: row.revenueSum, revenueSumOfSquares: row.revenueSumOfSquares } : empty;
    };
    const variants = [...new Set(rows.filter((r) => !r.wholeCampaign && r.variant !== null).map((r) => r.variant as string))].sort();
    return {
      treated: arm(false, true, null), control: arm(true, true, null),
      byVariant: variants.map((variant) => ({ variant, treated: arm(false, false, variant), control: arm(true, false, variant) })),
    };
  }

  /** One split's arms; `withOpens: false` leaves open counts at 0 (cheaper: opens are many, and never decide). */
  experimentArms(q: Queryable, businessId: string, campaignId: string, fallbackWindow: string, splitStepId: string, withOpens = true): Promise<ExperimentArmSums[]> {
    return q.query(withOpens ? EXPERIMENT_ARMS_SQL : EXPERIMENT_ARMS_CLICKS_SQL, [businessId, campaignId, fallbackWindow, splitStepId]);
  }

  /** The campaign list's figures for these campaigns of the business, one row per id. */
  listStats(q: Queryable, businessId: string, campaignIds: string[]): Promise<ListStatsRow[]> {
    return q.query(CAMPAIGN_LIST_STATS_SQL, [businessId, campaignIds]);
  }

  /** Every local day ($3: an IANA zone) from the campaign's first activity to its last, empty days included. */
  series(q: Queryable, businessId: string, campaignId: string, timezone: string): Promise<CampaignDay[]> {
    return q.query(CAMPAIGN_SERIES_SQL, [businessId, campaignId, timezone]);
  }

  decisions(q: Queryable, businessId: string, campaignId: string): Promise<StoredDecision[]> {
    return q.query(
      `SELECT step_id AS "stepId", version, metric, winner, reason, numbers, decided_at AS "decidedAt"
         FROM experiment_decision WHERE business_id = $1 AND campaign_id = $2 ORDER BY decided_at`,
      [businessId, campaignId],
    );
  }

  /** The always-valid tests' stored looks of a campaign version, by split (written by the experiment-winners pass). */
  sequentialStates(q: Queryable, businessId: string, campaignId: string, version: number): Promise<{ stepId: string; state: SequentialState }[]> {
    return q.query(
      `SELECT step_id AS "stepId", state FROM experiment_sequential_state WHERE business_id = $1 AND campaign_id = $2 AND version = $3`,
      [businessId, campaignId, version],
    );
  }
}
