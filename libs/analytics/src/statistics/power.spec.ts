import { assessDetectability, minimumDetectableEffect, requiredSampleSizePerArm } from './power';
import { StatisticsError } from './statistics.errors';
import { expectCloseTo } from './testing/close-to';

// The sample-size formula of Fleiss, Levin & Paik (2003, ch. 4), evaluated in plain Python with the
// standard library's NormalDist (not the code under test):
//   from statistics import NormalDist as N; import math
//   za, zb = N().inv_cdf(1 - a/2), N().inv_cdf(power); pb = (p1 + p2)/2
//   n = (za*math.sqrt(2*pb*(1-pb)) + zb*math.sqrt(p1*(1-p1) + p2*(1-p2)))**2 / (p1 - p2)**2; math.ceil(n)
describe('requiredSampleSizePerArm', () => {
  it.each([
    [0.5, 0.75, 0.05, 0.9, 77], // 76.70692845177743 (R's power.prop.test(p1 = .5, p2 = .75, power = .9) example: n = 76.7)
    [0.1, 0.12, 0.05, 0.8, 3841], // 3840.847482436276
    [0.02, 0.025, 0.05, 0.8, 13809], // 13808.92489718095
    [0.03, 0.0315, 0.05, 0.8, 207938], // 207937.88371479246: a 5 % relative lift on a 3 % rate
    [0.2, 0.1, 0.05, 0.8, 199], // 198.963413284331 (a decrease works the same way)
    [0.05, 0.055, 0.025, 0.8, 37824], // 37823.99632866715
    [0, 0.01, 0.05, 0.8, 780], // 779.7835580047231
  ])('p1 %p → p2 %p at α %p, power %p needs %p per arm', (p1, p2, alpha, power, expected) => {
    expect(requiredSampleSizePerArm(p1, p2, { alpha, power })).toBe(expected);
  });

  it('is null for a zero effect', () => {
    expect(requiredSampleSizePerArm(0.1, 0.1)).toBeNull();
  });

  it.each([
    [1.2, 0.1, {}],
    [0.1, -0.1, {}],
    [0.1, 0.2, { alpha: 0 }],
    [0.1, 0.2, { power: 1 }],
  ])('rejects p1 %p, p2 %p, %p', (p1, p2, settings) => {
    expect(() => requiredSampleSizePerArm(p1, p2, settings)).toThrow(StatisticsError);
  });
});

// Roots of the same power equation, generalised to unequal arms, found with SciPy's brentq:
//   pb = (nc*p1 + nv*p2)/(nc + nv)
//   slack = lambda p2: za*math.sqrt(pb*(1-pb)*(1/nc + 1/nv)) + zb*math.sqrt(p1*(1-p1)/nc + p2*(1-p2)/nv) - abs(p2 - p1)
//   abs(brentq(slack, p1 + 1e-12, 1, xtol=1e-17, rtol=1e-15) - p1)
describe('minimumDetectableEffect', () => {
  it.each([
    [0.1, 3841, 3841, 'increase', {}, 0.01999958657091372], // just under 0.02: 3841 is 3840.85 rounded up
    [0.05, 10000, 10000, 'increase', {}, 0.008993097319155381],
    [0.05, 10000, 10000, 'decrease', {}, 0.008287058466998315],
    [0.03, 5000, 15000, 'increase', {}, 0.008408897224775114],
    [0, 1000, 1000, 'increase', {}, 0.007809021034614666],
    [0.2, 500, 500, 'increase', { alpha: 0.01, power: 0.9 }, 0.1057809394022125],
  ] as const)('baseline %p, arms %p and %p, %s, %p → %p', (p1, nc, nv, direction, settings, expected) => {
    const mde = minimumDetectableEffect(p1, { control: nc, variant: nv }, direction, settings);
    expectCloseTo(mde.absolute, expected, 1e-9);
    if (p1 > 0) expectCloseTo(mde.relative, expected / p1, 1e-9);
    else expect(mde.relative).toBeNull();
  });

  it('inverts the sample-size formula for equal arms', () => {
    const mde = minimumDetectableEffect(0.04, { control: 25000, variant: 25000 });
    // Just above the MDE the formula asks for no more than we have; just below, for more.
    expect(requiredSampleSizePerArm(0.04, 0.04 + (mde.absolute ?? 0) * 1.0001)).toBeLessThanOrEqual(25000);
    expect(requiredSampleSizePerArm(0.04, 0.04 + (mde.absolute ?? 0) * 0.9999)).toBeGreaterThan(25000);
  });

  it.each([
    // At 3 per arm even 50 % → 100 % is not detectable with 80 % power (slack at p2 = 1 is +0.436).
    [0.5, 3, 3, 'increase'],
    [0.5, 10, 10, 'increase'],
    [0, 100, 100, 'decrease'],
    [1, 100, 100, 'increase'],
    [0.1, 0, 100, 'increase'],
  ] as const)('has none for baseline %p with arms %p and %p (%s)', (p1, nc, nv, direction) => {
    expect(minimumDetectableEffect(p1, { control: nc, variant: nv }, direction)).toEqual({ absolute: null, relative: null });
  });
});

