import { experimentVerdict, type ExperimentVariant } from './experiment-verdict';
import { StatisticsError } from './statistics.errors';
import { expectCloseTo } from './testing/close-to';

// Scenario 1: control A and challengers B, C on an even split. Every expected number below was
// printed by testing/experiment_reference.py (SciPy 1.17.1: Wilson intervals, chi-square p-values,
// Holm by hand, Katz lift at the Bonferroni 97.5 %, quadrature for chance to beat control and to be
// best, brentq for MDEs at α/2, Welch from ttest_ind_from_stats, SRM from stats.chisquare).
const variant = (key: string, recipients: number, clicks: number, conversions: number, revenueSum: number, revenueSumOfSquares: number): ExperimentVariant => ({
  key, recipients, clicks, conversions, revenueSum, revenueSumOfSquares, weight: 1,
});
const scenario = [
  variant('A', 10000, 500, 100, 5000, 500000),
  variant('B', 10050, 610, 130, 6800, 680000),
  variant('C', 9950, 480, 95, 4500, 470000),
];

describe('experimentVerdict', () => {
  const result = experimentVerdict(scenario, { controlKey: 'A', confidence: 0.95, minSamplePerVariant: 1000 });
  const [a, b, c] = result.variants;

  it('reports the setting it used: 2 comparisons, intervals at the Bonferroni 97.5 %', () => {
    expect(result.comparisons).toBe(2);
    expectCloseTo(result.intervalConfidence, 0.975, 1e-15);
    expect(result.winnerMetric).toBe('conversion_rate');
  });

  it('passes the sample-ratio check (X² 0.5 on 2 df, p = e^{−0.25})', () => {
    expectCloseTo(result.sampleRatio.chiSquare, 0.5, 1e-12);
    expectCloseTo(result.sampleRatio.pValue, 0.7788007830714049, 1e-12);
    expect(result.sampleRatio.mismatch).toBe(false);
  });

  it('click rate: rates with Wilson intervals, B a Holm-significant winner, C too small to tell', () => {
    expectCloseTo(a.metrics.click_rate.value, 0.05, 1e-15);
    expectCloseTo(a.metrics.click_rate.low, 0.04589848269058477, 1e-12);
    expectCloseTo(a.metrics.click_rate.high, 0.05444711584302416, 1e-12);
    expect(a.metrics.click_rate.comparison).toBeNull();
    expectCloseTo(a.metrics.click_rate.chanceToBeBest, 0.0004608947720176709, 1e-5, 1e-8);
    expectCloseTo(b.metrics.click_rate.chanceToBeBest, 0.999489355600785, 1e-7);
    expectCloseTo(c.metrics.click_rate.chanceToBeBest, 4.9749627199425704e-5, 1e-4, 1e-8);

    const vb = b.metrics.click_rate.comparison!;
    expectCloseTo(vb.difference, 0.01069651741293532, 1e-12);
    expectCloseTo(vb.pValue, 0.0009278109205939985, 1e-10);
    expectCloseTo(vb.adjustedPValue, 0.001855621841187997, 1e-10);
    expectCloseTo(vb.lift.estimate, 0.2139303482587065, 1e-12);
    expectCloseTo(vb.lift.low, 0.06439299502780793, 1e-10);
    expectCloseTo(vb.lift.high, 0.38447631401877547, 1e-10);
    expectCloseTo(vb.chanceToBeatControl, 0.9995376844307929, 1e-9);
    expectCloseTo(vb.minimumDetectableEffect, 0.009924310206899843, 1e-9);
    expect(vb.requiredSamplePerArm).toBe(8686);
    expect(vb.significant).toBe(true);
    expect(vb.verdict).toBe('winner');

    const vc = c.metrics.click_rate.comparison!;
    expectCloseTo(vc.pValue, 0.5654852044460743, 1e-10);
    expectCloseTo(vc.adjustedPValue, 0.5654852044460743, 1e-10);
    expectCloseTo(vc.lift.low, -0.16094293335371834, 1e-10);
    expectCloseTo(vc.lift.high, 0.10944251672670968, 1e-10);
    expectCloseTo(vc.chanceToBeatControl, 0.28287773622207435, 1e-9);
    expectCloseTo(vc.minimumDetectableEffect, 0.009093142204001536, 1e-9);
    expect(vc.requiredSamplePerArm).toBe(287040);
    expect(vc.verdict).toBe('too_small_to_tell');
  });

  it('conversion rate: B is p = 0.051 raw, 0.102 after Holm, below its MDE: too small to tell', () => {
    expectCloseTo(b.metrics.conversion_rate.low, 0.010904864369550557, 1e-12);
    expectCloseTo(b.metrics.conversion_rate.high, 0.015337986176815872, 1e-12);
    const vb = b.metrics.conversion_rate.comparison!;
    expectCloseTo(vb.pValue, 0.05099125512393207, 1e-10);
    expectCloseTo(vb.adjustedPValue, 0.10198251024786414, 1e-10);
    expectCloseTo(vb.lift.low, -0.038318562153009994, 1e-10);
    expectCloseTo(vb.lift.high, 0.7398962321616189, 1e-10);
    expectCloseTo(vb.chanceToBeatControl, 0.9743694317408902, 1e-9);
    expectCloseTo(vb.minimumDetectableEffect, 0.004821194311376205, 1e-9);
    expect(vb.requiredSamplePerArm).toBe(25011);
    expect(vb.significant).toBe(false);
    expect(vb.verdict).toBe('too_small_to_tell');
    expectCloseTo(b.metrics.conversion_rate.chanceToBeBest, 0.9652407327570579, 1e-7);
    expect(c.metrics.conversion_rate.comparison!.verdict).toBe('too_small_to_tell');
  });

  it('revenue per recipient: log-scale t intervals (never below 0), Welch p-values, delta-method lifts', () => {
    expectCloseTo(a.metrics.revenue_per_recipient.value, 0.5, 1e-15);
    expectCloseTo(a.metrics.revenue_per_recipient.low, 0.37920382389267115, 1e-10);
    expectCloseTo(a.metrics.revenue_per_recipient.high, 0.6592760522129105, 1e-10);
    expect(a.metrics.revenue_per_recipient.chanceToBeBest).toBeNull();
    const vb = b.metrics.revenue_per_recipient.comparison!;
    expectCloseTo(vb.difference, 0.1766169154228856, 1e-12);
    expectCloseTo(vb.pValue, 0.10198046031758422, 1e-8);
    expectCloseTo(vb.adjustedPValue, 0.20396092063516844, 1e-8);
    expectCloseTo(vb.lift.low, -0.10763870450926194, 1e-10);
    expectCloseTo(vb.lift.high, 1.0521304657643884, 1e-10);
    expectCloseTo(vb.chanceToBeatControl, 0.9490177826718662, 1e-10);
    expectCloseTo(vb.minimumDetectableEffect, 0.3329539746739527, 1e-10);
    expect(vb.requiredSamplePerArm).toBe(35641);
    expect(vb.verdict).toBe('too_small_to_tell');
    const vc = c.metrics.revenue_per_recipient.comparison!;
    expectCloseTo(vc.pValue, 0.6279343756241301, 1e-8);
    expectCloseTo(vc.chanceToBeatControl, 0.31396452572409117, 1e-10);
    expect(vc.requiredSamplePerArm).toBe(403692);
  });

  it('recommends no winner on conversion rate yet, and B on click rate', () => {
    expect(result.recommendedWinner).toBeNull();
    expect(result.reason).toBe('no_winner_yet');
    const onClicks = experimentVerdict(scenario, { controlKey: 'A', winnerMetric: 'click_rate', minSamplePerVariant: 1000 });
    expect(onClicks.recommendedWinner).toBe('B');
    expect(onClicks.reason).toBe('challenger_wins');
  });

  it('recommends the control when every challenger loses significantly', () => {
    // chi2_contingency p: 600 vs 450 clicks of 10,000 → 1.98e-6; 600 vs 480 → 1.74e-4; Holm keeps both below 0.05.
    const arms = [variant('A', 10000, 600, 0, 0, 0), variant('B', 10000, 450, 0, 0, 0), variant('C', 10000, 480, 0, 0, 0)];
    const verdict = experimentVerdict(arms, { controlKey: 'A', winnerMetric: 'click_rate' });
    expect(verdict.variants.slice(1).map((v) => v.metrics.click_rate.comparison!.verdict)).toEqual(['loser', 'loser']);
    expect(verdict.recommendedWinner).toBe('A');
    expect(verdict.reason).toBe('control_wins');
  });

  it('recommends nothing under a sample-ratio mismatch, however clear the result', () => {
    // 10,000 vs 9,000 on 50/50: X² = 52.63, p = 4.0e-13 (stats.chisquare([10000, 9000])).
    const arms = [variant('A', 10000, 500, 0, 0, 0), variant('B', 9000, 700, 0, 0, 0)];
    const verdict = experimentVerdict(arms, { controlKey: 'A', winnerMetric: 'click_rate' });
    expect(verdict.variants[1].metrics.click_rate.comparison!.verdict).toBe('winner');
    expect(verdict.sampleRatio.mismatch).toBe(true);
    expect(verdict.recommendedWinner).toBeNull();
    expect(verdict.reason).toBe('sample_ratio_mismatch');
  });

  it('calls every comparison too small to tell below the minimum sample, even a significant one', () => {
    const verdict = experimentVerdict(scenario, { controlKey: 'A', winnerMetric: 'click_rate', minSamplePerVariant: 20000 });
    expect(verdict.variants[1].metrics.click_rate.comparison!.significant).toBe(true);
    expect(verdict.variants[1].metrics.click_rate.comparison!.verdict).toBe('too_small_to_tell');
    expect(verdict.recommendedWinner).toBeNull();
  });

  it('with one challenger uses no correction', () => {
    const verdict = experimentVerdict(scenario.slice(0, 2), { controlKey: 'A', winnerMetric: 'click_rate' });
    expect(verdict.comparisons).toBe(1);
    expect(verdict.intervalConfidence).toBe(0.95);
    const vb = verdict.variants[1].metrics.click_rate.comparison!;
    expect(vb.adjustedPValue).toBe(vb.pValue);
  });

  it('identical arms: p = 1, chance ½, no winner', () => {
    const arms = [variant('A', 5000, 250, 50, 2500, 250000), variant('B', 5000, 250, 50, 2500, 250000)];
    const verdict = experimentVerdict(arms, { controlKey: 'A' });
    for (const metric of ['click_rate', 'conversion_rate', 'revenue_per_recipient'] as const) {
      const comparison = verdict.variants[1].metrics[metric].comparison!;
      expect(comparison.pValue).toBe(1);
      expect(comparison.difference).toBe(0);
      expectCloseTo(comparison.chanceToBeatControl, 0.5, 1e-12);
      expect(comparison.verdict).toBe('too_small_to_tell');
    }
    expect(verdict.recommendedWinner).toBeNull();
  });

  it('no revenue in either arm: no difference yet, with nothing to size for', () => {
    const arms = [variant('A', 500, 10, 0, 0, 0), variant('B', 500, 12, 0, 0, 0)];
    const comparison = experimentVerdict(arms, { controlKey: 'A' }).variants[1].metrics.revenue_per_recipient.comparison!;
    expect(comparison).toMatchObject({ difference: 0, pValue: 1, requiredSamplePerArm: null, verdict: 'no_difference_yet' });
    expect(comparison.lift).toEqual({ estimate: null, low: null, high: null });
  });

  it('handles empty arms without throwing', () => {
    const arms = [variant('A', 0, 0, 0, 0, 0), variant('B', 0, 0, 0, 0, 0)];
    const verdict = experimentVerdict(arms, { controlKey: 'A' });
    expect(verdict.variants[1].metrics.conversion_rate).toMatchObject({ value: null, comparison: { pValue: null, verdict: 'too_small_to_tell' } });
    expect(verdict.recommendedWinner).toBeNull();
  });

  it('reports human open rate with an interval but never decides on it', () => {
    const arms = [{ ...variant('A', 1000, 50, 10, 0, 0), humanOpens: 200 }, { ...variant('B', 1000, 50, 10, 0, 0), humanOpens: 400 }];
    const verdict = experimentVerdict(arms, { controlKey: 'A' });
    // Wilson 95 % for 400/1000 (stats.binomtest(400, 1000).proportion_ci(0.95, 'wilson')).
    expectCloseTo(verdict.variants[1].humanOpenRate?.low, 0.37007478121137727, 1e-12);
    expect(verdict.recommendedWinner).toBeNull();
  });

  it.each([
    ['an unknown control', scenario, 'Z'],
    ['duplicate keys', [scenario[0], scenario[0]], 'A'],
    ['no challenger', [scenario[0]], 'A'],
    ['more clicks than recipients', [scenario[0], variant('B', 10, 11, 0, 0, 0)], 'A'],
  ])('rejects %s', (_name, arms, controlKey) => {
    expect(() => experimentVerdict(arms, { controlKey })).toThrow(StatisticsError);
  });
});
