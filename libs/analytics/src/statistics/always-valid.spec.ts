import {
  compareMeansAlwaysValid, compareRatesAlwaysValid, confidenceSequenceHalfWidth, msprtLogLikelihoodRatio, msprtPValue, type SequentialLook,
} from './always-valid';
import { type ExperimentVariant } from './experiment-verdict';
import { alwaysValidVerdict } from './sequential-verdict';
import { StatisticsError } from './statistics.errors';
import { expectCloseTo } from './testing/close-to';
import { summaryFromSums } from './welch';

// Every expected number below was printed by
//   python3 libs/analytics/src/statistics/testing/always_valid_reference.py
// (NumPy 2.4, SciPy 1.17), which integrates the normal mixture likelihood ratio numerically with quad and
// finds the confidence sequence's ends with brentq, instead of using the closed forms under test.

describe('mSPRT primitives', () => {
  it('one look: p-value and confidence sequence (d 0.012, V 2.5e-5, τ 0.006, α 0.05)', () => {
    expectCloseTo(msprtPValue(0.012, 2.5e-5, 0.006 ** 2), 0.2854543631585416, 1e-9);
    const half = confidenceSequenceHalfWidth(2.5e-5, 0.006 ** 2, 0.05);
    expectCloseTo(0.012 - half, -0.005076039454516996, 1e-9);
    expectCloseTo(0.012 + half, 0.029076039454517002, 1e-9);
    expectCloseTo(msprtLogLikelihoodRatio(0.012, 2.5e-5, 0.006 ** 2, 0.004), 0.3094108164130191, 1e-9);
  });

  it('the sequence contains 0 exactly when the p-value is above α', () => {
    for (const d of [0.001, 0.01, 0.0125, 0.013, 0.02]) {
      const half = confidenceSequenceHalfWidth(2.5e-5, 0.006 ** 2, 0.05);
      expect(Math.abs(d) < half).toBe(msprtPValue(d, 2.5e-5, 0.006 ** 2) > 0.05);
    }
  });

  it('rejects a zero variance and a level outside (0, 1)', () => {
    expect(() => msprtPValue(0.01, 0, 1e-4)).toThrow(StatisticsError);
    expect(() => confidenceSequenceHalfWidth(1e-4, 1e-4, 1)).toThrow(StatisticsError);
  });
});

describe('compareRatesAlwaysValid over looks', () => {
  // Cumulative (control recipients, conversions, challenger recipients, conversions) at four looks; τ = 0.1 × pooled rate.
  const looks: [number, number, number, number][] = [[200, 8, 200, 12], [500, 22, 500, 38], [1000, 50, 1000, 75], [2000, 101, 2000, 128]];
  const expected = [
    { look: 1.0, p: 1.0, low: -0.23865524917284117, high: 0.2786552491728418, tau: 0.005 },
    { look: 0.7969374273677481, p: 0.7969374273677481, low: -0.07042757359051893, high: 0.13442757359051896, tau: 0.006 },
    { look: 0.5991914535802538, p: 0.5991914535802538, low: -0.029733749780888177, high: 0.07973374978088821, tau: 0.00625 },
    { look: 0.6735034569659594, p: 0.5991914535802538, low: -0.017044236898459415, high: 0.04404423689845942, tau: 0.005725000000000001 },
  ];

  it('keeps the running minimum of the p-value and the running intersection of the sequence', () => {
    let state: SequentialLook | null = null;
    looks.forEach(([nc, xc, nv, xv], i) => {
      const r = compareRatesAlwaysValid({ successes: xc, trials: nc }, { successes: xv, trials: nv }, { alpha: 0.05 }, state);
      expectCloseTo(r.lookPValue, expected[i].look, 1e-9);
      expectCloseTo(r.pValue, expected[i].p, 1e-9);
      expectCloseTo(r.low, expected[i].low, 1e-9);
      expectCloseTo(r.high, expected[i].high, 1e-9);
      expectCloseTo(r.mixingSd, expected[i].tau, 1e-12);
      expect(r.looks).toBe(i + 1);
      // Plain data: stored as JSON between looks.
      state = JSON.parse(JSON.stringify(r.state)) as SequentialLook;
    });
  });

  it('an arm at 0 % against one at 100 % is evidence (the variance from add-one rates); the sequence stays within [−1, 1]', () => {
    const r = compareRatesAlwaysValid({ successes: 0, trials: 30 }, { successes: 30, trials: 30 }, { alpha: 0.05 });
    expectCloseTo(r.pValue, 4.3883097702328437e-60, 1e-8);
    expectCloseTo(r.low, 0.8425402228815464, 1e-9);
    expect(r.high).toBe(1); // 1.1574597771184536 unclamped
  });

  it('does not count looks below the minimum sample, carrying the stored state', () => {
    const first = compareRatesAlwaysValid({ successes: 22, trials: 500 }, { successes: 38, trials: 500 }, { alpha: 0.05, minSamplePerArm: 100 });
    const early = compareRatesAlwaysValid({ successes: 1, trials: 50 }, { successes: 9, trials: 50 }, { alpha: 0.05, minSamplePerArm: 100 }, first.state);
    expect(early).toMatchObject({ lookPValue: 1, mixingSd: null, pValue: first.pValue, low: first.low, high: first.high, looks: 1 });
  });

  it('restarts the interval, not the p-value, when the level changes', () => {
    const first = compareRatesAlwaysValid({ successes: 22, trials: 500 }, { successes: 38, trials: 500 }, { alpha: 0.05 });
    const next = compareRatesAlwaysValid({ successes: 50, trials: 1000 }, { successes: 75, trials: 1000 }, { alpha: 0.025 }, first.state);
    expect(next.pValue).toBe(Math.min(first.pValue, next.lookPValue));
    expect(next.state.alpha).toBe(0.025);
    const variance = ((51 / 1002) * (951 / 1002)) / 1000 + ((76 / 1002) * (926 / 1002)) / 1000;
    expect(next.low).toBeCloseTo(0.025 - confidenceSequenceHalfWidth(variance, 0.00625 ** 2, 0.025), 12);
  });

  it('has no evidence without a difference to measure (no recipients, no variance)', () => {
    expect(compareRatesAlwaysValid({ successes: 0, trials: 0 }, { successes: 3, trials: 10 }, { alpha: 0.05 })).toMatchObject({ pValue: 1, low: null, high: null, looks: 0 });
    expect(compareRatesAlwaysValid({ successes: 0, trials: 400 }, { successes: 0, trials: 400 }, { alpha: 0.05 })).toMatchObject({ pValue: 1, looks: 0, difference: 0 });
  });
});

