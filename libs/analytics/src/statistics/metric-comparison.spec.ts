import { type Comparison, compareMeans, meanValue, verdictFor } from './metric-comparison';
import { wilsonInterval } from './proportions';
import { expectCloseTo } from './testing/close-to';
import { summaryFromSums } from './welch';

const settings = { alpha: 0.05, power: 0.8, intervalConfidence: 0.95 };

describe('meanValue (revenue per recipient: an interval that never goes below zero)', () => {
  // Expected values: testing/non_negative_mean_reference.py, from the raw values (NumPy, SciPy's t quantile).
  it.each([
    ['1, 2, 3, 4', 4, 10, 30, 0.95, 1.099204382171787, 5.685930752615241],
    ['1, 2, 3, 4', 4, 10, 30, 0.99, 0.5533162462691963, 11.295529531513678],
    ['3 buyers (40, 25, 120) of 100', 100, 185, 16625, 0.95, 0.4675148251398808, 7.320623466808749],
    ['3 buyers (40, 25, 120) of 100', 100, 185, 16625, 0.99, 0.29954048663275235, 11.4258344121478],
    ['1 buyer (19.99) of 12', 12, 19.99, 399.6001, 0.95, 0.18439784372978976, 15.048986681811934],
    ['1 buyer (19.99) of 12', 12, 19.99, 399.6001, 0.99, 0.074609978787167, 37.19342559204356],
  ])('%s at %p: the log-scale t interval', (_label, n, sum, sumOfSquares, confidence, low, high) => {
    const value = meanValue(summaryFromSums(n, sum, sumOfSquares), confidence);
    expectCloseTo(value.value, sum / n, 1e-12);
    expectCloseTo(value.low, low, 1e-9);
    expectCloseTo(value.high, high, 1e-9);
  });

  it('stays at or above zero where the plain t interval went below it (3 buyers of 100: −0.69 to 4.39 before)', () => {
    for (const [n, sum, sumOfSquares] of [[100, 185, 16625], [12, 19.99, 399.6001], [2, 0.01, 0.0001], [500, 50, 250000]]) {
      expect(meanValue(summaryFromSums(n, sum, sumOfSquares), 0.99).low).toBeGreaterThan(0);
    }
    expect(meanValue(summaryFromSums(50, 0, 0), 0.95)).toEqual({ value: 0, low: 0, high: 0 });
  });

  it('has no interval below two values and no value without any', () => {
    expect(meanValue({ n: 1, mean: 7, variance: 0 }, 0.95)).toEqual({ value: 7, low: null, high: null });
    expect(meanValue({ n: 0, mean: 0, variance: 0 }, 0.95)).toEqual({ value: null, low: null, high: null });
  });
});

describe('rate intervals stay inside [0, 1] (Wilson)', () => {
  it('at 0 and at n successes, and for small n', () => {
    for (const [s, n] of [[0, 1], [1, 1], [0, 19], [19, 19], [1, 3], [0, 1000]]) {
      const { low, high } = wilsonInterval(s, n, 0.99);
      expect([low! >= 0, high! <= 1]).toEqual([true, true]);
    }
  });
});

describe('compareMeans', () => {
  // Two arms of 400 with variance 100 and means 10 and 11: SE = √(100/400 + 100/400) = √0.5.
  // Python (statistics.NormalDist): zs = inv_cdf(0.975) + inv_cdf(0.8) = 2.801585218112968;
  // MDE = zs·√0.5 = 1.9810199057996725; required = ceil(zs²·200/1²) = ceil(1569.78) = 1570;
  // chance = Φ(1/√0.5) = 0.9213503964748574.
  it('sizes the observed difference and gives the normal-approximation chance to beat control', () => {
    const comparison = compareMeans({ n: 400, mean: 10, variance: 100 }, { n: 400, mean: 11, variance: 100 }, settings);
    expect(comparison.difference).toBe(1);
    expectCloseTo(comparison.minimumDetectableEffect, 1.9810199057996725, 1e-12);
    expect(comparison.requiredSamplePerArm).toBe(1570);
    expectCloseTo(comparison.chanceToBeatControl, 0.9213503964748574, 1e-12);
    expect(comparison.undetectable).toBe(true);
  });

  it('is certain when neither arm varies', () => {
    const comparison = compareMeans({ n: 50, mean: 0, variance: 0 }, { n: 50, mean: 2, variance: 0 }, settings);
    expect(comparison).toMatchObject({ pValue: 0, chanceToBeatControl: 1, minimumDetectableEffect: 0, requiredSamplePerArm: 2, undetectable: false });
  });
});

describe('verdictFor', () => {
  const comparison = (difference: number | null, undetectable: boolean): Comparison => ({
    difference, undetectable, lift: { estimate: null, low: null, high: null }, pValue: null, chanceToBeatControl: null, minimumDetectableEffect: null, requiredSamplePerArm: null,
  });

  it.each([
    ['significant and up', comparison(0.02, false), 0.01, true, 'winner'],
    ['significant and down', comparison(-0.02, false), 0.01, true, 'loser'],
    ['significant but below the minimum sample', comparison(0.02, false), 0.01, false, 'too_small_to_tell'],
    ['not significant, below the MDE', comparison(0.002, true), 0.3, true, 'too_small_to_tell'],
    ['not significant, at least the MDE', comparison(0.03, false), 0.06, true, 'no_difference_yet'],
    ['no p-value', comparison(0.03, true), null, true, 'too_small_to_tell'],
    ['exactly alpha is not significant', comparison(0.03, false), 0.05, true, 'no_difference_yet'],
  ] as const)('%s → %s', (_name, c, adjustedP, enough, expected) => {
    expect(verdictFor(c, adjustedP, 0.05, enough)).toBe(expected);
  });
});
