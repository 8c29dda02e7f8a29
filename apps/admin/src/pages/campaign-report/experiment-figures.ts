import type { Schemas } from '@localreach/api-client';

export type Split = Schemas['SplitExperimentDto'];
export type Metric = 'click_rate' | 'conversion_rate' | 'revenue_per_recipient';
type Comparison = Schemas['AdjustedComparisonDto'];
type MetricReport = Schemas['MetricReportDto'];
type Decision = Schemas['ExperimentDecisionDto'];
type SampleRatio = Schemas['SampleRatioDto'];
type AlwaysValidArm = Schemas['AlwaysValidArmDto'];

export const METRICS: readonly Metric[] = ['click_rate', 'conversion_rate', 'revenue_per_recipient'];

export const METRIC_LABELS: Record<Metric, string> = {
  click_rate: 'Click rate',
  conversion_rate: 'Conversion rate',
  revenue_per_recipient: 'Revenue per recipient',
};

const VERDICTS: Record<string, string> = {
  winner: 'Better than control',
  loser: 'Worse than control',
  no_difference_yet: 'No difference yet',
  too_small_to_tell: 'Too small to tell',
};

/** A challenger's standing in words; the control has none. */
export function verdictLabel(verdict: string | null | undefined): string {
  return verdict ? (VERDICTS[verdict] ?? verdict) : '—';
}

/** A metric's value: rates as percentages, revenue per recipient as money. */
export function formatMetric(metric: Metric, value: number | null | undefined, currency: string, locale?: string): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  if (metric === 'revenue_per_recipient') return new Intl.NumberFormat(locale, { style: 'currency', currency }).format(value);
  return new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 }).format(value);
}

/**
 * Why a challenger is "too small to tell", with the sample it would need: recipients per variant
 * to detect the difference seen so far (null: no difference seen, so no sample would show one).
 */
export function tooSmallText(comparison: Comparison | null | undefined, recipients: number, locale?: string): string | null {
  if (!comparison || comparison.verdict !== 'too_small_to_tell') return null;
  const n = (x: number) => new Intl.NumberFormat(locale).format(x);
  if (comparison.requiredSamplePerArm === null) return `No difference seen yet among ${n(recipients)} recipients.`;
  return `About ${n(comparison.requiredSamplePerArm)} recipients per variant would show a difference this size (${n(recipients)} so far).`;
}

/** The sample-ratio check: are the arms the sizes their weights say? */
export function sampleRatioText(check: SampleRatio, locale?: string): { ok: boolean; text: string } {
  const p = check.pValue < 0.001 ? '< 0.001' : check.pValue.toFixed(3);
  const expected = check.expected.map((e) => new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }).format(e)).join(' / ');
  return check.mismatch
    ? { ok: false, text: `Sample ratio mismatch (p ${p}; expected ${expected}): the variants did not get the shares their weights say, so they are not comparable.` }
    : { ok: true, text: `Sample ratio as configured (p ${p}; expected ${expected}).` };
}

/** Which metric and confidence judge the split, and where they come from (its rule, else the business's A/B defaults). */
export function judgedBy(split: Split): string | null {
  const v = split.verdict;
  if (!v) return null;
  const source = split.autoWinner ? 'its automatic-winner rule' : 'your A/B defaults in Settings (it has no rule of its own)';
  return `Judged on ${METRIC_LABELS[v.winnerMetric as Metric] ?? v.winnerMetric} at ${Math.round(v.confidence * 1000) / 10}% confidence, by ${source}. `
    + (v.comparisons > 1 ? `p-values are adjusted (Holm) for ${v.comparisons} challengers; lift intervals are at ${Math.round(v.intervalConfidence * 1000) / 10}%.` : '');
}

const RECOMMENDATION: Record<string, string> = {
  sample_ratio_mismatch: 'No recommendation: the sample ratio is off.',
  challenger_wins: 'A challenger beats the control.',
  control_wins: 'The control beats every challenger.',
  no_winner_yet: 'No winner yet.',
};

export function recommendationText(split: Split): string {
  const v = split.verdict;
  if (!v) return 'Nobody has reached this split yet.';
  const base = RECOMMENDATION[v.reason] ?? v.reason;
  return v.recommendedWinner ? `${base} Recommended: ${v.recommendedWinner}.` : base;
}

/** A difference between two arms: rates in percentage points ("+1.2 pts"), revenue per recipient in money with its sign. */
export function formatDifference(metric: Metric, value: number | null | undefined, currency: string, locale?: string): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  if (metric === 'revenue_per_recipient') return new Intl.NumberFormat(locale, { style: 'currency', currency, signDisplay: 'exceptZero' }).format(value);
  return `${new Intl.NumberFormat(locale, { maximumFractionDigits: 1, signDisplay: 'exceptZero' }).format(value * 100)} pts`;
}

const ALWAYS_VALID_VERDICTS: Record<string, string> = {
  winner: 'Better than control',
  loser: 'Worse than control',
  no_difference_yet: 'Not decided yet',
  too_small_to_tell: 'Collecting data',
};

/** A challenger's standing under the always-valid test, in words. */
export function alwaysValidVerdictLabel(verdict: string | null | undefined): string {
  return verdict ? (ALWAYS_VALID_VERDICTS[verdict] ?? verdict) : '—';
}

