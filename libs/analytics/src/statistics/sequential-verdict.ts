import { type AlwaysValidComparison, compareMeansAlwaysValid, compareRatesAlwaysValid, DEFAULT_MIXING_RELATIVE_EFFECT, type SequentialLook } from './always-valid';
import { type ExperimentVariant, type WinnerReason } from './experiment-verdict';
import { type ExperimentMetric, type Verdict } from './metric-comparison';
import { bonferroniConfidence, holmAdjust } from './multiple-comparisons';
import { type SampleRatioResult } from './sample-ratio';
import { requireCount, requireOpenProbability, StatisticsError } from './statistics.errors';
import { summaryFromSums } from './welch';

/** The stored looks of one metric's test, by challenger key. */
export type SequentialMetricState = Readonly<Record<string, SequentialLook>>;
/** The stored looks of a split, by metric then challenger key: what the next look builds on. */
export type SequentialState = Readonly<Partial<Record<ExperimentMetric, SequentialMetricState>>>;

export interface SequentialSettings {
  readonly controlKey: string;
  /** Family-wide confidence; alpha = 1 − confidence. */
  readonly confidence: number;
  /** Looks before every arm has this many recipients are not counted. */
  readonly minSamplePerVariant: number;
  /** The mixing standard deviation τ relative to the pooled baseline; DEFAULT_MIXING_RELATIVE_EFFECT unless given. */
  readonly mixingRelativeEffect?: number;
}

/** One arm under the always-valid test on one metric. */
export interface AlwaysValidArm {
  readonly key: string;
  readonly isControl: boolean;
  readonly recipients: number;
  /** The arm's rate or revenue per recipient now; null without recipients. */
  readonly value: number | null;
  /** Challenger − control now; null for the control. */
  readonly difference: number | null;
  /** Always-valid p-value (running minimum of the mSPRT's); null for the control. */
  readonly pValue: number | null;
  /** Holm-adjusted across the challengers; null for the control. */
  readonly adjustedPValue: number | null;
  /** Confidence sequence for the difference at intervalConfidence; null for the control or while unbounded. */
  readonly low: number | null;
  readonly high: number | null;
  /** Looks counted so far; 0 for the control. */
  readonly looks: number;
  /** 'too_small_to_tell' until every arm has the minimum sample; null for the control. */
  readonly verdict: Verdict | null;
}

/** The always-valid verdict of one split on one metric, and the looks to store for the next. */
export interface AlwaysValidVerdict {
  readonly method: 'always_valid';
  readonly metric: ExperimentMetric;
  readonly confidence: number;
  readonly comparisons: number;
  /** Confidence of each challenger's sequence (Bonferroni 1 − α/m), so all hold together at every look. */
  readonly intervalConfidence: number;
  readonly mixingRelativeEffect: number;
  readonly arms: readonly AlwaysValidArm[];
  readonly recommendedWinner: string | null;
  readonly reason: WinnerReason;
  readonly state: SequentialMetricState;
}

/**
 * The experiment's verdict on one metric under continuous monitoring: per challenger the mSPRT's
 * always-valid p-value against the control and its confidence sequence, continued from `previous`.
 * Several challengers: Holm on the always-valid p-values (valid p-values at any stopping time, so
 * Holm keeps the family-wise error at α whenever one stops) and sequences at Bonferroni 1 − α/m.
 * A challenger is a 'winner' (or 'loser') when its Holm-adjusted p is below α; the direction is
 * the side of zero its sequence lies on (else the sign of the difference now). The recommended
 * winner follows the fixed-horizon rule's logic: none under a sample-ratio mismatch; the best
 * winning challenger; the control when every challenger loses.
 */
