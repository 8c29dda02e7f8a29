import { type Proportion } from './proportions';
import { requireOpenProbability, requireSuccesses, StatisticsError } from './statistics.errors';
import { type SampleSummary } from './welch';

/**
 * The default mixing standard deviation τ of the mSPRT, relative to the pooled baseline: 0.1, so
 * the test is most sensitive to a challenger that moves the rate (or revenue per recipient) by
 * about 10 % of its level, the lift an email or SMS variant plausibly has. Any τ > 0 keeps the
 * error guarantee; a τ far from the true effect only makes deciding slower.
 */
export const DEFAULT_MIXING_RELATIVE_EFFECT = 0.1;

/** What one challenger's always-valid test has seen so far: stored between looks so they agree. */
export interface SequentialLook {
  /** The running minimum of the mSPRT p-value over the looks so far (1 before any counted look). */
  readonly pValue: number;
  /** The running intersection of the confidence sequence at `alpha`; null while unbounded. */
  readonly low: number | null;
  readonly high: number | null;
  /** The level the interval was computed at; a different level restarts the intersection. */
  readonly alpha: number;
  /** Looks counted (every arm at the minimum sample, the arms' difference measurable). */
  readonly looks: number;
}

export interface AlwaysValidSettings {
  /** Level of the confidence sequence (already divided by the number of challengers when there are several). */
  readonly alpha: number;
  /** τ as a fraction of the pooled baseline rate or mean; DEFAULT_MIXING_RELATIVE_EFFECT unless given. */
  readonly mixingRelativeEffect?: number;
  /** Looks before every arm has this many recipients are not counted (normal approximation, plug-in variance). 0 unless given. */
  readonly minSamplePerArm?: number;
}

/** One challenger against the control under continuous monitoring. */
export interface AlwaysValidComparison {
  /** Challenger − control now, in the metric's units; null without data in an arm. */
  readonly difference: number | null;
  /** The mixing standard deviation τ of this look; null when the look was not counted. */
  readonly mixingSd: number | null;
  /** The mSPRT p-value of this look alone (1 when not counted). */
  readonly lookPValue: number;
  /** Always-valid p-value: the running minimum over the looks, so it never rises. */
  readonly pValue: number;
  /** Confidence sequence for the difference at `alpha`, intersected over the looks; null while unbounded. */
  readonly low: number | null;
  readonly high: number | null;
  readonly looks: number;
  /** What to store for the next look. */
  readonly state: SequentialLook;
}

/**
 * log Λ of the normal-mixture sequential probability ratio test of θ = θ0 (Johari, Pekelis & Walsh,
 * "Always Valid Inference: Continuous Monitoring of A/B Tests", Operations Research 2022, §4; arXiv
 * 1512.04922 (2017)): with θ̂ ~ N(θ, V) and the mixture θ ~ N(θ0, τ²) over the alternative,
 *   Λ = √(V/(V+τ²)) · exp(τ²(θ̂ − θ0)² / (2V(V+τ²))).
 * Λ is a martingale under θ0, so by Ville's inequality P(sup Λ ≥ 1/α) ≤ α however often one looks.
 */
export function msprtLogLikelihoodRatio(difference: number, variance: number, mixingVariance: number, theta0 = 0): number {
  if (!(variance > 0) || !(mixingVariance > 0)) throw new StatisticsError('INVALID_SUMMARY', 'variance', 'variance and mixing variance must be > 0');
  const d = difference - theta0;
  return 0.5 * Math.log(variance / (variance + mixingVariance)) + (mixingVariance * d * d) / (2 * variance * (variance + mixingVariance));
}

/** The p-value of one look, min(1, 1/Λ). */
export function msprtPValue(difference: number, variance: number, mixingVariance: number): number {
  return Math.min(1, Math.exp(-msprtLogLikelihoodRatio(difference, variance, mixingVariance)));
}

/**
 * Half-width of the confidence sequence at one look: the θ0 with Λ(θ0) < 1/α,
 *   |θ̂ − θ0| < √(V(V+τ²)/τ² · (2·ln(1/α) + ln((V+τ²)/V))).
 * It contains 0 exactly when the look's p-value is above α.
 */
export function confidenceSequenceHalfWidth(variance: number, mixingVariance: number, alpha: number): number {
  requireOpenProbability(alpha, 'alpha');
  if (!(variance > 0) || !(mixingVariance > 0)) throw new StatisticsError('INVALID_SUMMARY', 'variance', 'variance and mixing variance must be > 0');
  const v = variance;
  const t = mixingVariance;
  return Math.sqrt(((v * (v + t)) / t) * (2 * Math.log(1 / alpha) + Math.log((v + t) / v)));
}

/**
 * Difference of two rates (conversion or click rate) under continuous monitoring: θ̂ = p̂_v − p̂_c with
 * the plug-in variance p̃_c(1−p̃_c)/n_c + p̃_v(1−p̃_v)/n_v, p̃ = (x+1)/(n+2), and τ = mixingRelativeEffect ×
 * the pooled rate.
 * Combined with `previous` (the stored look), the p-value is the running minimum and the interval the
 * running intersection, so successive looks never contradict each other.
 */
