import type { Schemas } from '@localreach/api-client';
import { describe, expect, it } from 'vitest';
import {
  alwaysValidArm, alwaysValidText, alwaysValidVerdictLabel, armRows, decidedByText, decisionText, formatDifference, formatMetric, judgedBy, recommendationText, sampleRatioText,
  tooSmallText, verdictLabel, type Split,
} from './experiment-figures';

type Comparison = Schemas['AdjustedComparisonDto'];
const comparison = (over: Partial<Comparison>): Comparison => ({
  difference: 0.01, lift: { estimate: 0.2, low: -0.1, high: 0.5 }, pValue: 0.3, adjustedPValue: 0.3, significant: false, chanceToBeatControl: 0.8,
  minimumDetectableEffect: 0.05, requiredSamplePerArm: 4200, undetectable: true, verdict: 'too_small_to_tell', ...over,
});
const metric = (value: number, c: Comparison | null) => ({ value, low: value / 2, high: value * 1.5, comparison: c, chanceToBeBest: 0.5 });
const arm = (variant: string, recipients: number) => ({
  variant, weight: 1, recipients, clicks: 1, humanOpens: 2, machineOnlyOpens: 1, conversions: 1, revenueSum: 10, revenueSumOfSquares: 100,
  humanOpenRate: { rate: 2 / recipients, low: 0, high: 1 }, machineOnlyOpenRate: { rate: 1 / recipients, low: 0, high: 1 },
});

type AlwaysValidArm = Schemas['AlwaysValidArmDto'];
const control: AlwaysValidArm = { key: 'A', isControl: true, recipients: 10, value: 0.1, difference: null, pValue: null, adjustedPValue: null, low: null, high: null, looks: 0, verdict: null };
const avArm = (over: Partial<AlwaysValidArm>): AlwaysValidArm => ({
  key: 'B', isControl: false, recipients: 12, value: 0.083, difference: -0.017, pValue: 1, adjustedPValue: 1, low: null, high: null, looks: 0, verdict: 'too_small_to_tell', ...over,
});
const avMetric = (b: Partial<AlwaysValidArm>, reason = 'no_winner_yet', recommendedWinner: string | null = null) => ({ arms: [control, avArm(b)], reason, recommendedWinner });

function alwaysValid(b: Partial<AlwaysValidArm> = {}, reason = 'no_winner_yet', recommendedWinner: string | null = null, stored = false): Split['alwaysValid'] {
  return {
    decidedBy: 'always_valid', winnerMetric: 'conversion_rate', confidence: 0.95, intervalConfidence: 0.95, mixingRelativeEffect: 0.1, continuedFromStoredLooks: stored,
    recommendedWinner, reason, metrics: { click_rate: avMetric({}), conversion_rate: avMetric(b, reason, recommendedWinner), revenue_per_recipient: avMetric({}) },
  } as Split['alwaysValid'];
}

function split(over: Partial<Split> = {}): Split {
  return {
    stepId: 'ab', controlKey: 'A', autoWinner: null, decision: null, alwaysValid: alwaysValid(),
    arms: [arm('A', 10), arm('B', 12)],
    verdict: {
      winnerMetric: 'conversion_rate', confidence: 0.95, comparisons: 1, intervalConfidence: 0.95, recommendedWinner: null, reason: 'no_winner_yet',
      sampleRatio: { chiSquare: 0.18, degreesOfFreedom: 1, pValue: 0.67, mismatch: false, expected: [11, 11] },
      variants: [
        { key: 'A', isControl: true, recipients: 10, humanOpenRate: null, metrics: { click_rate: metric(0.1, null), conversion_rate: metric(0.1, null), revenue_per_recipient: metric(1, null) } },
        { key: 'B', isControl: false, recipients: 12, humanOpenRate: null, metrics: { click_rate: metric(0.08, comparison({})), conversion_rate: metric(0.083, comparison({ verdict: 'no_difference_yet' })), revenue_per_recipient: metric(0.83, comparison({})) } },
      ],
    },
    ...over,
  } as Split;
}

