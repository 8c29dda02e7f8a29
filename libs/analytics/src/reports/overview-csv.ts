import type { ChurnEntry, OverviewReport } from './overview.service';
import { toCsv } from './report-csv';

type Line = [section: string, key: string | null, name: string | null, metric: string, value: number | string | null];

/**
 * The overview in long form, one line per figure: section (campaign, channel, store, customers,
 * cohort, churn), the item's key and name, the metric and its value.
 */
export function overviewCsv(report: OverviewReport): string {
  const lines: Line[] = [];
  const figures = (section: string, key: string | null, name: string | null, values: Record<string, number | string | null>) => {
    for (const [metric, value] of Object.entries(values)) lines.push([section, key, name, metric, value]);
  };
  for (const c of report.byCampaign) figures('campaign', c.campaignId, c.name, { sent: c.sent, orders: c.orders, revenue: c.revenue, cost: c.cost, roi: c.roi, roi_percent: c.roiPercent });
  for (const c of report.byChannel) figures('channel', c.channel, c.channel, { sent: c.sent, orders: c.orders, revenue: c.revenue, cost: c.cost, roi: c.roi, roi_percent: c.roiPercent });
  for (const s of report.byStore) {
    figures('store', s.locationId, s.name, {
      orders: s.orders, customers: s.customers, revenue: s.revenue, attributed_revenue: s.attributedRevenue, sent: s.messagesSent, cost: s.spend, roi: s.roi, roi_percent: s.roiPercent,
      incremental_revenue: s.incrementalRevenue?.estimate ?? null, incremental_roi: s.incrementalRoi?.estimate ?? null, incremental_reason: s.incrementalReason,
    });
  }
  for (const kind of ['new', 'returning'] as const) figures('customers', kind, kind, { ...report.customers[kind] });
  for (const c of report.cohorts) {
    figures('cohort', c.cohort, c.cohort, { customers: c.customers, revenue: c.revenue, revenue_per_customer: c.revenuePerCustomer });
    c.retention.forEach((share, i) => lines.push(['cohort', c.cohort, c.cohort, `retention_month_${i + 1}`, share]));
  }
  figures('total', null, null, { cltv: report.cltv });
  for (const e of report.churnRisk) figures('churn', e.customerId, e.name ?? e.email, { score: e.score, level: e.level });
  return toCsv(['section', 'key', 'name', 'metric', 'value'], lines.map(([section, key, name, metric, value]) => [section, key, name, metric, value]));
}

/** Churn risk, one line per customer, reasons joined with "; ". */
export function churnCsv(entries: readonly ChurnEntry[]): string {
  return toCsv(
    ['customer_id', 'email', 'name', 'score', 'level', 'days_since_last_order', 'expected_gap_days', 'orders', 'monetary', 'last_order_at', 'reasons'],
    entries.map((e) => [e.customerId, e.email, e.name, e.score, e.level, e.daysSinceLastOrder, e.expectedGapDays, e.orders, e.monetary, e.lastOrderAt, e.reasons.join('; ')]),
  );
}
