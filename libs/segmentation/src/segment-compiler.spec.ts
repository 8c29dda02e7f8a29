import { DomainError } from '@localreach/core';
import { compileSegment, countSql, embedSegment, sampleSql, type CompiledSegment } from './segment-compiler';
import type { SegmentDefinition } from './segment-definition';
import { SegmentError } from './segment.errors';

const BUSINESS = '11111111-2222-4333-8444-555555555555';
const STORE = '0b6f3c1e-8a4d-4c2b-9f1e-2d3c4b5a6978';
const FENCE = '5e0a7d7c-1b2a-4c3d-9e8f-7a6b5c4d3e2f';
const CAMPAIGN = '6f1c2d3e-4b5a-4c6d-8e7f-9a0b1c2d3e4f';
const ctx = { businessId: BUSINESS, now: new Date('2025-06-15T17:00:00.000Z'), businessTimezone: 'America/Chicago' };

/** Representative definitions whose SQL is reviewed as snapshots. */
const REPRESENTATIVE: Record<string, SegmentDefinition> = {
  'built-in attributes': {
    all: [
      { type: 'attribute', field: 'email', op: 'contains', value: '@Example.com' },
      { type: 'attribute', field: 'firstName', op: 'between', value: ['A', 'M'] },
      { type: 'attribute', field: 'lastName', op: 'neq', value: 'Smith' },
      { type: 'attribute', field: 'birthday', op: 'lt', value: '2000-01-01' },
      { type: 'attribute', field: 'createdAt', op: 'gte', value: '2025-01-01T00:00:00Z' },
      { type: 'attribute', field: 'lat', op: 'in', value: [41.5, 41.88] },
      { type: 'attribute', field: 'phone', op: 'exists', value: false },
    ],
  },
  'custom attributes': {
    any: [
      { type: 'attribute', field: 'attributes.plan', op: 'eq', value: 'gold' },
      { type: 'attribute', field: 'attributes.visits', op: 'gt', value: 3 },
      { type: 'attribute', field: 'attributes.visits', op: 'between', value: [1, 2.5] },
      { type: 'attribute', field: 'attributes.size', op: 'lte', value: 'M' },
      { type: 'attribute', field: 'attributes.colours', op: 'contains', value: 'Red' },
      { type: 'attribute', field: 'attributes.lucky', op: 'contains', value: 7 },
      { type: 'attribute', field: 'attributes.plan', op: 'in', value: ['gold', 'silver', 1] },
      { type: 'attribute', field: 'attributes.vip', op: 'neq', value: true },
      { type: 'attribute', field: 'attributes.referrer', op: 'exists', value: true },
    ],
  },
  'tag, consent, nearest store': {
    all: [
      { type: 'tag', tag: 'vip', present: true },
      { type: 'tag', tag: 'churned', present: false },
      { type: 'consent', channel: 'email', status: 'granted' },
      { type: 'consent', channel: 'sms', status: 'unknown' },
      { type: 'nearestStore', storeId: STORE },
    ],
  },
  birthday: { any: [{ type: 'birthday', withinNextDays: 7 }, { type: 'birthday', month: 2 }] },
  'near a point': { type: 'near', lat: 41.88, lng: -87.63, radiusMeters: 1500 },
  'near a point across the antimeridian': { type: 'near', lat: -16.5, lng: 179.99, radiusMeters: 5000 },
  'near a store': { type: 'near', storeId: STORE, radiusMeters: 1500 },
  'inside a polygon': { type: 'inside', polygon: { type: 'Polygon', coordinates: [[[-87.64, 41.87], [-87.62, 41.87], [-87.62, 41.89], [-87.64, 41.87]]] } },
  'inside a geofence': { type: 'inside', geofenceId: FENCE },
  'event with filters and windows': {
    type: 'event', eventType: 'cart_abandoned', where: [{ field: 'total', op: 'gte', value: 20 }, { field: 'coupon', op: 'exists', value: false }],
    within: 'P30D', count: { op: 'gte', value: 2 }, first: { before: 'P90D' }, last: { within: 'P7D' },
  },
  'no event in a window (zero counts included)': { type: 'event', eventType: 'purchase', within: 'P60D', count: { op: 'eq', value: 0 } },
  'event count at most 2': { type: 'event', eventType: 'visit', count: { op: 'lte', value: 2 } },
  orders: {
    all: [
      { type: 'orders', metric: 'count', op: 'gt', value: 2, within: 'P1Y' },
      { type: 'orders', metric: 'sum', op: 'lt', value: 100 },
      { type: 'orders', metric: 'avg', op: 'gte', value: 25.5, within: 'P3M' },
    ],
  },
  rfm: { type: 'rfm', recency: [4, 5], frequency: [3, 5], monetary: [5, 5] },
  engagement: {
    any: [
      { type: 'engagement', action: 'received', within: 'P14D' },
      { type: 'engagement', action: 'clicked', within: 'P7D', campaignId: CAMPAIGN },
    ],
  },
  'local time and negation': {
    all: [{ type: 'localTime', hours: [22, 6], weekdays: [6, 7] }, { not: { any: [{ type: 'tag', tag: 'staff', present: true }, { all: [] }] } }],
  },
};