describe('A/B figures', () => {
  it('metric values: rates as percentages, revenue as money', () => {
    expect(formatMetric('click_rate', 0.0833, 'USD', 'en-US')).toBe('8.3%');
    expect(formatMetric('revenue_per_recipient', 0.8333, 'USD', 'en-US')).toBe('$0.83');
    expect(formatMetric('conversion_rate', null, 'USD', 'en-US')).toBe('—');
  });

  it('verdicts in words', () => {
    expect(verdictLabel('winner')).toBe('Better than control');
    expect(verdictLabel('too_small_to_tell')).toBe('Too small to tell');
    expect(verdictLabel(null)).toBe('—');
  });

  it('"too small to tell" says the sample per variant it would need, or that no difference was seen', () => {
    expect(tooSmallText(comparison({}), 12, 'en-US')).toBe('About 4,200 recipients per variant would show a difference this size (12 so far).');
    expect(tooSmallText(comparison({ requiredSamplePerArm: null }), 12, 'en-US')).toBe('No difference seen yet among 12 recipients.');
    expect(tooSmallText(comparison({ verdict: 'winner' }), 12)).toBeNull();
    expect(tooSmallText(null, 12)).toBeNull();
  });

  it('the sample-ratio check, passed and failed', () => {
    expect(sampleRatioText({ chiSquare: 0.18, degreesOfFreedom: 1, pValue: 0.67, mismatch: false, expected: [11, 11] }, 'en-US'))
      .toEqual({ ok: true, text: 'Sample ratio as configured (p 0.670; expected 11 / 11).' });
    const off = sampleRatioText({ chiSquare: 30, degreesOfFreedom: 1, pValue: 0.00001, mismatch: true, expected: [50.5, 49.5] }, 'en-US');
    expect(off.ok).toBe(false);
    expect(off.text).toBe('Sample ratio mismatch (p < 0.001; expected 50.5 / 49.5): the variants did not get the shares their weights say, so they are not comparable.');
  });

  it('says what judged the split: its rule, else the business defaults; the multiple-arm adjustment when there are several challengers', () => {
    expect(judgedBy(split())).toBe('Judged on Conversion rate at 95% confidence, by your A/B defaults in Settings (it has no rule of its own). ');
    const ruled = split({ autoWinner: { metric: 'click_rate', confidence: 0.9 } });
    const three = { ...ruled, verdict: { ...ruled.verdict!, winnerMetric: 'click_rate', confidence: 0.9, comparisons: 2, intervalConfidence: 0.95 } } as Split;
    expect(judgedBy(three)).toBe('Judged on Click rate at 90% confidence, by its automatic-winner rule. p-values are adjusted (Holm) for 2 challengers; lift intervals are at 95%.');
    expect(judgedBy(split({ verdict: null }))).toBeNull();
  });

  it('the recommendation', () => {
    expect(recommendationText(split())).toBe('No winner yet.');
    expect(recommendationText(split({ verdict: { ...split().verdict!, reason: 'challenger_wins', recommendedWinner: 'B' } }))).toBe('A challenger beats the control. Recommended: B.');
    expect(recommendationText(split({ verdict: null }))).toBe('Nobody has reached this split yet.');
  });

  it('the automatic decision with the numbers it rested on', () => {
    const decision = {
      stepId: 'ab', version: 1, metric: 'conversion_rate', winner: 'B', reason: 'challenger_wins', decidedAt: '2026-03-05T15:00:00Z',
      numbers: {
        metric: 'conversion_rate', confidence: 0.95, minSamplePerVariant: 100, minDurationSeconds: 86400, elapsedSeconds: 90000,
        sampleRatio: { chiSquare: 0.1, degreesOfFreedom: 1, pValue: 0.75, mismatch: false },
        arms: [{ key: 'B', isControl: false, recipients: 140, value: 0.12, low: 0.07, high: 0.18, difference: 0.07, lift: null, pValue: 0.01, adjustedPValue: 0.012, chanceToBeatControl: 0.99, verdict: 'winner' }],
      },
    } as Schemas['ExperimentDecisionDto'];
    const text = decisionText(decision, 'USD', 'en-US')!;
    expect(text).toMatch(/^Decided automatically on Mar 5, 2026, .+: B won on Conversion rate at 95% confidence by the fixed-horizon test \(a challenger won\); every later arrival gets B\. /);
    expect(text).toMatch(/B: 12% among 140 recipients, adjusted p 0\.012, 99% chance to beat control\.$/);
    expect(decisionText(null, 'USD')).toBeNull();
  });

  it('one row per arm, the control first, with each metric and its comparison', () => {
    const rows = armRows(split());
    expect(rows.map((r) => [r.key, r.isControl, r.recipients])).toEqual([['A', true, 10], ['B', false, 12]]);
    expect(rows[0].cells.map((c) => c.comparison)).toEqual([null, null, null]);
    expect(rows[1].cells.map((c) => c.comparison?.verdict)).toEqual(['too_small_to_tell', 'no_difference_yet', 'too_small_to_tell']);
    expect(rows[1].humanOpenRate).toBeCloseTo(2 / 12);
  });
});

