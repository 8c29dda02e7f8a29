import type { EventCondition, OccurrenceWindow, OrdersCondition } from '../segment-definition';
import { compileJsonComparison } from './compile-attribute';
import { OP_SQL, trivialCount } from './compile-counts';
import type { CompileScope } from './compile-scope';

/*
 * The `aggregate` strategy (SegmentContext.behaviour): each event or order
 * condition groups its rows once per customer in a derived table that is
 * LEFT JOINed to `customer c` (see CompileScope.joinPerCustomer), and the
 * predicate reads the joined columns. A customer without rows has no joined
 * row, so counts and sums coalesce to 0 and first / last / average are NULL,
 * exactly as the correlated form (and the evaluator) treat them.
 */

export function aggregateEvent(cond: EventCondition, scope: CompileScope): string {
  const op = cond.count?.op ?? 'gte';
  const k = cond.count?.value ?? 1;
  const trivial = trivialCount(op, k);
  if (trivial === 'FALSE') return trivial;
  const windowed = Boolean(cond.within || cond.sinceEnrollment);
  const needsCount = trivial !== 'TRUE' && !(!cond.count && !windowed && (cond.first || cond.last));
  if (!needsCount && !cond.first && !cond.last) return 'TRUE';
  const filters = [
    `e.business_id = ${scope.business}`,
    `e.type = ${scope.param(cond.eventType, 'text')}`,
    `e.occurred_at <= ${scope.now()}`,
    ...(cond.where ?? []).map((w) => compileJsonComparison('e.properties', w.field, w, scope)),
  ];
  const start = needsCount ? scope.behaviourWindowStart(cond) : undefined;
  const columns = [`count(*) ${start ? `FILTER (WHERE e.occurred_at >= ${start}) ` : ''}AS n`];
  if (cond.first) columns.push('min(e.occurred_at) AS first_at');
  if (cond.last) columns.push('max(e.occurred_at) AS last_at');
  // Without first/last only the window's rows matter, so the scan is limited to it.
  if (start && !cond.first && !cond.last) filters.push(`e.occurred_at >= ${start}`);
  const j = scope.joinPerCustomer(`SELECT e.customer_id, ${columns.join(', ')}
    FROM event e
   WHERE ${filters.join('\n     AND ')}
   GROUP BY e.customer_id`);
  const parts: string[] = [];
  if (needsCount) parts.push(`coalesce(${j}.n, 0) ${OP_SQL[op]} ${scope.param(k, 'bigint')}`);
  if (cond.first) parts.push(occurrence(`${j}.first_at`, cond.first, scope));
  if (cond.last) parts.push(occurrence(`${j}.last_at`, cond.last, scope));
  return parts.length === 1 ? parts[0] : `(${parts.join('\n  AND ')})`;
}

function occurrence(at: string, window: OccurrenceWindow, scope: CompileScope): string {
  return 'within' in window ? `${at} >= ${scope.windowStart(window.within)}` : `${at} < ${scope.windowStart(window.before)}`;
}

export function aggregateOrders(cond: OrdersCondition, scope: CompileScope): string {
  const trivial = cond.metric === 'count' ? trivialCount(cond.op, cond.value) : undefined;
  if (trivial) return trivial;
  const filters = [`o.business_id = ${scope.business}`, `o.occurred_at <= ${scope.now()}`];
  const start = scope.behaviourWindowStart(cond);
  if (start) filters.push(`o.occurred_at >= ${start}`);
  const j = scope.joinPerCustomer(`SELECT o.customer_id, count(*) AS n, sum(o.total) AS total
    FROM orders o
   WHERE ${filters.join('\n     AND ')}
   GROUP BY o.customer_id`);
  if (cond.metric === 'count') return `coalesce(${j}.n, 0) ${OP_SQL[cond.op]} ${scope.param(cond.value, 'bigint')}`;
  const value = scope.param(cond.value, 'numeric');
  if (cond.metric === 'sum') return `coalesce(${j}.total, 0) ${OP_SQL[cond.op]} ${value}`;
  return `(${j}.n > 0 AND ${j}.total ${OP_SQL[cond.op]} ${value} * ${j}.n)`;
}