describe('compileSegment', () => {
  it.each(Object.entries(REPRESENTATIVE))('%s (snapshot)', (_name, definition) => {
    const compiled = compileSegment(definition, ctx);
    expect(compiled).toMatchSnapshot();
  });

  it.each(Object.entries(REPRESENTATIVE))('%s: tenant-scoped, numbered and fully parameterised', (_name, definition) => {
    const { sql, params } = compileSegment(definition, ctx);
    // Derived per-customer tables (rfm) may be LEFT JOINed between FROM and WHERE.
    expect(sql).toMatch(/^SELECT c\.id\n {2}FROM customer c\n(?: {2}LEFT JOIN [\s\S]*?\n)? WHERE c\.business_id = \$1\n {3}AND c\.erased_at IS NULL\n {3}AND /);
    expect(params[0]).toBe(BUSINESS);
    // Every table read in a subquery is filtered by the tenant of $1.
    for (const [, table, alias] of sql.matchAll(/\b(?:FROM|JOIN)\s+(customer|event|orders|message|engagement|location|geofence)\s+(\w+)/g)) {
      expect({ table, scoped: new RegExp(`\\b${alias}\\.business_id = \\$1\\b`).test(sql) }).toEqual({ table, scoped: true });
    }
    const placeholders = [...sql.matchAll(/\$(\d+)/g)].map((m) => Number(m[1]));
    expect(Math.max(...placeholders)).toBe(params.length);
    // No quoted literal other than the fixed type names the compiler itself writes.
    const literals = [...sql.matchAll(/'([^']*)'/g)].map((m) => m[1]);
    expect(literals.every((l) => ['null', 'number', 'string', 'array', 'polygon', 'circle', 'month', 'day'].includes(l))).toBe(true);
  });

  it('passes values and keys as parameters, typed by the rule value', () => {
    const { sql, params } = compileSegment({ all: [
      { type: 'attribute', field: 'attributes.plan', op: 'eq', value: 'gold' },
      { type: 'attribute', field: 'attributes.visits', op: 'gt', value: 3 },
    ] }, ctx);
    expect(params).toEqual([BUSINESS, 'plan', '"gold"', 'visits', 3]);
    expect(sql).toContain(`c.attributes -> $2::text = $3::jsonb`);
    expect(sql).toContain(`CASE WHEN jsonb_typeof(c.attributes -> $4::text) = 'number' THEN (c.attributes ->> $4::text)::numeric > $5::numeric ELSE false END`);
  });

  it('lists the birthday keys due for the UTC date and the day either side (Feb 29 on Feb 28 in common years)', () => {
    const keysFor = (now: string, withinNextDays: number) => {
      const { params } = compileSegment({ type: 'birthday', withinNextDays }, { ...ctx, now: new Date(now) });
      return params.slice(1, 7);
    };
    // Worked by hand: 2025 is a common year, so on Feb 28 a Feb 29 birthday is today.
    expect(keysFor('2025-02-28T12:00:00Z', 1)).toEqual(['2025-02-27', [227, 228, 229], '2025-02-28', [228, 229, 301], '2025-03-01', [301, 302]]);
    expect(keysFor('2024-02-28T12:00:00Z', 0)).toEqual(['2024-02-27', [227], '2024-02-28', [228], '2024-02-29', [229]]);
    // Dec 31 + 2 days wraps into January; 366 days ahead covers every date.
    expect(keysFor('2025-12-31T23:00:00Z', 2)[3]).toEqual([101, 102, 1231]);
    expect((keysFor('2025-06-15T00:00:00Z', 366)[3] as number[]).length).toBe(366);
  });

  it('computes window starts on the business calendar: P1M before 2025-03-31 12:00 Chicago is 2025-02-28 12:00 Chicago', () => {
    const { params } = compileSegment(
      { type: 'engagement', action: 'opened', within: 'P1M' },
      { businessId: BUSINESS, now: new Date('2025-03-31T17:00:00Z'), businessTimezone: 'America/Chicago' },
    );
    // 2025-03-31 12:00 CDT (UTC-5); a month earlier is 2025-02-28 12:00 CST (UTC-6) = 18:00Z.
    expect(params).toEqual([BUSINESS, '2025-02-28T18:00:00.000Z', 'opened', '2025-03-31T17:00:00.000Z']);
  });

  it('projects polygons to Web-Mercator text and boxes from the centre in JS', () => {
    const { params } = compileSegment({ type: 'near', lat: 0, lng: 0, radiusMeters: 1000 }, ctx);
    // Python: R·θ/cos θ = 1001.1188618 m and R·ln(tan(π/4 + θ/2)) = 1001.1188536 m, each + 1 mm pad.
    expect(params[1]).toBe(1000);
    const [a, b] = String(params[2]).match(/\(([^)]*)\),\(([^)]*)\)/)!.slice(1).map((p) => p.split(',').map(Number));
    expect(a[0]).toBeCloseTo(-1001.1198618, 6);
    expect(a[1]).toBeCloseTo(-1001.1198536, 6);
    expect(b[0]).toBeCloseTo(1001.1198618, 6);
    expect(b[1]).toBeCloseTo(1001.1198536, 6);
  });

  it('rejects an invalid definition with every problem, before writing any SQL', () => {
    const attempt = () => compileSegment({ all: [{ type: 'near', lat: 1, lng: 2 }, { type: 'tag' }] } as unknown as SegmentDefinition, ctx);
    expect(attempt).toThrow(SegmentError);
    try {
      attempt();
    } catch (error) {
      expect(error).toBeInstanceOf(DomainError);
      expect((error as SegmentError).code).toBe('INVALID_SEGMENT_DEFINITION');
      expect((error as SegmentError).details.map((d) => d.field).sort()).toEqual([
        'definition.all[0].radiusMeters', 'definition.all[1].present', 'definition.all[1].tag',
      ]);
    }
  });

  it('rejects a bad context', () => {
    expect(() => compileSegment({ all: [] }, { businessId: "1' OR '1'='1", now: new Date('x'), businessTimezone: 'Mars/Base' })).toThrow(
      expect.objectContaining({ code: 'INVALID_SEGMENT_CONTEXT', details: [
        { field: 'businessId', message: 'must be a UUID' },
        { field: 'now', message: 'must be a valid date' },
        { field: 'businessTimezone', message: 'must be an IANA time zone' },
      ] }),
    );
  });

  it('keeps injection attempts out of the SQL text, in every string field', () => {
    const evil = "'; DROP TABLE customer; --";
    const { sql, params } = compileSegment({ all: [
      { type: 'attribute', field: `attributes.${evil}`, op: 'contains', value: evil },
      { type: 'attribute', field: 'email', op: 'in', value: [evil] },
      { type: 'tag', tag: evil, present: true },
      { type: 'event', eventType: evil, where: [{ field: evil, op: 'lt', value: evil }] },
    ] }, ctx);
    expect(sql).not.toMatch(/DROP|--/);
    expect(params.filter((p) => typeof p === 'string' && p.includes(evil))).toHaveLength(7);
  });
});