describe('assessDetectability', () => {
  // p-values: scipy.stats.chi2_contingency([[x0, n0 - x0], [x1, n1 - x1]], correction=False).pvalue;
  // MDE and required n as above.
  it('10 % vs 11.5 % at 1,000 each is too small to tell (MDE 4.07 points; 6,693 per arm needed)', () => {
    const result = assessDetectability({ successes: 100, trials: 1000 }, { successes: 115, trials: 1000 }, 0.27887543335664056);
    expectCloseTo(result.observedAbsolute, 0.015, 1e-12);
    expectCloseTo(result.observedRelative, 0.15, 1e-12);
    expectCloseTo(result.minimumDetectable.absolute, 0.04074515431182418, 1e-9);
    expect(result.requiredSamplePerArm).toBe(6693);
    expect(result.tooSmallToTell).toBe(true);
  });

  it('10 % vs 8.5 % looks downward (MDE 3.45 points; 5,856 per arm needed)', () => {
    const result = assessDetectability({ successes: 100, trials: 1000 }, { successes: 85, trials: 1000 }, 0.2470016704540347);
    expectCloseTo(result.minimumDetectable.absolute, 0.03449793748413245, 1e-9);
    expect(result.requiredSamplePerArm).toBe(5856);
    expect(result.tooSmallToTell).toBe(true);
  });

  it('a significant change is never too small to tell', () => {
    const result = assessDetectability({ successes: 100, trials: 1000 }, { successes: 150, trials: 1000 }, 0.0007232327164301936);
    expect(result.requiredSamplePerArm).toBe(686);
    expect(result.tooSmallToTell).toBe(false);
  });

  it('a tiny change in a big sample is too small to tell, and says how big the sample would have to be', () => {
    const result = assessDetectability({ successes: 3000, trials: 100000 }, { successes: 3020, trials: 100000 }, 0.7935227489923088);
    expectCloseTo(result.minimumDetectable.absolute, 0.002174450858513345, 1e-9);
    expect(result.requiredSamplePerArm).toBe(11457005); // 11457004.644852359
    expect(result.tooSmallToTell).toBe(true);
  });

  it('identical arms: nothing observed, nothing to size for', () => {
    const result = assessDetectability({ successes: 50, trials: 1000 }, { successes: 50, trials: 1000 }, 1);
    expect(result.observedAbsolute).toBe(0);
    expect(result.requiredSamplePerArm).toBeNull();
    expect(result.tooSmallToTell).toBe(true);
  });

  it('an empty arm is too small to tell', () => {
    expect(assessDetectability({ successes: 0, trials: 0 }, { successes: 5, trials: 10 }, 1)).toMatchObject({ observedAbsolute: null, tooSmallToTell: true });
  });

  it('uses the alpha it is given (e.g. a Bonferroni-corrected one)', () => {
    // p = 0.03548845046647463 (chi2_contingency as above): significant at 0.05, not at 0.025, where the MDE is larger still.
    const control = { successes: 100, trials: 1000 };
    const variant = { successes: 130, trials: 1000 };
    expect(assessDetectability(control, variant, 0.03548845046647463).tooSmallToTell).toBe(false);
    expect(assessDetectability(control, variant, 0.03548845046647463, { alpha: 0.025 }).tooSmallToTell).toBe(true);
  });
});
