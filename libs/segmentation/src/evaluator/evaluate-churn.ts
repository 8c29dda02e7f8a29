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
    const past = (index.orders.get(id) ?? []).filter((o) => o.occurredAt.getTime() <= index.now).map((o) => ({ at: o.occurredAt.getTime(), total: o.total }));
    const first = Math.min(...past.map((o) => o.at));
    const last = Math.max(...past.map((o) => o.at));
    return { id, n: past.length, spend: past.reduce((s, o) => s + o.total, 0), last, gap: past.length >= 2 ? (last - first) / DAY / (past.length - 1) : null };
  });
  const medianGap = median(stats.flatMap((s) => (s.gap === null ? [] : [s.gap])));
  const medianSpend = median(stats.map((s) => s.spend));
  const out = new Map<string, number>();
  for (const s of stats) {
    const expected = Math.max(7, s.gap ?? medianGap ?? 30);
    const recency = Math.min(60, Math.max(0, 30 * (Math.max(0, (index.now - s.last) / DAY) / expected - 1)));
    const frequency = s.n <= 1 ? 25 : s.n === 2 ? 15 : s.n <= 4 ? 8 : 0;
    const monetary = medianSpend !== null && medianSpend > 0 && s.spend < medianSpend ? 15 * (1 - s.spend / medianSpend) : 0;
    out.set(s.id, Math.round(recency + frequency + monetary));
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
