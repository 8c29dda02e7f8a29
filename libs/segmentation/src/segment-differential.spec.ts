import fc from 'fast-check';
import type { DataSource } from 'typeorm';
import { openTestDataSource } from '../../../test/support/test-database';
import type { EvalCustomer, EvalEngagement, EvalEvent, EvalGeofence, EvalMessage, EvalOrder, EvalStore, EvaluationData } from './evaluator/evaluation-data';
import { compileSegment } from './segment-compiler';
import type { AttributeOp, CountOp, GeoJsonPolygon, Scalar, SegmentCondition, SegmentDefinition, SegmentNode } from './segment-definition';
import { evaluateSegment } from './segment-evaluator';
import { validateDefinition } from './segment-validator';
import { insertBusiness, insertData } from './testing/segment-fixtures';

/**
 * Differential test: random data and random rule trees; the compiled SQL run
 * on PostgreSQL must select exactly the customers the in-memory evaluator does.
 */

// A small metro (Chicago Loop ± ~11 km) so radii and polygons hit and miss.
const METRO = { lat: 41.88, lng: -87.63, spread: 0.1 };
const ZONES = ['America/Chicago', 'America/New_York', 'Europe/London', 'Asia/Kolkata', 'Pacific/Auckland'];
const NAMES = ['alice', 'Alice', 'BOB', 'bob', 'carol', 'Dave', 'eve-1', "o'brien"];
const NEEDLES = ['li', 'AL', 'b', 'o', 'x', "'"];
const ATTRIBUTE_KEYS = ['score', 'plan', 'vip', 'list', 'meta'];
const PROPERTY_KEYS = ['sku', 'price', 'qty', 'tags'];
const EVENT_TYPES = ['view', 'purchase', 'signup'];
const TAGS = ['vip', 'new', 'churn', 'b2b'];
const DURATIONS = ['PT6H', 'P1D', 'P7D', 'P30D', 'P1M', 'P90D'];
const CAMPAIGNS = ['6f1c2d3e-4b5a-4c6d-8e7f-9a0b1c2d3e4f', '7a2b3c4d-5e6f-4a7b-9c8d-0e1f2a3b4c5d'];
const TOTALS = [5, 10, 12.5, 20.25, 49.99, 100];
const DAY = 86_400_000;

const coordinate = (c: number, spread: number) => fc.double({ min: c - spread, max: c + spread, noNaN: true });
const scalarValue: fc.Arbitrary<Scalar> = fc.oneof(fc.integer({ min: 0, max: 10 }), fc.constantFrom(0.5, 2.5, 7.25), fc.constantFrom(...NAMES, 'gold', 'silver'), fc.boolean());
const jsonValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: scalarValue },
  { weight: 1, arbitrary: fc.array(scalarValue, { maxLength: 3 }) },
  { weight: 1, arbitrary: fc.constant({ nested: 1 }) },
);
/** null most of the time, sometimes a value. */
const rarely = <T>(arb: fc.Arbitrary<T>) => fc.oneof({ weight: 6, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: arb });
const instant = (now: number, backDays: number, aheadDays: number) => fc.integer({ min: now - backDays * DAY, max: now + aheadDays * DAY }).map((t) => new Date(t));

