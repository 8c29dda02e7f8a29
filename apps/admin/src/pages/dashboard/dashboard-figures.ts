import type { Schemas } from '@localreach/api-client';

export type OverviewTotals = Schemas['OverviewTotalsDto'];

export const PERIOD_PRESETS = [
  { value: '7', label: '7 days' },
  { value: '30', label: '30 days' },
  { value: '90', label: '90 days' },
  { value: '365', label: '12 months' },
] as const;

const DAY = 86_400_000;

/** The period of a preset: the `days` days up to `now`, as the API's from/to instants. */
export function presetPeriod(days: number, now: Date): { from: string; to: string } {
  return { from: new Date(now.getTime() - days * DAY).toISOString(), to: now.toISOString() };
}

export interface Change {
  /** Relative change against the previous period (0.25 = +25 %); null when the previous figure was 0. */
  ratio: number | null;
  direction: 'up' | 'down' | 'same';
}

/** How a figure moved from the previous period to this one. */
export function changeOf(current: number | null, previous: number | null): Change {
  if (current === null || previous === null) return { ratio: null, direction: 'same' };
  const direction = current > previous ? 'up' : current < previous ? 'down' : 'same';
  return { ratio: previous === 0 ? null : (current - previous) / Math.abs(previous), direction };
}

export interface Kpi {
  key: Exclude<keyof OverviewTotals, 'incrementalRevenue'>;
  label: string;
  kind: 'money' | 'count' | 'ratio';
  /** Whether a rise is good news (spend rising is not). */
  upIsGood: boolean;
  help: string;
}

export const KPIS: readonly Kpi[] = [
  { key: 'revenue', label: 'Revenue', kind: 'money', upIsGood: true, help: 'Every order in the period, from any source' },
  { key: 'attributedRevenue', label: 'Attributed revenue', kind: 'money', upIsGood: true, help: 'Orders credited to a campaign message (last touch)' },
  { key: 'spend', label: 'Spend', kind: 'money', upIsGood: false, help: 'What the messages sent cost' },
  { key: 'roi', label: 'ROI', kind: 'ratio', upIsGood: true, help: '(attributed revenue − spend) / spend' },
  { key: 'messagesSent', label: 'Messages sent', kind: 'count', upIsGood: true, help: 'Email and SMS' },
  { key: 'conversions', label: 'Conversions', kind: 'count', upIsGood: true, help: 'Orders credited to a campaign' },
];

/** "+25 %", "−3 %", "new" (nothing before), "same". */
export function changeText(change: Change, locale?: string): string {
  if (change.direction === 'same') return 'same';
  if (change.ratio === null) return 'new';
  const pct = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 0, signDisplay: 'always' }).format(change.ratio);
  return pct.replace('-', '−');
}

/**
 * Background of a cohort-retention cell: white at 0 % to teal-4 at 100 %. The
 * scale stops at a mid teal so dark text keeps at least 4.5:1 on every cell.
 */
export function heatColor(retention: number): { background: string; color: string } {
  const r = Math.max(0, Math.min(1, retention));
  // Mix white (255,255,255) with teal-4 (56,217,169).
  const rgb = [255 + (56 - 255) * r, 255 + (217 - 255) * r, 255 + (169 - 255) * r].map(Math.round);
  return { background: `rgb(${rgb.join(', ')})`, color: '#212529' };
}
