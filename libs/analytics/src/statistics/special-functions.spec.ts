import { logBeta, logGamma, regularizedBeta, regularizedGammaP, regularizedGammaQ } from './special-functions';
import { expectCloseTo } from './testing/close-to';

// Expected values: Python 3.11 `math.lgamma` for ln Γ, and SciPy 1.17.1 (`scipy.special`, a Cephes/Boost
// implementation independent of this one) for the incomplete functions, printed with repr(), e.g.
//   python3 -c "from scipy import special; print(repr(float(special.betainc(500000.5, 500000.5, 0.5001))))"
// Closed forms where one exists: Γ(1) = Γ(2) = 1, Γ(½) = √π, P(1, x) = 1 − e^{−x}, I_x(1, b) = 1 − (1 − x)^b,
// I_x(a, 1) = x^a.

describe('logGamma', () => {
  it.each([
    [0.1, 2.2527126517342055],
    [0.5, 0.5723649429247004], // ln √π
    [1.5, -0.12078223763524543],
    [3.7, 1.4280723266653883],
    [10, 12.801827480081467], // ln 9! = ln 362880
    [100.5, 361.4355404677776],
    [1000000.5, 12815511.476902764],
  ])('ln Γ(%p) = %p (math.lgamma)', (x, expected) => {
    expectCloseTo(logGamma(x), expected, 1e-13);
  });

  it('is 0 at 1 and 2 (Γ(1) = Γ(2) = 1)', () => {
    expect(Math.abs(logGamma(1))).toBeLessThan(1e-14);
    expect(Math.abs(logGamma(2))).toBeLessThan(1e-14);
  });

  it('rejects x ≤ 0', () => {
    expect(() => logGamma(0)).toThrow(RangeError);
    expect(() => logGamma(-1)).toThrow(RangeError);
  });

  it('ln B(2, 3) = ln(1/12) (B(2,3) = 1!·2!/4! by hand)', () => {
    expectCloseTo(logBeta(2, 3), Math.log(1 / 12), 1e-13);
  });

  it.each([
    // mpmath at 40 digits: python3 -c "import mpmath as m; m.mp.dps=40; print(repr(float(m.log(m.beta(0.5, 1e6)))))"
    // (scipy.special.betaln is itself off by 1e-9 for the first two.)
    [0.5, 1e6, -6.335390211057437],
    [500000.5, 500000.5, -693153.169376941],
    [20001, 980001, -98047.06820616576],
    [10, 10, -13.736229227036555],
    [3, 12.5, -7.109419798619222],
  ])('ln B(%p, %p) = %p without cancellation', (a, b, expected) => {
    expectCloseTo(logBeta(a, b), expected, 1e-14);
    expectCloseTo(logBeta(b, a), expected, 1e-14);
  });
});

describe('regularized incomplete gamma', () => {
  it.each([
    [0.5, 0.1, 0.6547208460185768],
    [0.5, 2, 0.04550026389635857], // = P(|Z| > 2)
    [1.5, 10, 0.00016974243555282632],
    [3, 2.5, 0.5438131158833297],
    [10, 12, 0.24239216167051245],
    [50, 40, 0.9296649333406051],
    [0.5, 400, 5.395865611607819e-176], // far tail keeps relative accuracy
  ])('Q(%p, %p) = %p (scipy.special.gammaincc)', (a, x, expected) => {
    expectCloseTo(regularizedGammaQ(a, x), expected, 1e-11);
    expectCloseTo(regularizedGammaP(a, x), 1 - expected, 1e-11, 1e-15);
  });

  it('P(1, x) = 1 − e^{−x} (exponential CDF, closed form)', () => {
    for (const x of [0.01, 0.7, 3, 20]) expectCloseTo(regularizedGammaP(1, x), 1 - Math.exp(-x), 1e-13);
  });

  it('has exact ends', () => {
    expect(regularizedGammaP(2, 0)).toBe(0);
    expect(regularizedGammaQ(2, 0)).toBe(1);
    expect(regularizedGammaP(2, Infinity)).toBe(1);
    expect(regularizedGammaQ(2, Infinity)).toBe(0);
  });
});

describe('regularizedBeta', () => {
  it.each([
    [0.3, 2, 5, 0.5798250000000003],
    [0.5, 0.5, 0.5, 0.5],
    [0.9, 10, 3, 0.889130022255],
    [0.02, 1, 100, 0.8673804441052468],
    // Posterior-sized parameters (a million trials) still converge.
    [0.5001, 500000.5, 500000.5, 0.579259729773328],
    [0.0205, 20001, 980001, 0.9997985286059522],
    [0.999996, 500000, 0.5, 0.04550010192315519],
    [0.4995, 500001, 500001, 0.15865501196083234],
  ])('I_%p(%p, %p) = %p (scipy.special.betainc)', (x, a, b, expected) => {
    expectCloseTo(regularizedBeta(x, a, b), expected, 1e-8);
  });

  it('matches the closed forms I_x(1, b) = 1 − (1 − x)^b and I_x(a, 1) = x^a', () => {
    for (const x of [0.001, 0.2, 0.75]) {
      expectCloseTo(regularizedBeta(x, 1, 7), 1 - (1 - x) ** 7, 1e-13);
      expectCloseTo(regularizedBeta(x, 4, 1), x ** 4, 1e-13);
    }
  });

  it('has exact ends', () => {
    expect(regularizedBeta(0, 3, 4)).toBe(0);
    expect(regularizedBeta(1, 3, 4)).toBe(1);
  });
});
