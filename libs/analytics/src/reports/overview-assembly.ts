import type { EstimateWithInterval } from '../statistics/proportions';
import type { CohortCell, OrderHistoryRow } from './overview.repository';

/** The typical gap when nobody in the business has ordered twice yet. */
export const DEFAULT_TYPICAL_GAP_DAYS = 30;

export interface CohortRow {
  /** First-order month, YYYY-MM in the business's zone. */
  cohort: string;
  customers: number;
  /** Share of the cohort ordering in month +1, +2, … after its first (index 0 = +1). */
  retention: number[];
  revenue: number;
  /** Historical CLTV: the cohort's revenue so far per customer. */
  revenuePerCustomer: number;
}

/** Month +0 of a cohort is everyone in it; later months give the share ordering again. */
export function cohortTable(cells: readonly CohortCell[]): CohortRow[] {
  const cohorts = [...new Set(cells.map((c) => c.cohort))].sort();
  return cohorts.map((cohort) => {
    const mine = cells.filter((c) => c.cohort === cohort);
    const size = mine.find((c) => c.monthOffset === 0)?.customers ?? 0;
    const last = Math.max(0, ...mine.map((c) => c.monthOffset));
    const retention = Array.from({ length: last }, (_, i) => (size === 0 ? 0 : (mine.find((c) => c.monthOffset === i + 1)?.customers ?? 0) / size));
    const revenue = mine.reduce((s, c) => s + c.revenue, 0);
    return { cohort, customers: size, retention, revenue, revenuePerCustomer: size === 0 ? 0 : revenue / size };
  });
}

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/**
 * The shop's typical gap between orders, for churn risk: the median of repeat customers' average
 * gaps (at least a day), else 30 days. The segment condition computes the same in SQL.
 */
export function typicalGapDays(histories: readonly OrderHistoryRow[]): number {
  const gaps = histories
    .filter((h) => h.orders >= 2)
    .map((h) => (h.lastOrderAt.getTime() - h.firstOrderAt.getTime()) / 86_400_000 / (h.orders - 1));
  const m = median(gaps);
  return m === null ? DEFAULT_TYPICAL_GAP_DAYS : Math.max(1, m);
}

/** Incremental revenue over several campaigns: how many were compared with a holdout, and the sum with its interval. */
export interface CombinedIncrement {
  campaigns: number;
  estimate: number;
  low: number;
  high: number;
}

/**
 * Sums independent campaigns' incremental revenue. Each interval is taken as
 * normal and symmetric around its estimate, so the sum's half-width is the
 * root of the summed squared half-widths (variances add). Null without any
 * campaign whose comparison gave an estimate and an interval.
 */
export function combineIncrements(increments: readonly EstimateWithInterval[]): CombinedIncrement | null {
  const usable = increments.filter((i): i is { estimate: number; low: number; high: number } => i.estimate !== null && i.low !== null && i.high !== null);
  if (usable.length === 0) return null;
  const estimate = usable.reduce((s, i) => s + i.estimate, 0);
  const halfWidth = Math.sqrt(usable.reduce((s, i) => s + ((i.high - i.low) / 2) ** 2, 0));
  return { campaigns: usable.length, estimate, low: estimate - halfWidth, high: estimate + halfWidth };
}
