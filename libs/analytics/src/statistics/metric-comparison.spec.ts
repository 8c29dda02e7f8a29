import { type Comparison, compareMeans, meanValue, verdictFor } from './metric-comparison';
import { expectCloseTo } from './testing/close-to';

const settings = { alpha: 0.05, power: 0.8, intervalConfidence: 0.95 };

describe('meanValue', () => {
  it('is the t interval of the mean (values 1, 2, 3, 4: 2.5 ± t₀.₉₇₅,₃·√(5/3 / 4))', () => {
    // python3 -c "from scipy import stats; import math; h = stats.t.ppf(0.975, 3)*math.sqrt((5/3)/4); print(repr(2.5 - h), repr(2.5 + h))"
    const value = meanValue({ n: 4, mean: 2.5, variance: 5 / 3 }, 0.95);
    expect(value.value).toBe(2.5);
    expectCloseTo(value.low, 0.4457397432394794, 1e-12);
    expectCloseTo(value.high, 4.554260256760521, 1e-12);
  });

  it('has no interval below two values and no value without any', () => {
    expect(meanValue({ n: 1, mean: 7, variance: 0 }, 0.95)).toEqual({ value: 7, low: null, high: null });
    expect(meanValue({ n: 0, mean: 0, variance: 0 }, 0.95)).toEqual({ value: null, low: null, high: null });
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
