/**
 * --plans=FILE: EXPLAIN (ANALYZE, BUFFERS) of every statement behind the two
 * reports, ours (the repository's SQL, with the parameters the API passes)
 * and the hand-written ones, appended to FILE, to see where the time goes.
 */
import { appendFileSync } from 'node:fs';
import type { ClientBase } from 'pg';
import * as ours from '@localreach/analytics/reports/campaign-report.sql';
import * as oursOverview from '@localreach/analytics/reports/overview.sql';
import * as hand from './hand-written';

export interface PlanParams { businessId: string; campaignId: string; splitStep: string; clickWindow: string; from: Date; to: Date; timezone: string; churnLimit: number }

function statements(p: PlanParams): [string, string, unknown[]][] {
  const bc = [p.businessId, p.campaignId];
  const period = [p.businessId, p.from, p.to];
  return [
    ['ours FUNNEL_ENGAGEMENT_SQL', ours.FUNNEL_ENGAGEMENT_SQL, bc],
    ['ours FUNNEL_REVENUE_SQL', ours.FUNNEL_REVENUE_SQL, bc],
    ['ours FUNNEL_MESSAGES_SQL', ours.FUNNEL_MESSAGES_SQL, bc],
    ['ours ENROLMENTS_SQL', ours.ENROLMENTS_SQL, bc],
    ['ours HOLDOUT_ARMS_SQL', ours.HOLDOUT_ARMS_SQL, [...bc, p.clickWindow]],
    ['ours EXPERIMENT_ARMS_CLICKS_SQL', ours.EXPERIMENT_ARMS_CLICKS_SQL, [...bc, p.clickWindow, p.splitStep]],
    ['ours CAMPAIGN_SERIES_SQL', ours.CAMPAIGN_SERIES_SQL, [...bc, p.timezone]],
    ['hand MESSAGES_SQL', hand.MESSAGES_SQL, bc],
    ['hand ENGAGEMENT_SQL', hand.ENGAGEMENT_SQL, bc],
    ['hand REVENUE_SQL', hand.REVENUE_SQL, bc],
    ['hand ARMS_SQL', hand.ARMS_SQL, [...bc, p.clickWindow, p.splitStep]],
    ['ours OVERVIEW_SPEND_AND_EARNINGS_SQL', oursOverview.OVERVIEW_SPEND_AND_EARNINGS_SQL, period],
    ['ours OVERVIEW_BY_STORE_SQL', oursOverview.OVERVIEW_BY_STORE_SQL, period],
    ['ours OVERVIEW_NEW_RETURNING_SQL', oursOverview.OVERVIEW_NEW_RETURNING_SQL, period],
    ['ours OVERVIEW_COHORTS_SQL', oursOverview.OVERVIEW_COHORTS_SQL, [...period, p.timezone]],
    ['ours CHURN_TOP_SQL', oursOverview.CHURN_TOP_SQL, [p.businessId, p.to, 0, 100, p.churnLimit]],
    ['hand SPEND_AND_EARNINGS_SQL', hand.SPEND_AND_EARNINGS_SQL, period],
    ['hand STORES_SQL', hand.STORES_SQL, period],
    ['hand BUYERS_SQL', hand.BUYERS_SQL, period],
    ['hand COHORTS_SQL', hand.COHORTS_SQL, [...period, p.timezone]],
    ['hand CHURN_SQL', hand.CHURN_SQL, [p.businessId, p.to, p.churnLimit]],
  ];
}

/** Appends every plan to `file`; returns how many. */
export async function writePlans(c: ClientBase, p: PlanParams, file: string): Promise<number> {
  const all = statements(p);
  for (const [name, sql, params] of all) {
    const r = await c.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, BUFFERS) ${sql}`, params);
    appendFileSync(file, `\n### ${name}\n${r.rows.map((row) => row['QUERY PLAN']).join('\n')}\n`);
  }
  return all.length;
}
