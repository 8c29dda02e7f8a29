import { orderHistoriesSql } from '@localreach/core';
import type { CountOp, EngagementCondition, EventCondition, OccurrenceWindow, OrdersCondition, RfmCondition } from '../segment-definition';
import { compileJsonComparison } from './compile-attribute';
import { aggregateEvent, aggregateOrders } from './compile-aggregates';
import { compareNumbers, OP_SQL, trivialCount } from './compile-counts';
import { indent, type CompileScope } from './compile-scope';

/**
 * `count(rows) op k` over a correlated row set. Customers with no rows have a
 * count of 0, so a predicate true at 0 must not need a row to exist. The
 * common shapes become EXISTS / NOT EXISTS, which PostgreSQL turns into
 * semi/anti joins on the (business_id, customer_id, ...) indexes.
 */
function countPredicate(from: string, op: CountOp, k: number, scope: CompileScope): string {
  const exists = `EXISTS (SELECT 1 ${from})`;
  // k is a whole number >= 0 (validated), so these are exact rewrites.
  if ((op === 'gte' && k === 1) || (op === 'gt' && k === 0) || (op === 'neq' && k === 0)) return exists;
  if ((op === 'eq' && k === 0) || (op === 'lte' && k === 0) || (op === 'lt' && k === 1)) return `NOT ${exists}`;
  const count = `(SELECT count(*) ${from}) ${OP_SQL[op]} ${scope.param(k, 'bigint')}`;
  return compareNumbers(0, op, k) ? count : `(${exists}\n  AND ${count})`;
}


/** "first" / "last" occurrence (min / max time) within or before a window; no occurrence never matches. */
function occurrencePredicate(from: string, which: 'min' | 'max', window: OccurrenceWindow, scope: CompileScope): string {
  const at = `(SELECT ${which}(e.occurred_at) ${from})`;
  return 'within' in window ? `${at} >= ${scope.windowStart(window.within)}` : `${at} < ${scope.windowStart(window.before)}`;
}

export function compileEvent(cond: EventCondition, scope: CompileScope): string {
  if (scope.ctx.behaviour === 'aggregate') return aggregateEvent(cond, scope);
  const op = cond.count?.op ?? 'gte';
  const k = cond.count?.value ?? 1;
  const trivial = trivialCount(op, k);
  if (trivial === 'FALSE') return trivial;
  // The count is needed unless always true, or implied by first/last (no count, no window).
  const windowed = Boolean(cond.within || cond.sinceEnrollment);
  const needsCount = trivial !== 'TRUE' && !(!cond.count && !windowed && (cond.first || cond.last));
  if (!needsCount && !cond.first && !cond.last) return 'TRUE';
  const filters = [
    `e.business_id = ${scope.business}`,
    'e.customer_id = c.id',
    `e.type = ${scope.param(cond.eventType, 'text')}`,
    `e.occurred_at <= ${scope.now()}`,
    ...(cond.where ?? []).map((w) => compileJsonComparison('e.properties', w.field, w, scope)),
  ];
  const from = (extra: string[] = []) => `FROM event e\n  WHERE ${[...filters, ...extra].join('\n    AND ')}`;
  const parts: string[] = [];
  if (needsCount) {
    const start = scope.behaviourWindowStart(cond);
    parts.push(countPredicate(start ? from([`e.occurred_at >= ${start}`]) : from(), op, k, scope));
  }
  if (cond.first) parts.push(occurrencePredicate(from(), 'min', cond.first, scope));
  if (cond.last) parts.push(occurrencePredicate(from(), 'max', cond.last, scope));
  return parts.length === 1 ? parts[0] : `(${parts.map((p) => indent(p)).join('\n  AND ')})`;
}

/**
 * Order count / sum / average in a window. Sum of no orders is 0; the average
 * of no orders does not exist, so it never matches. The average is compared
 * as sum op value × count, exact in numeric (no rounded division).
 */
