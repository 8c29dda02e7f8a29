import { bonferroniConfidence, holmAdjust } from './multiple-comparisons';

describe('holmAdjust', () => {
  it.each([
    // By hand: sorted 0.01·3 = 0.03, 0.03·2 = 0.06, 0.04·1 = 0.04 → running max 0.06.
    [[0.01, 0.04, 0.03], [0.03, 0.06, 0.06]],
    // By hand, with the cap: 0.2·3 = 0.6, 0.5·2 = 1.0, 0.6·1 = 0.6 → running max 1.
    [[0.5, 0.2, 0.6], [1, 0.6, 1]],
    // One comparison is unadjusted.
    [[0.037], [0.037]],
    // Ties: 0.02·2 = 0.04 for both.
    [[0.02, 0.02], [0.04, 0.04]],
  ])('%p → %p', (pValues, expected) => {
    holmAdjust(pValues).forEach((p, i) => expect(p).toBeCloseTo(expected[i], 14));
  });

  it('keeps a missing p-value missing but counts it in m', () => {
    // m = 3: 0.01·3 = 0.03, 0.02·2 = 0.04.
    const adjusted = holmAdjust([0.02, null, 0.01]);
    expect(adjusted[1]).toBeNull();
    expect(adjusted[0]).toBeCloseTo(0.04, 14);
    expect(adjusted[2]).toBeCloseTo(0.03, 14);
  });

  it('never rejects less than Bonferroni', () => {
    const pValues = [0.004, 0.012, 0.02, 0.3];
    holmAdjust(pValues).forEach((p, i) => expect(p).toBeLessThanOrEqual(Math.min(1, pValues[i] * pValues.length)));
  });
});

describe('bonferroniConfidence', () => {
  it('splits the error rate: 95 % over 2 comparisons is 97.5 %, over 4 is 98.75 %', () => {
    expect(bonferroniConfidence(0.95, 1)).toBe(0.95);
    expect(bonferroniConfidence(0.95, 2)).toBeCloseTo(0.975, 15);
    expect(bonferroniConfidence(0.95, 4)).toBeCloseTo(0.9875, 15);
  });
});
