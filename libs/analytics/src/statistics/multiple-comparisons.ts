/**
 * Holm's step-down adjustment of p-values for m comparisons (Holm 1979, "A simple sequentially
 * rejective multiple test procedure"): sort ascending, multiply the i-th smallest (i from 0) by
 * m − i, carry the running maximum, cap at 1. Rejecting where the adjusted p < α controls the
 * family-wise error rate at α, like Bonferroni, and never rejects less. Null p-values (no test
 * possible) stay null but still count in m, which errs on the safe side.
 */
export function holmAdjust(pValues: readonly (number | null)[]): (number | null)[] {
  const m = pValues.length;
  const order = pValues
    .map((p, index) => ({ p, index }))
    .filter((entry): entry is { p: number; index: number } => entry.p !== null)
    .sort((a, b) => a.p - b.p);
  const adjusted: (number | null)[] = pValues.map(() => null);
  let runningMax = 0;
  order.forEach(({ p, index }, rank) => {
    runningMax = Math.max(runningMax, Math.min(1, (m - rank) * p));
    adjusted[index] = runningMax;
  });
  return adjusted;
}

/** Bonferroni: each of m comparisons at α/m, so intervals at confidence 1 − (1 − c)/m hold simultaneously. */
export function bonferroniConfidence(confidence: number, comparisons: number): number {
  return comparisons <= 1 ? confidence : 1 - (1 - confidence) / comparisons;
}