function isoDate(year: number, month: number, day: number): string {
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** Birthdays near `now` (so "within the next N days" hits), Feb 29s, and anything else. */
const birthday = (now: number) => fc.oneof(
  fc.integer({ min: -3, max: 40 }).map((d) => {
    const date = new Date(now + d * DAY);
    return isoDate(1980 + (d & 7), date.getUTCMonth() + 1, Math.min(date.getUTCDate(), 28));
  }),
  fc.constantFrom('2000-02-29', '1996-02-29', '1999-02-28', '1990-03-01', '1985-12-31', '1970-01-01'),
  fc.tuple(fc.integer({ min: 1950, max: 2010 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 28 })).map(([y, m, d]) => isoDate(y, m, d)),
);

/** A star-shaped (hence simple) polygon: vertices at increasing angles around a centre. */
const polygon: fc.Arbitrary<GeoJsonPolygon> = fc
  .tuple(coordinate(METRO.lat, 0.05), coordinate(METRO.lng, 0.05), fc.array(fc.double({ min: 0.01, max: 0.08, noNaN: true }), { minLength: 3, maxLength: 8 }))
  .map(([lat, lng, radii]) => {
    const ring = radii.map((r, i) => {
      const angle = (2 * Math.PI * i) / radii.length;
      return [lng + r * Math.cos(angle), lat + r * Math.sin(angle)] as [number, number];
    });
    return { type: 'Polygon', coordinates: [[...ring, ring[0]]] };
  });

interface World {
  now: Date;
  businessTimezone: string;
  data: EvaluationData;
}

function customerArb(now: number, storeIds: string[]): fc.Arbitrary<Omit<EvalCustomer, 'id'>> {
  const consent = fc.option(fc.constantFrom('granted' as const, 'denied' as const), { nil: null });
  return fc.record({
    externalId: fc.option(fc.constantFrom(...NAMES), { nil: null }),
    email: fc.option(fc.constantFrom('a@x.com', 'B@y.org', 'bob@x.com'), { nil: null }),
    phone: fc.option(fc.constantFrom('+15555550100', '+15555550199'), { nil: null }),
    firstName: fc.option(fc.constantFrom(...NAMES), { nil: null }),
    lastName: fc.option(fc.constantFrom(...NAMES), { nil: null }),
    birthday: fc.option(birthday(now), { nil: null }),
    timezone: fc.option(fc.constantFrom(...ZONES), { nil: null }),
    lat: coordinate(METRO.lat, METRO.spread),
    lng: coordinate(METRO.lng, METRO.spread),
    located: fc.integer({ min: 0, max: 5 }),
    attributes: fc.dictionary(fc.constantFrom(...ATTRIBUTE_KEYS), jsonValue, { maxKeys: 4 }),
    tags: fc.subarray(TAGS),
    consent: fc.record({ email: consent, sms: consent, location: consent }),
    nearestLocationId: fc.option(fc.constantFrom(...storeIds), { nil: null }),
    createdAt: instant(now, 400, 0),
    updatedAt: instant(now, 100, 0),
    erasedAt: rarely(instant(now, 10, 0)),
  }).map(({ located, ...c }) => (located === 0 ? { ...c, lat: null, lng: null } : c));
}

/** external id, email and phone are unique per business: later duplicates are cleared. */
function uniqueContacts(customers: EvalCustomer[]): EvalCustomer[] {
  const seen = new Set<string>();
  const keep = (field: string, value: string | null) => {
    if (value === null || seen.has(`${field}:${value}`)) return null;
    seen.add(`${field}:${value}`);
    return value;
  };
  return customers.map((c) => ({ ...c, externalId: keep('x', c.externalId), email: keep('e', c.email), phone: keep('p', c.phone) }));
}

function worldArb(): fc.Arbitrary<World> {
  const header = fc.record({
    now: fc.integer({ min: Date.UTC(2023, 0, 1), max: Date.UTC(2025, 11, 31) }),
    businessTimezone: fc.constantFrom(...ZONES),
    customerIds: fc.uniqueArray(fc.uuid(), { minLength: 3, maxLength: 25 }),
    storeIds: fc.uniqueArray(fc.uuid(), { minLength: 1, maxLength: 3 }),
    fenceIds: fc.uniqueArray(fc.uuid(), { minLength: 0, maxLength: 3 }),
  });
  return header.chain(({ now, businessTimezone, customerIds, storeIds, fenceIds }) => {
    const ids = customerIds.map((id) => id.toLowerCase());
    const who = fc.constantFrom(...ids);
    const stores = fc.tuple(...storeIds.map((id) => fc.record({
      id: fc.constant(id.toLowerCase()), lat: fc.option(coordinate(METRO.lat, METRO.spread), { nil: null, freq: 6 }),
      lng: coordinate(METRO.lng, METRO.spread), deletedAt: rarely(fc.constant(new Date(now - DAY))),
    }).map((s): EvalStore => ({ ...s, lng: s.lat === null ? null : s.lng }))));
    const fences = fc.tuple(...fenceIds.map((id) => fenceArb(id.toLowerCase())));
    const when = instant(now, 120, 3);
    return fc.record({
      now: fc.constant(new Date(now)),
      businessTimezone: fc.constant(businessTimezone),
      data: fc.record({
        customers: fc.tuple(...ids.map((id) => customerArb(now, storeIds.map((s) => s.toLowerCase())).map((c): EvalCustomer => ({ id, ...c })))).map(uniqueContacts),
        stores,
        geofences: fences,
        events: fc.array(fc.record({ customerId: who, type: fc.constantFrom(...EVENT_TYPES), occurredAt: when, properties: fc.dictionary(fc.constantFrom(...PROPERTY_KEYS), jsonValue, { maxKeys: 3 }) }), { maxLength: 100 }) as fc.Arbitrary<EvalEvent[]>,
        orders: fc.array(fc.record({ customerId: who, total: fc.constantFrom(...TOTALS), occurredAt: when }), { maxLength: 40 }) as fc.Arbitrary<EvalOrder[]>,
        messages: fc.array(fc.record({ customerId: who, campaignId: fc.option(fc.constantFrom(...CAMPAIGNS), { nil: null }), sentAt: fc.option(when, { nil: null, freq: 5 }) }), { maxLength: 20 }) as fc.Arbitrary<EvalMessage[]>,
        engagements: fc.array(fc.record({ customerId: who, campaignId: fc.option(fc.constantFrom(...CAMPAIGNS), { nil: null }), type: fc.constantFrom('opened', 'clicked', 'delivered'), occurredAt: when }), { maxLength: 20 }) as fc.Arbitrary<EvalEngagement[]>,
      }) as fc.Arbitrary<EvaluationData>,
    });
  });
}

function fenceArb(id: string): fc.Arbitrary<EvalGeofence> {
  return fc.oneof(
    fc.record({ lat: coordinate(METRO.lat, 0.05), lng: coordinate(METRO.lng, 0.05), radius: fc.integer({ min: 200, max: 15000 }) })
      .map(({ lat, lng, radius }): EvalGeofence => ({ id, kind: 'circle', centerLat: lat, centerLng: lng, radiusM: radius, polygon: null, deletedAt: null })),
    polygon.map((p): EvalGeofence => ({ id, kind: 'polygon', centerLat: null, centerLng: null, radiusM: null, polygon: p, deletedAt: null })),
  );
}

// ---------- rule trees ----------

const countOp = fc.constantFrom<CountOp>('eq', 'neq', 'lt', 'lte', 'gt', 'gte');
const textValue = fc.constantFrom(...NAMES, ...NEEDLES, 'a@x.com', 'bob@x.com', '+15555550100');
const orderedJson = fc.oneof(fc.integer({ min: 0, max: 10 }), fc.constantFrom(0.5, 2.5, 7.25), fc.constantFrom(...NAMES, 'gold', 'silver'));

/** `{ op, value }` for a value of the given kind. */
function comparisonArb(kind: 'json' | 'text' | 'number' | 'date' | 'instant', now: number): fc.Arbitrary<{ op: AttributeOp; value: unknown }> {
  const value: fc.Arbitrary<Scalar> = {
    json: scalarValue,
    text: textValue,
    number: fc.oneof(coordinate(METRO.lat, METRO.spread), coordinate(METRO.lng, METRO.spread)),
    date: birthday(now),
    instant: instant(now, 400, 0).map((d) => d.toISOString()),
  }[kind];
  const ordered: fc.Arbitrary<string | number> = kind === 'json' ? orderedJson : (value as fc.Arbitrary<string | number>);
  const ops: fc.Arbitrary<{ op: AttributeOp; value: unknown }>[] = [
    fc.record({ op: fc.constantFrom<AttributeOp>('eq', 'neq'), value }),
    fc.record({ op: fc.constantFrom<AttributeOp>('lt', 'lte', 'gt', 'gte'), value: ordered }),
    fc.record({ op: fc.constant<AttributeOp>('in'), value: fc.array(value, { minLength: 1, maxLength: 4 }) }),
    fc.record({ op: fc.constant<AttributeOp>('exists'), value: fc.boolean() }),
    fc.record({
      op: fc.constant<AttributeOp>('between'),
      value: fc.tuple(ordered, ordered).filter(([a, b]) => typeof a === typeof b).map(([a, b]) => (a <= b ? [a, b] : [b, a])),
    }),
  ];
  if (kind === 'json' || kind === 'text') ops.push(fc.record({ op: fc.constant<AttributeOp>('contains'), value: kind === 'json' ? fc.oneof(fc.constantFrom(...NEEDLES), scalarValue) : fc.constantFrom(...NEEDLES) }));
  return fc.oneof(...ops);
}

function attributeArb(now: number): fc.Arbitrary<SegmentCondition> {
  const builtIns = [
    ['externalId', 'text'], ['email', 'text'], ['phone', 'text'], ['firstName', 'text'], ['lastName', 'text'], ['timezone', 'text'],
    ['birthday', 'date'], ['createdAt', 'instant'], ['updatedAt', 'instant'], ['lat', 'number'], ['lng', 'number'],
  ] as const;
  return fc.oneof(
    fc.constantFrom(...builtIns).chain(([field, kind]) => comparisonArb(kind, now).map((c) => ({ type: 'attribute', field, ...c }) as SegmentCondition)),
    fc.constantFrom(...ATTRIBUTE_KEYS, 'absent').chain((key) => comparisonArb('json', now).map((c) => ({ type: 'attribute', field: `attributes.${key}`, ...c }) as SegmentCondition)),
  );
}

function eventArb(now: number): fc.Arbitrary<SegmentCondition> {
  const window = fc.oneof(fc.record({ within: fc.constantFrom(...DURATIONS) }), fc.record({ before: fc.constantFrom(...DURATIONS) }));
  const where = fc.constantFrom(...PROPERTY_KEYS, 'absent').chain((field) => comparisonArb('json', now).map((c) => ({ field, ...c })));
  const base = { type: fc.constant('event'), eventType: fc.constantFrom(...EVENT_TYPES) };
  const within = fc.constantFrom(...DURATIONS);
  const count = fc.record({ op: countOp, value: fc.integer({ min: 0, max: 3 }) });
  // Simple shapes match often enough to be informative; the full record exercises combinations.
  return fc.oneof(
    fc.record(base),
    fc.record({ ...base, within }),
    fc.record({ ...base, within, count }),
    fc.record({ ...base, count }),
    fc.record({ ...base, where: fc.array(where, { minLength: 1, maxLength: 1 }) }),
    fc.record({ ...base, first: window }),
    fc.record({ ...base, last: window }),
    fc.record({ ...base, where: fc.array(where, { maxLength: 2 }), within, count, first: window, last: window }, { requiredKeys: ['type', 'eventType'] }),
  ) as fc.Arbitrary<SegmentCondition>;
}

function conditionArb(world: World): fc.Arbitrary<SegmentCondition> {
  const now = world.now.getTime();
  const storeIds = [...world.data.stores.map((s) => s.id), '00000000-0000-4000-8000-000000000000'];
  const fenceIds = [...world.data.geofences.map((g) => g.id), '00000000-0000-4000-8000-000000000001'];
  const scores = fc.tuple(fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 5 })).map(([a, b]) => [Math.min(a, b), Math.max(a, b)]);
  const radius = fc.oneof(fc.integer({ min: 1, max: 100_000 }), fc.integer({ min: 300, max: 8000 }));
  const conditions: fc.Arbitrary<unknown>[] = [
    attributeArb(now),
    fc.record({ type: fc.constant('tag'), tag: fc.constantFrom(...TAGS, 'none'), present: fc.boolean() }),
    fc.record({ type: fc.constant('consent'), channel: fc.constantFrom('email', 'sms', 'location'), status: fc.constantFrom('granted', 'denied', 'unknown') }),
    fc.oneof(
      fc.record({ type: fc.constant('birthday'), withinNextDays: fc.oneof(fc.integer({ min: 0, max: 40 }), fc.integer({ min: 0, max: 366 })) }),
      fc.record({ type: fc.constant('birthday'), month: fc.integer({ min: 1, max: 12 }) }),
    ),
    fc.oneof(
      fc.record({ type: fc.constant('near'), storeId: fc.constantFrom(...storeIds), radiusMeters: radius }),
      fc.record({ type: fc.constant('near'), lat: coordinate(METRO.lat, METRO.spread), lng: coordinate(METRO.lng, METRO.spread), radiusMeters: radius }),
    ),
    fc.oneof(fc.record({ type: fc.constant('inside'), geofenceId: fc.constantFrom(...fenceIds) }), fc.record({ type: fc.constant('inside'), polygon })),
    fc.record({ type: fc.constant('nearestStore'), storeId: fc.constantFrom(...storeIds) }),
    eventArb(now),
    fc.oneof(
      fc.record({ type: fc.constant('orders'), metric: fc.constant('count'), op: countOp, value: fc.integer({ min: 0, max: 3 }) }),
      fc.record({ type: fc.constant('orders'), metric: fc.constantFrom('sum', 'avg'), op: countOp, value: fc.constantFrom(0, 5, 10, 12.5, 15.125, 22.5, 32.75, 100) }),
    ).chain((c) => fc.option(fc.constantFrom(...DURATIONS), { nil: undefined }).map((within) => (within ? { ...c, within } : c))),
    fc.record({ type: fc.constant('rfm'), recency: scores, frequency: scores, monetary: scores }, { requiredKeys: ['type'] })
      .filter((c) => 'recency' in c || 'frequency' in c || 'monetary' in c),
    fc.record(
      { type: fc.constant('engagement'), action: fc.constantFrom('received', 'opened', 'clicked'), within: fc.constantFrom(...DURATIONS), campaignId: fc.constantFrom(...CAMPAIGNS) },
      { requiredKeys: ['type', 'action', 'within'] },
    ),
    fc.record(
      { type: fc.constant('localTime'), hours: fc.tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 23 })), weekdays: fc.subarray([1, 2, 3, 4, 5, 6, 7], { minLength: 1 }) },
      { requiredKeys: ['type'] },
    ).filter((c) => 'hours' in c || 'weekdays' in c),
  ];
  return fc.oneof(...conditions) as fc.Arbitrary<SegmentCondition>;
}

