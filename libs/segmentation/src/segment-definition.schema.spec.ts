import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { ATTRIBUTE_OPS, CONDITION_TYPES, SEGMENT_LIMITS, type ConditionType } from './segment-definition';
import { SEGMENT_DEFINITION_SCHEMAS } from './segment-definition.schema';
import { validateDefinition } from './segment-validator';

type Json = Record<string, unknown>;

const STORE = '0b6f3c1e-8a4d-4c2b-9f1e-2d3c4b5a6978';
const square = [[-87.64, 41.87], [-87.62, 41.87], [-87.62, 41.89], [-87.64, 41.89], [-87.64, 41.87]];
const polygon = (ring: unknown[]) => ({ type: 'Polygon', coordinates: [ring] });
/** A regular polygon around Chicago: convex, so simple, with `n` positions including the closing one. */
const convex = (n: number) => {
  const points = Array.from({ length: n - 1 }, (_, i) => [-87.63 + 0.05 * Math.cos((2 * Math.PI * i) / (n - 1)), 41.88 + 0.05 * Math.sin((2 * Math.PI * i) / (n - 1))]);
  return polygon([...points, points[0]]);
};
const one = (condition: unknown) => ({ all: [condition] });
const tags = (n: number) => ({ any: Array.from({ length: n }, (_, i) => ({ type: 'tag', tag: `t${i}`, present: true })) });
const nested = (levels: number): unknown => (levels === 1 ? { type: 'tag', tag: 'a', present: true } : { not: nested(levels - 1) });
const whereItems = (n: number) => Array.from({ length: n }, (_, i) => ({ field: `p${i}`, op: 'exists', value: true }));

/**
 * Ajv refuses an explicit discriminator `mapping` ("mapping is not supported") and derives it from each member's
 * `type` enum instead; the mappings are checked against those enums separately below.
 */
function withoutMappings(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutMappings);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(Object.entries(value).map(([key, v]) => [key, key === 'discriminator' ? { propertyName: (v as Json).propertyName } : withoutMappings(v)]));
}

function compile(root: string): ValidateFunction {
  const ajv = new Ajv({ strict: false, allErrors: true, discriminator: true });
  addFormats(ajv);
  return ajv.compile({ $ref: `#/components/schemas/${root}`, components: { schemas: withoutMappings(SEGMENT_DEFINITION_SCHEMAS) } });
}

const segmentSchema = compile('SegmentDefinition');
const branchSchema = compile('BranchCondition');

interface Verdicts {
  schema: boolean;
  validator: boolean;
}

/** Whether the schema and the real validator accept `definition`; `branch` = a campaign branch condition. */
function verdicts(definition: unknown, branch = false): Verdicts {
  const schema = (branch ? branchSchema : segmentSchema)(definition) === true;
  const validator = validateDefinition(definition, 'definition', { allowSinceEnrollment: branch }).problems.length === 0;
  return { schema, validator };
}

const problemFields = (definition: unknown, branch = false) =>
  validateDefinition(definition, 'definition', { allowSinceEnrollment: branch }).problems.map((p) => p.field);

const BOTH_ACCEPT: Verdicts = { schema: true, validator: true };
const BOTH_REFUSE: Verdicts = { schema: false, validator: false };

