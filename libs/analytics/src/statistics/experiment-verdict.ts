import { probabilityToBeBest } from './bayesian';
import {
  type Comparison, compareMeans, compareRates, type ExperimentMetric, meanValue, type MetricValue, rateValue, type Verdict, verdictFor,
} from './metric-comparison';
import { bonferroniConfidence, holmAdjust } from './multiple-comparisons';
import { type Proportion, type RateEstimate, wilsonInterval } from './proportions';
import { sampleRatioMismatch, type SampleRatioResult } from './sample-ratio';
import { requireCount, requireFinite, requireOpenProbability, requireSuccesses, StatisticsError } from './statistics.errors';
import { type SampleSummary, summaryFromSums } from './welch';

export const EXPERIMENT_METRICS: readonly ExperimentMetric[] = ['click_rate', 'conversion_rate', 'revenue_per_recipient'];

/** One variant's totals, as aggregated in SQL over its enrolled, non-holdout recipients. */
export interface ExperimentVariant {
  readonly key: string;
  readonly recipients: number;
  /** Recipients who clicked at least once. */
  readonly clicks: number;
  /** Recipients who converted at least once. */
  readonly conversions: number;
  readonly revenueSum: number;
  /** Σ over recipients of (that recipient's revenue)². */
  readonly revenueSumOfSquares: number;
  /** The configured split weight (any scale). */
  readonly weight: number;
  /** Recipients with a human open, if known: reported with an interval, never used to pick a winner. */
  readonly humanOpens?: number;
}

export interface ExperimentSettings {
  readonly controlKey: string;
  /** Family-wide confidence; alpha = 1 − confidence. 0.95 unless given. */
  readonly confidence?: number;
  /** Power for minimum detectable effects. 0.8 unless given. */
  readonly power?: number;
  /** Below this many recipients in an arm, its verdicts are 'too_small_to_tell'. 0 unless given. */
  readonly minSamplePerVariant?: number;
  /** The metric that picks the recommended winner. 'conversion_rate' unless given. */
  readonly winnerMetric?: ExperimentMetric;
}

/** A challenger's comparison after Holm's adjustment, with its verdict. */
export interface AdjustedComparison extends Comparison {
  readonly adjustedPValue: number | null;
  readonly significant: boolean;
  readonly verdict: Verdict;
}

export interface MetricReport extends MetricValue {
  /** Null for the control. */
  readonly comparison: AdjustedComparison | null;
  /** Posterior probability that this arm has the highest rate of all arms; null for revenue per recipient. */
  readonly chanceToBeBest: number | null;
}

export interface VariantReport {
  readonly key: string;
  readonly isControl: boolean;
  readonly recipients: number;
  readonly humanOpenRate: RateEstimate | null;
  readonly metrics: Readonly<Record<ExperimentMetric, MetricReport>>;
}

export type WinnerReason = 'sample_ratio_mismatch' | 'challenger_wins' | 'control_wins' | 'no_winner_yet';

export interface ExperimentVerdict {
  readonly winnerMetric: ExperimentMetric;
  readonly confidence: number;
  /** Challengers compared with the control on each metric (the m of Holm's adjustment). */
  readonly comparisons: number;
  /** Confidence of lift intervals, Bonferroni-corrected so all challengers' intervals hold together. */
  readonly intervalConfidence: number;
  readonly sampleRatio: SampleRatioResult;
  readonly variants: readonly VariantReport[];
  readonly recommendedWinner: string | null;
  readonly reason: WinnerReason;
}

interface Resolved {
  readonly confidence: number;
  readonly alpha: number;
  readonly power: number;
  readonly minSample: number;
  readonly intervalConfidence: number;
  readonly comparisonAlpha: number;
}

/**
 * Every A/B number for an experiment at once: per variant and metric (click rate, conversion
 * rate, revenue per recipient) the value and interval, and for each challenger against the
 * control the difference, lift with interval, p-value, Holm-adjusted p-value, chance to beat
 * control, minimum detectable effect and verdict; the sample-ratio check; and a recommended
 * winner on the configured metric (see `recommendWinner`).
 *
 * Several challengers: p-values are Holm-adjusted across the challengers within each metric, lift
 * intervals are at the Bonferroni confidence 1 − α/m, and minimum detectable effects use α/m (the
 * threshold of Holm's first step). Metrics other than the winner metric are descriptive, so there
 * is no further correction across metrics.
 */
export function experimentVerdict(variants: readonly ExperimentVariant[], settings: ExperimentSettings): ExperimentVerdict {
  const control = validate(variants, settings);
  const challengers = variants.filter((v) => v !== control);
  const resolved = resolve(settings, challengers.length);
  const metrics = Object.fromEntries(EXPERIMENT_METRICS.map((metric) => [metric, metricReports(metric, control, challengers, resolved)])) as Record<
    ExperimentMetric,
    Map<string, MetricReport>
  >;
  const reports = variants.map((v): VariantReport => ({
    key: v.key,
    isControl: v === control,
    recipients: v.recipients,
    humanOpenRate: v.humanOpens === undefined ? null : wilsonInterval(v.humanOpens, v.recipients, resolved.confidence),
    metrics: {
      click_rate: metrics.click_rate.get(v.key) as MetricReport,
      conversion_rate: metrics.conversion_rate.get(v.key) as MetricReport,
      revenue_per_recipient: metrics.revenue_per_recipient.get(v.key) as MetricReport,
    },
  }));
  const sampleRatio = sampleRatioMismatch(
    variants.map((v) => v.recipients),
    variants.map((v) => v.weight),
  );
  const winnerMetric = settings.winnerMetric ?? 'conversion_rate';
  const { winner, reason } = recommendWinner(reports, winnerMetric, sampleRatio);
  return {
    winnerMetric,
    confidence: resolved.confidence,
    comparisons: challengers.length,
    intervalConfidence: resolved.intervalConfidence,
    sampleRatio,
    variants: reports,
    recommendedWinner: winner,
    reason,
  };
}

