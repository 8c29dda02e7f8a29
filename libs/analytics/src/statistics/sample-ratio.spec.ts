import { sampleRatioMismatch, SRM_P_THRESHOLD } from './sample-ratio';
import { StatisticsError } from './statistics.errors';
import { expectCloseTo } from './testing/close-to';

describe('sampleRatioMismatch', () => {
  it('flags the textbook SRM: 821,588 vs 815,482 on a 50/50 design has p ≈ 1.8e-6', () => {
    // Kohavi, Tang & Xu, "Trustworthy Online Controlled Experiments" (2020), ch. 3: "the p-value is 1.8E-6".
    // Full precision: python3 -c "from scipy import stats; r = stats.chisquare([821588, 815482]); print(repr(r.statistic), repr(r.pvalue))"
    const result = sampleRatioMismatch([821588, 815482], [50, 50]);
    expectCloseTo(result.chiSquare, 22.77436884189436, 1e-12);
    expect(result.degreesOfFreedom).toBe(1);
    expectCloseTo(result.pValue, 1.8217928726191858e-6, 1e-9);
    expect(result.mismatch).toBe(true);
    expect(result.expected).toEqual([818535, 818535]);
  });

  // scipy.stats.chisquare(observed, expected) with expected = total × weight / Σ weights (arms with
  // expected 0 dropped), SciPy 1.17.1.
  it.each([
    [[5000, 5100], [1, 1], 0.9900990099009901, 1, 0.3197181768128675, false],
    [[1000, 2100], [1, 2], 1.612903225806452, 1, 0.20408417776556959, false],
    // By hand: expected 3333⅓ each, X² = (2·33⅓² + 66⅔²)/3333⅓ = 2, and with 2 df p = e^{−1}.
    [[3300, 3300, 3400], [1, 1, 1], 2, 2, Math.exp(-1), false],
    [[48, 52, 0], [1, 1, 0], 0.16, 1, 0.6891565167793516, false],
    [[10, 0], [1, 1], 10, 1, 0.001565402258002549, false],
    [[9000, 1000], [9, 1], 0, 1, 1, false],
    [[8800, 1200], [90, 10], 44.44444444444444, 1, 2.6167849372106072e-11, true],
  ])('%p with weights %p → X² %p, df %p, p %p, mismatch %p', (observed, weights, chiSquare, df, p, mismatch) => {
    const result = sampleRatioMismatch(observed, weights);
    expectCloseTo(result.chiSquare, chiSquare, 1e-12, 1e-15);
    expect(result.degreesOfFreedom).toBe(df);
    expectCloseTo(result.pValue, p, 1e-10);
    expect(result.mismatch).toBe(mismatch);
  });

  it('uses p < 0.001 as the alarm', () => {
    expect(SRM_P_THRESHOLD).toBe(0.001);
    // 10 vs 0 on 50/50 has p = 0.00157: suspicious, not yet an alarm; a stricter threshold can be passed.
    expect(sampleRatioMismatch([10, 0], [1, 1], 0.01).mismatch).toBe(true);
  });

  it('is a mismatch outright when an arm weighted 0 received anyone', () => {
    const result = sampleRatioMismatch([50, 50, 1], [1, 1, 0]);
    expect(result.chiSquare).toBe(Infinity);
    expect(result.pValue).toBe(0);
    expect(result.mismatch).toBe(true);
  });

  it('has nothing to test without enrolments or with a single arm', () => {
    expect(sampleRatioMismatch([0, 0], [1, 1])).toMatchObject({ chiSquare: 0, pValue: 1, mismatch: false });
    expect(sampleRatioMismatch([120], [1])).toMatchObject({ chiSquare: 0, degreesOfFreedom: 0, pValue: 1, mismatch: false });
  });

  it.each([
    [[1, 2], [1]],
    [[1, 2], [0, 0]],
    [[1, 2], [1, -1]],
    [[1, 2.5], [1, 1]],
    [[1, 2], [1, NaN]],
  ])('rejects observed %p with weights %p', (observed, weights) => {
    expect(() => sampleRatioMismatch(observed, weights)).toThrow(StatisticsError);
  });
});
