import { experimentVerdict, type ExperimentVariant, type WinnerReason } from './experiment-verdict';
import { type ExperimentMetric, type Verdict } from './metric-comparison';
import { type EstimateWithInterval } from './proportions';
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
}

/** Everything the decision rested on, plain data to store beside it. */
export interface DecisionNumbers {
  readonly metric: ExperimentMetric;
  readonly confidence: number;
  readonly minSamplePerVariant: number;
  readonly minDurationSeconds: number;
  readonly elapsedSeconds: number;
  readonly sampleRatio: { readonly chiSquare: number; readonly degreesOfFreedom: number; readonly pValue: number; readonly mismatch: boolean };
  readonly arms: readonly DecisionArm[];
}

export interface WinnerDecision {
  readonly decided: boolean;
  /** The variant the remaining enrolments should get; null until decided. */
  readonly winner: string | null;
  readonly reason: WinnerDecisionReason;
  readonly numbers: DecisionNumbers;
}

/**
 * Automatic winner selection. Decides only when the experiment has run at least
 * `minDurationSeconds` (weekday and time-of-day effects even out) and every arm has at least
 * `minSamplePerVariant` recipients, the split passes the sample-ratio check, and on `metric` a
 * challenger is a significant winner after Holm's correction (or the control beats every
 * challenger significantly). Otherwise it says why not; either way it returns the numbers.
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
    arms: verdict.variants.map((v) => {
      const { value, low, high, comparison: c } = v.metrics[input.metric];
      return {
        key: v.key, isControl: v.isControl, recipients: v.recipients, value, low, high,
        difference: c?.difference ?? null, lift: c?.lift ?? null, pValue: c?.pValue ?? null, adjustedPValue: c?.adjustedPValue ?? null,
        chanceToBeatControl: c?.chanceToBeatControl ?? null, verdict: c?.verdict ?? null,
      };
    }),
  };
  if (elapsedSeconds < input.minDurationSeconds) return { decided: false, winner: null, reason: 'too_early', numbers };
  if (input.variants.some((v) => v.recipients < input.minSamplePerVariant)) return { decided: false, winner: null, reason: 'sample_too_small', numbers };
  const winner = verdict.recommendedWinner;
  return { decided: winner !== null, winner, reason: verdict.reason, numbers };
}