export function compileOrders(cond: OrdersCondition, scope: CompileScope): string {
  if (scope.ctx.behaviour === 'aggregate') return aggregateOrders(cond, scope);
  const trivial = cond.metric === 'count' ? trivialCount(cond.op, cond.value) : undefined;
  if (trivial) return trivial;
  const filters = [`o.business_id = ${scope.business}`, 'o.customer_id = c.id', `o.occurred_at <= ${scope.now()}`];
  const start = scope.behaviourWindowStart(cond);
  if (start) filters.push(`o.occurred_at >= ${start}`);
  const from = `FROM orders o\n  WHERE ${filters.join('\n    AND ')}`;
  if (cond.metric === 'count') return countPredicate(from, cond.op, cond.value, scope);
  const value = scope.param(cond.value, 'numeric');
  const exists = `EXISTS (SELECT 1 ${from})`;
  if (cond.metric === 'avg') return `(${exists}\n  AND (SELECT sum(o.total) ${OP_SQL[cond.op]} ${value} * count(*) ${from}))`;
  const sum = `(SELECT coalesce(sum(o.total), 0) ${from}) ${OP_SQL[cond.op]} ${value}`;
  return compareNumbers(0, cond.op, cond.value) ? sum : `(${exists}\n  AND ${sum})`;
}

/**
 * RFM quintiles among the business's (non-erased) customers with an order up
 * to `now`. Ties are broken by customer id so scores are deterministic. The
 * scores are computed once and hash-joined (see `joinPerCustomer`). Histories
 * are one summary row per buyer, erased customers left out (orderHistoriesSql).
 */
export function compileRfm(cond: RfmCondition, scope: CompileScope): string {
  const measures = { recency: 'h.last_at', frequency: 'h.n', monetary: 'h.monetary' } as const;
  const keys = (['recency', 'frequency', 'monetary'] as const).filter((k) => cond[k]);
  const scores = keys.map((k) => `ntile(5) OVER (ORDER BY a.${k}, a.customer_id) AS ${k}`);
  const ranges = keys.map((k) => {
    const [min, max] = cond[k] as [number, number];
    return `q.${k} BETWEEN ${scope.param(min, 'int')} AND ${scope.param(max, 'int')}`;
  });
  const alias = scope.joinPerCustomer(`SELECT q.customer_id
    FROM (SELECT a.customer_id, ${scores.join(', ')}
            FROM (SELECT h.customer_id, ${keys.map((k) => `${measures[k]} AS ${k}`).join(', ')}
                    FROM (${orderHistoriesSql(scope.business, scope.now())}) h) a) q
   WHERE ${ranges.join(' AND ')}`);
  return `${alias}.customer_id IS NOT NULL`;
}

/** received = a message sent in the window; opened / clicked = engagement rows of that type in the window, raw or rolled up. */
export function compileEngagement(cond: EngagementCondition, scope: CompileScope): string {
  // The validator requires `within` unless `sinceEnrollment`, so there is always a start.
  const start = scope.behaviourWindowStart(cond) as string;
  if (cond.action === 'received') {
    const filters = [`m.business_id = ${scope.business}`, 'm.customer_id = c.id', `m.sent_at >= ${start}`, `m.sent_at <= ${scope.now()}`];
    if (cond.campaignId) filters.push(`m.campaign_id = ${scope.param(cond.campaignId, 'uuid')}`);
    return `EXISTS (SELECT 1 FROM message m\n  WHERE ${filters.join('\n    AND ')})`;
  }
  const type = scope.param(cond.action, 'text');
  const campaign = cond.campaignId ? scope.param(cond.campaignId, 'uuid') : undefined;
  const filters = [`en.business_id = ${scope.business}`, 'en.customer_id = c.id', `en.type = ${type}`, `en.occurred_at >= ${start}`, `en.occurred_at <= ${scope.now()}`];
  if (campaign) filters.push(`en.campaign_id = ${campaign}`);
  // Hits past the retention age are one roll-up row per message and type: a hit in the window when the
  // last one is in it (exact while the window ends after it, i.e. at now: rolled-up hits are months old).
  const rolled = [`er.business_id = ${scope.business}`, 'er.customer_id = c.id', `er.type = ${type}`, `er.last_at >= ${start}`, `er.first_at <= ${scope.now()}`];
  if (campaign) rolled.push(`er.campaign_id = ${campaign}`);
  return `(EXISTS (SELECT 1 FROM engagement en\n  WHERE ${filters.join('\n    AND ')})`
    + `\n  OR EXISTS (SELECT 1 FROM engagement_message_rollup er\n  WHERE ${rolled.join('\n    AND ')}))`;
}
