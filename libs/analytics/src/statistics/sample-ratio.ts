import { chiSquareSurvival } from './distributions';
import { requireCount, StatisticsError } from './statistics.errors';

/** The conventional sample-ratio-mismatch alarm: a chi-square p-value below 0.001. */
export const SRM_P_THRESHOLD = 0.001;

export interface SampleRatioResult {
  /** Pearson's X² = Σ (observed − expected)² / expected; Infinity when an arm weighted 0 received anyone. */
  readonly chiSquare: number;
  readonly degreesOfFreedom: number;
  readonly pValue: number;
  /** pValue < threshold: the split is not the configured one, so the arms are not comparable. */
  readonly mismatch: boolean;
  readonly expected: number[];
}

/**
 * Sample-ratio-mismatch check: Pearson's chi-square goodness of fit of the enrolled counts per arm
 * to the configured weights, with (arms − 1) degrees of freedom. An SRM means assignment or logging
 * is broken (Fabijan et al., "Diagnosing Sample Ratio Mismatch in Online Controlled Experiments",
 * KDD 2019), and every other A/B number is then suspect. Arms with weight 0 that nobody entered are
 * left out; an arm with weight 0 that someone entered is a mismatch outright.
 */
export function sampleRatioMismatch(observed: readonly number[], weights: readonly number[], threshold = SRM_P_THRESHOLD): SampleRatioResult {
  validate(observed, weights);
  const total = observed.reduce((sum, n) => sum + n, 0);
  const weightSum = weights.reduce((sum, w) => sum + w, 0);
  const expected = weights.map((w) => (total * w) / weightSum);
  let chiSquare = 0;
  let categories = 0;
  observed.forEach((n, i) => {
    if (expected[i] > 0) {
      chiSquare += (n - expected[i]) ** 2 / expected[i];
      categories += 1;
    } else if (n > 0) chiSquare = Infinity;
  });
  const degreesOfFreedom = Math.max(0, categories - 1);
  let pValue = 1;
  if (chiSquare === Infinity) pValue = 0;
  else if (degreesOfFreedom > 0) pValue = chiSquareSurvival(chiSquare, degreesOfFreedom);
  return { chiSquare, degreesOfFreedom, pValue, mismatch: pValue < threshold, expected };
}

function validate(observed: readonly number[], weights: readonly number[]): void {
  if (observed.length !== weights.length) {
    throw new StatisticsError('INVALID_WEIGHTS', 'weights', `must have one weight per arm (${weights.length} weights, ${observed.length} arms)`);
  }
  observed.forEach((n, i) => requireCount(n, `observed[${i}]`));
  weights.forEach((w, i) => {
    if (!Number.isFinite(w) || w < 0) throw new StatisticsError('INVALID_WEIGHTS', `weights[${i}]`, `must be a finite number ≥ 0, got ${w}`);
  });
  if (!weights.some((w) => w > 0)) throw new StatisticsError('INVALID_WEIGHTS', 'weights', 'must have at least one weight above 0');
}
