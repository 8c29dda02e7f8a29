import { IANAZone } from 'luxon';
import type { FieldProblem } from '@localreach/core';
import { compileAttribute } from './compiler/compile-attribute';
import { compileEngagement, compileEvent, compileOrders, compileRfm } from './compiler/compile-behaviour';
import { compileChurnRisk } from './compiler/compile-churn';
import { compileInside, compileNear } from './compiler/compile-geo';
import { compileBirthday, compileConsent, compileLocalTime, compileNearestStore, compileTag } from './compiler/compile-profile';
import { CompileScope, indent, joinPredicates } from './compiler/compile-scope';
import {
  isAllGroup, isAnyGroup, isNotGroup, type SegmentCondition, type SegmentContext, type SegmentDefinition, type SegmentNode,
} from './segment-definition';
import { SegmentError } from './segment.errors';
import { validateDefinition } from './segment-validator';

/** One parameterised query: `$1` is always the business id. */
export interface CompiledSegment {
  sql: string;
  params: unknown[];
}

/**
 * Compiles a segment definition to one query returning the matching customer
 * ids: `SELECT c.id FROM customer c WHERE c.business_id = $1 AND c.erased_at
 * IS NULL AND (...)`. Every value of the rule (field names and property keys
 * included) is a parameter. The definition is validated again here, so a
 * tree that skipped validation can never shape the SQL. Throws SegmentError.
 */
export function compileSegment(definition: SegmentDefinition, ctx: SegmentContext): CompiledSegment {
  // sinceEnrollment rules (campaign branches) compile only for one enrolment.
  const { definition: valid, problems } = validateDefinition(definition, 'definition', { allowSinceEnrollment: ctx.enrolledAt !== undefined });
  if (!valid) throw new SegmentError('INVALID_SEGMENT_DEFINITION', problems);
  checkContext(ctx);
  const scope = new CompileScope(ctx);
  const where = compileNode(valid, scope);
  const joins = scope.joins.map((j) => `\n  ${indent(j)}`).join('');
  const sql = `SELECT c.id
  FROM customer c${joins}
 WHERE c.business_id = $1
   AND c.erased_at IS NULL
   AND ${indent(where, 5)}`;
  assertEveryParamUsed(sql, scope.params.length);
  return { sql, params: scope.params };
}

// PostgreSQL rejects a parameter it cannot type, and an unused one is a compiler bug worth failing loudly on.
function assertEveryParamUsed(sql: string, count: number): void {
  const used = new Set([...sql.matchAll(/\$(\d+)/g)].map((m) => Number(m[1])));
  for (let n = 1; n <= count; n++) {
    if (!used.has(n)) throw new Error(`segment compiler left parameter $${n} unused`);
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function checkContext(ctx: SegmentContext): void {
  const problems: FieldProblem[] = [];
  if (!UUID.test(ctx.businessId)) problems.push({ field: 'businessId', message: 'must be a UUID' });
  if (!(ctx.now instanceof Date) || Number.isNaN(ctx.now.getTime())) problems.push({ field: 'now', message: 'must be a valid date' });
  if (!IANAZone.isValidZone(ctx.businessTimezone)) problems.push({ field: 'businessTimezone', message: 'must be an IANA time zone' });
  if (problems.length > 0) throw new SegmentError('INVALID_SEGMENT_CONTEXT', problems);
}

function compileNode(node: SegmentNode, scope: CompileScope): string {
  if (isAllGroup(node)) return joinPredicates(node.all.map((n) => compileNode(n, scope)), 'AND', 'TRUE');
  if (isAnyGroup(node)) return joinPredicates(node.any.map((n) => compileNode(n, scope)), 'OR', 'FALSE');
  // Conditions may yield NULL for "no data" (a missing store, no orders); under AND/OR
  // NULL behaves like false, and IS NOT TRUE makes negation treat it as false too.
  if (isNotGroup(node)) return `(${indent(compileNode(node.not, scope))}) IS NOT TRUE`;
  return compileCondition(node, scope);
}

function compileCondition(cond: SegmentCondition, scope: CompileScope): string {
  switch (cond.type) {
    case 'attribute': return compileAttribute(cond, scope);
    case 'tag': return compileTag(cond, scope);
    case 'consent': return compileConsent(cond, scope);
    case 'birthday': return compileBirthday(cond, scope);
    case 'near': return compileNear(cond, scope);
    case 'inside': return compileInside(cond, scope);
    case 'nearestStore': return compileNearestStore(cond, scope);
    case 'event': return compileEvent(cond, scope);
    case 'orders': return compileOrders(cond, scope);
    case 'rfm': return compileRfm(cond, scope);
    case 'engagement': return compileEngagement(cond, scope);
    case 'localTime': return compileLocalTime(cond, scope);
    case 'churnRisk': return compileChurnRisk(cond, scope);
  }
}

/** `SELECT count(*)` of the members (preview). */
export function countSql(segment: CompiledSegment): CompiledSegment {
  return { sql: `SELECT count(*)::int AS count FROM (\n${segment.sql}\n) AS members`, params: segment.params };
}

/** Up to `limit` member ids in id order (preview sample). */
export function sampleSql(segment: CompiledSegment, limit: number): CompiledSegment {
  if (!Number.isInteger(limit) || limit < 1 || limit > 10_000) {
    throw new SegmentError('INVALID_SEGMENT_CONTEXT', [{ field: 'limit', message: 'must be a whole number from 1 to 10000' }]);
  }
  const params = [...segment.params, limit];
  return { sql: `SELECT members.id FROM (\n${segment.sql}\n) AS members ORDER BY members.id LIMIT $${params.length}::int`, params };
}

/**
 * Embeds the member query in a larger statement (membership refresh, joins).
 * `build` receives the parenthesised subquery, usable as `FROM <members> m` or
 * `IN <members>`, and `param` to add its own values numbered after the
 * segment's. `$1` (the business id) may be reused.
 */
export function embedSegment(segment: CompiledSegment, build: (members: string, param: (value: unknown) => string) => string): CompiledSegment {
  const params = [...segment.params];
  const param = (value: unknown) => {
    params.push(value);
    return `$${params.length}`;
  };
  const sql = build(`(\n${segment.sql}\n)`, param);
  return { sql, params };
}