describe('always-valid figures', () => {
  it('differences: rate points and signed money', () => {
    expect(formatDifference('conversion_rate', 0.0123, 'USD', 'en-US')).toBe('+1.2 pts');
    expect(formatDifference('click_rate', -0.004, 'USD', 'en-US')).toBe('-0.4 pts');
    expect(formatDifference('revenue_per_recipient', 0.35, 'USD', 'en-US')).toBe('+$0.35');
    expect(formatDifference('revenue_per_recipient', null, 'USD', 'en-US')).toBe('—');
  });

  it('the always-valid verdict of each challenger in words, and only for challengers', () => {
    expect(alwaysValidVerdictLabel('too_small_to_tell')).toBe('Collecting data');
    expect(alwaysValidVerdictLabel('no_difference_yet')).toBe('Not decided yet');
    expect(alwaysValidVerdictLabel('winner')).toBe('Better than control');
    expect(alwaysValidArm(split(), 'conversion_rate', 'B')?.verdict).toBe('too_small_to_tell');
    expect(alwaysValidArm(split(), 'conversion_rate', 'A')).toBeNull();
    expect(alwaysValidArm(split({ alwaysValid: null }), 'conversion_rate', 'B')).toBeNull();
  });

  it('the verdict an owner can act on: collecting, no winner yet, a winner, the control, a broken split', () => {
    expect(alwaysValidText(split())).toEqual({
      tone: 'running', title: 'Collecting data',
      text: 'The always-valid test starts counting once every variant has its minimum sample. Keep the test running; checking again does not make a false winner more likely.',
    });
    expect(alwaysValidText(split({ alwaysValid: alwaysValid({ verdict: 'no_difference_yet', looks: 4 }) }))).toEqual({
      tone: 'running', title: 'No winner yet',
      text: 'No variant is better or worse on Conversion rate at 95% confidence by the always-valid test yet. Keep the test running; checking again does not make a false winner more likely.',
    });
    expect(alwaysValidText(split({ alwaysValid: alwaysValid({ verdict: 'winner', looks: 4 }, 'challenger_wins', 'B') }))).toEqual({
      tone: 'decided', title: 'B beats the control',
      text: 'B is better on Conversion rate at 95% confidence by the always-valid test. You can act on it now: this holds however often the results were checked.',
    });
    expect(alwaysValidText(split({ alwaysValid: alwaysValid({ verdict: 'loser' }, 'control_wins', 'A') }))?.title).toBe('The control holds');
    expect(alwaysValidText(split({ alwaysValid: alwaysValid({}, 'sample_ratio_mismatch') }))?.tone).toBe('blocked');
    expect(alwaysValidText(split({ alwaysValid: null }))).toBeNull();
  });

  it('says which rule decides and what the fixed-horizon figures are', () => {
    expect(decidedByText(split())).toBe('Decided by the always-valid test (a mixture sequential probability ratio test, from the data so far), which allows for looking at the results as often as you like. '
      + 'The fixed-horizon p-values and intervals beside it are right only when read once, at a sample size planned in advance.');
    expect(decidedByText(split({ alwaysValid: alwaysValid({}, 'no_winner_yet', null, true) }))).toContain('continued from every check the automatic-winner pass made');
    const old = { stepId: 'ab', version: 1, metric: 'conversion_rate', winner: 'B', reason: 'challenger_wins', decidedAt: '2026-03-05T15:00:00Z',
      numbers: { metric: 'conversion_rate', confidence: 0.95, minSamplePerVariant: 100, minDurationSeconds: 86400, elapsedSeconds: 90000, sampleRatio: { chiSquare: 0, degreesOfFreedom: 1, pValue: 1, mismatch: false }, arms: [] } };
    expect(decidedByText(split({ decision: old as Schemas['ExperimentDecisionDto'] }))).toMatch(/This split's winner was chosen before, by the fixed-horizon test\.$/);
    expect(decidedByText(split({ alwaysValid: null }))).toBeNull();
  });

  it('the automatic decision by the always-valid test, with its p-value', () => {
    const decision = {
      stepId: 'ab', version: 1, metric: 'conversion_rate', winner: 'B', reason: 'challenger_wins', decidedAt: '2026-03-05T15:00:00Z',
      numbers: {
        metric: 'conversion_rate', confidence: 0.95, minSamplePerVariant: 100, minDurationSeconds: 86400, elapsedSeconds: 90000, decidedBy: 'always_valid', intervalConfidence: 0.95,
        mixingRelativeEffect: 0.1, sampleRatio: { chiSquare: 0.1, degreesOfFreedom: 1, pValue: 0.75, mismatch: false },
        arms: [{ key: 'B', isControl: false, recipients: 140, value: 0.12, low: 0.07, high: 0.18, difference: 0.07, lift: null, pValue: 0.01, adjustedPValue: 0.012, chanceToBeatControl: 0.99,
          verdict: 'winner', alwaysValid: { difference: 0.07, pValue: 0.03, adjustedPValue: 0.03, low: 0.01, high: 0.13, looks: 5, verdict: 'winner' } }],
      },
    } as Schemas['ExperimentDecisionDto'];
    const text = decisionText(decision, 'USD', 'en-US')!;
    expect(text).toContain('B won on Conversion rate at 95% confidence by the always-valid test (a challenger won)');
    expect(text).toMatch(/B: 12% among 140 recipients, always-valid p 0\.030, 99% chance to beat control\.$/);
  });
});
