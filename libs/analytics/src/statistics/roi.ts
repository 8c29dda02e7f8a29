import { type EstimateWithInterval } from './proportions';
import { requireFinite, StatisticsError } from './statistics.errors';

/** Return on investment, (revenue − cost) / cost: 2 means every 1 spent brought 3 back. Null when nothing was spent. */
export function roi(revenue: number, cost: number): number | null {
  requireFinite(revenue, 'revenue');
  requireCost(cost);
  return cost === 0 ? null : (revenue - cost) / cost;
}

/** ROI as a percentage, to one decimal (2 → 200 %); null stays null. */
export function roiPercent(value: number | null): number | null {
  return value === null ? null : Math.round(value * 1000) / 10;
}

/**
 * Incremental ROI: (incremental revenue − cost) / cost, where incremental revenue is measured
 * against a holdout group rather than credited by last touch. The interval maps the revenue
 * interval through the same (increasing) function. All null when nothing was spent or the
 * incremental revenue is unknown.
 */
export function incrementalRoi(incrementalRevenue: EstimateWithInterval, cost: number): EstimateWithInterval {
  requireCost(cost);
  const map = (value: number | null): number | null => (value === null || cost === 0 ? null : (value - cost) / cost);
  return { estimate: map(incrementalRevenue.estimate), low: map(incrementalRevenue.low), high: map(incrementalRevenue.high) };
}

function requireCost(cost: number): void {
  if (!Number.isFinite(cost) || cost < 0) throw new StatisticsError('INVALID_AMOUNT', 'cost', `must be a finite amount ≥ 0, got ${cost}`);
}
