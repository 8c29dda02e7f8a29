import { type EstimateWithInterval, rateDifference, twoProportionZTest } from './proportions';
import { requireSuccesses } from './statistics.errors';
import { summaryFromSums, welchTTest } from './welch';

/** One side of a holdout comparison, as aggregated in SQL. */
export interface HoldoutArm {
  /** Enrolled customers (treated: messaged; control: held out). */
  readonly n: number;
  readonly conversions: number;
  readonly revenueSum: number;
  /** Σ revenue² over the arm's customers (0 for those who bought nothing). */
  readonly revenueSumOfSquares: number;
}

export interface HoldoutUplift {
  /** Treated conversion rate − holdout conversion rate (Newcombe hybrid score interval). */
  readonly conversionRateDifference: EstimateWithInterval;
  /** Two-sided pooled z-test p-value for the conversion rates. */
  readonly conversionPValue: number;
  /** Conversions the campaign caused: rate difference × treated n. */
  readonly incrementalConversions: EstimateWithInterval;
  /** Treated revenue per recipient − holdout revenue per recipient (Welch t interval). */
  readonly revenuePerRecipientDifference: EstimateWithInterval;
  /** Welch's two-sided p-value for revenue per recipient; null with fewer than 2 customers in an arm. */
  readonly revenuePValue: number | null;
  /** Revenue the campaign caused: revenue-per-recipient difference × treated n. */
  readonly incrementalRevenue: EstimateWithInterval;
}

/**
 * Holdout uplift: what the campaign caused, measured against customers randomly held out of it.
 * Per-recipient differences are scaled to the treated group (treated n is fixed, so the interval
 * scales with it). Feed `incrementalRevenue` and the campaign's cost to `incrementalRoi`.
 */
export function holdoutUplift(treated: HoldoutArm, control: HoldoutArm, confidence = 0.95): HoldoutUplift {
  requireSuccesses(treated.conversions, treated.n, 'treated');
  requireSuccesses(control.conversions, control.n, 'control');
  const treatedRate = { successes: treated.conversions, trials: treated.n };
  const controlRate = { successes: control.conversions, trials: control.n };
  const conversionRateDifference = rateDifference(controlRate, treatedRate, confidence);
  const welch = welchTTest(
    summaryFromSums(control.n, control.revenueSum, control.revenueSumOfSquares),
    summaryFromSums(treated.n, treated.revenueSum, treated.revenueSumOfSquares),
    confidence,
  );
  const revenuePerRecipientDifference = { estimate: welch.difference, low: welch.low, high: welch.high };
  return {
    conversionRateDifference,
    conversionPValue: twoProportionZTest(controlRate, treatedRate).pValue,
    incrementalConversions: scale(conversionRateDifference, treated.n),
    revenuePerRecipientDifference,
    revenuePValue: welch.pValue,
    incrementalRevenue: scale(revenuePerRecipientDifference, treated.n),
  };
}

function scale(value: EstimateWithInterval, factor: number): EstimateWithInterval {
  const times = (x: number | null): number | null => (x === null ? null : x * factor);
  return { estimate: times(value.estimate), low: times(value.low), high: times(value.high) };
}