export function alwaysValidVerdict(
  variants: readonly ExperimentVariant[],
  metric: ExperimentMetric,
  settings: SequentialSettings,
  sampleRatio: Pick<SampleRatioResult, 'mismatch'>,
  previous: SequentialMetricState | null = null,
): AlwaysValidVerdict {
  const { confidence, minSamplePerVariant } = settings;
  requireOpenProbability(confidence, 'confidence');
  requireCount(minSamplePerVariant, 'minSamplePerVariant');
  const control = variants.find((v) => v.key === settings.controlKey);
  if (!control) throw new StatisticsError('INVALID_EXPERIMENT', 'controlKey', `names no variant (${settings.controlKey})`);
  const challengers = variants.filter((v) => v !== control);
  const alpha = 1 - confidence;
  const intervalConfidence = bonferroniConfidence(confidence, challengers.length);
  const mixingRelativeEffect = settings.mixingRelativeEffect ?? DEFAULT_MIXING_RELATIVE_EFFECT;
  const compareSettings = { alpha: 1 - intervalConfidence, mixingRelativeEffect, minSamplePerArm: Math.max(1, minSamplePerVariant) };
  const results = challengers.map((v) => compare(metric, control, v, compareSettings, previous?.[v.key] ?? null));
  const adjusted = holmAdjust(results.map((r) => r.pValue));
  const enough = variants.every((v) => v.recipients >= minSamplePerVariant);
  const arms: AlwaysValidArm[] = [
    { key: control.key, isControl: true, recipients: control.recipients, value: valueOf(metric, control), difference: null, pValue: null, adjustedPValue: null, low: null, high: null, looks: 0, verdict: null },
    ...challengers.map((v, i): AlwaysValidArm => {
      const r = results[i];
      return {
        key: v.key, isControl: false, recipients: v.recipients, value: valueOf(metric, v), difference: r.difference, pValue: r.pValue, adjustedPValue: adjusted[i],
        low: r.low, high: r.high, looks: r.looks, verdict: verdictOf(r, adjusted[i] as number, alpha, enough),
      };
    }),
  ];
  const { winner, reason } = recommend(arms, sampleRatio.mismatch);
  const state = Object.fromEntries(challengers.map((v, i) => [v.key, results[i].state]));
  return { method: 'always_valid', metric, confidence, comparisons: challengers.length, intervalConfidence, mixingRelativeEffect, arms, recommendedWinner: winner, reason, state };
}

function compare(
  metric: ExperimentMetric,
  control: ExperimentVariant,
  variant: ExperimentVariant,
  settings: { alpha: number; mixingRelativeEffect: number; minSamplePerArm: number },
  previous: SequentialLook | null,
): AlwaysValidComparison {
  if (metric === 'revenue_per_recipient') {
    const summary = (v: ExperimentVariant) => summaryFromSums(v.recipients, v.revenueSum, v.revenueSumOfSquares);
    return compareMeansAlwaysValid(summary(control), summary(variant), settings, previous);
  }
  const successes = (v: ExperimentVariant) => (metric === 'click_rate' ? v.clicks : v.conversions);
  return compareRatesAlwaysValid({ successes: successes(control), trials: control.recipients }, { successes: successes(variant), trials: variant.recipients }, settings, previous);
}

function valueOf(metric: ExperimentMetric, v: ExperimentVariant): number | null {
  if (v.recipients === 0) return null;
  if (metric === 'revenue_per_recipient') return v.revenueSum / v.recipients;
  return (metric === 'click_rate' ? v.clicks : v.conversions) / v.recipients;
}

function verdictOf(r: AlwaysValidComparison, adjustedPValue: number, alpha: number, enough: boolean): Verdict {
  if (!(adjustedPValue < alpha)) return enough || r.looks > 0 ? 'no_difference_yet' : 'too_small_to_tell';
  const side = r.low !== null && r.low > 0 ? 1 : r.high !== null && r.high < 0 ? -1 : Math.sign(r.difference ?? 0);
  return side >= 0 ? 'winner' : 'loser';
}

function recommend(arms: readonly AlwaysValidArm[], mismatch: boolean): { winner: string | null; reason: WinnerReason } {
  if (mismatch) return { winner: null, reason: 'sample_ratio_mismatch' };
  const challengers = arms.filter((a) => !a.isControl);
  const winners = challengers.filter((a) => a.verdict === 'winner');
  if (winners.length > 0) {
    const best = winners.reduce((a, b) => ((b.value ?? -Infinity) > (a.value ?? -Infinity) ? b : a));
    return { winner: best.key, reason: 'challenger_wins' };
  }
  if (challengers.length > 0 && challengers.every((a) => a.verdict === 'loser')) return { winner: arms.find((a) => a.isControl)!.key, reason: 'control_wins' };
  return { winner: null, reason: 'no_winner_yet' };
}
