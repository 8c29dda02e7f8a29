/** One customer's order history, summarised in SQL. */
export interface CustomerHistory {
  orders: number;
  /** Sum of order totals. */
  monetary: number;
  firstOrderAt: Date;
  lastOrderAt: Date;
}

/** What is normal for the business, to judge one-order customers and spend. */
export interface BusinessNorms {
  /** Median of repeat customers' average days between orders; null when nobody ordered twice. */
  medianGapDays: number | null;
  /** Median total spend per customer; null without customers. */
  medianMonetary: number | null;
}

export type ChurnLevel = 'low' | 'medium' | 'high';

export interface ChurnRisk {
  /** 0–100: recency up to 60 points, frequency up to 25, monetary up to 15. */
  score: number;
  level: ChurnLevel;
  daysSinceLastOrder: number;
  /** The gap between orders this customer is judged against. */
  expectedGapDays: number;
  reasons: string[];
}

const DAY = 86_400_000;
/** The expected gap when nobody in the business has ordered twice. */
export const DEFAULT_GAP_DAYS = 30;
/** Gaps shorter than this are treated as this, so two orders in a day do not make a customer "overdue" the next week. */
export const MIN_GAP_DAYS = 7;

const round1 = (x: number) => Math.round(x * 10) / 10;

/**
 * A simple, explained churn-risk score from recency, frequency and monetary value:
 *
 * - recency (0–60): how overdue the next order is, as days since the last order over the
 *   customer's usual gap (their average gap with two or more orders, else the business's median
 *   gap, else 30 days; never under 7): 0 points up to 1× the gap, then 30 points per extra gap,
 *   capped at 60 (3× overdue);
 * - frequency (0–25): one order 25, two 15, three or four 8, five or more 0;
 * - monetary (0–15): 15 × (1 − spend / the business's median spend), when below the median.
 *
 * Level: high from 60, medium from 30, else low. Each contributing factor comes with a reason.
 */
export function churnRisk(history: CustomerHistory, norms: BusinessNorms, asOf: Date): ChurnRisk {
  const daysSinceLastOrder = Math.max(0, (asOf.getTime() - history.lastOrderAt.getTime()) / DAY);
  const ownGap = history.orders >= 2 ? (history.lastOrderAt.getTime() - history.firstOrderAt.getTime()) / DAY / (history.orders - 1) : null;
  const expectedGapDays = Math.max(MIN_GAP_DAYS, ownGap ?? norms.medianGapDays ?? DEFAULT_GAP_DAYS);
  const overdue = daysSinceLastOrder / expectedGapDays;
  const reasons: string[] = [];
  const recency = Math.min(60, Math.max(0, 30 * (overdue - 1)));
  if (recency > 0) {
    reasons.push(`last order ${Math.floor(daysSinceLastOrder)} days ago, ${round1(overdue)}× the usual ${round1(expectedGapDays)}-day gap${ownGap === null ? ' (business median)' : ''}`);
  }
  const frequency = history.orders <= 1 ? 25 : history.orders === 2 ? 15 : history.orders <= 4 ? 8 : 0;
  if (frequency > 0) reasons.push(history.orders <= 1 ? 'only one order' : `only ${history.orders} orders`);
  let monetary = 0;
  if (norms.medianMonetary !== null && norms.medianMonetary > 0 && history.monetary < norms.medianMonetary) {
    monetary = 15 * (1 - history.monetary / norms.medianMonetary);
    reasons.push(`spent ${history.monetary.toFixed(2)}, below the median customer's ${norms.medianMonetary.toFixed(2)}`);
  }
  const score = Math.round(recency + frequency + monetary);
  return { score, level: score >= 60 ? 'high' : score >= 30 ? 'medium' : 'low', daysSinceLastOrder: round1(daysSinceLastOrder), expectedGapDays: round1(expectedGapDays), reasons };
}