describe('compareMeansAlwaysValid', () => {
  it('revenue per recipient: 4,000 recipients each, τ = 0.1 × the pooled mean', () => {
    const r = compareMeansAlwaysValid(summaryFromSums(4000, 5000, 500000), summaryFromSums(4000, 6400, 690000), { alpha: 0.05 });
    expectCloseTo(r.difference, 0.3500000000000001, 1e-12);
    expectCloseTo(r.mixingSd, 0.14250000000000002, 1e-12);
    expectCloseTo(r.pValue, 0.942877719103994, 1e-9);
    expectCloseTo(r.low, -1.1026712137955808, 1e-9);
    expectCloseTo(r.high, 1.8026712137955805, 1e-9);
  });
});

describe('alwaysValidVerdict', () => {
  // experiment_reference.py scenario 1: B's click rate has fixed-horizon p 0.00093 (a winner there); always valid it is 0.033, Holm 0.067.
  const variant = (key: string, recipients: number, clicks: number): ExperimentVariant => ({
    key, recipients, clicks, conversions: 0, revenueSum: 0, revenueSumOfSquares: 0, weight: 1,
  });
  const arms = [variant('A', 10000, 500), variant('B', 10050, 610), variant('C', 9950, 480)];
  const settings = { controlKey: 'A', confidence: 0.95, minSamplePerVariant: 100 };

  it('Holm across challengers on the always-valid p-values, sequences at the Bonferroni 97.5 %', () => {
    const v = alwaysValidVerdict(arms, 'click_rate', settings, { mismatch: false });
    const [, b, c] = v.arms;
    expect(v).toMatchObject({ method: 'always_valid', comparisons: 2, recommendedWinner: null, reason: 'no_winner_yet' });
    expectCloseTo(v.intervalConfidence, 0.975, 1e-15);
    expectCloseTo(b.pValue, 0.03327454292151624, 1e-9);
    expectCloseTo(b.adjustedPValue, 0.06654908584303248, 1e-9);
    expectCloseTo(b.low, -0.00036773327352537284, 1e-7);
    expectCloseTo(b.high, 0.021760768099396012, 1e-9);
    expectCloseTo(c.pValue, 1, 1e-15);
    expectCloseTo(c.low, -0.01237490182814188, 1e-9);
    expectCloseTo(c.high, 0.008857313888443378, 1e-9);
    expect([b.verdict, c.verdict]).toEqual(['no_difference_yet', 'no_difference_yet']);
    expect(Object.keys(v.state)).toEqual(['B', 'C']);
  });

  it('a clear lift wins, a clear drop loses, the control wins when every challenger loses', () => {
    const win = alwaysValidVerdict([variant('A', 10000, 500), variant('B', 10000, 700)], 'click_rate', settings, { mismatch: false });
    expect(win).toMatchObject({ recommendedWinner: 'B', reason: 'challenger_wins' });
    expect(win.arms[1].low).toBeGreaterThan(0);
    const lose = alwaysValidVerdict([variant('A', 10000, 700), variant('B', 10000, 500), variant('C', 10000, 480)], 'click_rate', settings, { mismatch: false });
    expect(lose).toMatchObject({ recommendedWinner: 'A', reason: 'control_wins' });
    expect(lose.arms.map((a) => a.verdict)).toEqual([null, 'loser', 'loser']);
  });

  it('never under a sample-ratio mismatch, and too small to tell before the minimum sample', () => {
    expect(alwaysValidVerdict([variant('A', 10000, 500), variant('B', 10000, 700)], 'click_rate', settings, { mismatch: true })).toMatchObject({ recommendedWinner: null, reason: 'sample_ratio_mismatch' });
    const early = alwaysValidVerdict([variant('A', 50, 1), variant('B', 50, 20)], 'click_rate', settings, { mismatch: false });
    expect(early.arms[1]).toMatchObject({ verdict: 'too_small_to_tell', pValue: 1, looks: 0 });
  });

  it('a winner found at one look stays found at the next, even if the data drift back', () => {
    const first = alwaysValidVerdict([variant('A', 10000, 500), variant('B', 10000, 700)], 'click_rate', settings, { mismatch: false });
    const later = alwaysValidVerdict([variant('A', 20000, 1100), variant('B', 20000, 1250)], 'click_rate', settings, { mismatch: false }, first.state);
    expect(later.arms[1].pValue).toBe(first.arms[1].pValue);
    expect(later.recommendedWinner).toBe('B');
  });
});
