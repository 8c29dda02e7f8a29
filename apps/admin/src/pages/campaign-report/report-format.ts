import type { Schemas } from '@localreach/api-client';

export type CampaignReport = Schemas['CampaignReportDto'];
export type ExperimentReport = Schemas['ExperimentReportDto'];
export type FunnelRow = Schemas['FunnelRowDto'];
export type SplitExperiment = Schemas['SplitExperimentDto'];
export type Estimate = Schemas['EstimateWithIntervalDto'];

/** "12.5%", "—" without a value. Rates and ROI are ratios (0.125). */
export function formatPercent(value: number | null | undefined, locale?: string, digits = 1): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  return new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: digits, minimumFractionDigits: 0 }).format(value);
}

/** "+12.5%", "−3%": a lift or a change, with its sign always shown. */
export function formatSignedPercent(value: number | null | undefined, locale?: string, digits = 1): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  return new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: digits, signDisplay: 'exceptZero' }).format(value);
}

/** "[2.1% – 8.4%]" with `format` for each bound; "—" when the interval is unknown. */
export function formatInterval(low: number | null | undefined, high: number | null | undefined, format: (n: number) => string): string {
  if (low === null || low === undefined || high === null || high === undefined || !Number.isFinite(low) || !Number.isFinite(high)) return '—';
  return `${format(low)} to ${format(high)}`;
}

/** "0.032", "< 0.001": p-values as a reader compares them with 0.05. */
export function formatPValue(p: number | null | undefined): string {
  if (p === null || p === undefined || !Number.isFinite(p)) return '—';
  if (p < 0.001) return '< 0.001';
  return p.toFixed(3);
}

/** Part of a whole (opened / sent), null when the whole is 0. */
export function share(part: number, whole: number | null): number | null {
  return whole ? part / whole : null;
}

/** What a funnel line is: the whole campaign, a variant across its steps, or a step (of a variant). */
export function funnelLabel(row: FunnelRow): string {
  if (row.level === 'campaign') return 'Whole campaign';
  if (row.level === 'variant') return `Variant ${row.variant}`;
  const channel = row.channel === 'sms' ? 'SMS' : row.channel === 'email' ? 'email' : null;
  return `Step ${row.stepId}${row.variant ? ` · ${row.variant}` : ''}${channel ? ` (${channel})` : ''}`;
}

/** The funnel's columns in the order people read them; `of` names what a rate is a share of. */
export const FUNNEL_COLUMNS = [
  { key: 'enrolled', label: 'Enrolled' },
  { key: 'holdout', label: 'Held out' },
  { key: 'sent', label: 'Sent' },
  { key: 'delivered', label: 'Delivered', of: 'sent' },
  { key: 'openedHuman', label: 'Opened (people)', of: 'delivered' },
  { key: 'openedMachine', label: 'Opened (machines only)', of: 'delivered' },
  { key: 'clickedUnique', label: 'Clicked', of: 'delivered' },
  { key: 'converted', label: 'Converted', of: 'delivered' },
  { key: 'unsubscribed', label: 'Unsub\u00adscribed', of: 'delivered' },
  { key: 'failed', label: 'Failed', of: 'sent' },
] as const satisfies readonly { key: keyof FunnelRow; label: string; of?: keyof FunnelRow }[];

/** The campaign line, then its variants, then its steps: the order the API gives, kept apart for the table's groups. */
export function funnelGroups(funnel: readonly FunnelRow[]): { campaign: FunnelRow | undefined; variants: FunnelRow[]; steps: FunnelRow[] } {
  return {
    campaign: funnel.find((r) => r.level === 'campaign'),
    variants: funnel.filter((r) => r.level === 'variant'),
    steps: funnel.filter((r) => r.level === 'step'),
  };
}

/** Points of the over-time chart: the day as "Mar 2" (a local date, so read without a zone shift). */
export function chartPoints(report: CampaignReport, locale?: string): { label: string; sent: number; clicks: number; conversions: number; revenue: number; spend: number }[] {
  const label = new Intl.DateTimeFormat(locale, { month: 'short', day: 'numeric', timeZone: 'UTC' });
  return report.series.points.map((p) => ({ label: label.format(new Date(`${p.day}T00:00:00Z`)), sent: p.sent, clicks: p.clicks, conversions: p.conversions, revenue: p.revenue, spend: p.spend }));
}

/** A file name for a download: "spring-a-b-funnel.csv". */
export function csvFileName(campaignName: string, table: string): string {
  const slug = campaignName.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 60) || 'campaign';
  return `${slug}-${table}.csv`;
}

/** "Mar 2, 9:00 AM" in the reader's zone (the year is the campaign's, rarely worth the room); "—" for none. */
export function formatShortTime(value: string | null | undefined, locale?: string, timeZone?: string): string {
  if (!value) return '—';
  return new Intl.DateTimeFormat(locale, { month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit', timeZone }).format(new Date(value));
}
