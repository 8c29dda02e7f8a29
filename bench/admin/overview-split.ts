/**
 * Where the overview's time goes inside the API: each statement it runs
 * (the repository's SQL, with the parameters of the request the dashboard
 * made), alone on one connection with the report settings (REPORT_WORK_MEM,
 * no parallel workers, as inReportTransaction with SERIAL), median of three.
 * The API runs them side by side on pooled connections, so on two cores their
 * sum, not the slowest, bounds the answer from below.
 */
import type { ClientBase } from 'pg';
import { REPORT_WORK_MEM } from '@localreach/core';
import * as sql from '@localreach/analytics/reports/overview.sql';
import { percentile } from '../segments/timing';

export interface StatementTime {
  name: string;
  ms: number;
}

/** `overviewUrl`: the GET /v1/reports/overview the page made (its from, to and churnLimit). */
export async function overviewStatements(c: ClientBase, businessId: string, timezone: string, overviewUrl: string, clickWindow = 'P7D'): Promise<StatementTime[]> {
  const query = new URL(overviewUrl).searchParams;
  const from = new Date(query.get('from')!);
  const to = new Date(query.get('to')!);
  const before = new Date(from.getTime() - (to.getTime() - from.getTime()));
  const churnLimit = Number(query.get('churnLimit') ?? '50');
  const period = [businessId, from, to];
  const statements: [string, string, unknown[]][] = [
    // 0: the dashboard asks GET /v1/reports/churn-risk once the figures are in (the same statement, limit 10), so it is not in this wait.
    ...(churnLimit > 0 ? [['churn risk, top N (CHURN_TOP_SQL)', sql.CHURN_TOP_SQL, [businessId, to, 0, 100, churnLimit]] as [string, string, unknown[]]] : []),
    ['holdout arms (OVERVIEW_HOLDOUT_ARMS_SQL)', sql.OVERVIEW_HOLDOUT_ARMS_SQL, [...period, clickWindow]],
    ['holdout arms, previous period', sql.OVERVIEW_HOLDOUT_ARMS_SQL, [businessId, before, from, clickWindow]],
    ['new and returning (OVERVIEW_NEW_RETURNING_SQL)', sql.OVERVIEW_NEW_RETURNING_SQL, period],
    ['new and returning, previous period', sql.OVERVIEW_NEW_RETURNING_SQL, [businessId, before, from]],
    ['by store (OVERVIEW_BY_STORE_SQL)', sql.OVERVIEW_BY_STORE_SQL, period],
    ['cohorts (OVERVIEW_COHORTS_SQL)', sql.OVERVIEW_COHORTS_SQL, [...period, timezone]],
    ['series by day (OVERVIEW_SERIES_SQL)', sql.OVERVIEW_SERIES_SQL, [...period, timezone, 'day']],
    ['spend and earnings (OVERVIEW_SPEND_AND_EARNINGS_SQL)', sql.OVERVIEW_SPEND_AND_EARNINGS_SQL, period],
    ['spend and earnings, previous period', sql.OVERVIEW_SPEND_AND_EARNINGS_SQL, [businessId, before, from]],
  ];
  await c.query(`SET work_mem = '${REPORT_WORK_MEM}'; SET max_parallel_workers_per_gather = 0`);
  const out: StatementTime[] = [];
  try {
    for (const [name, text, params] of statements) {
      const ms: number[] = [];
      for (let i = 0; i < 3; i++) {
        const started = performance.now();
        await c.query(text, params);
        ms.push(performance.now() - started);
      }
      out.push({ name, ms: percentile(ms, 50) });
    }
  } finally {
    await c.query('RESET work_mem; RESET max_parallel_workers_per_gather');
  }
  return out;
}
