import { rateDifference, relativeLift, twoProportionZTest, wilsonInterval, zForConfidence } from './proportions';
import { StatisticsError } from './statistics.errors';
import { expectCloseTo } from './testing/close-to';

describe('wilsonInterval', () => {
  // Newcombe (1998), "Two-sided confidence intervals for the single proportion: comparison of seven
  // methods", Stat Med 17:857–872, Table II, method 3 (Wilson score), 4 d.p.: 81/263 → 0.2553–0.3662,
  // 15/148 → 0.0624–0.1605, 0/20 → 0–0.1611, 1/29 → 0.0061–0.1718. Full precision from SciPy 1.17.1:
  //   python3 -c "from scipy import stats; ci = stats.binomtest(81, 263).proportion_ci(0.95, 'wilson'); print(repr(ci.low), repr(ci.high))"
  it.each([
    [81, 263, 0.95, 0.2552885198782742, 0.36620957698280004],
    [15, 148, 0.95, 0.06238639953073629, 0.16048724172330803],
    [0, 20, 0.95, 0, 0.16112515805281935],
    [1, 29, 0.95, 0.006113214292762667, 0.17175521879320282],
    [29, 29, 0.95, 0.8830302015002592, 1],
    [5, 10, 0.99, 0.1842255182472355, 0.8157744817527646],
    [1200, 50000, 0.95, 0.022694611998700404, 0.025378523758285636],
    [3, 7, 0.9, 0.18644319036395607, 0.7105229089864071],
  ])('%p of %p at %p → [%p, %p]', (successes, trials, confidence, low, high) => {
    const result = wilsonInterval(successes, trials, confidence);
    expect(result.rate).toBe(successes / trials);
    expectCloseTo(result.low, low, 1e-12, 1e-15);
    expectCloseTo(result.high, high, 1e-12, 1e-15);
  });

  it('gives exact 0 and 1 bounds at 0 % and 100 %', () => {
    expect(wilsonInterval(0, 20).low).toBe(0);
    expect(wilsonInterval(29, 29).high).toBe(1);
  });

  it('has no rate and the whole [0, 1] interval without trials', () => {
    expect(wilsonInterval(0, 0)).toEqual({ rate: null, low: 0, high: 1 });
  });

  it.each([
    [5, 4],
    [-1, 4],
    [1.5, 4],
    [1, NaN],
  ])('rejects %p of %p', (successes, trials) => {
    expect(() => wilsonInterval(successes, trials)).toThrow(StatisticsError);
  });

  it('rejects a confidence outside (0, 1)', () => {
    expect(() => wilsonInterval(1, 4, 1)).toThrow(/confidence/);
    expect(() => wilsonInterval(1, 4, 95)).toThrow(StatisticsError);
  });
});

describe('zForConfidence', () => {
  it('is Φ⁻¹(0.975) = 1.959963984540054 at 95 % (scipy.stats.norm.ppf(0.975))', () => {
    expectCloseTo(zForConfidence(0.95), 1.959963984540054, 1e-14);
  });
});

describe('twoProportionZTest', () => {
  // Pearson's chi-square on the 2×2 table without continuity correction equals z² with the pooled SE;
  // SciPy 1.17.1: r = stats.chi2_contingency([[x0, n0 - x0], [x1, n1 - x1]], correction=False),
  // z = ±√r.statistic (sign of the variant − control difference), p = r.pvalue.
  it.each([
    [120, 1000, 150, 1000, 1.9630498076223553, 0.049640386865368834],
    [30, 2000, 45, 2000, 1.7485207578877442, 0.08037389438590598],
    [12, 400, 0, 380, -3.40266439720405, 0.0006673219484827066],
    [812, 40000, 901, 40120, 2.1110631263659467, 0.034766886308079864],
  ])('control %p/%p vs variant %p/%p → z %p, p %p', (x0, n0, x1, n1, z, p) => {
    const result = twoProportionZTest({ successes: x0, trials: n0 }, { successes: x1, trials: n1 });
    expectCloseTo(result.z, z, 1e-12);
    expectCloseTo(result.pValue, p, 1e-10);
  });

  it('is antisymmetric in the arms', () => {
    const forward = twoProportionZTest({ successes: 120, trials: 1000 }, { successes: 150, trials: 1000 });
    const backward = twoProportionZTest({ successes: 150, trials: 1000 }, { successes: 120, trials: 1000 });
    expect(backward.z).toBe(-forward.z);
    expect(backward.pValue).toBe(forward.pValue);
  });

  it.each([
    ['identical arms', 500, 10000, 500, 10000],
    ['equal rates with different sizes', 50, 1000, 100, 2000],
    ['both arms at 0 %', 0, 50, 0, 80],
    ['both arms at 100 %', 50, 50, 80, 80],
    ['an empty control arm', 0, 0, 3, 10],
    ['an empty variant arm', 3, 10, 0, 0],
  ])('%s → z 0, p 1', (_name, x0, n0, x1, n1) => {
    expect(twoProportionZTest({ successes: x0, trials: n0 }, { successes: x1, trials: n1 })).toEqual({ z: 0, pValue: 1 });
  });
});

