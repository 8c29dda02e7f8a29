import { type ExperimentVariant } from './experiment-verdict';
import { StatisticsError } from './statistics.errors';
import { expectCloseTo } from './testing/close-to';
import { decideWinner } from './winner-decision';

// The recipients, clicks and conversions of experiment-verdict.spec.ts scenario 1 (revenue differs and is not
// decided on here); figures from testing/experiment_reference.py.
const variant = (key: string, recipients: number, clicks: number, conversions: number): ExperimentVariant => ({
  key, recipients, clicks, conversions, revenueSum: conversions * 50, revenueSumOfSquares: conversions * 2500, weight: 1,
});
const arms = [variant('A', 10000, 500, 100), variant('B', 10050, 610, 130), variant('C', 9950, 480, 95)];
// B's click rate 7 % against 5 %: a lift the always-valid test sees at once.
const clear = [variant('A', 10000, 500, 100), variant('B', 10050, 700, 130), variant('C', 9950, 480, 95)];
const startedAt = new Date('2026-03-01T09:00:00Z');
const base = { variants: arms, controlKey: 'A', confidence: 0.95, minSamplePerVariant: 5000, minDurationSeconds: 86400, startedAt };

describe('decideWinner', () => {
  it('scenario 1 on click rate: the fixed-horizon figures call B a winner, the always-valid test does not yet, so nothing is decided', () => {
    const decision = decideWinner({ ...base, metric: 'click_rate', now: new Date('2026-03-03T09:00:00Z') });
    expect(decision).toMatchObject({ decided: false, winner: null, reason: 'no_winner_yet' });
    expect(decision.numbers.decidedBy).toBe('always_valid');
    expect(decision.numbers.elapsedSeconds).toBe(172800);
    // Fixed-horizon figures, reported beside: B wins there (Holm p 0.0019).
    expect(decision.numbers.arms.map((a) => a.verdict)).toEqual([null, 'winner', 'too_small_to_tell']);
    const b = decision.numbers.arms[1];
    expectCloseTo(b.value, 0.06069651741293532, 1e-14);
    expectCloseTo(b.pValue, 0.0009278109205939985, 1e-10);
    expectCloseTo(b.adjustedPValue, 0.001855621841187997, 1e-10);
    expectCloseTo(b.chanceToBeatControl, 0.9995376844307929, 1e-9);
    expectCloseTo(b.lift?.low, 0.06439299502780793, 1e-10);
    expectCloseTo(decision.numbers.sampleRatio.pValue, 0.7788007830714049, 1e-12);
    // Always valid (testing/always_valid_reference.py): p 0.0333, Holm 0.0665, sequence at 97.5 % still across 0.
    expectCloseTo(b.alwaysValid?.pValue, 0.03327454292151624, 1e-9);
    expectCloseTo(b.alwaysValid?.adjustedPValue, 0.06654908584303248, 1e-9);
    expectCloseTo(b.alwaysValid?.low, -0.00036773327352537284, 1e-7);
    expect(b.alwaysValid?.verdict).toBe('no_difference_yet');
    expect(decision.numbers.arms[0].alwaysValid).toBeNull();
    // Plain data: survives a JSON round trip unchanged, so it can be stored with the decision.
    expect(JSON.parse(JSON.stringify(decision.numbers))).toEqual(decision.numbers);
    expect(JSON.parse(JSON.stringify(decision.state))).toEqual(decision.state);
  });

  it('picks B when its lift is clear to the always-valid test, recording its numbers', () => {
    const decision = decideWinner({ ...base, variants: clear, metric: 'click_rate', now: new Date('2026-03-03T09:00:00Z') });
    expect(decision).toMatchObject({ decided: true, winner: 'B', reason: 'challenger_wins' });
    expect(decision.numbers.arms[1].alwaysValid).toMatchObject({ verdict: 'winner', looks: 1 });
    expect(decision.numbers.arms[1].alwaysValid?.low).toBeGreaterThan(0);
  });

  it('carries the stored looks: a p-value reached at an earlier pass still counts', () => {
    const first = decideWinner({ ...base, variants: clear, metric: 'click_rate', now: new Date('2026-03-01T10:00:00Z') });
    expect(first).toMatchObject({ decided: false, reason: 'too_early' });
    // Later the challenger's lead has shrunk to scenario 1's, which alone decides nothing (above); the earlier look still does.
    const later = decideWinner({ ...base, metric: 'click_rate', now: new Date('2026-03-03T09:00:00Z'), previous: JSON.parse(JSON.stringify(first.state)) });
    expect(later).toMatchObject({ decided: true, winner: 'B' });
    expect(later.numbers.arms[1].alwaysValid?.pValue).toBe(first.numbers.arms[1].alwaysValid?.pValue);
    expect(later.numbers.arms[1].alwaysValid?.looks).toBe(2);
  });

  it('waits for the minimum duration, still reporting the numbers', () => {
    const decision = decideWinner({ ...base, metric: 'click_rate', now: new Date('2026-03-01T10:00:00Z') });
    expect(decision).toMatchObject({ decided: false, winner: null, reason: 'too_early' });
    expect(decision.numbers.elapsedSeconds).toBe(3600);
    expect(decision.numbers.arms[1].verdict).toBe('winner');
  });

  it('decides at exactly the minimum duration', () => {
    expect(decideWinner({ ...base, variants: clear, metric: 'click_rate', now: new Date('2026-03-02T09:00:00Z') }).decided).toBe(true);
  });

  it('waits for the minimum sample in every arm', () => {
    const decision = decideWinner({ ...base, metric: 'click_rate', minSamplePerVariant: 10000, now: new Date('2026-03-03T09:00:00Z') });
    expect(decision).toMatchObject({ decided: false, reason: 'sample_too_small' }); // C has 9,950
  });

  it('has no winner on conversion rate yet (B: p 0.051, Holm 0.102)', () => {
    const decision = decideWinner({ ...base, metric: 'conversion_rate', now: new Date('2026-03-03T09:00:00Z') });
    expect(decision).toMatchObject({ decided: false, winner: null, reason: 'no_winner_yet' });
    expectCloseTo(decision.numbers.arms[1].adjustedPValue, 0.10198251024786414, 1e-10);
  });

  it('keeps the control when it beats every challenger', () => {
    // chi2_contingency p: 600 vs 450 of 10,000 → 1.98e-6; 600 vs 480 → 1.74e-4.
    const variants = [variant('A', 10000, 600, 0), variant('B', 10000, 450, 0), variant('C', 10000, 480, 0)];
    const decision = decideWinner({ ...base, variants, metric: 'click_rate', now: new Date('2026-03-03T09:00:00Z') });
    expect(decision).toMatchObject({ decided: true, winner: 'A', reason: 'control_wins' });
  });

  it('refuses to decide under a sample-ratio mismatch', () => {
    // 10,000 vs 9,000 on 50/50: p = 4.0e-13 (stats.chisquare([10000, 9000])).
    const variants = [variant('A', 10000, 500, 0), variant('B', 9000, 700, 0)];
    const decision = decideWinner({ ...base, variants, metric: 'click_rate', now: new Date('2026-03-03T09:00:00Z') });
    expect(decision).toMatchObject({ decided: false, winner: null, reason: 'sample_ratio_mismatch' });
    expect(decision.numbers.sampleRatio.mismatch).toBe(true);
  });

  it('rejects invalid instants and durations', () => {
    expect(() => decideWinner({ ...base, metric: 'click_rate', now: new Date('nonsense') })).toThrow(StatisticsError);
    expect(() => decideWinner({ ...base, metric: 'click_rate', minDurationSeconds: -1, now: new Date() })).toThrow(StatisticsError);
  });
});
