import { formatCount, formatDateTime } from '../../components/formatting';

export interface RefreshState {
  /** Short words for a badge. */
  label: string;
  color: 'gray' | 'blue' | 'green' | 'red';
  /** The longer story (when, what went wrong). */
  detail: string;
}

/** Where a saved segment's membership stands, from the API's memberCount, refreshedAt, refreshPending and refreshError. */
export function refreshState(s: { refreshedAt: string | null; refreshPending: boolean; refreshError: string | null }, locale?: string): RefreshState {
  if (s.refreshError) return { label: 'Refresh failed', color: 'red', detail: s.refreshError };
  if (!s.refreshedAt) return { label: 'First count running', color: 'blue', detail: 'Members are being counted for the first time' };
  if (s.refreshPending) return { label: 'Refreshing', color: 'blue', detail: `Changes wait for the next refresh; last counted ${formatDateTime(s.refreshedAt, locale)}` };
  return { label: 'Up to date', color: 'green', detail: `Counted ${formatDateTime(s.refreshedAt, locale)}` };
}

/** "1 member", "1,234 members", or a dash before the first count. */
export function memberCountText(count: number | null, locale?: string): string {
  if (count === null) return '—';
  return `${formatCount(count, locale)} ${count === 1 ? 'member' : 'members'}`;
}
