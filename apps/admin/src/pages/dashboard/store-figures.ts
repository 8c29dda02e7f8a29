import type { Schemas } from '@localreach/api-client';

export type StoreLine = Schemas['StoreEarningsDto'];

/** The line's name: the store's, or "Online" for orders and messages with no store (the API names it so too). */
export function storeLabel(line: Pick<StoreLine, 'locationId' | 'name'>): string {
  return line.name ?? (line.locationId === null ? 'Online' : 'Store (no name)');
}

/** "+150 %", "−100 %", "—" without spend: ROI as the percentage the API gives (roiPercent). */
export function roiPercentText(roiPercent: number | null, locale?: string): string {
  if (roiPercent === null) return '—';
  const text = new Intl.NumberFormat(locale, { maximumFractionDigits: 1, signDisplay: 'exceptZero' }).format(roiPercent);
  return `${text.replace('-', '−')} %`;
}

/** Incremental ROI against holdouts with its 95 % range, or why there is none (the API's reason, shortened for the cell). */
export function incrementalRoiText(line: Pick<StoreLine, 'incrementalRoi' | 'incrementalRevenue' | 'incrementalReason'>, locale?: string): string {
  const r = line.incrementalRoi;
  if (r) return `${roiPercentText(Math.round(r.estimate * 1000) / 10, locale)} (${roiPercentText(Math.round(r.low * 1000) / 10, locale)} to ${roiPercentText(Math.round(r.high * 1000) / 10, locale)})`;
  if (line.incrementalRevenue) return 'no spend by those campaigns';
  return line.incrementalReason?.startsWith('Too small') ? 'too small to estimate' : 'no holdout';
}
