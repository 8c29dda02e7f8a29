import { churnRisk, type CustomerRfm, historicalCltv } from './churn-risk';
import { StatisticsError } from './statistics.errors';

const at = (iso: string) => new Date(`${iso}T12:00:00Z`);
const customer = (orderCount: number, first: string | null, last: string | null, totalRevenue: number): CustomerRfm => ({
  orderCount, firstOrderAt: first ? at(first) : null, lastOrderAt: last ? at(last) : null, totalRevenue,
});

// Hand-worked with the documented formula, typical gap 30 days:
//   gap = (span + 30) / orders, r = days since / gap, recency = 80·(1 − 2^−max(0, r − 1)), frequency = 20 / orders.
describe('churnRisk', () => {
  it.each([
    // 3 orders over 60 days, last 60 days ago: gap (60+30)/3 = 30, r = 2, recency 40, frequency 6.67 → 46.67 → 47.
    ['a regular now one gap late', customer(3, '2026-01-01', '2026-03-02', 150), '2026-05-01', 47, 'medium', 30, 2],
    // 1 order 10 days ago: gap 30, r = 1/3, recency 0, frequency 20 → 20.
    ['a new one-time buyer', customer(1, '2026-04-21', '2026-04-21', 40), '2026-05-01', 20, 'low', 30, 1 / 3],
    // 1 order 120 days ago: r = 4, recency 80·(1 − 1/8) = 70, frequency 20 → 90.
    ['a lapsed one-time buyer', customer(1, '2026-01-01', '2026-01-01', 40), '2026-05-01', 90, 'high', 30, 4],
    // 10 orders over 270 days, last 15 days ago: gap (270+30)/10 = 30, r = 0.5, recency 0, frequency 2 → 2.
    ['a loyal regular', customer(10, '2025-07-20', '2026-04-16', 900), '2026-05-01', 2, 'low', 30, 0.5],
    // 2 orders on one day, 45 days ago: gap (0+30)/2 = 15, r = 3, recency 80·(1 − 1/4) = 60, frequency 10 → 70.
    ['two orders on one day, then silence', customer(2, '2026-03-17', '2026-03-17', 80), '2026-05-01', 70, 'high', 15, 3],
    // 4 orders over 60 days, last 45 days ago: gap (60+30)/4 = 22.5, r = 2, recency 40, frequency 5 → 45.
    ['a frequent buyer two gaps out', customer(4, '2026-01-16', '2026-03-17', 200), '2026-05-01', 45, 'medium', 22.5, 2],
  ])('%s', (_name, rfm, now, score, label, gap, ratio) => {
    const risk = churnRisk(rfm, at(now), 30)!;
    expect(risk.score).toBe(score);
    expect(risk.label).toBe(label);
    expect(risk.expectedGapDays).toBeCloseTo(gap, 12);
    expect(risk.overdueRatio).toBeCloseTo(ratio, 12);
    expect(risk.factors.reduce((sum, f) => sum + f.points, 0)).toBeCloseTo(risk.score, -0.3);
  });

  it('explains itself', () => {
    const risk = churnRisk(customer(3, '2026-01-01', '2026-03-02', 150), at('2026-05-01'), 30)!;
    expect(risk.averageOrderValue).toBe(50);
    expect(risk.factors).toEqual([
      { factor: 'recency', points: 40, explanation: '60 days since the last order, 2× the expected 30-day gap' },
      { factor: 'frequency', points: 20 / 3, explanation: '3 orders in total' },
      { factor: 'monetary', points: 0, explanation: 'average order value 50 (what is at stake, not how likely)' },
    ]);
  });

  it('labels at the documented boundaries: 29 low, 30 medium, 59 medium, 60 high', () => {
    // One order (20 points) plus recency 10 needs 1 − 2^−(r−1) = 1/8 → r = 1 + log2(8/7).
    const days = (r: number) => r * 30;
    const score = (r: number) => churnRisk(customer(1, '2026-01-01', '2026-01-01', 0), new Date(at('2026-01-01').getTime() + days(r) * 86_400_000), 30)!;
    expect(score(1 + Math.log2(8 / 7) - 0.02).label).toBe('low');
    expect(score(1 + Math.log2(8 / 7) + 0.01).label).toBe('medium');
    // 20 + 40 = 60 at r = 2.
    expect(score(1.98).label).toBe('medium');
    expect(score(2).score).toBe(60);
    expect(score(2).label).toBe('high');
  });

  it('never exceeds 100 and treats a last order in the future as today', () => {
    expect(churnRisk(customer(1, '2020-01-01', '2020-01-01', 10), at('2026-05-01'), 30)!.score).toBe(100);
    const future = churnRisk(customer(2, '2026-04-01', '2026-05-03', 10), at('2026-05-01'), 30)!;
    expect(future.daysSinceLastOrder).toBe(0);
  });

  it('is null without orders', () => {
    expect(churnRisk(customer(0, null, null, 0), at('2026-05-01'), 30)).toBeNull();
  });

  it.each([
    ['a non-positive typical gap', customer(1, '2026-01-01', '2026-01-01', 1), 0],
    ['orders without dates', customer(2, null, null, 1), 30],
    ['first after last', customer(2, '2026-02-01', '2026-01-01', 1), 30],
    ['a fractional order count', customer(1.5, '2026-01-01', '2026-01-01', 1), 30],
  ])('rejects %s', (_name, rfm, gap) => {
    expect(() => churnRisk(rfm, at('2026-05-01'), gap)).toThrow(StatisticsError);
  });
});

describe('historicalCltv', () => {
  it('is revenue to date per customer (by hand: 12,500 / 250 = 50)', () => {
    expect(historicalCltv(12500, 250)).toBe(50);
    expect(historicalCltv(0, 3)).toBe(0);
  });

  it('is null without customers and rejects bad input', () => {
    expect(historicalCltv(0, 0)).toBeNull();
    expect(() => historicalCltv(10, -1)).toThrow(StatisticsError);
    expect(() => historicalCltv(NaN, 1)).toThrow(StatisticsError);
  });
});
