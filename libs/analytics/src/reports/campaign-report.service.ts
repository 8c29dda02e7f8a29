import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DomainError, inReportTransaction, isUuid, type ExperimentDefaults, type Tenant } from '@localreach/core';
import { holdoutUplift, type HoldoutUplift } from '../statistics/holdout';
import type { EstimateWithInterval } from '../statistics/proportions';
import { incrementalRoi } from '../statistics/roi';
import { type ArmSums, type CampaignDay, CampaignReportRepository, type HoldoutArms, type ReportedCampaign } from './campaign-report.repository';
import { assembleExperiment, type SplitExperimentReport, splitSteps } from './experiment-assembly';
import { ATTRIBUTED_CONVERSIONS, type ConversionDefinition, GOAL_WINDOW_CONVERSIONS } from './conversion-definition';
import { assembleFunnel, type FunnelRow } from './funnel';

export interface HoldoutReport {
  /** Goal-window orders (held-out people get no message an order could be credited to). */
  conversionDefinition: ConversionDefinition;
  /** Messaged enrolments and held-out ones: n, conversions (ordered within the goal window, else the click window), revenue. */
  treated: ArmSums;
  control: ArmSums;
  /** Null until both arms have someone in them. */
  uplift: HoldoutUplift | null;
  /** (incremental revenue − cost) / cost, with the interval of the incremental revenue carried through. */
  incrementalRoi: EstimateWithInterval | null;
  /** Why the comparison has no estimate (uplift null) or no interval yet, in words; null when it has both. */
  tooSmall: TooSmall | null;
  /** The same per variant (the last split drawn), each against the held-out enrolments that drew it; ROI on that variant's cost. */
  byVariant: ({ variant: string } & Omit<HoldoutReport, 'byVariant' | 'conversionDefinition'>)[];
}

/** Why a holdout comparison cannot estimate something yet. */
export interface TooSmall {
  code: 'no_holdout_yet' | 'no_treated_yet' | 'too_few_for_interval';
  message: string;
}

/** The reason an arm pair is too small to estimate anything (no one in an arm) or to give an interval (fewer than 2 in one). */
export function tooSmallReason(treated: ArmSums, control: ArmSums): TooSmall | null {
  const people = (n: number) => (n === 1 ? '1 enrolment' : `${n} enrolments`);
  if (control.n === 0) return { code: 'no_holdout_yet', message: `Nobody has been held out yet (${people(treated.n)} messaged): there is no one to compare with.` };
  if (treated.n === 0) return { code: 'no_treated_yet', message: `Nobody has been messaged yet (${people(control.n)} held out): there is nothing to compare.` };
  if (control.n < 2 || treated.n < 2) {
    return { code: 'too_few_for_interval', message: `Too small to estimate an interval: ${people(treated.n)} messaged and ${people(control.n)} held out; at least 2 are needed in each.` };
  }
  return null;
}

export interface CampaignSummary {
  id: string;
  name: string;
  status: string;
  version: number;
  holdoutPercent: number;
  goal: { type: string; eventType?: string; within: string } | null;
}

export interface CampaignReport {
  campaign: CampaignSummary;
  currency: string;
  /** What the funnel's and the days' conversions, revenue and ROI count: orders credited to the campaign. The holdout and experiments name their own. */
  conversionDefinition: ConversionDefinition;
  /** The campaign line first, then one per variant, then one per (step, variant). */
  funnel: FunnelRow[];
  holdout: HoldoutReport | null;
  experiments: SplitExperimentReport[];
  /** Per local day of the business's zone, first activity to last; sums to the campaign line's sent, cost, orders and revenue. */
  series: { granularity: 'day'; points: CampaignDay[] };
}

export interface ExperimentReport {
  campaign: CampaignSummary;
  currency: string;
  /** What the arms' conversions count (goal-window orders, as the campaign report's experiments); their attributed figures are the funnel's. */
  conversionDefinition: ConversionDefinition;
  experiments: SplitExperimentReport[];
}

