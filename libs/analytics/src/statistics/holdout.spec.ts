import { holdoutUplift } from './holdout';
import { incrementalRoi } from './roi';
import { StatisticsError } from './statistics.errors';
import { expectCloseTo } from './testing/close-to';

// 9,000 treated customers (450 converted, revenue 22,500, Σ revenue² 2,250,000) against a 1,000-customer
// holdout (40 converted, revenue 1,800, Σ revenue² 180,000). Expected values from SciPy 1.17.1:
// - rate difference: Newcombe's hybrid score formula over stats.binomtest(k, n).proportion_ci(c, 'wilson');
// - conversion p: stats.chi2_contingency([[40, 960], [450, 8550]], correction=False).pvalue;
// - revenue: means and n − 1 variances from the sums, Welch–Satterthwaite df, d ± stats.t.ppf(1 − (1 − c)/2, df)·se,
//   p from stats.ttest_ind_from_stats(m_t, s_t, 9000, m_c, s_c, 1000, equal_var=False);
// - incremental figures are those × 9,000, ROI = (incremental revenue − 1,000) / 1,000.
const treated = { n: 9000, conversions: 450, revenueSum: 22500, revenueSumOfSquares: 2_250_000 };
const holdout = { n: 1000, conversions: 40, revenueSum: 1800, revenueSumOfSquares: 180_000 };

describe('holdoutUplift', () => {
  it.each([
    [0.95, [-0.004658765461143665, 0.021493009647995335], [-0.18610441538166167, 1.5861044153816617], [-2.674939738434955, 13.274939738434956]],
    [0.9, [-0.0020597694412196332, 0.019827123608114207], [-0.04348276790810657, 1.4434827679081064], [-1.3913449111729592, 11.991344911172957]],
  ])('at %p', (confidence, [rateLow, rateHigh], [revenueLow, revenueHigh], [roiLow, roiHigh]) => {
    const uplift = holdoutUplift(treated, holdout, confidence);
    expectCloseTo(uplift.conversionRateDifference.estimate, 0.01, 1e-12);
    expectCloseTo(uplift.conversionRateDifference.low, rateLow, 1e-10);
    expectCloseTo(uplift.conversionRateDifference.high, rateHigh, 1e-10);
    expectCloseTo(uplift.conversionPValue, 0.16460842831794803, 1e-10);
    expectCloseTo(uplift.incrementalConversions.estimate, 90, 1e-12);
    expectCloseTo(uplift.incrementalConversions.low, rateLow * 9000, 1e-10);
    expectCloseTo(uplift.incrementalConversions.high, rateHigh * 9000, 1e-10);
    expectCloseTo(uplift.revenuePerRecipientDifference.estimate, 0.7, 1e-12);
    expectCloseTo(uplift.revenuePerRecipientDifference.low, revenueLow, 1e-9);
    expectCloseTo(uplift.revenuePerRecipientDifference.high, revenueHigh, 1e-9);
    expectCloseTo(uplift.revenuePValue, 0.12144333806720578, 1e-9);
    expectCloseTo(uplift.incrementalRevenue.estimate, 6300, 1e-12);
    expectCloseTo(uplift.incrementalRevenue.low, revenueLow * 9000, 1e-9);
    expectCloseTo(uplift.incrementalRevenue.high, revenueHigh * 9000, 1e-9);
    const roi = incrementalRoi(uplift.incrementalRevenue, 1000);
    expectCloseTo(roi.estimate, 5.3, 1e-12);
    expectCloseTo(roi.low, roiLow, 1e-9);
    expectCloseTo(roi.high, roiHigh, 1e-9);
  });

  it('no difference when the holdout behaves like the treated group', () => {
    const uplift = holdoutUplift(treated, { n: 1000, conversions: 50, revenueSum: 2500, revenueSumOfSquares: 250_000 });
    expect(uplift.conversionRateDifference.estimate).toBe(0);
    expect(uplift.conversionPValue).toBe(1);
    expect(uplift.incrementalRevenue.estimate).toBe(0);
    expect(uplift.revenuePValue).toBe(1);
  });

  it('an empty holdout measures nothing', () => {
    const uplift = holdoutUplift(treated, { n: 0, conversions: 0, revenueSum: 0, revenueSumOfSquares: 0 });
    expect(uplift.conversionRateDifference.estimate).toBeNull();
    expect(uplift.incrementalRevenue).toEqual({ estimate: null, low: null, high: null });
    expect(uplift.revenuePValue).toBeNull();
  });

  it('rejects more conversions than customers', () => {
    expect(() => holdoutUplift({ ...treated, conversions: 9001 }, holdout)).toThrow(StatisticsError);
  });
});
