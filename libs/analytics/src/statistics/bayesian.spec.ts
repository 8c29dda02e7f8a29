import { chanceToBeatControl, probabilityToBeBest } from './bayesian';
import { StatisticsError } from './statistics.errors';
import { expectCloseTo } from './testing/close-to';

// Expected values: SciPy 1.17.1 adaptive quadrature, a different method from both functions here,
// printed by testing/bayesian_reference.py:
//   P(p_v > p_c) = ∫ beta.pdf(x, 1+s_v, 1+f_v) · beta.cdf(x, 1+s_c, 1+f_c) dx  and  P(i best) = ∫ f_i · Π_{j≠i} F_j dx
// by scipy.integrate.quad over the arm's mean ± 20 sd (epsabs 1e-14, epsrel 1e-12).
// Hand-derived: Beta(1,1) vs Beta(1,1) is ½ by symmetry; Beta(1,1) (0 of 0) vs Beta(2,1) (1 of 1) is
// ∫₀¹ 2x · x dx = 2/3.
const c = (successes: number, trials: number) => ({ successes, trials });

describe('chanceToBeatControl', () => {
  it.each([
    [c(0, 0), c(0, 0), 0.5],
    [c(0, 0), c(1, 1), 2 / 3],
    [c(100, 1000), c(120, 1000), 0.9231834389735595],
    [c(120, 1000), c(100, 1000), 0.07681656102644033],
    [c(40, 1000), c(40, 1000), 0.5],
    [c(0, 1000), c(5, 1000), 0.9844919531835794],
    [c(20000, 1000000), c(20500, 1000000), 0.9939644719796261],
    [c(500000, 1000000), c(501000, 1000000), 0.9213504051228761],
    [c(3, 10), c(900, 1000), 0.9999983425390576],
    [c(1, 12), c(0, 7), 0.37142857142857133],
  ])('control %p, variant %p → %p', (control, variant, expected) => {
    expectCloseTo(chanceToBeatControl(control, variant), expected, 1e-9, 1e-12);
  });

  it('is complementary when the arms swap', () => {
    const forward = chanceToBeatControl(c(37, 480), c(52, 510));
    expectCloseTo(forward + chanceToBeatControl(c(52, 510), c(37, 480)), 1, 1e-12);
  });

  it('stays fast at a million trials per arm with rates near ½ (the costliest case)', () => {
    // ~500,000 terms: tens of milliseconds in plain Node. The bound is loose for a loaded CI machine but
    // still catches a regression to ln B per term or to the wrong form (seconds in Jest's sandbox).
    const started = performance.now();
    chanceToBeatControl(c(499_000, 1_000_000), c(500_000, 1_000_000));
    expect(performance.now() - started).toBeLessThan(1500);
  });

  it('rejects impossible counts', () => {
    expect(() => chanceToBeatControl(c(3, 2), c(1, 2))).toThrow(StatisticsError);
  });
});

describe('probabilityToBeBest', () => {
  it.each([
    [[c(100, 1000), c(120, 1000), c(110, 1000)], [0.046208314989331645, 0.7268864978329828, 0.2269051871776847]],
    [[c(5, 50), c(5, 50), c(5, 50)], [1 / 3, 1 / 3, 1 / 3]],
    [[c(30, 1000), c(45, 1000), c(20, 200), c(400, 10000)], [7.266095498909345e-6, 0.0013919808367288218, 0.9985795635397301, 2.11895280424093e-5]],
  ])('%p → %p', (arms, expected) => {
    const result = probabilityToBeBest(arms);
    result.forEach((p, i) => expectCloseTo(p, expected[i], 1e-6, 1e-8));
    expectCloseTo(result.reduce((s, p) => s + p, 0), 1, 1e-7);
  });

  it('agrees with the exact two-arm chance to beat control, even for very unequal arms', () => {
    for (const [control, variant] of [
      [c(100, 1000), c(120, 1000)],
      [c(3, 10), c(520_000, 1_000_000)],
      [c(0, 1000), c(5, 1000)],
      [c(20000, 1000000), c(20500, 1000000)],
    ]) {
      expectCloseTo(probabilityToBeBest([control, variant])[1], chanceToBeatControl(control, variant), 1e-7, 1e-8);
    }
  });

  it('is certain for a single arm and rejects none', () => {
    expect(probabilityToBeBest([c(1, 2)])).toEqual([1]);
    expect(() => probabilityToBeBest([])).toThrow(StatisticsError);
  });
});
