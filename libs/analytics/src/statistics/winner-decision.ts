import { EXPERIMENT_METRICS, experimentVerdict, type ExperimentVariant, type WinnerReason } from './experiment-verdict';
import { type ExperimentMetric, type Verdict } from './metric-comparison';
import { type EstimateWithInterval } from './proportions';
import { type AlwaysValidArm, alwaysValidVerdict, type AlwaysValidVerdict, type SequentialState } from './sequential-verdict';
import { requireCount, StatisticsError } from './statistics.errors';

export interface WinnerDecisionInput {
  readonly variants: readonly ExperimentVariant[];
  readonly controlKey: string;
  /** Click rate, conversion rate or revenue per recipient; never open rate (machine opens inflate it). */
  readonly metric: ExperimentMetric;
  readonly confidence: number;
  readonly minSamplePerVariant: number;
  readonly minDurationSeconds: number;
  readonly startedAt: Date;
  readonly now: Date;
  readonly power?: number;
  /** The mSPRT's mixing standard deviation relative to the baseline; DEFAULT_MIXING_RELATIVE_EFFECT unless given. */
  readonly mixingRelativeEffect?: number;
  /** The always-valid tests' looks stored after the previous pass; null on the first. */
  readonly previous?: SequentialState | null;
}

export type WinnerDecisionReason = 'too_early' | 'sample_too_small' | WinnerReason;

/** One arm's numbers on the deciding metric, as recorded with the decision. */
export interface DecisionArm {
  readonly key: string;
  readonly isControl: boolean;
  readonly recipients: number;
  readonly value: number | null;
  readonly low: number | null;
  readonly high: number | null;
  readonly difference: number | null;
  readonly lift: EstimateWithInterval | null;
  readonly pValue: number | null;
  readonly adjustedPValue: number | null;
  readonly chanceToBeatControl: number | null;
  readonly verdict: Verdict | null;
  /** The always-valid test on the deciding metric, which is what decides; null for the control. */
  readonly alwaysValid: Omit<AlwaysValidArm, 'key' | 'isControl' | 'recipients' | 'value'> | null;
}

/** Everything the decision rested on, plain data to store beside it. */
export interface DecisionNumbers {
  readonly metric: ExperimentMetric;
  readonly confidence: number;
  readonly minSamplePerVariant: number;
  readonly minDurationSeconds: number;
  readonly elapsedSeconds: number;
  readonly sampleRatio: { readonly chiSquare: number; readonly degreesOfFreedom: number; readonly pValue: number; readonly mismatch: boolean };
  /** The rule that decides: the always-valid mSPRT, which stays valid however often the pass looks. */
  readonly decidedBy: 'always_valid';
  /** Confidence of each challenger's confidence sequence (Bonferroni). */
  readonly intervalConfidence: number;
  readonly mixingRelativeEffect: number;
  readonly arms: readonly DecisionArm[];
}

export interface WinnerDecision {
  readonly decided: boolean;
  /** The variant the remaining enrolments should get; null until decided. */
  readonly winner: string | null;
  readonly reason: WinnerDecisionReason;
  readonly numbers: DecisionNumbers;
  /** The always-valid verdict on every metric (the deciding one decides; the others are shown in the report). */
  readonly alwaysValid: Readonly<Record<ExperimentMetric, AlwaysValidVerdict>>;
  /** The looks to store for the next pass, so the p-values keep falling and the sequences keep narrowing. */
  readonly state: SequentialState;
}

/**
 * Automatic winner selection. Decides only when the experiment has run at least
 * `minDurationSeconds` (weekday and time-of-day effects even out) and every arm has at least
 * `minSamplePerVariant` recipients, the split passes the sample-ratio check, and on `metric` a
 * challenger is a winner of the always-valid test (mSPRT, Holm across challengers; see
 * `alwaysValidVerdict`), or the control beats every challenger there. The worker looks every
 * pass, so a fixed-horizon test would find false winners several times as often as its α; the
 * fixed-horizon figures are still returned beside, for the report. Otherwise it says why not;
 * either way it returns the numbers and the looks to store.
 */
export function decideWinner(input: WinnerDecisionInput): WinnerDecision {
  requireCount(input.minDurationSeconds, 'minDurationSeconds');
  const started = input.startedAt.getTime();
  const now = input.now.getTime();
  if (!Number.isFinite(started) || !Number.isFinite(now)) throw new StatisticsError('INVALID_EXPERIMENT', 'startedAt', 'startedAt and now must be valid instants');
  const verdict = experimentVerdict(input.variants, {
    controlKey: input.controlKey,
    confidence: input.confidence,
    power: input.power,
    minSamplePerVariant: input.minSamplePerVariant,
    winnerMetric: input.metric,
  });
  const elapsedSeconds = Math.max(0, (now - started) / 1000);
  const sequentialSettings = { controlKey: input.controlKey, confidence: verdict.confidence, minSamplePerVariant: input.minSamplePerVariant, mixingRelativeEffect: input.mixingRelativeEffect };
  const alwaysValid = Object.fromEntries(
    EXPERIMENT_METRICS.map((m) => [m, alwaysValidVerdict(input.variants, m, sequentialSettings, verdict.sampleRatio, input.previous?.[m] ?? null)]),
  ) as Record<ExperimentMetric, AlwaysValidVerdict>;
  const deciding = alwaysValid[input.metric];
  const numbers: DecisionNumbers = {
    metric: input.metric,
    confidence: verdict.confidence,
    minSamplePerVariant: input.minSamplePerVariant,
    minDurationSeconds: input.minDurationSeconds,
    elapsedSeconds,
    sampleRatio: {
      chiSquare: verdict.sampleRatio.chiSquare,
      degreesOfFreedom: verdict.sampleRatio.degreesOfFreedom,
      pValue: verdict.sampleRatio.pValue,
      mismatch: verdict.sampleRatio.mismatch,
    },
    decidedBy: 'always_valid',
    intervalConfidence: deciding.intervalConfidence,
    mixingRelativeEffect: deciding.mixingRelativeEffect,
    arms: verdict.variants.map((v) => {
      const { value, low, high, comparison: c } = v.metrics[input.metric];
      const a = deciding.arms.find((x) => x.key === v.key) as AlwaysValidArm;
      const sequential = { difference: a.difference, pValue: a.pValue, adjustedPValue: a.adjustedPValue, low: a.low, high: a.high, looks: a.looks, verdict: a.verdict };
      return {
        key: v.key, isControl: v.isControl, recipients: v.recipients, value, low, high,
        difference: c?.difference ?? null, lift: c?.lift ?? null, pValue: c?.pValue ?? null, adjustedPValue: c?.adjustedPValue ?? null,
        chanceToBeatControl: c?.chanceToBeatControl ?? null, verdict: c?.verdict ?? null, alwaysValid: v.isControl ? null : sequential,
      };
    }),
  };
  const state = Object.fromEntries(EXPERIMENT_METRICS.map((m) => [m, alwaysValid[m].state])) as SequentialState;
  const undecided = (reason: WinnerDecisionReason): WinnerDecision => ({ decided: false, winner: null, reason, numbers, alwaysValid, state });
  if (elapsedSeconds < input.minDurationSeconds) return undecided('too_early');
  if (input.variants.some((v) => v.recipients < input.minSamplePerVariant)) return undecided('sample_too_small');
  const winner = deciding.recommendedWinner;
  return { decided: winner !== null, winner, reason: deciding.reason, numbers, alwaysValid, state };
}
