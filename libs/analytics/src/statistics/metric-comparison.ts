import { chanceToBeatControl } from './bayesian';
import { normalCdf, normalQuantile, studentTQuantile } from './distributions';
import { assessDetectability } from './power';
import { type EstimateWithInterval, type Proportion, relativeLift, twoProportionZTest, wilsonInterval } from './proportions';
import { StatisticsError } from './statistics.errors';
import { relativeMeanLift, type SampleSummary, welchTTest } from './welch';

/** The metrics an experiment can be decided on. Open rate is reported but never decides: machine opens inflate it. */
export type ExperimentMetric = 'click_rate' | 'conversion_rate' | 'revenue_per_recipient';

/** A challenger's standing against the control on one metric. */
export type Verdict = 'winner' | 'loser' | 'no_difference_yet' | 'too_small_to_tell';

/** One arm's value of a metric (a rate or a mean per recipient) with its own interval; null without data. */
export interface MetricValue {
  readonly value: number | null;
  readonly low: number | null;
  readonly high: number | null;
}

/** A challenger against the control on one metric, before any multiple-comparison adjustment. */
export interface Comparison {
  /** Challenger − control, in the metric's units (rate points, or money per recipient). */
  readonly difference: number | null;
  /** Challenger / control − 1 with its interval. */
  readonly lift: EstimateWithInterval;
  readonly pValue: number | null;
  readonly chanceToBeatControl: number | null;
  /** The smallest |difference| this sample detects at the comparison's alpha and power; null if none is detectable. */
  readonly minimumDetectableEffect: number | null;
  /** Recipients per arm needed to detect the observed difference; null for no difference or no data. */
  readonly requiredSamplePerArm: number | null;
  /** The observed difference is smaller than the minimum detectable effect (or nothing is detectable). */
  readonly undetectable: boolean;
}

/** alpha (already corrected for several challengers) and power for detectability; confidence for lift intervals. */
export interface ComparisonSettings {
  readonly alpha: number;
  readonly power: number;
  readonly intervalConfidence: number;
}

/** A rate with its Wilson interval. */
export function rateValue(arm: Proportion, confidence: number): MetricValue {
  const { rate, low, high } = wilsonInterval(arm.successes, arm.trials, confidence);
  return rate === null ? { value: null, low: null, high: null } : { value: rate, low, high };
}

/**
 * A mean per recipient of non-negative values (revenue per recipient) with an interval that never goes below 0:
 * the t interval of log(mean) by the delta method, SE(log x̄) ≈ (s/√n)/x̄, mapped back: x̄·exp(±t_{n−1}·s/(√n·x̄)).
 * The plain t interval x̄ ± t·s/√n went below 0 whenever few recipients bought (3 buyers of 100: −0.69 to 4.39);
 * this one is skewed upwards as revenue is. No interval below 2 recipients; all zeros give [0, 0].
 */
export function meanValue(summary: SampleSummary, confidence: number): MetricValue {
  if (summary.n === 0) return { value: null, low: null, high: null };
  if (summary.n < 2) return { value: summary.mean, low: null, high: null };
  if (summary.mean < 0) throw new StatisticsError('INVALID_SUMMARY', 'mean', `must be ≥ 0 for a mean of non-negative values, got ${summary.mean}`);
  const standardError = Math.sqrt(summary.variance / summary.n);
  if (summary.mean === 0 || standardError === 0) return { value: summary.mean, low: summary.mean, high: summary.mean };
  const spread = Math.exp(studentTQuantile(1 - (1 - confidence) / 2, summary.n - 1) * standardError / summary.mean);
  return { value: summary.mean, low: summary.mean / spread, high: summary.mean * spread };
}

/** Click or conversion rate: pooled z-test, Katz lift interval, exact Beta-Binomial chance to beat control, rate MDE. */
export function compareRates(control: Proportion, variant: Proportion, settings: ComparisonSettings): Comparison {
  const { pValue } = twoProportionZTest(control, variant);
  const detectability = assessDetectability(control, variant, pValue, { alpha: settings.alpha, power: settings.power });
  const mde = detectability.minimumDetectable.absolute;
  const difference = detectability.observedAbsolute;
  return {
    difference,
    lift: relativeLift(control, variant, settings.intervalConfidence),
    pValue: control.trials > 0 && variant.trials > 0 ? pValue : null,
    chanceToBeatControl: chanceToBeatControl(control, variant),
    minimumDetectableEffect: mde,
    requiredSamplePerArm: detectability.requiredSamplePerArm,
    undetectable: difference === null || mde === null || Math.abs(difference) < mde,
  };
}

/**
 * Revenue per recipient: Welch's test and delta-method lift. Chance to beat control is
 * Φ(difference / SE), the posterior P(difference > 0) under flat priors in the normal
 * approximation that Welch's test already relies on. MDE = (z_{1−α/2} + z_{power})·SE, and the
 * required sample per arm for the observed difference d is (z_{1−α/2} + z_{power})²·(s²_c + s²_v)/d².
 */
export function compareMeans(control: SampleSummary, variant: SampleSummary, settings: ComparisonSettings): Comparison {
  const welch = welchTTest(control, variant, settings.intervalConfidence);
  const lift = relativeMeanLift(control, variant, settings.intervalConfidence);
  const { difference, standardError: se } = welch;
  if (difference === null || se === null) {
    return { difference, lift, pValue: null, chanceToBeatControl: null, minimumDetectableEffect: null, requiredSamplePerArm: null, undetectable: true };
  }
  const zSum = normalQuantile(1 - settings.alpha / 2) + normalQuantile(settings.power);
  const mde = zSum * se;
  const chance = se > 0 ? normalCdf(difference / se) : difference > 0 ? 1 : difference < 0 ? 0 : 0.5;
  // A test needs two recipients per arm, even when neither arm varies.
  const required = difference === 0 ? null : Math.max(2, Math.ceil((zSum ** 2 * (control.variance + variant.variance)) / difference ** 2));
  return {
    difference,
    lift,
    pValue: welch.pValue,
    chanceToBeatControl: chance,
    minimumDetectableEffect: mde,
    requiredSamplePerArm: required,
    undetectable: Math.abs(difference) < mde,
  };
}

/**
 * The verdict for one challenger on one metric:
 * - 'too_small_to_tell' while either arm is below the minimum sample, whatever the p-value
 *   (early peeks at tiny samples are where false winners come from);
 * - 'winner' / 'loser' when the adjusted p-value is below alpha, by the sign of the difference;
 * - otherwise 'too_small_to_tell' when the observed difference is below the minimum detectable
 *   effect of the current sample, and 'no_difference_yet' when the sample could have detected a
 *   difference that large yet the test did not find one.
 */
export function verdictFor(comparison: Comparison, adjustedPValue: number | null, alpha: number, enoughSample: boolean): Verdict {
  if (!enoughSample) return 'too_small_to_tell';
  if (adjustedPValue !== null && adjustedPValue < alpha && comparison.difference !== null && comparison.difference !== 0) {
    return comparison.difference > 0 ? 'winner' : 'loser';
  }
  return comparison.undetectable ? 'too_small_to_tell' : 'no_difference_yet';
}
