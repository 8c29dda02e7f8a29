import type { CampaignReport, ExperimentReport } from './campaign-report.service';
import type { FunnelRow } from './funnel';

type Cell = string | number | boolean | null | undefined;

/** One CSV cell (RFC 4180); text a spreadsheet would run as a formula is prefixed with a quote. */
function cell(value: Cell): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** A header row and one line per row, CRLF-terminated. */
export function toCsv(columns: readonly string[], rows: readonly Cell[][]): string {
  return [columns, ...rows].map((r) => `${r.map(cell).join(',')}\r\n`).join('');
}

const FUNNEL_COLUMNS: (keyof FunnelRow)[] = [
  'level', 'stepId', 'variant', 'channel', 'enrolled', 'holdout', 'sent', 'delivered', 'failed', 'suppressed', 'openedHuman', 'openedMachine',
  'clickedUnique', 'clickedTotal', 'converted', 'orders', 'revenue', 'unsubscribed', 'replied', 'cost', 'roi',
];

const snake = (s: string) => s.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/** The campaign funnel, one line per campaign / variant / (step, variant). */
export function campaignReportCsv(report: CampaignReport): string {
  return toCsv(['campaign_id', 'currency', ...FUNNEL_COLUMNS.map(snake)], report.funnel.map((row) => [report.campaign.id, report.currency, ...FUNNEL_COLUMNS.map((k) => row[k])]));
}

const EXPERIMENT_COLUMNS = [
  'step_id', 'variant', 'is_control', 'weight', 'recipients', 'metric', 'value', 'low', 'high', 'lift', 'lift_low', 'lift_high', 'p_value', 'adjusted_p_value',
  'chance_to_beat_control', 'verdict', 'winner_metric', 'recommended_winner', 'srm_p_value', 'srm_mismatch',
];

/** Every arm of every split, one line per metric (open rates too, which never decide). */
export function experimentReportCsv(report: ExperimentReport): string {
  const rows: Cell[][] = [];
  for (const x of report.experiments) {
    const v = x.verdict;
    const tail = [v?.winnerMetric, v?.recommendedWinner, v?.sampleRatio.pValue, v?.sampleRatio.mismatch];
    for (const arm of x.arms) {
      const head = [x.stepId, arm.variant, arm.variant === x.controlKey, arm.weight, arm.recipients];
      const variant = v?.variants.find((r) => r.key === arm.variant);
      for (const metric of ['click_rate', 'conversion_rate', 'revenue_per_recipient'] as const) {
        const m = variant?.metrics[metric];
        const c = m?.comparison;
        rows.push([...head, metric, m?.value, m?.low, m?.high, c?.lift.estimate, c?.lift.low, c?.lift.high, c?.pValue, c?.adjustedPValue, c?.chanceToBeatControl, c?.verdict, ...tail]);
      }
      for (const [metric, rate] of [['human_open_rate', arm.humanOpenRate], ['machine_only_open_rate', arm.machineOnlyOpenRate]] as const) {
        rows.push([...head, metric, rate?.rate, rate?.low, rate?.high, null, null, null, null, null, null, null, ...tail]);
      }
    }
  }
  return toCsv(EXPERIMENT_COLUMNS, rows);
}
