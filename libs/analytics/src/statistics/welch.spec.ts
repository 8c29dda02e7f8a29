import { StatisticsError } from './statistics.errors';
import { expectCloseTo } from './testing/close-to';
import { relativeMeanLift, summaryFromSums, welchTTest } from './welch';

// Wikipedia, "Welch's t-test", worked examples 1 and 3 (t = 2.46, ν ≈ 25.0, p = 0.021 and t = 2.22,
// ν ≈ 24.5, p = 0.036, quoted to 2–3 figures; the page reports A1 − A2, hence the opposite sign).
// Full precision, including the intervals, from SciPy 1.17.1 on the raw data:
//   python3 -c "from scipy import stats; r = stats.ttest_ind(A2, A1, equal_var=False); ci = r.confidence_interval(0.95);
//     print(repr(r.statistic), repr(r.df), repr(r.pvalue), repr(ci.low), repr(ci.high))"
const A1 = [27.5, 21.0, 19.0, 23.6, 17.0, 17.9, 16.9, 20.1, 21.9, 22.6, 23.1, 19.6, 19.0, 21.7, 21.4];
const A2 = [27.1, 22.0, 20.8, 23.4, 23.4, 23.5, 25.8, 22.0, 24.8, 20.2, 21.9, 22.1, 22.9, 20.5, 24.4];
const B1 = [19.8, 20.4, 19.6, 17.8, 18.5, 18.9, 18.3, 18.9, 19.5, 22.0];
const B2 = [28.2, 26.6, 20.1, 23.3, 25.2, 22.1, 17.7, 27.6, 20.6, 13.7, 23.2, 17.5, 20.6, 18.0, 23.9, 21.6, 24.3, 20.4, 23.9, 13.3];

const fromValues = (values: number[]) => summaryFromSums(values.length, values.reduce((s, x) => s + x, 0), values.reduce((s, x) => s + x * x, 0));

describe('summaryFromSums', () => {
  it('recovers the mean and the n − 1 variance (numpy.mean, numpy.var(ddof=1) of A1)', () => {
    const summary = fromValues(A1);
    expect(summary.n).toBe(15);
    expectCloseTo(summary.mean, 20.819999999999997, 1e-14);
    expectCloseTo(summary.variance, 7.867428571428571, 1e-12);
  });

  it('handles empty and single-value samples', () => {
    expect(summaryFromSums(0, 0, 0)).toEqual({ n: 0, mean: 0, variance: 0 });
    expect(summaryFromSums(1, 42, 1764)).toEqual({ n: 1, mean: 42, variance: 0 });
    // All values equal: rounding may leave Σx² a hair under (Σx)²/n; the variance is 0, not negative.
    expect(summaryFromSums(3, 0.3, 0.03).variance).toBeGreaterThanOrEqual(0);
  });

  it.each([
    [0, 5, 0],
    [3, 10, 1], // 1 < 100/3
    [-1, 0, 0],
    [2, NaN, 1],
  ])('rejects n %p, sum %p, sum of squares %p', (n, sum, sumOfSquares) => {
    expect(() => summaryFromSums(n, sum, sumOfSquares)).toThrow(StatisticsError);
  });
});

