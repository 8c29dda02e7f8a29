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

/** The campaign funnel, one line per campaign / variant / (step, variant); the last column names what its conversions count. */
export function campaignReportCsv(report: CampaignReport): string {
  return toCsv(
    ['campaign_id', 'currency', ...FUNNEL_COLUMNS.map(snake), 'conversion_definition'],
    report.funnel.map((row) => [report.campaign.id, report.currency, ...FUNNEL_COLUMNS.map((k) => row[k]), report.conversionDefinition.key]),
  );
}

const HOLDOUT_COLUMNS = [
  'variant', 'treated_n', 'treated_conversions', 'treated_revenue', 'control_n', 'control_conversions', 'control_revenue',
  'incremental_conversions', 'incremental_conversions_low', 'incremental_conversions_high',
  'incremental_revenue', 'incremental_revenue_low', 'incremental_revenue_high', 'conversion_p_value', 'revenue_p_value',
  'incremental_roi', 'incremental_roi_low', 'incremental_roi_high', 'too_small', 'conversion_definition',
];

/** The holdout comparison (the campaign line, variant empty, then one per variant), or the days of the series. */
export function campaignReportPartCsv(report: CampaignReport, part: 'holdout' | 'series'): string {
  if (part === 'series') {
    return toCsv(['day', 'sent', 'clicks', 'conversions', 'revenue', 'spend'], report.series.points.map((p) => [p.day, p.sent, p.clicks, p.conversions, p.revenue, p.spend]));
  }
  const h = report.holdout;
  const lines = h ? [{ variant: null as string | null, ...h }, ...h.byVariant] : [];
  return toCsv(HOLDOUT_COLUMNS, lines.map((l) => {
    const u = l.uplift;
    const r = l.incrementalRoi;
    return [
      l.variant, l.treated.n, l.treated.conversions, l.treated.revenueSum, l.control.n, l.control.conversions, l.control.revenueSum,
      u?.incrementalConversions.estimate, u?.incrementalConversions.low, u?.incrementalConversions.high,
      u?.incrementalRevenue.estimate, u?.incrementalRevenue.low, u?.incrementalRevenue.high, u?.conversionPValue, u?.revenuePValue,
      r?.estimate, r?.low, r?.high, l.tooSmall?.message, h?.conversionDefinition.key,
    ];
  }));
}

const EXPERIMENT_COLUMNS = [
  'step_id', 'variant', 'is_control', 'weight', 'recipients', 'metric', 'value', 'low', 'high', 'lift', 'lift_low', 'lift_high', 'p_value', 'adjusted_p_value',
  'chance_to_beat_control', 'verdict', 'winner_metric', 'recommended_winner', 'srm_p_value', 'srm_mismatch',
  'conversion_definition', 'attributed_orders', 'attributed_revenue',
  'always_valid_p_value', 'always_valid_adjusted_p_value', 'confidence_sequence_low', 'confidence_sequence_high', 'always_valid_looks', 'always_valid_verdict',
  'always_valid_recommended_winner', 'decided_by',
];

/**
 * Every arm of every split, one line per metric (open rates too, which never decide): the fixed-horizon
 * figures, then the always-valid ones (p-value, confidence sequence, verdict) and which rule decides.
 */
export function experimentReportCsv(report: ExperimentReport): string {
  const rows: Cell[][] = [];
  for (const x of report.experiments) {
    const v = x.verdict;
    const av = x.alwaysValid;
    for (const arm of x.arms) {
      // Conversions count goal-window orders; the arm's attributed orders and revenue are the funnel's.
      const tail = [v?.winnerMetric, v?.recommendedWinner, v?.sampleRatio.pValue, v?.sampleRatio.mismatch, x.conversionDefinition.key, arm.attributedOrders, arm.attributedRevenue];
      const head = [x.stepId, arm.variant, arm.variant === x.controlKey, arm.weight, arm.recipients];
      const variant = v?.variants.find((r) => r.key === arm.variant);
      for (const metric of ['click_rate', 'conversion_rate', 'revenue_per_recipient'] as const) {
        const m = variant?.metrics[metric];
        const c = m?.comparison;
        const s = av?.metrics[metric].arms.find((a) => a.key === arm.variant);
        const sequential = [s?.pValue, s?.adjustedPValue, s?.low, s?.high, s?.isControl ? null : s?.looks, s?.verdict, av?.recommendedWinner, av?.decidedBy];
        rows.push([...head, metric, m?.value, m?.low, m?.high, c?.lift.estimate, c?.lift.low, c?.lift.high, c?.pValue, c?.adjustedPValue, c?.chanceToBeatControl, c?.verdict, ...tail,
          ...sequential]);
      }
      for (const [metric, rate] of [['human_open_rate', arm.humanOpenRate], ['machine_only_open_rate', arm.machineOnlyOpenRate]] as const) {
        rows.push([...head, metric, rate?.rate, rate?.low, rate?.high, null, null, null, null, null, null, null, ...tail, null, null, null, null, null, null, av?.recommendedWinner,
          av?.decidedBy]);
      }
    }
  }
  return toCsv(EXPERIMENT_COLUMNS, rows);
}
