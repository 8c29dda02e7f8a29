import { SqlParams, timelineStatement } from './timeline-sources.sql';

const BUSINESS = '11111111-1111-4111-8111-111111111111';
const CUSTOMER = '22222222-2222-4222-8222-222222222222';

/** The WHERE clause of one source's branch, whitespace collapsed. */
function whereOf(sql: string, source: string): string {
  const branch = sql.split('\nUNION ALL\n').find((b) => b.startsWith(`(SELECT '${source}'`));
  if (!branch) throw new Error(`no ${source} branch`);
  return /WHERE ([\s\S]*?)\s+ORDER BY/.exec(branch)![1].replace(/\s+/g, ' ');
}

describe('timeline statement', () => {
  it('reads each source newest first on its own index, limited, side by side', () => {
    const { sql, params } = timelineStatement({ businessId: BUSINESS, customerId: CUSTOMER, sources: ['message', 'event'], perSource: 51 });
    expect(params).toEqual([BUSINESS, CUSTOMER, 51]);
    expect(sql.split('\nUNION ALL\n')).toHaveLength(2);
    expect(sql).toContain('ORDER BY m.created_at DESC, m.id DESC LIMIT $3');
    expect(sql).toContain('ORDER BY e.occurred_at DESC, e.id DESC LIMIT $3');
    expect(whereOf(sql, 'message')).toBe('m.business_id = $1 AND m.customer_id = $2');
    // The partial index's predicate, so the planner can use it.
    expect(whereOf(sql, 'event')).toBe(`e.business_id = $1 AND e.customer_id = $2 AND e.type NOT IN ('segment_entered', 'segment_exited')`);
    expect(sql).not.toMatch(/\$B/);
  });

  it('continues after a cursor: earlier sources strictly before its time, later ones at or before it, its own source by (time, id)', () => {
    const after = { atKey: '2026-03-10T15:00:02.000000Z', source: 'message' as const, id: 'c0000000-0000-4000-8000-000000000000' };
    const { sql, params } = timelineStatement({
      businessId: BUSINESS, customerId: CUSTOMER, sources: ['enrollment_ended', 'consent', 'message', 'order', 'event'], perSource: 11, after,
    });
    expect(params).toEqual([BUSINESS, CUSTOMER, 11, after.atKey, after.id]);
    expect(whereOf(sql, 'enrollment_ended')).toBe('n.business_id = $1 AND n.customer_id = $2 AND n.ended_at IS NOT NULL AND n.ended_at < $4::timestamptz');
    expect(whereOf(sql, 'consent')).toBe('c.business_id = $1 AND c.customer_id = $2 AND c.at < $4::timestamptz');
    expect(whereOf(sql, 'message')).toBe('m.business_id = $1 AND m.customer_id = $2 AND (m.created_at, m.id) < ($4::timestamptz, $5::uuid)');
    expect(whereOf(sql, 'order')).toBe('o.business_id = $1 AND o.customer_id = $2 AND o.occurred_at <= $4::timestamptz');
    expect(whereOf(sql, 'event')).toContain('e.occurred_at <= $4::timestamptz');
  });

  it('binds the cursor id only when its source is read, and `before` on every source', () => {
    const before = new Date('2026-03-01T00:00:00Z');
    const after = { atKey: '2026-03-10T15:00:02.000000Z', source: 'event' as const, id: '7' };
    const { sql, params } = timelineStatement({ businessId: BUSINESS, customerId: CUSTOMER, sources: ['order'], perSource: 3, after, before });
    expect(params).toEqual([BUSINESS, CUSTOMER, 3, after.atKey, before]);
    expect(whereOf(sql, 'order')).toBe('o.business_id = $1 AND o.customer_id = $2 AND o.occurred_at < $4::timestamptz AND o.occurred_at < $5::timestamptz');
  });
});

describe('SqlParams', () => {
  it('numbers parameters in the order they are used; a lazy one is added once, on first use', () => {
    const p = new SqlParams();
    const unused = p.lazy('never');
    const late = p.lazy('late');
    expect(p.add('a')).toBe('$1');
    expect(late()).toBe('$2');
    expect(late()).toBe('$2');
    expect(p.add('b')).toBe('$3');
    expect(p.values).toEqual(['a', 'late', 'b']);
    expect(unused).toBeInstanceOf(Function);
  });
});
