import { holmAdjust } from '../statistics/multiple-comparisons';
import { regularizedBeta } from '../statistics/special-functions';

/**
 * P(X ≤ k) for X ~ Binomial(n, p), through the regularized incomplete beta:
 * P(X ≤ k) = I_{1−p}(n − k, k + 1). Exact, no normal approximation, so it holds for the small
 * areas a neighbourhood report is made of.
 */
export function binomialCdf(k: number, n: number, p: number): number {
  if (k < 0) return 0;
  if (k >= n) return 1;
  if (p <= 0) return 1;
  if (p >= 1) return 0;
  return regularizedBeta(1 - p, n - k, k + 1);
}

/** One group's reach (customers reached of its eligible customers) tested against the rate over all groups. */
export interface ReachTest {
  /** One-sided exact binomial p-value: the chance of reaching this few or fewer if the group were reached at the overall rate. */
  pValue: number | null;
  /** Holm-adjusted over the groups of the same report line-up. */
  adjustedPValue: number | null;
  /** Reached significantly less than its share (adjusted p < α). */
  flagged: boolean;
}

/**
 * Tests every group's reached count x_i of n_i eligible against the overall rate X / N (one-sided,
 * "reached less"), then Holm-adjusts over the groups. Groups with no eligible customers, or a
 * report where nobody was reached, have no test (null p, not flagged).
 */
export function underReachTests(groups: readonly { reached: number; eligible: number }[], alpha: number): ReachTest[] {
  const reached = groups.reduce((s, g) => s + g.reached, 0);
  const eligible = groups.reduce((s, g) => s + g.eligible, 0);
  const rate = eligible === 0 ? 0 : reached / eligible;
  const pValues = groups.map((g) => (reached === 0 || g.eligible === 0 ? null : binomialCdf(g.reached, g.eligible, rate)));
  const adjusted = holmAdjust(pValues);
  return groups.map((_, i) => ({ pValue: pValues[i], adjustedPValue: adjusted[i], flagged: adjusted[i] !== null && adjusted[i]! < alpha }));
}
