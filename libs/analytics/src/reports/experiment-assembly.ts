import { DEFAULT_BUSINESS_SETTINGS, type ExperimentDefaults } from '@localreach/core';
import { EXPERIMENT_METRICS, experimentVerdict, type ExperimentVerdict, type WinnerReason } from '../statistics/experiment-verdict';
import type { ExperimentMetric } from '../statistics/metric-comparison';
import { type RateEstimate, wilsonInterval } from '../statistics/proportions';
import { type AlwaysValidArm, alwaysValidVerdict, type SequentialState } from '../statistics/sequential-verdict';
import type { ExperimentArmSums, ReportedDefinition, StoredDecision } from './campaign-report.repository';
import { type ConversionDefinition, GOAL_WINDOW_CONVERSIONS } from './conversion-definition';

/** The optional automatic-winner setting of a split step, as stored in the campaign. */
export interface AutoWinnerSetting {
  metric: ExperimentMetric;
  confidence: number;
  minSamplePerVariant: number;
  /** ISO-8601 duration. */
  minDuration: string;
  /** The relative lift the always-valid test is tuned to; absent for the default. */
  expectedLift?: number;
}

export interface SplitStepFacts {
  stepId: string;
  /** Variant labels in branch order (the first is the control) and their weights. */
  variants: { key: string; weight: number }[];
  autoWinner: AutoWinnerSetting | null;
}

export interface ExperimentArmReport extends Omit<ExperimentArmSums, 'humanOpens' | 'machineOnlyOpens'> {
  weight: number;
  /** Recipients with a human open / opened only by machines; null where opens were not counted (the campaign report). */
  humanOpens: number | null;
  machineOnlyOpens: number | null;
  /** Open rate with a Wilson interval: shown, never used to pick a winner (machine opens inflate it). */
  humanOpenRate: RateEstimate | null;
  machineOnlyOpenRate: RateEstimate | null;
}

export interface SplitExperimentReport {
  stepId: string;
  controlKey: string;
  autoWinner: AutoWinnerSetting | null;
  /** What the arms' conversions and revenue count (goal-window orders); attributedOrders / attributedRevenue count as the funnel does. */
  conversionDefinition: ConversionDefinition;
  arms: ExperimentArmReport[];
  /** Null until some recipient reached the split. */
  verdict: ExperimentVerdict | null;
  /** The automatic decision, once taken: later arrivals at the split all get `winner`. */
  decision: StoredDecision | null;
  /** The always-valid verdict, the one that decides; null until some recipient reached the split. */
  alwaysValid: AlwaysValidReport | null;
}

/** One metric under the always-valid test. */
export interface AlwaysValidMetricReport {
  arms: AlwaysValidArm[];
  recommendedWinner: string | null;
  reason: WinnerReason;
}

/**
 * The always-valid (mSPRT) verdict of a split beside the fixed-horizon one: valid however often it
 * is looked at, so it is what decides automatic winners and what the report says while the test runs.
 */
export interface AlwaysValidReport {
  decidedBy: 'always_valid';
  winnerMetric: ExperimentMetric;
  confidence: number;
  /** Confidence of each challenger's sequence (Bonferroni across challengers). */
  intervalConfidence: number;
  mixingRelativeEffect: number;
  /** Whether the worker's stored looks were continued (splits with an automatic winner); else this look alone. */
  continuedFromStoredLooks: boolean;
  /** The verdict on the winner metric now. */
  recommendedWinner: string | null;
  reason: WinnerReason;
  metrics: Record<ExperimentMetric, AlwaysValidMetricReport>;
}

/**
 * Split steps of a definition with their variant labels (a branch's name, or A, B, C… by position) and weights.
 * Rules are stored complete since the business's A/B defaults fill them in at save; one saved before that
 * reads its gaps as the decision job does, with the original defaults.
 */