describe('relativeLift', () => {
  // Katz log interval for the risk ratio, as computed by SciPy 1.17.1, minus 1:
  //   python3 -c "from scipy.stats.contingency import relative_risk as rr; r = rr(150, 1000, 120, 1000); ci = r.confidence_interval(0.95); print(r.relative_risk - 1, ci.low - 1, ci.high - 1)"
  it.each([
    [[120, 1000], [150, 1000], 0.95, [0.25, 0.999673327758014 - 1, 1.5630105921743933 - 1]],
    [[120, 1000], [150, 1000], 0.9, [0.25, 0.03624270017638609, 0.5078513940161276]],
    [[30, 2000], [45, 2000], 0.95, [0.5, 0.9490192065413192 - 1, 2.3708687711390777 - 1]],
    [[500, 10000], [500, 10000], 0.95, [0, 0.8861931992392174 - 1, 1.1284221102785306 - 1]],
    [[812, 40000], [901, 40120], 0.95, [1.1062870501795108 - 1, 1.0072129910264496 - 1, 1.215106485220805 - 1]],
    // Every trial a success in both arms: Katz's variance is 0, SciPy gives RR 1 with [1, 1].
    [[50, 50], [50, 50], 0.95, [0, 0, 0]],
  ])('control %p, variant %p at %p → lift [estimate, low, high] %p', ([x0, n0], [x1, n1], confidence, [lift, low, high]) => {
    const result = relativeLift({ successes: x0, trials: n0 }, { successes: x1, trials: n1 }, confidence);
    expectCloseTo(result.estimate, lift, 1e-12, 1e-15);
    expectCloseTo(result.low, low, 1e-11, 1e-15);
    expectCloseTo(result.high, high, 1e-11, 1e-15);
  });

  it('is undefined over a control rate of 0', () => {
    expect(relativeLift({ successes: 0, trials: 500 }, { successes: 7, trials: 500 })).toEqual({ estimate: null, low: null, high: null });
    expect(relativeLift({ successes: 0, trials: 0 }, { successes: 7, trials: 500 })).toEqual({ estimate: null, low: null, high: null });
  });

  it('is −1 with the ½-corrected upper bound when the variant has no successes', () => {
    // By hand with the Haldane–Anscombe correction (½ per cell, so trials + 1):
    //   python3 -c "import math; from statistics import NormalDist as N; z = N().inv_cdf(0.975); rr = (0.5/381)/(12.5/401);
    //     se = math.sqrt(1/0.5 - 1/381 + 1/12.5 - 1/401); print(repr(rr*math.exp(z*se) - 1))"
    const result = relativeLift({ successes: 12, trials: 400 }, { successes: 0, trials: 380 });
    expect(result.estimate).toBe(-1);
    expect(result.low).toBe(-1);
    expectCloseTo(result.high, -0.29142092086774973, 1e-12);
  });
});

describe('rateDifference (Newcombe hybrid score)', () => {
  // Newcombe (1998), "Interval estimation for the difference between independent proportions:
  // comparison of eleven methods", Stat Med 17:873–890, Table II, method 10, 4 d.p. Newcombe writes
  // p₁ − p₂, so his first sample is the variant here. Full precision: the same formula in Python
  // over SciPy's Wilson intervals (stats.binomtest(k, n).proportion_ci(0.95, 'wilson')).
  it.each([
    [48, 80, 56, 70, 0.052431472402364815, 0.3338726540369059], // 0.0524, 0.3339
    [3, 10, 9, 10, 0.17052272393450302, 0.8090179735354881], // 0.1705, 0.8090
    [0, 29, 5, 56, -0.03813714790353688, 0.1925600138551116], // −0.0381, 0.1926
    [0, 20, 0, 10, -0.16112515805281935, 0.27753279986288926], // −0.1611, 0.2775
    [0, 10, 0, 10, -0.27753279986288926, 0.27753279986288926], // −0.2775, 0.2775
    [0, 20, 10, 10, 0.6790860371419147, 1], // 0.6791, 1.0000
    [0, 10, 10, 10, 0.6075093504305242, 1], // 0.6075, 1.0000
  ])('control %p/%p, variant %p/%p → [%p, %p]', (x0, n0, x1, n1, low, high) => {
    const result = rateDifference({ successes: x0, trials: n0 }, { successes: x1, trials: n1 });
    expectCloseTo(result.estimate, x1 / n1 - x0 / n0, 1e-15, 1e-15);
    expectCloseTo(result.low, low, 1e-11, 1e-15);
    expectCloseTo(result.high, high, 1e-11, 1e-15);
  });

  it('says nothing without trials in an arm', () => {
    expect(rateDifference({ successes: 0, trials: 0 }, { successes: 1, trials: 3 })).toEqual({ estimate: null, low: -1, high: 1 });
  });
});