export function compareRatesAlwaysValid(control: Proportion, variant: Proportion, settings: AlwaysValidSettings, previous: SequentialLook | null = null): AlwaysValidComparison {
  requireSuccesses(control.successes, control.trials, 'control');
  requireSuccesses(variant.successes, variant.trials, 'variant');
  const sizes = [control.trials, variant.trials] as const;
  if (control.trials === 0 || variant.trials === 0) return combine({ difference: null }, sizes, settings, previous);
  const pc = control.successes / control.trials;
  const pv = variant.successes / variant.trials;
  // The variance from (x + 1)/(n + 2) (as Agresti & Caffo's interval does): an arm at 0 % or 100 % still has
  // one, so 0 of 30 against 30 of 30 is evidence rather than a zero variance that says nothing.
  const smoothed = (p: Proportion) => (p.successes + 1) / (p.trials + 2);
  const sc = smoothed(control);
  const sv = smoothed(variant);
  const variance = (sc * (1 - sc)) / control.trials + (sv * (1 - sv)) / variant.trials;
  const pooled = (control.successes + variant.successes) / (control.trials + variant.trials);
  return combine({ difference: pv - pc, variance, baseline: pooled, limit: 1 }, sizes, settings, previous);
}

/**
 * Difference of two means (revenue per recipient) under continuous monitoring: θ̂ = x̄_v − x̄_c with the
 * plug-in variance s²_c/n_c + s²_v/n_v and τ = mixingRelativeEffect × the pooled mean; as for rates.
 */
export function compareMeansAlwaysValid(control: SampleSummary, variant: SampleSummary, settings: AlwaysValidSettings, previous: SequentialLook | null = null): AlwaysValidComparison {
  const sizes = [control.n, variant.n] as const;
  if (control.n < 2 || variant.n < 2) return combine({ difference: control.n && variant.n ? variant.mean - control.mean : null }, sizes, settings, previous);
  const variance = control.variance / control.n + variant.variance / variant.n;
  const pooled = (control.mean * control.n + variant.mean * variant.n) / (control.n + variant.n);
  return combine({ difference: variant.mean - control.mean, variance, baseline: Math.abs(pooled) }, sizes, settings, previous);
}

/** One look's estimate: the difference, its plug-in variance, the baseline τ scales with, and the bound |θ| ≤ limit. */
interface LookEstimate {
  readonly difference: number | null;
  readonly variance?: number;
  readonly baseline?: number;
  readonly limit?: number;
}

function combine(
  { difference, variance, baseline, limit = Infinity }: LookEstimate,
  [controlN, variantN]: readonly [number, number],
  settings: AlwaysValidSettings,
  previous: SequentialLook | null,
): AlwaysValidComparison {
  const { alpha } = settings;
  requireOpenProbability(alpha, 'alpha');
  const relative = settings.mixingRelativeEffect ?? DEFAULT_MIXING_RELATIVE_EFFECT;
  if (!(relative > 0) || !Number.isFinite(relative)) throw new StatisticsError('INVALID_EXPERIMENT', 'mixingRelativeEffect', `must be > 0, got ${relative}`);
  const before: SequentialLook = previous ?? { pValue: 1, low: null, high: null, alpha, looks: 0 };
  // A stored interval at another level cannot be intersected with this one; the p-value has no level and carries over.
  const prior = before.alpha === alpha ? before : { ...before, low: null, high: null, alpha };
  const enough = Math.min(controlN, variantN) >= (settings.minSamplePerArm ?? 0);
  const tau = relative * (baseline ?? 0);
  if (!enough || difference === null || variance === undefined || !(variance > 0) || !(tau > 0)) {
    return { difference, mixingSd: null, lookPValue: 1, pValue: prior.pValue, low: prior.low, high: prior.high, looks: prior.looks, state: prior };
  }
  const mixingVariance = tau * tau;
  const lookPValue = msprtPValue(difference, variance, mixingVariance);
  const half = confidenceSequenceHalfWidth(variance, mixingVariance, alpha);
  // A difference of rates lies in [−1, 1]; the sequence says so rather than run past it.
  let low = Math.max(prior.low ?? -Infinity, difference - half, -limit);
  let high = Math.min(prior.high ?? Infinity, difference + half, limit);
  // An empty intersection (chance ≤ α) would say nothing; keep the last non-empty one rather than invent a point.
  if (low > high) [low, high] = [prior.low ?? difference - half, prior.high ?? difference + half];
  const state: SequentialLook = { pValue: Math.min(prior.pValue, lookPValue), low, high, alpha, looks: prior.looks + 1 };
  return { difference, mixingSd: tau, lookPValue, pValue: state.pValue, low, high, looks: state.looks, state };
}