/** A challenger's always-valid figures on one metric, or null (the control, or no always-valid verdict yet). */
export function alwaysValidArm(split: Split, metric: Metric, key: string): AlwaysValidArm | null {
  const arm = split.alwaysValid?.metrics[metric].arms.find((a) => a.key === key);
  return arm && !arm.isControl ? arm : null;
}

/**
 * The verdict an owner can act on now, in plain words: the always-valid test's, which stays right however
 * often the report is opened (the fixed-horizon figures are only right read once, at a sample planned in advance).
 */
export function alwaysValidText(split: Split): { tone: 'decided' | 'running' | 'blocked'; title: string; text: string } | null {
  const av = split.alwaysValid;
  if (!av) return null;
  const metric = METRIC_LABELS[av.winnerMetric as Metric] ?? av.winnerMetric;
  const confidence = `${Math.round(av.confidence * 1000) / 10}%`;
  if (av.reason === 'sample_ratio_mismatch') {
    return { tone: 'blocked', title: 'No verdict: the split is off', text: 'The variants did not get the shares their weights say, so the always-valid test does not compare them.' };
  }
  if (av.reason === 'challenger_wins') {
    return { tone: 'decided', title: `${av.recommendedWinner} beats the control`,
      text: `${av.recommendedWinner} is better on ${metric} at ${confidence} confidence by the always-valid test. You can act on it now: this holds however often the results were checked.` };
  }
  if (av.reason === 'control_wins') {
    return { tone: 'decided', title: 'The control holds',
      text: `Every challenger is worse on ${metric} at ${confidence} confidence by the always-valid test. You can act on it now: this holds however often the results were checked.` };
  }
  const collecting = av.metrics[av.winnerMetric as Metric].arms.every((a) => a.isControl || a.verdict === 'too_small_to_tell');
  const keepGoing = 'Keep the test running; checking again does not make a false winner more likely.';
  if (collecting) {
    return { tone: 'running', title: 'Collecting data', text: `The always-valid test starts counting once every variant has its minimum sample. ${keepGoing}` };
  }
  return { tone: 'running', title: 'No winner yet', text: `No variant is better or worse on ${metric} at ${confidence} confidence by the always-valid test yet. ${keepGoing}` };
}

/** Which rule decides, and what the two sets of figures are. */
export function decidedByText(split: Split): string | null {
  const av = split.alwaysValid;
  if (!av) return null;
  const stored = av.continuedFromStoredLooks ? 'continued from every check the automatic-winner pass made' : 'from the data so far';
  const decidedBefore = split.decision && split.decision.numbers.decidedBy === undefined
    ? ' This split\'s winner was chosen before, by the fixed-horizon test.' : '';
  return `Decided by the always-valid test (a mixture sequential probability ratio test, ${stored}), which allows for looking at the results as often as you like. `
    + `The fixed-horizon p-values and intervals beside it are right only when read once, at a sample size planned in advance.${decidedBefore}`;
}

/** The automatic decision once taken: who won, when, on what, and the winner's numbers. */
export function decisionText(decision: Decision | null | undefined, currency: string, locale?: string): string | null {
  if (!decision) return null;
  const metric = decision.metric as Metric;
  const when = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(decision.decidedAt));
  const arm = decision.numbers.arms.find((a) => a.key === decision.winner);
  const alwaysValid = decision.numbers.decidedBy === 'always_valid';
  const p = alwaysValid ? arm?.alwaysValid?.adjustedPValue ?? null : arm?.adjustedPValue ?? null;
  const numbers = arm
    ? ` ${decision.winner}: ${formatMetric(metric, arm.value, currency, locale)} among ${arm.recipients} recipients`
      + (p !== null ? `, ${alwaysValid ? 'always-valid' : 'adjusted'} p ${p < 0.001 ? '< 0.001' : p.toFixed(3)}` : '')
      + (arm.chanceToBeatControl !== null ? `, ${Math.round(arm.chanceToBeatControl * 100)}% chance to beat control` : '') + '.'
    : '';
  return `Decided automatically on ${when}: ${decision.winner} won on ${METRIC_LABELS[metric] ?? metric} at ${Math.round(decision.numbers.confidence * 1000) / 10}% confidence`
    + ` by the ${alwaysValid ? 'always-valid' : 'fixed-horizon'} test`
    + ` (${decision.reason === 'control_wins' ? 'the control held' : 'a challenger won'}); every later arrival gets ${decision.winner}.${numbers}`;
}

export interface ArmMetricCell {
  metric: Metric;
  report: MetricReport | null;
  comparison: Comparison | null;
}

/** One row per arm with, per metric, its value and interval and (challengers) its comparison with the control. */
export function armRows(split: Split): { key: string; isControl: boolean; recipients: number; weight: number; humanOpenRate: number | null; machineOnlyOpenRate: number | null; cells: ArmMetricCell[] }[] {
  return split.arms.map((arm) => {
    const variant = split.verdict?.variants.find((v) => v.key === arm.variant);
    return {
      key: arm.variant,
      isControl: arm.variant === split.controlKey,
      recipients: arm.recipients,
      weight: arm.weight,
      humanOpenRate: arm.humanOpenRate?.rate ?? null,
      machineOnlyOpenRate: arm.machineOnlyOpenRate?.rate ?? null,
      cells: METRICS.map((metric) => {
        const report = variant?.metrics[metric] ?? null;
        return { metric, report, comparison: report?.comparison ?? null };
      }),
    };
  });
}
