import { churnRisk } from './churn-risk';

const AS_OF = new Date('2026-06-01T00:00:00Z');
const daysAgo = (d: number) => new Date(AS_OF.getTime() - d * 86_400_000);
const norms = { medianGapDays: 20, medianMonetary: 100 };

// Expected scores worked out by hand from the documented rule.
describe('churnRisk', () => {
  it('a regular customer on schedule: no points, low', () => {
    // 6 orders over 100 days → 20-day gap; last 10 days ago → 0.5× overdue; spend 300 ≥ median.
    const r = churnRisk({ orders: 6, monetary: 300, firstOrderAt: daysAgo(110), lastOrderAt: daysAgo(10) }, norms, AS_OF);
    expect(r).toEqual({ score: 0, level: 'low', daysSinceLastOrder: 10, expectedGapDays: 20, reasons: [] });
  });

  it('a one-order customer, 50 days ago, judged on the business median gap', () => {
    // overdue 50/20 = 2.5 → recency 30 × 1.5 = 45; frequency 25; spend 40 of 100 → 15 × 0.6 = 9; total 79 → high.
    const r = churnRisk({ orders: 1, monetary: 40, firstOrderAt: daysAgo(50), lastOrderAt: daysAgo(50) }, norms, AS_OF);
    expect(r.score).toBe(79);
    expect(r.level).toBe('high');
    expect(r.reasons).toEqual([
      'last order 50 days ago, 2.5× the usual 20-day gap (business median)',
      'only one order',
      "spent 40.00, below the median customer's 100.00",
    ]);
  });

  it('recency is capped at 60 (3× overdue) and the gap is never under 7 days', () => {
    // 3 orders 2 days apart → own gap 2 → floored to 7; last 70 days ago → 10× → 60; frequency 8; spend = median → 0.
    const r = churnRisk({ orders: 3, monetary: 100, firstOrderAt: daysAgo(74), lastOrderAt: daysAgo(70) }, norms, AS_OF);
    expect(r).toMatchObject({ score: 68, level: 'high', expectedGapDays: 7 });
  });

  it('medium from 30: two orders, 1.5× overdue', () => {
    // gap 30 (own), last 45 days ago → recency 15; frequency 15; spend 120 > median → 0; total 30.
    const r = churnRisk({ orders: 2, monetary: 120, firstOrderAt: daysAgo(75), lastOrderAt: daysAgo(45) }, norms, AS_OF);
    expect(r).toMatchObject({ score: 30, level: 'medium' });
  });

  it('without any repeat customers the expected gap is 30 days', () => {
    const r = churnRisk({ orders: 1, monetary: 10, firstOrderAt: daysAgo(15), lastOrderAt: daysAgo(15) }, { medianGapDays: null, medianMonetary: null }, AS_OF);
    // 15/30 = 0.5× → 0; one order 25; no median → 0.
    expect(r).toMatchObject({ score: 25, level: 'low', expectedGapDays: 30 });
  });
});
