import { normalQuantile } from './distributions';
import { type Proportion } from './proportions';
import { requireCount, requireOpenProbability, requireSuccesses, StatisticsError } from './statistics.errors';

/** Significance level and power of a planned two-sided comparison of two rates. */
export interface PowerSettings {
  /** Two-sided significance level; 0.05 unless given. */
  readonly alpha?: number;
  /** Probability of detecting a true effect of the given size; 0.8 unless given. */
  readonly power?: number;
}

/**
 * Recipients needed in each of two equal arms for a two-sided test at `alpha` to detect a change
 * from rate p1 to p2 with the given power, without continuity correction (Fleiss, Levin & Paik,
 * "Statistical Methods for Rates and Proportions", 3rd ed., 2003, ch. 4; the formula R's
 * power.prop.test solves):
 *   n = (z_{1−α/2}·√(2·p̄(1−p̄)) + z_{1−β}·√(p1(1−p1) + p2(1−p2)))² / (p1 − p2)²,  p̄ = (p1 + p2)/2,
 * rounded up. Null when p1 = p2: no sample detects a zero effect.
 */
export function requiredSampleSizePerArm(p1: number, p2: number, settings: PowerSettings = {}): number | null {
  requireRate(p1, 'p1');
  requireRate(p2, 'p2');
  const { zAlpha, zBeta } = criticalValues(settings);
  if (p1 === p2) return null;
  const mean = (p1 + p2) / 2;
  const numerator = zAlpha * Math.sqrt(2 * mean * (1 - mean)) + zBeta * Math.sqrt(p1 * (1 - p1) + p2 * (1 - p2));
  // Nudge below the ceiling so an exact integer result is not pushed up by rounding residue.
  return Math.ceil((numerator / (p1 - p2)) ** 2 - 1e-9);
}

/** The smallest change of a rate the current sample would detect, absolute (in rate points) and relative to the baseline. */
export interface MinimumDetectableEffect {
  /** |p2 − p1| at the detection boundary; null when no rate in that direction is detectable with this sample. */
  readonly absolute: number | null;
  /** absolute / p1; null when p1 is 0 or no effect is detectable. */
  readonly relative: number | null;
}

/**
 * Minimum detectable effect for the sample at hand: the p2 (above p1 for 'increase', below for
 * 'decrease') at which the sample-size formula above, generalised to arms of n_c and n_v,
 *   |p2 − p1| = z_{1−α/2}·√(p̄(1−p̄)(1/n_c + 1/n_v)) + z_{1−β}·√(p1(1−p1)/n_c + p2(1−p2)/n_v),
 * p̄ = (n_c·p1 + n_v·p2)/(n_c + n_v), holds; found by bisection. With n_c = n_v = n it is exactly
 * the inverse of `requiredSampleSizePerArm`.
 */
export function minimumDetectableEffect(
  baselineRate: number,
  sizes: { readonly control: number; readonly variant: number },
  direction: 'increase' | 'decrease' = 'increase',
  settings: PowerSettings = {},
): MinimumDetectableEffect {
  requireRate(baselineRate, 'baselineRate');
  requireCount(sizes.control, 'sizes.control');
  requireCount(sizes.variant, 'sizes.variant');
  const { zAlpha, zBeta } = criticalValues(settings);
  const none = { absolute: null, relative: null };
  if (sizes.control === 0 || sizes.variant === 0) return none;
  const p1 = baselineRate;
  const slack = (p2: number): number => {
    const pooled = (sizes.control * p1 + sizes.variant * p2) / (sizes.control + sizes.variant);
    const null0 = zAlpha * Math.sqrt(pooled * (1 - pooled) * (1 / sizes.control + 1 / sizes.variant));
    const alternative = zBeta * Math.sqrt((p1 * (1 - p1)) / sizes.control + (p2 * (1 - p2)) / sizes.variant);
    return null0 + alternative - Math.abs(p2 - p1);
  };
  const far = direction === 'increase' ? 1 : 0;
  if (far === p1 || slack(far) > 0) return none;
  // slack > 0 next to p1 (the sample cannot see a tiny effect) and ≤ 0 at the far end.
  let near = p1;
  let beyond = far;
  for (let i = 0; i < 200 && Math.abs(beyond - near) > 1e-15; i++) {
    const mid = (near + beyond) / 2;
    if (slack(mid) > 0) near = mid;
    else beyond = mid;
  }
  const absolute = Math.abs(beyond - p1);
  return { absolute, relative: p1 > 0 ? absolute / p1 : null };
}

/** Whether a comparison of two rates can say anything yet, and what it would take. */
export interface Detectability {
  readonly observedAbsolute: number | null;
  readonly observedRelative: number | null;
  readonly minimumDetectable: MinimumDetectableEffect;
  /** Recipients per arm needed to detect the observed change; null without a control rate or for a zero change. */
  readonly requiredSamplePerArm: number | null;
  /** Not significant and the observed change is smaller than the sample can detect (or nothing is detectable). */
  readonly tooSmallToTell: boolean;
}

/**
 * The "too small to tell" verdict: the observed change is not significant (pValue ≥ alpha) and is
 * smaller than the minimum detectable effect of the current sample in its direction, so the data
 * cannot tell it from noise; with the number of recipients per arm that would detect it.
 */
export function assessDetectability(control: Proportion, variant: Proportion, pValue: number, settings: PowerSettings = {}): Detectability {
  requireSuccesses(control.successes, control.trials, 'control');
  requireSuccesses(variant.successes, variant.trials, 'variant');
  const alpha = settings.alpha ?? 0.05;
  if (control.trials === 0 || variant.trials === 0) {
    return { observedAbsolute: null, observedRelative: null, minimumDetectable: { absolute: null, relative: null }, requiredSamplePerArm: null, tooSmallToTell: true };
  }
  const p1 = control.successes / control.trials;
  const p2 = variant.successes / variant.trials;
  const observed = p2 - p1;
  const sizes = { control: control.trials, variant: variant.trials };
  const minimumDetectable = minimumDetectableEffect(p1, sizes, observed >= 0 ? 'increase' : 'decrease', settings);
  const undetectable = minimumDetectable.absolute === null || Math.abs(observed) < minimumDetectable.absolute;
  return {
    observedAbsolute: observed,
    observedRelative: p1 > 0 ? observed / p1 : null,
    minimumDetectable,
    requiredSamplePerArm: requiredSampleSizePerArm(p1, p2, settings),
    tooSmallToTell: !(pValue < alpha) && undetectable,
  };
}

function criticalValues(settings: PowerSettings): { zAlpha: number; zBeta: number } {
  const alpha = settings.alpha ?? 0.05;
  const power = settings.power ?? 0.8;
  requireOpenProbability(alpha, 'alpha');
  requireOpenProbability(power, 'power');
  return { zAlpha: normalQuantile(1 - alpha / 2), zBeta: normalQuantile(power) };
}

function requireRate(rate: number, field: string): void {
  if (!(rate >= 0 && rate <= 1)) throw new StatisticsError('INVALID_PROBABILITY', field, `must be a rate between 0 and 1, got ${rate}`);
}
