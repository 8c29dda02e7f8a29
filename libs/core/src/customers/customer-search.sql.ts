import type { CustomerMatch, CustomerOrdering, CustomerSort, KeysetPosition } from './customer-search';
import { CONSENT_CHANNELS } from './customer.types';

/**
 * SQL of the customer list, count and estimate (see migration
 * 1765500000000-customer-search for the keys and indexes it reads). Every
 * statement is scoped by `business_id = $1`; values are always parameters.
 */
export interface SqlStatement {
  sql: string;
  params: unknown[];
}

// Sort times go out as fixed-width UTC text with microseconds, whatever the session's DateStyle and TimeZone.
const utcText = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

const SORT_KEYS: Record<CustomerSort, { column: string; text: string; type: 'timestamptz' | 'text' }> = {
  createdAt: { column: 'c.created_at', text: utcText('c.created_at'), type: 'timestamptz' },
  updatedAt: { column: 'c.updated_at', text: utcText('c.updated_at'), type: 'timestamptz' },
  firstName: { column: 'c.first_name_key', text: 'c.first_name_key', type: 'text' },
  lastName: { column: 'c.last_name_key', text: 'c.last_name_key', type: 'text' },
  email: { column: 'c.email_key', text: 'c.email_key', type: 'text' },
};

/**
 * The search text as a LIKE prefix: folded like the stored keys, then `\`, `%`
 * and `_` escaped so they match themselves. An expression of a parameter only,
 * so in the custom plan every unnamed statement gets (node-postgres sends
 * those, also through PgBouncer) the planner evaluates it first and scans the
 * index range; a generic plan (plan_cache_mode = force_generic_plan) could not.
 */
const likePrefix = (param: string) => `(replace(replace(replace(localreach_search_fold(${param}), '\\', '\\\\'), '%', '\\%'), '_', '\\_') || '%')`;

class Params {
  readonly values: unknown[] = [];
  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

function conditions(businessId: string, match: CustomerMatch, p: Params): string[] {
  const where = [`c.business_id = ${p.add(businessId)}`, 'c.erased_at IS NULL'];
  if (match.email !== undefined) where.push(`c.email = ${p.add(match.email)}`);
  if (match.phone !== undefined) where.push(`c.phone = ${p.add(match.phone)}`);
  if (match.externalId !== undefined) where.push(`c.external_id = ${p.add(match.externalId)}`);
  if (match.tag !== undefined) where.push(`c.tags @> ARRAY[${p.add(match.tag)}::text]`);
  if (match.updatedSince !== undefined) where.push(`c.updated_at >= ${p.add(match.updatedSince)}`);
  for (const channel of CONSENT_CHANNELS) {
    const status = match.consent?.[channel];
    if (status) where.push(status === 'unknown' ? `c.consent_${channel} IS NULL` : `c.consent_${channel} = ${p.add(status)}`);
  }
  if (match.segmentId !== undefined) {
    where.push(`EXISTS (SELECT 1 FROM segment_membership m WHERE m.business_id = c.business_id AND m.segment_id = ${p.add(match.segmentId)} AND m.customer_id = c.id)`);
  }
  return where;
}

/** One condition per key the search text may be a prefix of (none without a search). */
function searchBranches(match: CustomerMatch, p: Params): string[] {
  if (!match.search) return [];
  const text = p.add(match.search.text);
  const branches = ['c.first_name_key', 'c.last_name_key', 'c.email_key'].map((column) => `${column} LIKE ${likePrefix(text)}`);
  for (const prefix of match.search.phonePrefixes) branches.push(`c.phone_digits LIKE ${p.add(`${prefix}%`)}`);
  return branches;
}

function matchConditions(businessId: string, match: CustomerMatch, p: Params): string[] {
  const where = conditions(businessId, match, p);
  const branches = searchBranches(match, p);
  return branches.length > 0 ? [...where, `(${branches.join(' OR ')})`] : where;
}

/**
 * How the page finds its rows. walk: along the sort key's index, testing each
 * customer (quick when matches are common, whatever their age). hits: a search
 * known to match at most `cap` customers (counted first): its matches from
 * each key's own index, then only those sorted. A walk would test every
 * customer when the few matches sit at the far end of the order (phone digits
 * of the oldest customers, newest first: 990,000 tested, 1 s at 1,000,000).
 */
export type PageStrategy = { kind: 'walk' } | { kind: 'hits'; cap: number };

/** One select per search key (the conditions and that key's prefix), each stopping at `limit`. */
function hitSelects(where: string, branches: string[], limit: string): string[] {
  return branches.map((branch) => `(SELECT c.id FROM customer c WHERE ${where} AND ${branch} LIMIT ${limit})`);
}

/** One page in the requested order, after `after`; each row carries its `sort_key` for the next cursor. */
export function customerPageSql(
  businessId: string,
  match: CustomerMatch,
  ordering: CustomerOrdering,
  after: KeysetPosition | undefined,
  limit: number,
  columns: string,
  strategy: PageStrategy = { kind: 'walk' },
): SqlStatement {
  const p = new Params();
  let where: string[];
  if (strategy.kind === 'hits' && match.search) {
    const conditionsOfHits = conditions(businessId, match, p).join(' AND ');
    const branches = searchBranches(match, p);
    where = ['c.business_id = $1', `c.id IN (${hitSelects(conditionsOfHits, branches, p.add(strategy.cap)).join('\n UNION ')})`];
  } else {
    where = matchConditions(businessId, match, p);
  }
  const key = SORT_KEYS[ordering.sort];
  const direction = ordering.order === 'asc' ? 'ASC' : 'DESC';
  if (after) {
    where.push(`(${key.column}, c.id) ${ordering.order === 'asc' ? '>' : '<'} (${p.add(after.key)}::${key.type}, ${p.add(after.id)}::uuid)`);
  }
  return {
    sql: `SELECT ${columns}, ${key.text} AS sort_key FROM customer c
 WHERE ${where.join('\n   AND ')}
 ORDER BY ${key.column} ${direction}, c.id ${direction} LIMIT ${p.add(limit)}`,
    params: p.values,
  };
}

/**
 * How many customers match: exact when below `cap`, otherwise some number of
 * at least `cap`. A search counts the union of its keys' matches, each read no
 * further than `cap` from its own index (index-only when no other filter needs
 * the row): a key holding `cap` matches means at least that many in all, and
 * when none does the union is complete.
 */
export function customerCountSql(businessId: string, match: CustomerMatch, cap: number): SqlStatement {
  const p = new Params();
  const where = conditions(businessId, match, p).join(' AND ');
  const branches = searchBranches(match, p);
  const limit = p.add(cap);
  if (branches.length === 0) return { sql: `SELECT count(*)::int AS n FROM (SELECT 1 FROM customer c WHERE ${where} LIMIT ${limit}) s`, params: p.values };
  return { sql: `SELECT count(*)::int AS n FROM (${hitSelects(where, branches, limit).join('\n UNION ')}) s`, params: p.values };
}

/** The planner's estimate of how many customers match (EXPLAIN only: nothing is read). */
export function customerEstimateSql(businessId: string, match: CustomerMatch): SqlStatement {
  const p = new Params();
  const where = matchConditions(businessId, match, p);
  return { sql: `EXPLAIN (FORMAT JSON) SELECT 1 FROM customer c WHERE ${where.join(' AND ')}`, params: p.values };
}