function nodeArb(world: World, depth: number): fc.Arbitrary<SegmentNode> {
  const condition = conditionArb(world);
  if (depth <= 1) return condition;
  const child = nodeArb(world, depth - 1);
  return fc.oneof(
    { weight: 3, arbitrary: condition },
    { weight: 1, arbitrary: fc.array(child, { maxLength: 3 }).map((all): SegmentNode => ({ all })) },
    { weight: 1, arbitrary: fc.array(child, { maxLength: 3 }).map((any): SegmentNode => ({ any })) },
    { weight: 1, arbitrary: child.map((not): SegmentNode => ({ not })) },
  );
}

const scenario = worldArb().chain((world) => fc.record({ world: fc.constant(world), rules: fc.array(nodeArb(world, 4), { minLength: 6, maxLength: 6 }) }));

describe('compiled SQL agrees with the in-memory evaluator', () => {
  let dataSource: DataSource;
  beforeAll(async () => {
    ({ dataSource } = await openTestDataSource());
  });
  afterAll(() => dataSource.destroy());

  it('on random data and random rule trees', async () => {
    let compared = 0;
    await fc.assert(
      fc.asyncProperty(scenario, async ({ world, rules }) => {
        const businessId = await insertBusiness(dataSource, world.businessTimezone);
        await insertData(dataSource, businessId, world.data);
        const ctx = { businessId, now: world.now, businessTimezone: world.businessTimezone };
        for (const rule of rules) {
          expect(validateDefinition(rule).problems).toEqual([]);
          const fromEvaluator = evaluateSegment(rule as SegmentDefinition, world.data, ctx);
          // Both compiler strategies (per-customer probes and grouped joins) must give the evaluator's members.
          for (const behaviour of ['correlated', 'aggregate'] as const) {
            const { sql, params } = compileSegment(rule as SegmentDefinition, { ...ctx, behaviour });
            const rows = await dataSource.query<{ id: string }[]>(sql, params);
            const fromSql = rows.map((r) => r.id).sort();
            if (JSON.stringify(fromSql) !== JSON.stringify(fromEvaluator)) {
              throw new Error(`${behaviour} mismatch for ${JSON.stringify(rule)}\nSQL: ${JSON.stringify(fromSql)}\nevaluator: ${JSON.stringify(fromEvaluator)}\n${sql}\n${JSON.stringify(params)}`);
            }
            compared++;
          }
        }
      }),
      { numRuns: 100, seed: Number(process.env.SEGMENT_FC_SEED ?? 20251122), endOnFailure: true },
    );
    expect(compared).toBe(1200);
  }, 120_000);
});
