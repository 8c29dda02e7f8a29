import {
  betaCdf, betaLogPdf, chiSquareCdf, chiSquareSurvival, normalCdf, normalQuantile, normalTwoSidedP, studentTCdf, studentTQuantile, studentTTwoSidedP,
} from './distributions';
import { expectCloseTo } from './testing/close-to';

// Expected values: SciPy 1.17.1 `scipy.stats` (independent implementation), printed with repr(), e.g.
//   python3 -c "from scipy import stats; print(repr(float(stats.t.ppf(0.975, 2e6))))"
// plus closed forms: t with 1 df is Cauchy, CDF ½ + atan(t)/π; with 2 df, ½ + t/(2√(2 + t²));
// a chi-square with 2 df is exponential, survival e^{−x/2}.

describe('normal distribution', () => {
  it.each([
    [-8, 6.22096057427174e-16],
    [-3, 0.0013498980316300933],
    [-1.96, 0.024997895148220435],
    [0, 0.5],
    [0.5, 0.6914624612740131],
    [3, 0.9986501019683699],
    [6, 0.9999999990134123],
  ])('Φ(%p) = %p (scipy.stats.norm.cdf)', (z, expected) => {
    expectCloseTo(normalCdf(z), expected, 1e-12);
  });

  it.each([
    [1e-12, -7.034483825301131],
    [0.001, -3.090232306167813],
    [0.025, -1.9599639845400545],
    [0.3, -0.5244005127080409],
    [0.8, 0.8416212335729143],
    [0.975, 1.959963984540054],
    [0.9995, 3.2905267314919255],
    [1 - 1e-10, 6.361340889697422],
  ])('Φ⁻¹(%p) = %p (scipy.stats.norm.ppf)', (p, expected) => {
    expectCloseTo(normalQuantile(p), expected, 1e-9);
  });

  it('Φ⁻¹ has exact ends and a median of 0', () => {
    expect(normalQuantile(0)).toBe(-Infinity);
    expect(normalQuantile(1)).toBe(Infinity);
    expect(Math.abs(normalQuantile(0.5))).toBeLessThan(1e-15);
    expect(() => normalQuantile(1.5)).toThrow(RangeError);
  });

  it('two-sided P(|Z| ≥ 1.96) = 2·Φ(−1.96)', () => {
    expectCloseTo(normalTwoSidedP(1.96), 2 * 0.024997895148220435, 1e-12);
    expectCloseTo(normalTwoSidedP(-1.96), 2 * 0.024997895148220435, 1e-12);
    expect(normalTwoSidedP(0)).toBe(1);
  });
});

describe('Student t distribution', () => {
  it.each([
    [2.0, 5, 0.9490302605850708, 0.10193947882985835],
    [-1.5, 10.5, 0.08153437895922226, 0.16306875791844452],
    [3, 1000, 0.9986166454778809, 0.0027667090442381925],
    [2, 1e6, 0.9772497330743404, 0.04550053385131924],
    [-8, 300000, 6.242889216918953e-16, 1.2485778433837905e-15],
    [40, 3, 0.9999828096596054, 3.4380680789158506e-5],
  ])('T(%p; df %p): CDF %p, two-sided %p (scipy.stats.t)', (t, df, cdf, twoSided) => {
    expectCloseTo(studentTCdf(t, df), cdf, 1e-9);
    expectCloseTo(studentTTwoSidedP(t, df), twoSided, 1e-8);
  });

  it('matches the Cauchy (1 df) and 2-df closed forms', () => {
    for (const t of [-30, -2, 0.3, 1, 7]) {
      expectCloseTo(studentTCdf(t, 1), 0.5 + Math.atan(t) / Math.PI, 1e-12);
      expectCloseTo(studentTCdf(t, 2), 0.5 + t / (2 * Math.sqrt(2 + t * t)), 1e-12);
    }
  });

  it.each([
    [0.975, 1, 12.706204736174694],
    [0.975, 2, 4.302652729749462],
    [0.975, 5, 2.5705818356363146],
    [0.995, 12.3, 3.0410295709435236],
    [0.9995, 1, 636.6192487687897],
    [0.975, 1000, 1.9623390808264083],
    [0.975, 2e6, 1.9599651706763748],
    [0.6, 3, 0.2766706623326898],
    [0.025, 7, -2.3646242515927844],
  ])('quantile %p with df %p = %p (scipy.stats.t.ppf)', (p, df, expected) => {
    expectCloseTo(studentTQuantile(p, df), expected, 1e-10);
  });

  it('infinite df is the normal', () => {
    expectCloseTo(studentTQuantile(0.975, Infinity), 1.959963984540054, 1e-12);
    expectCloseTo(studentTCdf(-3, Infinity), 0.0013498980316300933, 1e-12);
  });
});

describe('chi-square distribution', () => {
  it.each([
    [3.2, 1, 0.07363827012030258],
    [10.5, 2, 0.0052475183991813855],
    [25, 3, 1.5440498291101365e-5],
    [100, 1, 1.5239706048320995e-23],
    [0.001, 1, 0.9747728793699604],
    [16.3, 4, 0.002641928540598058],
    [5.0, 9, 0.8343082601934075],
  ])('P(X² ≥ %p; k = %p) = %p (scipy.stats.chi2.sf)', (x, k, expected) => {
    expectCloseTo(chiSquareSurvival(x, k), expected, 1e-11);
    expectCloseTo(chiSquareCdf(x, k), 1 - expected, 1e-11, 1e-15);
  });

  it('with 2 df is exponential: survival e^{−x/2}', () => {
    for (const x of [0.5, 4, 30]) expectCloseTo(chiSquareSurvival(x, 2), Math.exp(-x / 2), 1e-12);
    expect(chiSquareSurvival(0, 3)).toBe(1);
  });
});

describe('beta distribution', () => {
  it('Beta(2, 1) has density 2x and CDF x² (closed form)', () => {
    expectCloseTo(Math.exp(betaLogPdf(0.3, 2, 1)), 0.6, 1e-13);
    expectCloseTo(betaCdf(0.3, 2, 1), 0.09, 1e-13);
  });
});