/** Valid conditions of every type and every variant (boundaries included), as segment rules. */
const SAMPLES: Record<ConditionType, Json[]> = {
  attribute: [
    { type: 'attribute', field: 'email', op: 'eq', value: 'a@example.com' },
    { type: 'attribute', field: 'phone', op: 'contains', value: '312' },
    { type: 'attribute', field: 'firstName', op: 'in', value: ['Ann', 'Bo'] },
    { type: 'attribute', field: 'lastName', op: 'between', value: ['A', 'M'] },
    { type: 'attribute', field: 'timezone', op: 'neq', value: 'UTC' },
    { type: 'attribute', field: 'externalId', op: 'gte', value: 'x'.repeat(256) },
    { type: 'attribute', field: 'lat', op: 'gt', value: 41.5 },
    { type: 'attribute', field: 'lng', op: 'in', value: [-87.6, 0] },
    { type: 'attribute', field: 'lat', op: 'between', value: [-10, 10] },
    { type: 'attribute', field: 'birthday', op: 'lt', value: '2000-02-29' },
    { type: 'attribute', field: 'birthday', op: 'in', value: ['1990-05-31'] },
    { type: 'attribute', field: 'birthday', op: 'between', value: ['1980-01-01', '1989-12-31'] },
    { type: 'attribute', field: 'createdAt', op: 'gte', value: '2024-01-31T09:00Z' },
    { type: 'attribute', field: 'updatedAt', op: 'between', value: ['2024-01-01T00:00:00.5+01:00', '2024-12-31T23:59:59-0500'] },
    { type: 'attribute', field: 'createdAt', op: 'in', value: ['2024-01-31T09:00:00Z'] },
    { type: 'attribute', field: 'attributes.plan', op: 'eq', value: true },
    { type: 'attribute', field: 'attributes.plan', op: 'neq', value: 3 },
    { type: 'attribute', field: 'attributes.note', op: 'contains', value: 'gold' },
    { type: 'attribute', field: 'attributes.n', op: 'lte', value: 10 },
    { type: 'attribute', field: 'attributes.s', op: 'gt', value: 'm' },
    { type: 'attribute', field: 'attributes.plan', op: 'in', value: ['gold', 3, true] },
    { type: 'attribute', field: 'attributes.n', op: 'between', value: [1, 5] },
    { type: 'attribute', field: 'attributes.s', op: 'between', value: ['a', 'b'] },
    { type: 'attribute', field: 'attributes.vip', op: 'exists', value: false },
    { type: 'attribute', field: 'birthday', op: 'exists', value: true },
    { type: 'attribute', field: 'email', op: 'exists', value: true },
  ],
  tag: [{ type: 'tag', tag: 'vip', present: true }, { type: 'tag', tag: 'x'.repeat(256), present: false }],
  consent: [
    { type: 'consent', channel: 'email', status: 'granted' },
    { type: 'consent', channel: 'sms', status: 'denied' },
    { type: 'consent', channel: 'location', status: 'unknown' },
  ],
  birthday: [
    { type: 'birthday', withinNextDays: 0 },
    { type: 'birthday', withinNextDays: 366 },
    { type: 'birthday', month: 1 },
    { type: 'birthday', month: 12 },
  ],
  near: [
    { type: 'near', storeId: STORE, radiusMeters: 1 },
    { type: 'near', storeId: STORE.toUpperCase(), radiusMeters: 100000 },
    { type: 'near', lat: -90, lng: 180, radiusMeters: 1.5 },
    { type: 'near', lat: 90, lng: -180, radiusMeters: 250 },
  ],
  inside: [{ type: 'inside', geofenceId: STORE }, { type: 'inside', polygon: polygon(square) }, { type: 'inside', polygon: polygon(square.map(([lng, lat]) => [lng, lat, 12])) }],
  nearestStore: [{ type: 'nearestStore', storeId: STORE }],
  event: [
    { type: 'event', eventType: 'cart_abandoned' },
    {
      type: 'event', eventType: 'purchase', within: 'P30D', count: { op: 'gte', value: 2 }, first: { before: 'P1Y' }, last: { within: 'PT12H' },
      where: [{ field: 'total', op: 'gte', value: 20 }, { type: 'attribute', field: 'sku', op: 'in', value: ['A1', 'B2'] }, { field: 'gift', op: 'exists', value: true }],
    },
    { type: 'event', eventType: 'visit', count: { op: 'eq', value: 0 }, first: { within: 'P1W' }, last: { before: 'P10Y' }, where: [] },
  ],
  orders: [
    { type: 'orders', metric: 'count', op: 'gte', value: 0 },
    { type: 'orders', metric: 'count', op: 'lt', value: 1e12, within: 'P1M' },
    { type: 'orders', metric: 'sum', op: 'gt', value: 12.5, within: 'P3M' },
    { type: 'orders', metric: 'avg', op: 'neq', value: 0 },
  ],
  rfm: [
    { type: 'rfm', recency: [4, 5] },
    { type: 'rfm', frequency: [1, 1] },
    { type: 'rfm', monetary: [2, 5] },
    { type: 'rfm', recency: [1, 5], frequency: [3, 3], monetary: [5, 5] },
  ],
  engagement: [
    { type: 'engagement', action: 'received', within: 'P10Y' },
    { type: 'engagement', action: 'opened', within: 'PT1H', campaignId: STORE },
    { type: 'engagement', action: 'clicked', within: 'P7D' },
  ],
  localTime: [
    { type: 'localTime', hours: [22, 6] },
    { type: 'localTime', weekdays: [1] },
    { type: 'localTime', hours: [0, 23], weekdays: [1, 2, 3, 4, 5, 6, 7] },
  ],
  churnRisk: [
    { type: 'churnRisk', level: 'low' },
    { type: 'churnRisk', level: 'medium' },
    { type: 'churnRisk', level: 'high', minScore: 0, maxScore: 100 },
    { type: 'churnRisk', minScore: 0 },
    { type: 'churnRisk', maxScore: 100 },
  ],
};
const ALL_SAMPLES = Object.values(SAMPLES).flat();

/** Valid only in campaign branch conditions. */
const BRANCH_SAMPLES: Json[] = [
  { type: 'event', eventType: 'cart_abandoned', sinceEnrollment: true },
  { type: 'event', eventType: 'purchase', sinceEnrollment: true, count: { op: 'gte', value: 2 }, first: { within: 'P1D' }, where: [{ field: 'total', op: 'gt', value: 5 }] },
  { type: 'orders', metric: 'count', op: 'gte', value: 1, sinceEnrollment: true },
  { type: 'orders', metric: 'sum', op: 'gte', value: 50.5, sinceEnrollment: true },
  { type: 'engagement', action: 'clicked', sinceEnrollment: true },
  { type: 'engagement', action: 'opened', sinceEnrollment: true, within: 'P1D', campaignId: STORE },
];

/** Keys whose removal must make a valid condition invalid (for variant keys: the one the sample uses). */
const REQUIRED_KEYS: Record<ConditionType, readonly string[]> = {
  attribute: ['type', 'field', 'op', 'value'],
  tag: ['type', 'tag', 'present'],
  consent: ['type', 'channel', 'status'],
  birthday: ['type', 'withinNextDays', 'month'],
  near: ['type', 'radiusMeters', 'storeId', 'lat', 'lng'],
  inside: ['type', 'geofenceId', 'polygon'],
  nearestStore: ['type', 'storeId'],
  event: ['type', 'name'],
  orders: ['type', 'metric', 'op', 'value'],
  rfm: ['type'],
  engagement: ['type', 'action', 'within'],
  localTime: ['type'],
  churnRisk: ['type'],
};

