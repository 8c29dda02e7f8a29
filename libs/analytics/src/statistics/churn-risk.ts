import { CHURN_LEVEL_SCORES } from '@localreach/core';
import { requireCount, requireFinite, StatisticsError } from './statistics.errors';

const DAY_MS = 86_400_000;

/** A customer's order history reduced to recency, frequency and monetary value. */
export interface CustomerRfm {
  readonly orderCount: number;
  readonly firstOrderAt: Date | null;
  readonly lastOrderAt: Date | null;
  readonly totalRevenue: number;
}

export type ChurnRiskLabel = 'low' | 'medium' | 'high';

export interface ChurnFactor {
  readonly factor: 'recency' | 'frequency' | 'monetary';
  /** Points this factor adds to the score (monetary adds none: it is what is at stake, not how likely). */
  readonly points: number;
  readonly explanation: string;
}

export interface ChurnRisk {
  /** 0 (just bought, as usual) to 100 (long overdue one-time buyer). */
  readonly score: number;
  readonly label: ChurnRiskLabel;
  readonly daysSinceLastOrder: number;
  /** The gap this customer is expected to leave between orders. */
  readonly expectedGapDays: number;
  /** daysSinceLastOrder / expectedGapDays: above 1 the next order is late. */
  readonly overdueRatio: number;
  readonly averageOrderValue: number;
  readonly factors: readonly ChurnFactor[];
}

/**
 * A simple, explained churn-risk score from recency, frequency and monetary value.
 *
 * - Expected gap between orders: the customer's own average gap, blended with the shop's typical
 *   gap as if that were one more interval: (days from first to last order + typicalGapDays) /
 *   orderCount. One order gives the typical gap; many orders, essentially the customer's own.
 * - Overdue ratio r = days since the last order / expected gap.
 * - Recency points = 80 · (1 − 2^−max(0, r − 1)): nothing until the next order is due, then half
 *   of the remaining 80 for every further gap that passes (r = 2 → 40, r = 3 → 60, r = 4 → 70).
 * - Frequency points = 20 / orderCount: one-time buyers churn most, regulars least.
 * - Monetary value is reported (average order value) but adds no points.
 * - Score = round(recency + frequency) in 0..100; label low below 30, medium below 60, else high.
 *
 * Null for a customer with no orders (there is nothing to lapse from).
 */
export function churnRisk(customer: CustomerRfm, now: Date, typicalGapDays: number): ChurnRisk | null {
  const { first, last } = validate(customer, now, typicalGapDays);
  if (customer.orderCount === 0 || first === null || last === null) return null;
  const spanDays = (last - first) / DAY_MS;
  const expectedGapDays = (spanDays + typicalGapDays) / customer.orderCount;
  const daysSinceLastOrder = Math.max(0, (now.getTime() - last) / DAY_MS);
  const overdueRatio = daysSinceLastOrder / expectedGapDays;
  const recency = 80 * (1 - 2 ** -Math.max(0, overdueRatio - 1));
  const frequency = 20 / customer.orderCount;
  const score = Math.min(100, Math.max(0, Math.round(recency + frequency)));
  const averageOrderValue = customer.totalRevenue / customer.orderCount;
  const factors: ChurnFactor[] = [
    { factor: 'recency', points: recency, explanation: `${fmt(daysSinceLastOrder)} days since the last order, ${fmt(overdueRatio)}× the expected ${fmt(expectedGapDays)}-day gap` },
    { factor: 'frequency', points: frequency, explanation: `${customer.orderCount} order${customer.orderCount === 1 ? '' : 's'} in total` },
    { factor: 'monetary', points: 0, explanation: `average order value ${fmt(averageOrderValue)} (what is at stake, not how likely)` },
  ];
  return { score, label: labelFor(score), daysSinceLastOrder, expectedGapDays, overdueRatio, averageOrderValue, factors };
}

function labelFor(score: number): ChurnRiskLabel {
  if (score <= CHURN_LEVEL_SCORES.low[1]) return 'low';
  return score <= CHURN_LEVEL_SCORES.medium[1] ? 'medium' : 'high';
}

function fmt(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toFixed(1);
}

function validate(customer: CustomerRfm, now: Date, typicalGapDays: number): { first: number | null; last: number | null } {
  requireCount(customer.orderCount, 'orderCount');
  requireFinite(customer.totalRevenue, 'totalRevenue');
  if (!Number.isFinite(typicalGapDays) || typicalGapDays <= 0) throw new StatisticsError('INVALID_AMOUNT', 'typicalGapDays', `must be a number of days above 0, got ${typicalGapDays}`);
  if (!Number.isFinite(now.getTime())) throw new StatisticsError('INVALID_AMOUNT', 'now', 'must be a valid instant');
  const first = customer.firstOrderAt?.getTime() ?? null;
  const last = customer.lastOrderAt?.getTime() ?? null;
  if (customer.orderCount === 0) return { first, last };
  if (first === null || last === null || !Number.isFinite(first) || !Number.isFinite(last)) {
    throw new StatisticsError('INVALID_AMOUNT', 'lastOrderAt', 'a customer with orders needs valid first and last order instants');
  }
  if (first > last) throw new StatisticsError('INVALID_AMOUNT', 'firstOrderAt', 'must not be after lastOrderAt');
  return { first, last };
}

/**
 * Historical customer lifetime value: revenue to date per customer (no projection). Null with no
 * customers. For one customer it is simply that customer's revenue to date.
 */
export function historicalCltv(totalRevenue: number, customers: number): number | null {
  requireFinite(totalRevenue, 'totalRevenue');
  requireCount(customers, 'customers');
  return customers === 0 ? null : totalRevenue / customers;
}
