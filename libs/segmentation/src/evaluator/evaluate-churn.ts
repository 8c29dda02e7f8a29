import type { ChurnRiskCondition } from '../segment-definition';
import type { BehaviourIndex } from './evaluate-behaviour';

const DAY = 86_400_000;
const LEVELS = { low: [0, 29], medium: [30, 59], high: [60, 100] } as const;
const scoreCache = new WeakMap<BehaviourIndex, Map<string, number>>();

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/** Every live customer's churn score from their orders up to now (the oracle for compile-churn.ts, written from the rule). */
function scores(index: BehaviourIndex): Map<string, number> {
  const cached = scoreCache.get(index);
  if (cached) return cached;
  // rfmScores holds exactly the live (not erased) customers with an order up to now.
  const stats = [...index.rfmScores().keys()].map((id) => {
    const times = (index.orders.get(id) ?? []).map((o) => o.occurredAt.getTime()).filter((t) => t <= index.now);
    const first = Math.min(...times);
    const last = Math.max(...times);
    return { id, n: times.length, spanDays: (last - first) / DAY, daysSince: Math.max(0, (index.now - last) / DAY) };
  });
  const m = median(stats.filter((s) => s.n >= 2).map((s) => s.spanDays / (s.n - 1)));
  const typical = m === null ? 30 : Math.max(1, m);
  const out = new Map<string, number>();
  for (const s of stats) {
    const ratio = s.daysSince / ((s.spanDays + typical) / s.n);
    out.set(s.id, Math.min(100, Math.max(0, Math.round(80 * (1 - 2 ** -Math.max(0, ratio - 1)) + 20 / s.n))));
  }
  scoreCache.set(index, out);
  return out;
}

export function evaluateChurnRisk(cond: ChurnRiskCondition, customerId: string, index: BehaviourIndex): boolean {
  const score = scores(index).get(customerId);
  if (score === undefined) return false;
  const [low, high] = cond.level ? LEVELS[cond.level] : [0, 100];
  return score >= Math.max(low, cond.minScore ?? 0) && score <= Math.min(high, cond.maxScore ?? 100);
}