/**
 * The recommended winner on one metric: none under a sample-ratio mismatch (assignment is broken,
 * so no comparison can be trusted); else, among challengers whose verdict is 'winner', the one
 * with the highest value (ties: the higher chance to beat control); else the control when every
 * challenger is a 'loser'; else none yet.
 */
export function recommendWinner(
  reports: readonly VariantReport[],
  metric: ExperimentMetric,
  sampleRatio: SampleRatioResult,
): { winner: string | null; reason: WinnerReason } {
  if (sampleRatio.mismatch) return { winner: null, reason: 'sample_ratio_mismatch' };
  const challengers = reports.filter((r) => !r.isControl);
  const winners = challengers.filter((r) => r.metrics[metric].comparison?.verdict === 'winner');
  if (winners.length > 0) {
    const score = (r: VariantReport): [number, number] => [r.metrics[metric].value ?? -Infinity, r.metrics[metric].comparison?.chanceToBeatControl ?? 0];
    const best = winners.reduce((a, b) => {
      const [va, ca] = score(a);
      const [vb, cb] = score(b);
      return vb > va || (vb === va && cb > ca) ? b : a;
    });
    return { winner: best.key, reason: 'challenger_wins' };
  }
  const control = reports.find((r) => r.isControl);
  if (control && challengers.length > 0 && challengers.every((r) => r.metrics[metric].comparison?.verdict === 'loser')) {
    return { winner: control.key, reason: 'control_wins' };
  }
  return { winner: null, reason: 'no_winner_yet' };
}

function metricReports(metric: ExperimentMetric, control: ExperimentVariant, challengers: readonly ExperimentVariant[], resolved: Resolved): Map<string, MetricReport> {
  const settings = { alpha: resolved.comparisonAlpha, power: resolved.power, intervalConfidence: resolved.intervalConfidence };
  const raw = challengers.map((v) =>
    metric === 'revenue_per_recipient' ? compareMeans(summaryOf(control), summaryOf(v), settings) : compareRates(proportionOf(control, metric), proportionOf(v, metric), settings),
  );
  const adjusted = holmAdjust(raw.map((c) => c.pValue));
  const everyone = [control, ...challengers];
  const best = metric === 'revenue_per_recipient' ? null : probabilityToBeBest(everyone.map((v) => proportionOf(v, metric)));
  const value = (v: ExperimentVariant): MetricValue =>
    metric === 'revenue_per_recipient' ? meanValue(summaryOf(v), resolved.confidence) : rateValue(proportionOf(v, metric), resolved.confidence);
  const reports = new Map<string, MetricReport>();
  reports.set(control.key, { ...value(control), comparison: null, chanceToBeBest: best ? best[0] : null });
  challengers.forEach((v, i) => {
    const enoughSample = v.recipients >= resolved.minSample && control.recipients >= resolved.minSample;
    const adjustedPValue = adjusted[i];
    const comparison: AdjustedComparison = {
      ...raw[i],
      adjustedPValue,
      significant: adjustedPValue !== null && adjustedPValue < resolved.alpha,
      verdict: verdictFor(raw[i], adjustedPValue, resolved.alpha, enoughSample),
    };
    reports.set(v.key, { ...value(v), comparison, chanceToBeBest: best ? best[i + 1] : null });
  });
  return reports;
}

function proportionOf(v: ExperimentVariant, metric: 'click_rate' | 'conversion_rate'): Proportion {
  return { successes: metric === 'click_rate' ? v.clicks : v.conversions, trials: v.recipients };
}

function summaryOf(v: ExperimentVariant): SampleSummary {
  return summaryFromSums(v.recipients, v.revenueSum, v.revenueSumOfSquares);
}

function resolve(settings: ExperimentSettings, comparisons: number): Resolved {
  const confidence = settings.confidence ?? 0.95;
  const power = settings.power ?? 0.8;
  const minSample = settings.minSamplePerVariant ?? 0;
  requireOpenProbability(confidence, 'confidence');
  requireOpenProbability(power, 'power');
  requireCount(minSample, 'minSamplePerVariant');
  const alpha = 1 - confidence;
  return { confidence, alpha, power, minSample, intervalConfidence: bonferroniConfidence(confidence, comparisons), comparisonAlpha: alpha / Math.max(1, comparisons) };
}

function validate(variants: readonly ExperimentVariant[], settings: ExperimentSettings): ExperimentVariant {
  const keys = new Set(variants.map((v) => v.key));
  if (keys.size !== variants.length) throw new StatisticsError('INVALID_EXPERIMENT', 'variants', 'keys must be unique');
  const control = variants.find((v) => v.key === settings.controlKey);
  if (!control) throw new StatisticsError('INVALID_EXPERIMENT', 'controlKey', `names no variant (${settings.controlKey})`);
  if (variants.length < 2) throw new StatisticsError('INVALID_EXPERIMENT', 'variants', 'need a control and at least one challenger');
  variants.forEach((v, i) => {
    requireSuccesses(v.clicks, v.recipients, `variants[${i}].clicks`);
    requireSuccesses(v.conversions, v.recipients, `variants[${i}].conversions`);
    if (v.humanOpens !== undefined) requireSuccesses(v.humanOpens, v.recipients, `variants[${i}].humanOpens`);
    requireFinite(v.revenueSum, `variants[${i}].revenueSum`);
  });
  return control;
}