/** The campaign ROI report and its A/B experiments, for one business's campaign (404 for anyone else's). */
@Injectable()
export class CampaignReportService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly reports: CampaignReportRepository,
  ) {}

  async campaignReport(tenant: Tenant, campaignId: string): Promise<CampaignReport> {
    const campaign = await this.campaign(tenant, campaignId);
    const { businessId } = tenant;
    const db = this.dataSource;
    const facts = await this.reports.businessFacts(db, businessId);
    const [engagement, revenue, messages, enrolments, arms, experiments, days] = await Promise.all([
      inReportTransaction(db, (q) => this.reports.funnelEngagement(q, businessId, campaign.id)),
      inReportTransaction(db, (q) => this.reports.funnelRevenue(q, businessId, campaign.id)),
      inReportTransaction(db, (q) => this.reports.funnelMessages(q, businessId, campaign.id)),
      inReportTransaction(db, (q) => this.reports.enrolments(q, businessId, campaign.id)),
      inReportTransaction(db, (q) => this.reports.holdoutArms(q, businessId, campaign.id, facts.clickWindow)),
      this.experimentsOf(businessId, campaign, facts, false),
      inReportTransaction(db, (q) => this.reports.series(q, businessId, campaign.id, tenant.business.timezone)),
    ]);
    const funnel = assembleFunnel({ engagement, revenue, messages, enrolments });
    const variantCost = (variant: string) => funnel.find((r) => r.level === 'variant' && r.variant === variant)?.cost ?? 0;
    return { campaign: summary(campaign), currency: facts.currency, conversionDefinition: ATTRIBUTED_CONVERSIONS, funnel, holdout: holdoutReport(campaign, arms, funnel[0].cost, variantCost), experiments,
      series: { granularity: 'day', points: days } };
  }

  async experimentReport(tenant: Tenant, campaignId: string): Promise<ExperimentReport> {
    const campaign = await this.campaign(tenant, campaignId);
    const facts = await this.reports.businessFacts(this.dataSource, tenant.businessId);
    return { campaign: summary(campaign), currency: facts.currency, conversionDefinition: GOAL_WINDOW_CONVERSIONS, experiments: await this.experimentsOf(tenant.businessId, campaign, facts, true) };
  }

  private async campaign(tenant: Tenant, campaignId: string): Promise<ReportedCampaign> {
    const campaign = isUuid(campaignId) ? await this.reports.findCampaign(this.dataSource, tenant.businessId, campaignId) : undefined;
    if (!campaign) throw DomainError.notFound('campaign', campaignId);
    return campaign;
  }

  /** Every split's A/B report; without opens, open rates are left out (null) and the query skips the open rows. */
  private async experimentsOf(
    businessId: string,
    campaign: ReportedCampaign,
    { clickWindow, experiments }: { clickWindow: string; experiments: ExperimentDefaults },
    withOpens: boolean,
  ): Promise<SplitExperimentReport[]> {
    const splits = splitSteps(campaign.definition);
    if (splits.length === 0) return [];
    const decisions = await this.reports.decisions(this.dataSource, businessId, campaign.id);
    const looks = await this.reports.sequentialStates(this.dataSource, businessId, campaign.id, campaign.version);
    return Promise.all(splits.map(async (split) => {
      const sums = await inReportTransaction(this.dataSource, (q) => this.reports.experimentArms(q, businessId, campaign.id, clickWindow, split.stepId, withOpens));
      const decision = decisions.find((d) => d.stepId === split.stepId && d.version === campaign.version) ?? null;
      const state = looks.find((l) => l.stepId === split.stepId)?.state ?? null;
      return assembleExperiment(split, sums, decision, withOpens, experiments, state);
    }));
  }
}

function summary(c: ReportedCampaign): CampaignSummary {
  return { id: c.id, name: c.name, status: c.status, version: c.version, holdoutPercent: c.definition.holdoutPercent ?? 0, goal: c.definition.goal ?? null };
}

function uplift(treated: ArmSums, control: ArmSums, cost: number): Omit<HoldoutReport, 'byVariant' | 'conversionDefinition'> {
  const tooSmall = tooSmallReason(treated, control);
  if (treated.n === 0 || control.n === 0) return { treated, control, uplift: null, incrementalRoi: null, tooSmall };
  const result = holdoutUplift(treated, control);
  return { treated, control, uplift: result, incrementalRoi: incrementalRoi(result.incrementalRevenue, cost), tooSmall };
}

function holdoutReport(campaign: ReportedCampaign, arms: HoldoutArms, cost: number, variantCost: (variant: string) => number): HoldoutReport | null {
  if (!campaign.definition.holdoutPercent && arms.control.n === 0) return null;
  return {
    conversionDefinition: GOAL_WINDOW_CONVERSIONS,
    ...uplift(arms.treated, arms.control, cost),
    byVariant: arms.byVariant.map((v) => ({ variant: v.variant, ...uplift(v.treated, v.control, variantCost(v.variant)) })),
  };
}
