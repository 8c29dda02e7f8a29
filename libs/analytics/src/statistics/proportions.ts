import { normalQuantile, normalTwoSidedP } from './distributions';
import { requireOpenProbability, requireSuccesses } from './statistics.errors';

/** A count of successes (clicks, conversions) out of trials (recipients). */
export interface Proportion {
  readonly successes: number;
  readonly trials: number;
}

/** A rate with its interval; `rate` is null when there were no trials (the interval is then [0, 1]). */
export interface RateEstimate {
  readonly rate: number | null;
  readonly low: number;
  readonly high: number;
}

/** A point estimate with an interval; all null when the estimate is undefined (e.g. a lift over a zero rate). */
export interface EstimateWithInterval {
  readonly estimate: number | null;
  readonly low: number | null;
  readonly high: number | null;
}

/** The two-sided normal critical value for a confidence level: 1.959964 for 0.95. */
export function zForConfidence(confidence: number): number {
  requireOpenProbability(confidence, 'confidence');
  return normalQuantile(1 - (1 - confidence) / 2);
}

/**
 * Wilson score interval for a binomial rate (Wilson 1927). Unlike the Wald interval it stays inside
 * [0, 1] and keeps its coverage for small counts and rates near 0 or 1, which is where campaign
 * click and conversion rates live.
 */
export function wilsonInterval(successes: number, trials: number, confidence = 0.95): RateEstimate {
  requireSuccesses(successes, trials, 'proportion');
  const z = zForConfidence(confidence);
  if (trials === 0) return { rate: null, low: 0, high: 1 };
  const rate = successes / trials;
  const z2n = (z * z) / trials;
  const centre = (rate + z2n / 2) / (1 + z2n);
  const half = (z / (1 + z2n)) * Math.sqrt((rate * (1 - rate)) / trials + z2n / (4 * trials));
  // At 0 or 100 % the bound equals the rate exactly; say so rather than leave rounding residue.
  const low = successes === 0 ? 0 : Math.max(0, centre - half);
  const high = successes === trials ? 1 : Math.min(1, centre + half);
  return { rate, low, high };
}

/**
 * Two-sided two-proportion z-test with the pooled standard error (the test equivalent to Pearson's
 * chi-square on the 2×2 table without continuity correction). `z` is positive when the variant's
 * rate is higher. Identical rates give z = 0, p = 1; so do degenerate arms that carry no evidence
 * (no trials in an arm, or every trial a success or every trial a failure in both arms).
 */
export function twoProportionZTest(control: Proportion, variant: Proportion): { z: number; pValue: number } {
  requireSuccesses(control.successes, control.trials, 'control');
  requireSuccesses(variant.successes, variant.trials, 'variant');
  if (control.trials === 0 || variant.trials === 0) return { z: 0, pValue: 1 };
  const difference = variant.successes / variant.trials - control.successes / control.trials;
  const pooled = (control.successes + variant.successes) / (control.trials + variant.trials);
  const se = Math.sqrt(pooled * (1 - pooled) * (1 / control.trials + 1 / variant.trials));
  if (se === 0 || difference === 0) return { z: 0, pValue: 1 };
  const z = difference / se;
  return { z, pValue: normalTwoSidedP(z) };
}

/**
 * Relative lift of the variant over the control, variant rate / control rate − 1, with the Katz
 * log interval for the rate ratio (Katz, Baptista, Azen & Pike 1978): ln(RR) ± z·√(1/x₁ − 1/n₁ +
 * 1/x₀ − 1/n₀), back-transformed and shifted by −1. Undefined (all null) when the control rate is 0.
 * When the variant has no successes the lift is exactly −1, the lower bound is −1, and the upper
 * bound comes from the same interval with ½ added to every cell (Haldane–Anscombe), since ln 0 has none.
 */
export function relativeLift(control: Proportion, variant: Proportion, confidence = 0.95): EstimateWithInterval {
  requireSuccesses(control.successes, control.trials, 'control');
  requireSuccesses(variant.successes, variant.trials, 'variant');
  const z = zForConfidence(confidence);
  if (control.successes === 0 || variant.trials === 0) return { estimate: null, low: null, high: null };
  if (variant.successes === 0) {
    const { ratio, se } = logRatio(control.successes + 0.5, control.trials + 1, 0.5, variant.trials + 1);
    return { estimate: -1, low: -1, high: ratio * Math.exp(z * se) - 1 };
  }
  const { ratio, se } = logRatio(control.successes, control.trials, variant.successes, variant.trials);
  return { estimate: ratio - 1, low: ratio * Math.exp(-z * se) - 1, high: ratio * Math.exp(z * se) - 1 };
}

function logRatio(x0: number, n0: number, x1: number, n1: number): { ratio: number; se: number } {
  const ratio = x1 / n1 / (x0 / n0);
  // 1/x − 1/n can round to a hair below 0 when x = n.
  const se = Math.sqrt(Math.max(0, 1 / x1 - 1 / n1 + 1 / x0 - 1 / n0));
  return { ratio, se };
}

/**
 * Difference of two rates (variant − control) with Newcombe's hybrid score interval (Newcombe 1998,
 * "Interval estimation for the difference between independent proportions", method 10), built from
 * the two Wilson intervals. Well behaved at zero counts, where the Wald interval collapses.
 */
export function rateDifference(control: Proportion, variant: Proportion, confidence = 0.95): EstimateWithInterval {
  const c = wilsonInterval(control.successes, control.trials, confidence);
  const v = wilsonInterval(variant.successes, variant.trials, confidence);
  if (c.rate === null || v.rate === null) return { estimate: null, low: -1, high: 1 };
  const difference = v.rate - c.rate;
  const low = difference - Math.hypot(v.rate - v.low, c.high - c.rate);
  const high = difference + Math.hypot(v.high - v.rate, c.rate - c.low);
  return { estimate: difference, low: Math.max(-1, low), high: Math.min(1, high) };
}
