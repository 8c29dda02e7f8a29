import { studentTQuantile, studentTTwoSidedP } from './distributions';
import { type EstimateWithInterval, zForConfidence } from './proportions';
import { requireCount, requireFinite, requireOpenProbability, StatisticsError } from './statistics.errors';

/** A sample reduced to its size, mean and unbiased (n − 1) variance. */
export interface SampleSummary {
  readonly n: number;
  readonly mean: number;
  readonly variance: number;
}

/** Welch's test of variant mean − control mean; the test fields are null when an arm has fewer than 2 values. */
export interface WelchResult {
  readonly difference: number | null;
  readonly standardError: number | null;
  readonly t: number | null;
  /** Welch–Satterthwaite degrees of freedom (fractional). */
  readonly degreesOfFreedom: number | null;
  readonly pValue: number | null;
  readonly low: number | null;
  readonly high: number | null;
}

/**
 * A summary from SQL aggregates: n = count(*), sum = sum(x), sumOfSquares = sum(x²), so revenue
 * per recipient (zero for most recipients) never leaves the database row by row. The variance
 * (Σx² − (Σx)²/n)/(n − 1) is clamped at 0 against rounding; an empty sample has mean 0, and a
 * single value variance 0.
 */
export function summaryFromSums(n: number, sum: number, sumOfSquares: number): SampleSummary {
  requireCount(n, 'n');
  requireFinite(sum, 'sum');
  requireFinite(sumOfSquares, 'sumOfSquares');
  if (n === 0) {
    if (sum !== 0 || sumOfSquares !== 0) throw new StatisticsError('INVALID_SUMMARY', 'sum', 'must be 0 for an empty sample');
    return { n, mean: 0, variance: 0 };
  }
  const centred = sumOfSquares - (sum * sum) / n;
  // Σx² ≥ (Σx)²/n always (Cauchy–Schwarz); anything clearly below is not a sum of squares.
  if (centred < -1e-9 * Math.max(1, sumOfSquares)) {
    throw new StatisticsError('INVALID_SUMMARY', 'sumOfSquares', `must be at least sum²/n (${sumOfSquares} < ${(sum * sum) / n})`);
  }
  return { n, mean: sum / n, variance: n > 1 ? Math.max(0, centred) / (n - 1) : 0 };
}

/**
 * Welch's unequal-variances t-test of variant − control (Welch 1947), from summaries:
 * t = (m_v − m_c) / √(s²_c/n_c + s²_v/n_v), df by Welch–Satterthwaite, two-sided p-value, and the
 * difference's t interval. Revenue per recipient is heavily skewed, but with hundreds of recipients
 * per arm the mean's sampling distribution is close enough to normal for this test. When both
 * arms have zero variance the result is exact: p = 1 and a zero-width interval for equal means,
 * p = 0 otherwise.
 */
export function welchTTest(control: SampleSummary, variant: SampleSummary, confidence = 0.95): WelchResult {
  requireSummary(control, 'control');
  requireSummary(variant, 'variant');
  requireOpenProbability(confidence, 'confidence');
  const difference = control.n > 0 && variant.n > 0 ? variant.mean - control.mean : null;
  if (difference === null || control.n < 2 || variant.n < 2) {
    return { difference, standardError: null, t: null, degreesOfFreedom: null, pValue: null, low: null, high: null };
  }
  const vc = control.variance / control.n;
  const vv = variant.variance / variant.n;
  const standardError = Math.sqrt(vc + vv);
  if (standardError === 0) {
    const degreesOfFreedom = control.n + variant.n - 2;
    const t = difference === 0 ? 0 : Math.sign(difference) * Infinity;
    return { difference, standardError, t, degreesOfFreedom, pValue: difference === 0 ? 1 : 0, low: difference, high: difference };
  }
  const degreesOfFreedom = (vc + vv) ** 2 / (vc ** 2 / (control.n - 1) + vv ** 2 / (variant.n - 1));
  const t = difference / standardError;
  const margin = studentTQuantile(1 - (1 - confidence) / 2, degreesOfFreedom) * standardError;
  return { difference, standardError, t, degreesOfFreedom, pValue: studentTTwoSidedP(t, degreesOfFreedom), low: difference - margin, high: difference + margin };
}

/**
 * Relative lift of the variant mean over the control mean, m_v / m_c − 1, with a delta-method
 * interval on the log ratio: Var(ln m_v − ln m_c) ≈ s²_v/(n_v·m_v²) + s²_c/(n_c·m_c²), normal
 * critical value, back-transformed. Undefined (all null) when the control mean is not positive;
 * −1 without an interval when the variant mean is 0; interval null when an arm has fewer than 2 values.
 */
export function relativeMeanLift(control: SampleSummary, variant: SampleSummary, confidence = 0.95): EstimateWithInterval {
  requireSummary(control, 'control');
  requireSummary(variant, 'variant');
  const z = zForConfidence(confidence);
  if (control.n === 0 || variant.n === 0 || !(control.mean > 0)) return { estimate: null, low: null, high: null };
  const ratio = variant.mean / control.mean;
  if (!(variant.mean > 0) || control.n < 2 || variant.n < 2) return { estimate: ratio - 1, low: null, high: null };
  const se = Math.sqrt(control.variance / (control.n * control.mean ** 2) + variant.variance / (variant.n * variant.mean ** 2));
  return { estimate: ratio - 1, low: ratio * Math.exp(-z * se) - 1, high: ratio * Math.exp(z * se) - 1 };
}

function requireSummary(summary: SampleSummary, field: string): void {
  requireCount(summary.n, `${field}.n`);
  requireFinite(summary.mean, `${field}.mean`);
  if (!Number.isFinite(summary.variance) || summary.variance < 0) {
    throw new StatisticsError('INVALID_SUMMARY', `${field}.variance`, `must be a finite number ≥ 0, got ${summary.variance}`);
  }
}