describe('SEGMENT_DEFINITION_SCHEMAS', () => {
  describe('valid definitions', () => {
    it('the samples cover every condition type', () => {
      const covered = new Set(ALL_SAMPLES.map((c) => c.type));
      expect([...CONDITION_TYPES].filter((t) => !covered.has(t))).toEqual([]);
      for (const type of CONDITION_TYPES) expect(SAMPLES[type].every((c) => c.type === type)).toBe(true);
    });

    it.each(ALL_SAMPLES.map((c) => [JSON.stringify(c).slice(0, 120), c]))('%s is accepted by both, as a segment rule and in a branch', (_name, condition) => {
      expect(verdicts(condition)).toEqual(BOTH_ACCEPT);
      expect(verdicts(one(condition), true)).toEqual(BOTH_ACCEPT);
    });

    it.each(BRANCH_SAMPLES.map((c) => [JSON.stringify(c), c]))('%s is accepted by both in a branch and refused by both in a segment', (_name, condition) => {
      expect(verdicts({ not: condition }, true)).toEqual(BOTH_ACCEPT);
      expect(verdicts({ not: condition })).toEqual(BOTH_REFUSE);
    });

    it.each([
      ['an empty all', { all: [] }],
      ['an empty any', { any: [] }],
      ['not of a group', { not: { any: [] } }],
      ['nested groups', { all: [SAMPLES.tag[0], { any: [SAMPLES.near[0], { not: { all: [SAMPLES.orders[2], { any: [] }] } }] }] }],
      ['every sample in one tree', { any: [{ all: ALL_SAMPLES.slice(0, 40) }, { not: { all: ALL_SAMPLES.slice(40) } }] }],
      ['10 levels', nested(10)],
      ['200 conditions', tags(200)],
      ['1000 in-values', one({ type: 'attribute', field: 'attributes.n', op: 'in', value: Array.from({ length: 1000 }, (_, i) => i) })],
      ['199 where items', one({ type: 'event', eventType: 'x', where: whereItems(199) })],
      ['a 2000-position polygon', one({ type: 'inside', polygon: convex(2000) })],
      ['the documented example', SEGMENT_DEFINITION_SCHEMAS.SegmentDefinition.example],
    ])('%s is accepted by both', (_name, definition) => {
      expect(verdicts(definition)).toEqual(BOTH_ACCEPT);
    });

    it('the branch example is accepted by both as a branch condition', () => {
      expect(verdicts(SEGMENT_DEFINITION_SCHEMAS.BranchCondition.example, true)).toEqual(BOTH_ACCEPT);
    });
  });

  describe('invalid definitions', () => {
    it.each([
      ['null', null, 'definition'],
      ['an array', [], 'definition'],
      ['a string', 'all', 'definition'],
      ['an empty object', {}, 'definition'],
      ['a non-list group', { any: {} }, 'definition.any'],
      ['two group keys', { all: [], any: [] }, 'definition.any'],
      ['a group with an unknown key', { all: [], colour: 'red' }, 'definition.colour'],
      ['a bad child of not', { not: 5 }, 'definition.not'],
      ['a null child of not', { not: null }, 'definition.not'],
      ['a null child of all', { all: [null] }, 'definition.all[0]'],
      ['an unknown type', { type: 'weather' }, 'definition.type'],
      ['a null type', { type: null }, 'definition.type'],
      ['a numeric type', { type: 3 }, 'definition.type'],
      ['a condition with a group key', { type: 'tag', tag: 'a', present: true, all: [] }, 'definition.all'],
      // Each where item is a condition, and so is the event: 201 in all. The schema bounds the list itself.
      ['200 where items', one({ type: 'event', eventType: 'x', where: whereItems(200) }), 'definition'],
    ])('%s is refused by both', (_name, definition, field) => {
      expect(verdicts(definition)).toEqual(BOTH_REFUSE);
      expect(problemFields(definition)).toContain(field);
    });

    const at = (suffix: string) => `definition.all[0]${suffix}`;
    const attr = (field: string, op: string, value: unknown) => ({ type: 'attribute', field, op, value });
    it.each([
      // attribute
      ['an attribute without field', { type: 'attribute', op: 'eq', value: 'a' }, '.field'],
      ['an attribute without op', { type: 'attribute', field: 'email', value: 'a' }, '.op'],
      ['an attribute without value', { type: 'attribute', field: 'email', op: 'eq' }, '.value'],
      ['an unknown key', { ...attr('email', 'eq', 'a'), colour: 'red' }, '.colour'],
      ['an unknown field', attr('shoeSize', 'eq', 1), '.field'],
      ['an empty attribute key', attr('attributes.', 'eq', 1), '.field'],
      ['a too-long attribute key', attr(`attributes.${'k'.repeat(246)}`, 'eq', 1), '.field'],
      ['an unknown op', attr('email', 'like', 'a'), '.op'],
      ['contains on a number field', attr('lng', 'contains', 1), '.op'],
      ['contains on a date field', attr('birthday', 'contains', '1990-05-31'), '.op'],
      ['contains on an instant field', attr('createdAt', 'contains', '2024-01-31T09:00:00Z'), '.op'],
      ['a number for a text field', attr('email', 'eq', 5), '.value'],
      ['an empty text value', attr('email', 'eq', ''), '.value'],
      ['a too-long text value', attr('email', 'eq', 'x'.repeat(257)), '.value'],
      ['a null value', attr('email', 'eq', null), '.value'],
      ['a string for lat', attr('lat', 'gt', '41'), '.value'],
      ['a boolean for lng', attr('lng', 'eq', true), '.value'],
      ['an impossible date', attr('birthday', 'eq', '2023-02-29'), '.value'],
      ['a date with a time', attr('birthday', 'eq', '1990-05-31T00:00Z'), '.value'],
      ['an instant without offset', attr('createdAt', 'gt', '2024-01-01T00:00:00'), '.value'],
      ['an instant with four fraction digits', attr('createdAt', 'gt', '2024-01-01T00:00:00.1234Z'), '.value'],
      ['a date for an instant', attr('updatedAt', 'lt', '2024-01-01'), '.value'],
      ['an ordered compare with a boolean', attr('attributes.vip', 'gt', true), '.value'],
      ['an object value', attr('attributes.a', 'eq', { b: 1 }), '.value'],
      ['an empty string attribute value', attr('attributes.a', 'eq', ''), '.value'],
      ['exists with a string', attr('email', 'exists', 'yes'), '.value'],
      ['exists on an unknown field', attr('shoeSize', 'exists', true), '.field'],
      ['between with one bound', attr('attributes.n', 'between', [1]), '.value'],
      ['between with three bounds', attr('lat', 'between', [1, 2, 3]), '.value'],
      ['between with mixed bounds', attr('attributes.n', 'between', [1, 'z']), '.value'],
      ['between with booleans', attr('attributes.b', 'between', [false, true]), '.value'],
      ['between with a non-list', attr('attributes.n', 'between', 5), '.value'],
      ['an empty in list', attr('attributes.n', 'in', []), '.value'],
      ['a non-list in', attr('email', 'in', 'a'), '.value'],
      ['a bad in item', attr('email', 'in', ['a', 'b', 3]), '.value[2]'],
      ['a too-long in list', attr('attributes.n', 'in', Array.from({ length: 1001 }, (_, i) => i)), '.value'],
      // tag, consent
      ['a tag without present', { type: 'tag', tag: 'vip' }, '.present'],
      ['a tag without tag', { type: 'tag', present: true }, '.tag'],
      ['a numeric tag', { type: 'tag', tag: 7, present: true }, '.tag'],
      ['a string present', { type: 'tag', tag: 'a', present: 'yes' }, '.present'],
      ['an unknown channel', { type: 'consent', channel: 'fax', status: 'granted' }, '.channel'],
      ['an unknown status', { type: 'consent', channel: 'sms', status: 'maybe' }, '.status'],
      ['a consent without status', { type: 'consent', channel: 'sms' }, '.status'],
      // birthday
      ['a birthday with neither key', { type: 'birthday' }, ''],
      ['a birthday with both keys', { type: 'birthday', withinNextDays: 3, month: 2 }, ''],
      ['367 days ahead', { type: 'birthday', withinNextDays: 367 }, '.withinNextDays'],
      ['-1 days ahead', { type: 'birthday', withinNextDays: -1 }, '.withinNextDays'],
      ['1.5 days ahead', { type: 'birthday', withinNextDays: 1.5 }, '.withinNextDays'],
      ['month 0', { type: 'birthday', month: 0 }, '.month'],
      ['month 13', { type: 'birthday', month: 13 }, '.month'],
      ['a string month', { type: 'birthday', month: '5' }, '.month'],
      // geo
      ['radius 0', { type: 'near', lat: 41, lng: -87, radiusMeters: 0 }, '.radiusMeters'],
      ['radius 100001', { type: 'near', storeId: STORE, radiusMeters: 100001 }, '.radiusMeters'],
      ['a near without radius', { type: 'near', lat: 41, lng: -87 }, '.radiusMeters'],
      ['a near with store and point', { type: 'near', storeId: STORE, lat: 41, lng: -87, radiusMeters: 5 }, ''],
      ['a near with store and lat', { type: 'near', storeId: STORE, lat: 41, radiusMeters: 5 }, ''],
      ['a near with neither', { type: 'near', radiusMeters: 5 }, ''],
      ['a near with lat only', { type: 'near', lat: 41, radiusMeters: 5 }, '.lng'],
      ['lat 91', { type: 'near', lat: 91, lng: 0, radiusMeters: 5 }, '.lat'],
      ['lng -181', { type: 'near', lat: 0, lng: -181, radiusMeters: 5 }, '.lng'],
      ['a store id that is not a UUID', { type: 'near', storeId: 'store-1', radiusMeters: 5 }, '.storeId'],
      ['a URN store id', { type: 'near', storeId: `urn:uuid:${STORE}`, radiusMeters: 5 }, '.storeId'],
      ['an inside with neither', { type: 'inside' }, ''],
      ['an inside with both', { type: 'inside', geofenceId: STORE, polygon: polygon(square) }, ''],
      ['a bad geofence id', { type: 'inside', geofenceId: 'fence' }, '.geofenceId'],
      ['a MultiPolygon', { type: 'inside', polygon: { type: 'MultiPolygon', coordinates: [square] } }, '.polygon.type'],
      ['a polygon without type', { type: 'inside', polygon: { coordinates: [square] } }, '.polygon.type'],
      ['a polygon with a hole', { type: 'inside', polygon: { type: 'Polygon', coordinates: [square, square] } }, '.polygon.coordinates'],
      ['a polygon with an unknown key', { type: 'inside', polygon: { ...polygon(square), bbox: [0, 0, 1, 1] } }, '.polygon.bbox'],
      ['a three-position ring', { type: 'inside', polygon: polygon(square.slice(0, 3)) }, '.polygon.coordinates[0]'],
      ['a 2001-position ring', { type: 'inside', polygon: convex(2001) }, '.polygon.coordinates[0]'],
      ['a four-number position', { type: 'inside', polygon: polygon([square[0], [-87.62, 41.87, 3, 4], ...square.slice(2)]) }, '.polygon.coordinates[0][1]'],
      ['a string position', { type: 'inside', polygon: polygon([square[0], 'here', ...square.slice(2)]) }, '.polygon.coordinates[0][1]'],
      ['longitude 181', { type: 'inside', polygon: polygon([[181, 0], [1, 0], [1, 1], [181, 0]]) }, '.polygon.coordinates[0][0][0]'],
      ['a nearestStore without store', { type: 'nearestStore' }, '.storeId'],
      ['a numeric store id', { type: 'nearestStore', storeId: 5 }, '.storeId'],
      // event
      ['an event without eventType', { type: 'event' }, '.eventType'],
      ['an empty eventType', { type: 'event', eventType: '' }, '.eventType'],
      ['an empty deprecated name', { type: 'event', name: '' }, '.name'],
      ['both eventType and its deprecated alias name', { type: 'event', eventType: 'x', name: 'x' }, '.name'],
      ['a where that is not a list', { type: 'event', eventType: 'x', where: {} }, '.where'],
      ['a where item with an unknown key', { type: 'event', eventType: 'x', where: [{ field: 'sku', op: 'eq', value: 'a', extra: 1 }] }, '.where[0].extra'],
      ['a where item of type tag', { type: 'event', eventType: 'x', where: [{ type: 'tag', field: 'sku', op: 'eq', value: 'a' }] }, '.where[0].type'],
      ['a where item without op', { type: 'event', eventType: 'x', where: [{ field: 'sku', value: 'a' }] }, '.where[0].op'],
      ['a where item with an empty field', { type: 'event', eventType: 'x', where: [{ field: '', op: 'eq', value: 'a' }] }, '.where[0].field'],
      ['a where item ordering a boolean', { type: 'event', eventType: 'x', where: [{ field: 'gift', op: 'lt', value: true }] }, '.where[0].value'],
      ['a where item that is not an object', { type: 'event', eventType: 'x', where: ['sku'] }, '.where[0]'],
      ['a zero window', { type: 'event', eventType: 'x', within: 'P0D' }, '.within'],
      ['a negative window', { type: 'event', eventType: 'x', within: 'P-1D' }, '.within'],
      ['a prose window', { type: 'event', eventType: 'x', within: '30 days' }, '.within'],
      ['a fractional window', { type: 'event', eventType: 'x', within: 'P1.5D' }, '.within'],
      ['a numeric window', { type: 'event', eventType: 'x', within: 30 }, '.within'],
      ['a negative count', { type: 'event', eventType: 'x', count: { op: 'gte', value: -1 } }, '.count.value'],
      ['a fractional count', { type: 'event', eventType: 'x', count: { op: 'gte', value: 1.5 } }, '.count.value'],
      ['a count above 10^9', { type: 'event', eventType: 'x', count: { op: 'gte', value: 1_000_000_001 } }, '.count.value'],
      ['an unknown count op', { type: 'event', eventType: 'x', count: { op: 'in', value: 1 } }, '.count.op'],
      ['a count without value', { type: 'event', eventType: 'x', count: { op: 'gte' } }, '.count.value'],
      ['a count with an unknown key', { type: 'event', eventType: 'x', count: { op: 'gte', value: 1, unit: 'day' } }, '.count.unit'],
      ['a bare number count', { type: 'event', eventType: 'x', count: 3 }, '.count'],
      ['first with within and before', { type: 'event', eventType: 'x', first: { within: 'P1D', before: 'P2D' } }, '.first'],
      ['an empty last', { type: 'event', eventType: 'x', last: {} }, '.last'],
      ['last with an unknown key', { type: 'event', eventType: 'x', last: { after: 'P1D' } }, '.last.after'],
      ['a string first', { type: 'event', eventType: 'x', first: 'P1D' }, '.first'],
      ['a bad last window', { type: 'event', eventType: 'x', last: { before: 'P' } }, '.last.before'],
      ['an event since enrolment', { type: 'event', eventType: 'x', sinceEnrollment: true }, '.sinceEnrollment'],
      // orders
      ['a fractional order count', { type: 'orders', metric: 'count', op: 'gte', value: 1.5 }, '.value'],
      ['a negative order sum', { type: 'orders', metric: 'sum', op: 'gte', value: -1 }, '.value'],
      ['an order average above 10^12', { type: 'orders', metric: 'avg', op: 'gte', value: 1e12 + 1 }, '.value'],
      ['an unknown metric', { type: 'orders', metric: 'median', op: 'gte', value: 1 }, '.metric'],
      ['an unknown orders op', { type: 'orders', metric: 'sum', op: 'between', value: 1 }, '.op'],
      ['orders without metric', { type: 'orders', op: 'gte', value: 1 }, '.metric'],
      ['orders with a bad window', { type: 'orders', metric: 'sum', op: 'gte', value: 1, within: 'PT' }, '.within'],
      ['orders since enrolment', { type: 'orders', metric: 'count', op: 'gte', value: 1, sinceEnrollment: true }, '.sinceEnrollment'],
      // rfm
      ['an rfm with no range', { type: 'rfm' }, ''],
      ['an rfm score of 0', { type: 'rfm', recency: [0, 5] }, '.recency[0]'],
      ['an rfm score of 6', { type: 'rfm', frequency: [1, 6] }, '.frequency[1]'],
      ['an rfm range of one score', { type: 'rfm', monetary: [1] }, '.monetary'],
      ['an rfm range of three scores', { type: 'rfm', monetary: [1, 2, 3] }, '.monetary'],
      ['an rfm score as a number', { type: 'rfm', monetary: 3 }, '.monetary'],
      ['a fractional rfm score', { type: 'rfm', recency: [1.5, 2] }, '.recency[0]'],
      ['an rfm with an unknown key', { type: 'rfm', recency: [1, 2], loyalty: [1, 2] }, '.loyalty'],
      // engagement
      ['an engagement without window', { type: 'engagement', action: 'opened' }, '.within'],
      ['an engagement without action', { type: 'engagement', within: 'P7D' }, '.action'],
      ['an unknown action', { type: 'engagement', action: 'bounced', within: 'P7D' }, '.action'],
      ['a campaign id that is not a UUID', { type: 'engagement', action: 'opened', within: 'P7D', campaignId: 'spring' }, '.campaignId'],
      ['an engagement since enrolment', { type: 'engagement', action: 'opened', within: 'P7D', sinceEnrollment: true }, '.sinceEnrollment'],
      // localTime
      ['a localTime with neither', { type: 'localTime' }, ''],
      ['one hour', { type: 'localTime', hours: [22] }, '.hours'],
      ['hour 24', { type: 'localTime', hours: [0, 24] }, '.hours[1]'],
      ['hour -1', { type: 'localTime', hours: [-1, 3] }, '.hours[0]'],
      ['a fractional hour', { type: 'localTime', hours: [1.5, 3] }, '.hours[0]'],
      ['no weekdays', { type: 'localTime', weekdays: [] }, '.weekdays'],
      ['weekday 0', { type: 'localTime', weekdays: [0] }, '.weekdays[0]'],
      ['a repeated weekday', { type: 'localTime', weekdays: [3, 5, 3] }, '.weekdays[2]'],
      ['weekday 8', { type: 'localTime', weekdays: [1, 8] }, '.weekdays[1]'],
      ['eight weekdays', { type: 'localTime', weekdays: [1, 2, 3, 4, 5, 6, 7, 1] }, '.weekdays'],
      ['a localTime with an unknown key', { type: 'localTime', hours: [1, 2], zone: 'UTC' }, '.zone'],
      // churnRisk
      ['a churnRisk with nothing', { type: 'churnRisk' }, ''],
      ['an unknown level', { type: 'churnRisk', level: 'extreme' }, '.level'],
      ['minScore -1', { type: 'churnRisk', minScore: -1 }, '.minScore'],
      ['maxScore 101', { type: 'churnRisk', maxScore: 101 }, '.maxScore'],
      ['a fractional score', { type: 'churnRisk', minScore: 50.5 }, '.minScore'],
      ['a churnRisk with an unknown key', { type: 'churnRisk', level: 'low', score: 5 }, '.score'],
    ])('%s is refused by both', (_name, condition, suffix) => {
      const definition = one(condition);
      expect(verdicts(definition)).toEqual(BOTH_REFUSE);
      expect(problemFields(definition)).toContain(at(suffix));
    });

    it.each([
      ['event with within', { type: 'event', eventType: 'x', within: 'P7D', sinceEnrollment: true }, '.within'],
      ['orders with within', { type: 'orders', metric: 'count', op: 'gte', value: 1, within: 'P7D', sinceEnrollment: true }, '.within'],
      ['sinceEnrollment false', { type: 'orders', metric: 'count', op: 'gte', value: 1, sinceEnrollment: false }, '.sinceEnrollment'],
      ['sinceEnrollment as a string', { type: 'event', eventType: 'x', sinceEnrollment: 'yes' }, '.sinceEnrollment'],
      ['engagement without either window', { type: 'engagement', action: 'opened' }, '.within'],
      ['engagement since enrolment with a bad window', { type: 'engagement', action: 'clicked', sinceEnrollment: true, within: 'P0D' }, '.within'],
      ['a fractional order count since enrolment', { type: 'orders', metric: 'count', op: 'gte', value: 1.5, sinceEnrollment: true }, '.value'],
      ['a tag since enrolment', { type: 'tag', tag: 'vip', present: true, sinceEnrollment: true }, '.sinceEnrollment'],
      ['an rfm since enrolment', { type: 'rfm', recency: [1, 2], sinceEnrollment: true }, '.sinceEnrollment'],
    ])('in a branch, %s is refused by both', (_name, condition, suffix) => {
      const definition = one(condition);
      expect(verdicts(definition, true)).toEqual(BOTH_REFUSE);
      expect(problemFields(definition, true)).toContain(at(suffix));
    });
  });

  describe('values', () => {
    // Worked out from durationProblem: luxon's ISO grammar, whole units (a fraction of seconds is milliseconds), positive, at most 10 years.
    it.each([
      ['P30D', true], ['PT12H', true], ['P1Y2M3W4DT5H6M7.8S', true], ['P1W', true], ['PT1M', true], ['P1M', true],
      ['PT0.5S', true], ['PT0,5S', true], ['PT0.001S', true], ['P1DT', true], ['P1.0D', true], ['P0DT1H', true], ['P0.0DT1H', true],
      ['P00000000000000000001D', true], ['P10Y', true], ['P120M', true], ['P3650D', true],
      ['P', false], ['PT', false], ['P0D', false], ['PT0S', false], ['PT0.0001S', false], ['P1.5D', false], ['PT1.5H', false],
      ['p1d', false], ['P1d', false], ['30 days', false], ['P-1D', false], ['-P1D', false], ['P1M1Y', false], [' P1D', false], ['P1D ', false],
      ['P000000000000000000001D', false], ['1D', false], ['PD', false], ['P1H', false], ['PT1D', false],
    ])('within %j: %s', (within, expected) => {
      const verdict = expected ? BOTH_ACCEPT : BOTH_REFUSE;
      expect(verdicts(one({ type: 'event', eventType: 'x', within }))).toEqual(verdict);
      expect(verdicts(one({ type: 'event', eventType: 'x', last: { before: within } }))).toEqual(verdict);
    });

    it.each([
      ['2024-02-29', true], ['2000-02-29', true], ['0000-02-29', true], ['1990-12-31', true],
      ['1900-02-29', false], ['2023-02-29', false], ['2024-13-01', false], ['2024-00-10', false], ['2024-04-31', false], ['2024-1-01', false], ['20240101', false],
    ])('date %j: %s', (value, expected) => {
      expect(verdicts(one({ type: 'attribute', field: 'birthday', op: 'eq', value }))).toEqual(expected ? BOTH_ACCEPT : BOTH_REFUSE);
    });

    it.each([
      ['2025-01-31T09:00:00Z', true], ['2025-01-31T09:00Z', true], ['2025-01-31T09:00:00.123+05:30', true], ['2025-01-31T09:00:00-0800', true],
      ['2025-01-31T09:00:00', false], ['2025-01-31 09:00:00Z', false], ['2025-01-31t09:00:00Z', false], ['2025-01-31T09:00:00z', false],
      ['2025-01-31T09:00:00.1234Z', false], ['2025-01-31T9:00Z', false], ['2025-01-31', false],
    ])('instant %j: %s', (value, expected) => {
      expect(verdicts(one({ type: 'attribute', field: 'createdAt', op: 'eq', value }))).toEqual(expected ? BOTH_ACCEPT : BOTH_REFUSE);
    });
  });

  describe('what the schema cannot say (documented in its doc comment)', () => {
    const SCHEMA_ONLY: Verdicts = { schema: true, validator: false };
    it.each([
      ['11 levels', nested(11)],
      ['201 conditions', tags(201)],
      ['201 conditions counting where items', { all: [SAMPLES.tag[0], { type: 'event', eventType: 'x', where: whereItems(199) }] }],
      ['reversed numeric bounds', one({ type: 'attribute', field: 'attributes.n', op: 'between', value: [5, 1] })],
      ['reversed text bounds', one({ type: 'attribute', field: 'email', op: 'between', value: ['b', 'a'] })],
      ['reversed instants', one({ type: 'attribute', field: 'updatedAt', op: 'between', value: ['2024-01-02T00:00:00Z', '2024-01-02T00:00:00+01:00'] })],
      ['a reversed RFM range', one({ type: 'rfm', recency: [4, 2] })],
      ['minScore above maxScore', one({ type: 'churnRisk', minScore: 60, maxScore: 50 })],
      ['an open ring', one({ type: 'inside', polygon: polygon(square.slice(0, 4).concat([[-87.63, 41.88]])) })],
      ['a repeated position', one({ type: 'inside', polygon: polygon([square[0], square[1], square[1], square[2], square[0]]) })],
      ['a bow tie', one({ type: 'inside', polygon: polygon([[0, 0], [1, 1], [1, 0], [0, 1], [0, 0]]) })],
      ['latitude 86', one({ type: 'inside', polygon: polygon([[0, 0], [1, 0], [1, 86], [0, 0]]) })],
      ['30 February', one({ type: 'attribute', field: 'createdAt', op: 'eq', value: '2024-02-30T00:00Z' })],
      ['month 13 in an instant', one({ type: 'attribute', field: 'createdAt', op: 'eq', value: '2024-13-01T00:00:00Z' })],
      ['ten years and a day', one({ type: 'engagement', action: 'opened', within: 'P10Y1D' })],
      ['122 thirty-day months', one({ type: 'engagement', action: 'opened', within: 'P122M' })],
      ['256 characters that are 258 UTF-16 units', one({ type: 'tag', tag: `${'😀'.repeat(2)}${'x'.repeat(254)}`, present: true })],
    ])('%s: only the validator refuses', (_name, definition) => {
      expect(verdicts(definition)).toEqual(SCHEMA_ONLY);
    });

    // luxon quirks durationProblem refuses, as the pattern does: durations must read as what they mean.
    it.each([
      ['-P-1D (minus minus one day)', '-P-1D'],
      ['a negative zero hour', 'P1DT-0H'],
      ['a signed fraction of seconds', 'PT1.-5S'],
      ['a fraction that rounds to a whole number', 'P1.00000000000000000001D'],
      ['a fraction of minutes', 'PT1.5M'],
    ])('%s: refused by both', (_name, within) => {
      expect(verdicts(one({ type: 'event', eventType: 'x', within }))).toEqual(BOTH_REFUSE);
    });
  });

  describe('the components', () => {
    const schemas = SEGMENT_DEFINITION_SCHEMAS;

    /** Every subschema with its location, depth first. */
    function walk(value: unknown, where: string, visit: (schema: Json, where: string) => void): void {
      if (Array.isArray(value)) {
        value.forEach((item, i) => walk(item, `${where}[${i}]`, visit));
        return;
      }
      if (typeof value !== 'object' || value === null) return;
      const schema = value as Json;
      visit(schema, where);
      for (const key of ['items', 'not', 'additionalProperties']) walk(schema[key], `${where}.${key}`, visit);
      for (const key of ['oneOf', 'anyOf', 'allOf']) walk(schema[key], `${where}.${key}`, visit);
      for (const [name, property] of Object.entries((schema.properties ?? {}) as Json)) walk(property, `${where}.properties.${name}`, visit);
    }
    const everySchema = (visit: (schema: Json, where: string) => void) =>
      Object.entries(schemas).forEach(([name, schema]) => walk(schema, name, visit));
    const refName = (ref: string) => /^#\/components\/schemas\/(.+)$/.exec(ref)?.[1];

    it.each([['SegmentCondition'], ['BranchRuleCondition']])('%s maps exactly the condition types, each to the member with that type', (union) => {
      const schema = schemas[union] as { oneOf: { $ref: string }[]; discriminator: { propertyName: string; mapping: Record<string, string> } };
      expect(schema.discriminator.propertyName).toBe('type');
      expect(Object.keys(schema.discriminator.mapping).sort()).toEqual([...CONDITION_TYPES].sort());
      expect(schema.oneOf.map((r) => r.$ref).sort()).toEqual(Object.values(schema.discriminator.mapping).sort());
      for (const [type, ref] of Object.entries(schema.discriminator.mapping)) {
        const member = schemas[refName(ref) ?? ''] as { properties: { type: { enum: unknown[] } }; required: string[] };
        expect(member.properties.type.enum).toEqual([type]);
        expect(member.required).toContain('type');
      }
    });

    it('names one Segment<Type>Condition per condition type', () => {
      const pascal = (type: string) => `${type[0].toUpperCase()}${type.slice(1)}`;
      for (const type of CONDITION_TYPES) expect(schemas).toHaveProperty(`Segment${pascal(type)}Condition`);
    });

    it('every $ref resolves and every component is reachable from SegmentDefinition or BranchCondition', () => {
      const refs = new Map<string, string[]>();
      everySchema((schema, where) => {
        if (typeof schema.$ref !== 'string') return;
        const from = where.split('.')[0];
        refs.set(from, [...(refs.get(from) ?? []), schema.$ref]);
      });
      const unresolved = [...refs.values()].flat().filter((ref) => {
        const name = refName(ref);
        return name === undefined || !(name in schemas);
      });
      expect(unresolved).toEqual([]);
      const reached = new Set<string>();
      const visit = (name: string) => {
        if (reached.has(name)) return;
        reached.add(name);
        (refs.get(name) ?? []).forEach((ref) => visit(refName(ref) as string));
      };
      visit('SegmentDefinition');
      visit('BranchCondition');
      expect(Object.keys(schemas).filter((name) => !reached.has(name))).toEqual([]);
    });

    it('is plain OpenAPI 3.0 JSON with a description on every schema and property', () => {
      expect(JSON.parse(JSON.stringify(schemas))).toEqual(schemas);
      const problems: string[] = [];
      everySchema((schema, where) => {
        if ('$ref' in schema) {
          if (Object.keys(schema).length > 1) problems.push(`${where}: $ref with siblings (ignored by OpenAPI 3.0)`);
          return;
        }
        if (typeof schema.description !== 'string' || schema.description.length === 0) problems.push(`${where}: no description`);
        for (const keyword of ['const', 'prefixItems', 'nullable', 'examples', '$defs']) if (keyword in schema) problems.push(`${where}: ${keyword}`);
        if (Array.isArray(schema.type) || Array.isArray(schema.items)) problems.push(`${where}: JSON Schema 2020 form`);
        if (schema.type === 'object' && schema.properties && schema.additionalProperties !== false && !schema.oneOf) problems.push(`${where}: open object`);
      });
      expect(problems).toEqual([]);
    });

    it('the attribute alternatives offer every attribute op', () => {
      const ops = new Set<unknown>();
      for (const alternative of (schemas.SegmentAttributeCondition as { oneOf: { properties: { op: { enum: unknown[] } } }[] }).oneOf) {
        alternative.properties.op.enum.forEach((op) => ops.add(op));
      }
      expect([...ops].sort()).toEqual([...ATTRIBUTE_OPS].sort());
    });

    it('uses the limits of SEGMENT_LIMITS', () => {
      const maxLengths = new Set<unknown>();
      everySchema((schema) => {
        if (schema.type === 'string' && 'maxLength' in schema) maxLengths.add(schema.maxLength);
      });
      expect([...maxLengths]).toEqual([SEGMENT_LIMITS.maxStringLength]);
    });
  });

  describe('generated walk: every key of every sample', () => {
    /** Values a key is set to in turn; none can reverse an ordered pair of the samples or exceed the duration cap. */
    const POOL: unknown[] = [
      null, true, false, 0, -1, 1, 1.5, 5, 13, 101, 367, 100001, 1e13, '', 'x', 'x'.repeat(257), 'P1D', 'P0D', STORE,
      'attributes.n', 'email', 'count', 'gte', 'Polygon', '2024-01-31T09:00:00Z', '1990-05-31',
      [], [1], [1, 2], [1, 2, 3], ['a', 'b'], [true], {}, { op: 'gte', value: 1 }, { within: 'P1D' }, polygon(square),
    ];

    /** Paths of every object key in `value` (into arrays of objects, not into value lists or coordinates). */
    function keyPaths(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
      if (Array.isArray(value)) return value.flatMap((item, i) => (typeof item === 'object' && item !== null && !Array.isArray(item) ? keyPaths(item, [...prefix, i]) : []));
      if (typeof value !== 'object' || value === null) return [];
      return Object.entries(value).flatMap(([key, v]) => [[...prefix, key], ...(key === 'coordinates' ? [] : keyPaths(v, [...prefix, key]))]);
    }
    const objectPaths = (value: unknown) => [[], ...keyPaths(value).filter((path) => {
      let node: unknown = value;
      for (const step of path) node = (node as Json)[step as string];
      return typeof node === 'object' && node !== null && !Array.isArray(node);
    })];

    /** A copy of `value` with the node at `path` replaced (`undefined` removes an object key). */
    function edit(value: unknown, path: (string | number)[], replacement: unknown): unknown {
      const copy = structuredClone(value) as Json;
      let node: Json = copy;
      for (const step of path.slice(0, -1)) node = node[step as string] as Json;
      const last = path[path.length - 1] as string;
      if (replacement === undefined) delete node[last];
      else node[last] = replacement;
      return copy;
    }

    const cases = [
      ...ALL_SAMPLES.map((sample) => ({ sample, branch: false })),
      ...ALL_SAMPLES.map((sample) => ({ sample, branch: true })),
      ...BRANCH_SAMPLES.map((sample) => ({ sample, branch: true })),
    ];

    it('removing a required key is refused by both', () => {
      const failures: string[] = [];
      for (const type of CONDITION_TYPES) {
        for (const sample of SAMPLES[type]) {
          for (const key of REQUIRED_KEYS[type].filter((k) => k in sample)) {
            const mutated = edit(sample, [key], undefined);
            const got = verdicts(mutated);
            if (got.schema || got.validator) failures.push(`${JSON.stringify(mutated)}: ${JSON.stringify(got)}`);
          }
        }
      }
      expect(failures).toEqual([]);
    });

    it('removing, replacing or adding any key gets the same verdict from both', () => {
      const disagreements: string[] = [];
      let checked = 0;
      const check = (mutated: unknown, branch: boolean) => {
        checked++;
        const got = verdicts(mutated, branch);
        if (got.schema !== got.validator) disagreements.push(`${branch ? 'branch ' : ''}${JSON.stringify(mutated).slice(0, 300)}: ${JSON.stringify(got)} ${JSON.stringify(validateDefinition(mutated, 'definition', { allowSinceEnrollment: branch }).problems)}`);
      };
      for (const { sample, branch } of cases) {
        for (const path of keyPaths(sample)) {
          check(edit(sample, path, undefined), branch);
          for (const value of POOL) check(edit(sample, path, value), branch);
        }
        for (const path of objectPaths(sample)) check(edit(sample, [...path, 'colour'], 'red'), branch);
      }
      expect(disagreements).toEqual([]);
      expect(checked).toBeGreaterThan(10_000);
    });
  });
});