describe('query wrappers', () => {
  const base: CompiledSegment = compileSegment({ type: 'tag', tag: 'vip', present: true }, ctx);

  it('countSql and sampleSql wrap the member query and keep its parameters', () => {
    expect(countSql(base)).toEqual({ sql: `SELECT count(*)::int AS count FROM (\n${base.sql}\n) AS members`, params: base.params });
    expect(sampleSql(base, 20)).toEqual({
      sql: `SELECT members.id FROM (\n${base.sql}\n) AS members ORDER BY members.id LIMIT $3::int`,
      params: [BUSINESS, 'vip', 20],
    });
    expect(() => sampleSql(base, 0)).toThrow(SegmentError);
  });

  it('embedSegment numbers extra parameters after the segment', () => {
    const refresh = embedSegment(base, (members, param) =>
      `INSERT INTO segment_membership (business_id, segment_id, customer_id, entered_at) SELECT $1, ${param('seg')}, m.id, ${param('now')} FROM ${members} m`);
    expect(refresh.params).toEqual([BUSINESS, 'vip', 'seg', 'now']);
    expect(refresh.sql).toBe(`INSERT INTO segment_membership (business_id, segment_id, customer_id, entered_at) SELECT $1, $3, m.id, $4 FROM (\n${base.sql}\n) m`);
    expect(base.params).toEqual([BUSINESS, 'vip']);
  });
});
