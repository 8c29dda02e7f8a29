import { formatCount, formatMoney } from '../../../components/formatting';
import type { CampaignStatus } from '../lifecycle/lifecycle';

export const STATUS_FILTERS: { value: CampaignStatus | 'all'; label: string }[] = [
  { value: 'all', label: 'All' },
  { value: 'draft', label: 'Drafts' },
  { value: 'active', label: 'Active' },
  { value: 'paused', label: 'Paused' },
  { value: 'archived', label: 'Archived' },
];

export function statusBadge(status: CampaignStatus): { label: string; color: 'gray' | 'teal' | 'yellow' } {
  switch (status) {
    case 'draft': return { label: 'Draft', color: 'gray' };
    case 'active': return { label: 'Active', color: 'teal' };
    case 'paused': return { label: 'Paused', color: 'yellow' };
    default: return { label: 'Archived', color: 'gray' };
  }
}

/** ROI as a percentage ("+150 %": every 1 spent brought 2.50 back); a dash when nothing was spent. */
export function formatRoi(roi: number | null | undefined, locale?: string): string {
  if (roi === null || roi === undefined) return '—';
  const pct = new Intl.NumberFormat(locale, { maximumFractionDigits: Math.abs(roi) < 0.1 ? 1 : 0, signDisplay: 'exceptZero' }).format(roi * 100);
  // A no-break space: the sign, figure and % stay on one line.
  return `${pct}\u00a0%`;
}

export interface StatsCells {
  enrolled: string;
  sent: string;
  revenue: string;
  roi: string;
}

/** The figures' cells; dashes while they are not there. */
export function statsCells(stats: { enrolled: number; sent: number; revenue: number; roi: number | null; currency: string } | undefined, locale?: string): StatsCells {
  if (!stats) return { enrolled: '—', sent: '—', revenue: '—', roi: '—' };
  return {
    enrolled: formatCount(stats.enrolled, locale),
    sent: formatCount(stats.sent, locale),
    revenue: formatMoney(stats.revenue, stats.currency, locale),
    roi: formatRoi(stats.roi, locale),
  };
}
