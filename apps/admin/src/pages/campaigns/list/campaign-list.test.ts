import { describe, expect, it } from 'vitest';
import { formatRoi, statsCells, statusBadge } from './campaign-list';

describe('campaign list cells', () => {
  it('ROI as a signed percentage, a dash when nothing was spent', () => {
    // (52.5 − 0.035) / 0.035 = 1499 → +149,900 %
    expect(formatRoi((52.5 - 0.035) / 0.035, 'en-US')).toBe('+149,900\u00a0%');
    expect(formatRoi(1.5, 'en-US')).toBe('+150\u00a0%');
    expect(formatRoi(-1, 'en-US')).toBe('-100\u00a0%');
    expect(formatRoi(0, 'en-US')).toBe('0\u00a0%');
    expect(formatRoi(0.0412, 'en-US')).toBe('+4.1\u00a0%');
    expect(formatRoi(null)).toBe('—');
  });
  it('figures in the business\'s currency', () => {
    expect(statsCells({ enrolled: 1234, sent: 3, revenue: 52.5, roi: null, currency: 'EUR' }, 'en-US')).toEqual({ enrolled: '1,234', sent: '3', revenue: '€52.50', roi: '—' });
    expect(statsCells(undefined)).toEqual({ enrolled: '—', sent: '—', revenue: '—', roi: '—' });
  });
  it('status badges', () => {
    expect(statusBadge('paused')).toEqual({ label: 'Paused', color: 'yellow' });
  });
});
