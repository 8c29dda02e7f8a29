import { describe, expect, it } from 'vitest';
import { chartPoints, csvFileName, formatShortTime, formatInterval, formatPercent, formatPValue, formatSignedPercent, funnelGroups, funnelLabel, share, type CampaignReport, type FunnelRow } from './report-format';

const row = (over: Partial<FunnelRow>): FunnelRow => ({
  level: 'step', stepId: 'mail', variant: null, channel: 'email', enrolled: null, holdout: null, sent: 0, delivered: 0, failed: 0, suppressed: 0, openedHuman: 0,
  openedMachine: 0, clickedUnique: 0, clickedTotal: 0, converted: 0, orders: 0, revenue: 0, unsubscribed: 0, replied: 0, cost: 0, roi: null, ...over,
});

describe('report formatting', () => {
  it('percentages: one decimal at most, a sign on lifts, a dash for nothing', () => {
    expect(formatPercent(0.125, 'en-US')).toBe('12.5%');
    expect(formatPercent(2, 'en-US')).toBe('200%');
    expect(formatPercent(null, 'en-US')).toBe('—');
    expect(formatPercent(Infinity, 'en-US')).toBe('—');
    expect(formatSignedPercent(0.2, 'en-US')).toBe('+20%');
    expect(formatSignedPercent(-0.034, 'en-US')).toBe('-3.4%');
    expect(formatSignedPercent(0, 'en-US')).toBe('0%');
  });

  it('intervals need both bounds', () => {
    const pct = (n: number) => formatPercent(n, 'en-US');
    expect(formatInterval(0.021, 0.084, pct)).toBe('2.1% to 8.4%');
    expect(formatInterval(null, 0.1, pct)).toBe('—');
  });

  it('p-values: three decimals, tiny ones as "< 0.001"', () => {
    expect(formatPValue(0.0321)).toBe('0.032');
    expect(formatPValue(0.0004)).toBe('< 0.001');
    expect(formatPValue(1)).toBe('1.000');
    expect(formatPValue(null)).toBe('—');
  });

  it('shares are null over nothing', () => {
    expect(share(3, 12)).toBe(0.25);
    expect(share(3, 0)).toBeNull();
    expect(share(0, null)).toBeNull();
  });

  it('names each funnel line and keeps the lines in their groups', () => {
    const funnel = [row({ level: 'campaign', stepId: null, channel: null }), row({ level: 'variant', variant: 'B', stepId: null, channel: null }), row({ stepId: 'mail-b', variant: 'B', channel: 'sms' })];
    expect(funnel.map(funnelLabel)).toEqual(['Whole campaign', 'Variant B', 'Step mail-b · B (SMS)']);
    expect(funnelLabel(row({ stepId: 'hello', channel: null }))).toBe('Step hello');
    const groups = funnelGroups(funnel);
    expect(groups.campaign).toBe(funnel[0]);
    expect(groups.variants).toEqual([funnel[1]]);
    expect(groups.steps).toEqual([funnel[2]]);
  });

  it('chart points keep the local day the API gave (no shift into the reader\'s zone)', () => {
    const report = { series: { granularity: 'day', points: [{ day: '2026-03-01', sent: 4, clicks: 1, conversions: 0, revenue: 0, spend: 0.004 }] } } as unknown as CampaignReport;
    expect(chartPoints(report, 'en-US')).toEqual([{ label: 'Mar 1', sent: 4, clicks: 1, conversions: 0, revenue: 0, spend: 0.004 }]);
  });

  it('short times in the reader\'s zone', () => {
    expect(formatShortTime('2026-03-02T15:00:00Z', 'en-US', 'America/Chicago')).toBe('Mar 2, 9:00 AM');
    expect(formatShortTime(null, 'en-US')).toBe('—');
  });

  it('file names from the campaign name', () => {
    expect(csvFileName('Spring A/B', 'funnel')).toBe('spring-a-b-funnel.csv');
    expect(csvFileName('Été crème', 'recipients')).toBe('ete-creme-recipients.csv');
    expect(csvFileName('***', 'holdout')).toBe('campaign-holdout.csv');
  });
});