describe('welchTTest', () => {
  it.each([
    ['Wikipedia example 1', A1, A2, 0.95, [2.455356398286006, 24.988529290231416, 0.021378001462866992, 0.3492370661924069, 3.984096267140929]],
    ['Wikipedia example 1 at 90 %', A1, A2, 0.9, [2.455356398286006, 24.988529290231416, 0.021378001462866992, 0.6593347835830357, 3.6739985497502996]],
    ['Wikipedia example 3', B1, B2, 0.95, [2.225512039969852, 24.524634944257343, 0.035484530830010394, 0.16354134987944358, 4.276458650120555]],
    ['Wikipedia example 3 at 90 %', B1, B2, 0.9, [2.225512039969852, 24.524634944257343, 0.035484530830010394, 0.5148188518893204, 3.925181148110677]],
  ])('%s', (_name, control, variant, confidence, [t, df, p, low, high]) => {
    const result = welchTTest(fromValues(control), fromValues(variant), confidence);
    expectCloseTo(result.t, t, 1e-10);
    expectCloseTo(result.degreesOfFreedom, df, 1e-10);
    expectCloseTo(result.pValue, p, 1e-9);
    expectCloseTo(result.low, low, 1e-9);
    expectCloseTo(result.high, high, 1e-9);
  });

  it('compares revenue per recipient from SQL sums at 100,000 recipients per arm', () => {
    // stats.ttest_ind_from_stats(m_v, √v_v, 100500, m_c, √v_c, 100000, equal_var=False) for t and p;
    // df by the Welch–Satterthwaite formula and the interval as d ± stats.t.ppf(0.975, df)·se in Python.
    const control = summaryFromSums(100000, 250000, 25_000_000);
    const variant = summaryFromSums(100500, 270000, 27_500_000);
    const result = welchTTest(control, variant);
    expectCloseTo(result.difference, 0.1865671641791047, 1e-12);
    expectCloseTo(result.t, 2.6154291165130914, 1e-10);
    expectCloseTo(result.degreesOfFreedom, 200186.56778289116, 1e-10);
    expectCloseTo(result.pValue, 0.008912209894010321, 1e-8);
    expectCloseTo(result.low, 0.04675563915232256, 1e-8);
    expectCloseTo(result.high, 0.3263786892058868, 1e-8);
  });

  it('identical arms give t = 0 and p = 1', () => {
    const arm = fromValues(A1);
    expect(welchTTest(arm, arm)).toMatchObject({ difference: 0, t: 0, pValue: 1 });
  });

  it('is exact when neither arm varies', () => {
    const zeros = summaryFromSums(500, 0, 0);
    expect(welchTTest(zeros, zeros)).toEqual({ difference: 0, standardError: 0, t: 0, degreesOfFreedom: 998, pValue: 1, low: 0, high: 0 });
    const fives = summaryFromSums(10, 50, 250);
    expect(welchTTest(zeros, fives)).toMatchObject({ difference: 5, t: Infinity, pValue: 0, low: 5, high: 5 });
  });

  it('has no test with fewer than two values in an arm', () => {
    const result = welchTTest(summaryFromSums(1, 3, 9), fromValues(A2));
    expect(result.t).toBeNull();
    expect(result.pValue).toBeNull();
    expect(result.low).toBeNull();
    expectCloseTo(result.difference, 22.986666666666665 - 3, 1e-12);
    expect(welchTTest(summaryFromSums(0, 0, 0), fromValues(A2)).difference).toBeNull();
  });
});

describe('relativeMeanLift', () => {
  // Delta method on the log ratio, computed in Python with statistics.NormalDist:
  //   z = NormalDist().inv_cdf(0.975); se = math.sqrt(v_c/(n_c*m_c**2) + v_v/(n_v*m_v**2)); r = m_v/m_c
  //   print(repr(r - 1), repr(r*math.exp(-z*se) - 1), repr(r*math.exp(z*se) - 1))
  it('Wikipedia example 1 (A1 control, A2 variant)', () => {
    const lift = relativeMeanLift(fromValues(A1), fromValues(A2));
    expectCloseTo(lift.estimate, 0.10406660262568046, 1e-12);
    expectCloseTo(lift.low, 0.018572733365554983, 1e-10);
    expectCloseTo(lift.high, 0.19673639702265544, 1e-10);
  });

  it('revenue per recipient at 100,000 per arm', () => {
    const lift = relativeMeanLift(summaryFromSums(100000, 250000, 25_000_000), summaryFromSums(100500, 270000, 27_500_000));
    expectCloseTo(lift.estimate, 0.07462686567164178, 1e-12);
    expectCloseTo(lift.low, 0.018201229814987174, 1e-10);
    expectCloseTo(lift.high, 0.13417943978823788, 1e-10);
  });

  it('is undefined over a control mean of 0 and −1 without an interval for a variant mean of 0', () => {
    const zeros = summaryFromSums(100, 0, 0);
    expect(relativeMeanLift(zeros, fromValues(A1))).toEqual({ estimate: null, low: null, high: null });
    expect(relativeMeanLift(fromValues(A1), zeros)).toEqual({ estimate: -1, low: null, high: null });
  });
});