export function splitSteps(definition: ReportedDefinition): SplitStepFacts[] {
  return definition.steps
    .filter((s) => s.type === 'split' && Array.isArray(s.branches))
    .map((s) => ({
      stepId: s.id,
      variants: s.branches!.map((b, i) => ({ key: b.name ?? String.fromCharCode(65 + i), weight: b.weight })),
      autoWinner: s.autoWinner ? { ...DEFAULT_BUSINESS_SETTINGS.experiments, ...(s.autoWinner as Partial<AutoWinnerSetting>) } : null,
    }));
}

/**
 * One split's A/B report: per arm the counts and open rates, and the verdict on click rate,
 * conversion rate and revenue per recipient against the first branch (the control), with the
 * sample-ratio check against the configured weights; beside it the always-valid verdict,
 * continued from the worker's stored looks when there are some. The winner metric and confidence
 * are the split's automatic-winner settings when it has them, else the business's A/B defaults.
 */
export function assembleExperiment(
  split: SplitStepFacts,
  sums: ExperimentArmSums[],
  decision: StoredDecision | null,
  withOpens = true,
  defaults: ExperimentDefaults = DEFAULT_BUSINESS_SETTINGS.experiments,
  looks: SequentialState | null = null,
): SplitExperimentReport {
  const arms: ExperimentArmReport[] = split.variants.map(({ key, weight }) => {
    const s = sums.find((x) => x.variant === key) ?? { variant: key, recipients: 0, clicks: 0, humanOpens: 0, machineOnlyOpens: 0, conversions: 0, revenueSum: 0, revenueSumOfSquares: 0, attributedOrders: 0, attributedRevenue: 0 };
    if (!withOpens) return { ...s, weight, humanOpens: null, machineOnlyOpens: null, humanOpenRate: null, machineOnlyOpenRate: null };
    return { ...s, weight, humanOpenRate: wilsonInterval(s.humanOpens, s.recipients), machineOnlyOpenRate: wilsonInterval(s.machineOnlyOpens, s.recipients) };
  });
  const controlKey = split.variants[0].key;
  const rule = split.autoWinner ?? defaults;
  const reached = arms.reduce((n, a) => n + a.recipients, 0) > 0 && arms.length >= 2;
  const variants = arms.map((a) => ({ key: a.variant, recipients: a.recipients, clicks: a.clicks, conversions: a.conversions, revenueSum: a.revenueSum,
    revenueSumOfSquares: a.revenueSumOfSquares, weight: a.weight, humanOpens: a.humanOpens ?? undefined }));
  const verdict = reached
    ? experimentVerdict(variants, { controlKey, confidence: rule.confidence, minSamplePerVariant: rule.minSamplePerVariant, winnerMetric: rule.metric })
    : null;
  let alwaysValid: AlwaysValidReport | null = null;
  if (verdict) {
    const settings = { controlKey, confidence: rule.confidence, minSamplePerVariant: rule.minSamplePerVariant, mixingRelativeEffect: split.autoWinner?.expectedLift };
    const byMetric = Object.fromEntries(EXPERIMENT_METRICS.map((m) => [m, alwaysValidVerdict(variants, m, settings, verdict.sampleRatio, looks?.[m] ?? null)]));
    const deciding = byMetric[rule.metric];
    alwaysValid = {
      decidedBy: 'always_valid', winnerMetric: rule.metric, confidence: deciding.confidence, intervalConfidence: deciding.intervalConfidence,
      mixingRelativeEffect: deciding.mixingRelativeEffect, continuedFromStoredLooks: looks !== null, recommendedWinner: deciding.recommendedWinner, reason: deciding.reason,
      metrics: Object.fromEntries(EXPERIMENT_METRICS.map((m) => [m, { arms: [...byMetric[m].arms], recommendedWinner: byMetric[m].recommendedWinner, reason: byMetric[m].reason }])) as Record<
        ExperimentMetric,
        AlwaysValidMetricReport
      >,
    };
  }
  return { stepId: split.stepId, controlKey, autoWinner: split.autoWinner, conversionDefinition: GOAL_WINDOW_CONVERSIONS, arms, verdict, decision, alwaysValid };
}
