import { windowStart } from '../durations';
import type { SegmentContext } from '../segment-definition';
import { SegmentError } from '../segment.errors';

/**
 * Parameters of the query being built, plus the few shared ones (`now`, the
 * business time zone). Every value from a rule goes through `param`, so user
 * text never becomes SQL text; each placeholder carries an explicit cast so
 * PostgreSQL never has to guess a type from context.
 */
export class CompileScope {
  readonly params: unknown[];
  /** Placeholder of the tenant id; every table a subquery reads is filtered by it. */
  readonly business = '$1';
  /** Derived tables LEFT JOINed to `customer c`, one row per customer at most. */
  readonly joins: string[] = [];
  private nowRef?: string;
  private zoneRef?: string;

  constructor(readonly ctx: SegmentContext) {
    this.params = [ctx.businessId];
  }

  param(value: unknown, cast: string): string {
    this.params.push(value);
    return `$${this.params.length}::${cast}`;
  }

  /** The evaluation instant, shared by every condition. */
  now(): string {
    this.nowRef ??= this.param(this.ctx.now.toISOString(), 'timestamptz');
    return this.nowRef;
  }

  /** The customer's local wall-clock time at `now` (business zone when the customer has none). */
  localNow(): string {
    this.zoneRef ??= this.param(this.ctx.businessTimezone, 'text');
    return `(${this.now()} AT TIME ZONE coalesce(c.timezone, ${this.zoneRef}))`;
  }

  /**
   * LEFT JOINs a derived table with at most one row per customer
   * (`customer_id` column) and returns its alias. Used where an uncorrelated
   * `c.id IN (...)` would be planned as a linear rescan under OR: a join is
   * hashed once whatever the boolean structure around it.
   */
  joinPerCustomer(subquery: string): string {
    const alias = `j${this.joins.length + 1}`;
    this.joins.push(`LEFT JOIN (${indent(subquery, 2)}) ${alias} ON ${alias}.customer_id = c.id`);
    return alias;
  }

  /**
   * Start of a behaviour window: the enrolment time for `sinceEnrollment`,
   * else `now − within` (the later of the two when both are given), or
   * undefined for "ever".
   */
  behaviourWindowStart(cond: { within?: string; sinceEnrollment?: true }): string | undefined {
    if (!cond.sinceEnrollment) return cond.within ? this.windowStart(cond.within) : undefined;
    const enrolledAt = this.ctx.enrolledAt;
    if (!(enrolledAt instanceof Date) || Number.isNaN(enrolledAt.getTime())) {
      throw new SegmentError('INVALID_SEGMENT_CONTEXT', [{ field: 'enrolledAt', message: 'is required to evaluate sinceEnrollment conditions' }]);
    }
    const since = cond.within ? Math.max(enrolledAt.getTime(), windowStart(this.ctx.now, cond.within, this.ctx.businessTimezone).getTime()) : enrolledAt.getTime();
    return this.param(new Date(since).toISOString(), 'timestamptz');
  }

  /** Start of a window ending at `now`, computed here so luxon's calendar arithmetic is the only one. */
  windowStart(duration: string): string {
    return this.param(windowStart(this.ctx.now, duration, this.ctx.businessTimezone).toISOString(), 'timestamptz');
  }
}

/** Indents every line after the first, for readable nested SQL in snapshots. */
export function indent(sql: string, spaces = 2): string {
  return sql.replace(/\n/g, `\n${' '.repeat(spaces)}`);
}

/** Joins predicates with AND / OR, one per line, parenthesised when there is more than one. */
export function joinPredicates(parts: string[], op: 'AND' | 'OR', empty: 'TRUE' | 'FALSE'): string {
  if (parts.length === 0) return empty;
  if (parts.length === 1) return parts[0];
  return `(\n  ${parts.map((p) => indent(p)).join(`\n  ${op} `)}\n)`;
}
