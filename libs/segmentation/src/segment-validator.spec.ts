import { validateDefinition } from './segment-validator';

const STORE = '0b6f3c1e-8a4d-4c2b-9f1e-2d3c4b5a6978';
const square = [[-87.64, 41.87], [-87.62, 41.87], [-87.62, 41.89], [-87.64, 41.89], [-87.64, 41.87]];

/** The problems of a definition as "field: message" lines, sorted for stable comparison. */
function problemsOf(input: unknown): string[] {
  return validateDefinition(input).problems.map((p) => `${p.field}: ${p.message}`).sort();
}

function fieldsOf(input: unknown): string[] {
  return validateDefinition(input).problems.map((p) => p.field).sort();
}

/** Wraps one condition at definition.all[0]. */
const one = (condition: unknown) => ({ all: [condition] });

describe('validateDefinition', () => {
  it('accepts every condition type and returns the definition', () => {
    const definition = {
      all: [
        { type: 'attribute', field: 'email', op: 'contains', value: '@example.com' },
        { type: 'attribute', field: 'attributes.plan', op: 'in', value: ['gold', 'silver', 3, true] },
        { type: 'attribute', field: 'createdAt', op: 'between', value: ['2024-01-01T00:00:00Z', '2024-12-31T23:59:59+01:00'] },
        { type: 'attribute', field: 'birthday', op: 'lt', value: '2000-02-29' },
        { type: 'attribute', field: 'lat', op: 'exists', value: true },
        { type: 'tag', tag: 'vip', present: true },
        { type: 'consent', channel: 'sms', status: 'unknown' },
        { any: [{ type: 'birthday', withinNextDays: 0 }, { type: 'birthday', month: 12 }] },
        { type: 'near', storeId: STORE, radiusMeters: 100000 },
        { type: 'near', lat: -90, lng: 180, radiusMeters: 1 },
        { type: 'inside', geofenceId: STORE },
        { type: 'inside', polygon: { type: 'Polygon', coordinates: [square] } },
        { type: 'nearestStore', storeId: STORE },
        {
          type: 'event', eventType: 'cart_abandoned', where: [{ field: 'total', op: 'gte', value: 20 }, { type: 'attribute', field: 'sku', op: 'eq', value: 'A1' }],
          within: 'P30D', count: { op: 'gte', value: 2 }, first: { before: 'P1Y' }, last: { within: 'PT12H' },
        },
        { type: 'orders', metric: 'avg', op: 'gt', value: 12.5, within: 'P3M' },
        { type: 'rfm', recency: [4, 5], monetary: [1, 1] },
        { type: 'engagement', action: 'clicked', within: 'P7D', campaignId: STORE },
        { not: { type: 'localTime', hours: [22, 6], weekdays: [6, 7] } },
        { all: [] },
      ],
    };
    const result = validateDefinition(definition);
    expect(result.problems).toEqual([]);
    expect(result.definition).toBe(definition);
  });

  it('takes the deprecated alias name for eventType and returns event conditions with eventType, leaving the input as it was', () => {
    const input = { all: [{ type: 'event', name: 'visit', within: 'P7D' }, { not: { any: [{ type: 'event', eventType: 'cart_abandoned' }, { type: 'tag', tag: 'x', present: true }] } }] };
    const before = JSON.stringify(input);
    expect(validateDefinition(input).definition).toEqual({
      all: [{ type: 'event', eventType: 'visit', within: 'P7D' }, { not: { any: [{ type: 'event', eventType: 'cart_abandoned' }, { type: 'tag', tag: 'x', present: true }] } }],
    });
    expect(JSON.stringify(input)).toBe(before);
  });

  describe('structure', () => {
    it.each([
      ['null', null, ['definition: must be a group ({ all }, { any } or { not }) or a condition with a type']],
      ['an array', [], ['definition: must be a group ({ all }, { any } or { not }) or a condition with a type']],
      ['an empty object', {}, ['definition: must be a group ({ all }, { any } or { not }) or a condition with a type']],
      ['a non-list group', { any: {} }, ['definition.any: must be a list of groups and conditions']],
      ['two group keys', { all: [], any: [] }, ['definition.any: is not an allowed key']],
      ['an unknown type', { type: 'weather' }, ['definition.type: must be one of attribute, tag, consent, birthday, near, inside, nearestStore, event, orders, rfm, engagement, localTime, churnRisk']],
      ['an unknown key on a condition', one({ type: 'tag', tag: 'a', present: true, colour: 'red' }), ['definition.all[0].colour: is not an allowed key']],
      ['a bad child of not', { not: 5 }, ['definition.not: must be a group ({ all }, { any } or { not }) or a condition with a type']],
    ])('reports %s', (_name, input, expected) => {
      expect(problemsOf(input)).toEqual(expected);
      expect(validateDefinition(input).definition).toBeUndefined();
    });

    it('allows 10 levels and rejects the 11th with its path', () => {
      const tag = { type: 'tag', tag: 'a', present: true };
      const nest = (levels: number): unknown => (levels === 1 ? tag : { not: nest(levels - 1) });
      expect(problemsOf(nest(10))).toEqual([]);
      // 11 levels: ten `not` groups, the condition at depth 11.
      expect(problemsOf(nest(11))).toEqual([`definition${'.not'.repeat(10)}: is nested deeper than 10 levels`]);
    });

    it('allows 200 conditions and rejects 201', () => {
      const tags = (n: number) => ({ any: Array.from({ length: n }, (_, i) => ({ type: 'tag', tag: `t${i}`, present: true })) });
      expect(problemsOf(tags(200))).toEqual([]);
      expect(problemsOf(tags(201))).toEqual(['definition: has 201 conditions; at most 200 are allowed (an empty group counts as one)']);
    });

    it('counts an empty group as a condition: 200 empty groups pass, 201 do not', () => {
      const empties = (n: number) => ({ any: Array.from({ length: n }, (_, i) => (i % 2 ? { all: [] } : { any: [] })) });
      expect(problemsOf(empties(200))).toEqual([]);
      expect(problemsOf(empties(201))).toEqual(['definition: has 201 conditions; at most 200 are allowed (an empty group counts as one)']);
    });

    it('allows 10,000 polygon positions in all and refuses the polygon past them without checking its ring', () => {
      // A convex 2,000-position ring (1,999 distinct points on a circle, closed).
      const ring = (cx: number) => {
        const points = Array.from({ length: 1999 }, (_, k) => [cx + 0.01 * Math.cos((2 * Math.PI * k) / 1999), 41.88 + 0.01 * Math.sin((2 * Math.PI * k) / 1999)]);
        return { type: 'Polygon', coordinates: [[...points, points[0]]] };
      };
      const inside = (n: number) => ({ any: Array.from({ length: n }, (_, i) => ({ type: 'inside', polygon: ring(-87.6 + i * 0.05) })) });
      expect(problemsOf(inside(5))).toEqual([]);
      expect(problemsOf(inside(6))).toEqual(["definition.any[5].polygon: takes the definition's polygons past 10000 positions in all"]);
    });

    it('checks a definition once: what it accepted comes back frozen and is not walked again, unless sinceEnrollment was allowed then and not now', () => {
      const input = { all: [{ type: 'tag', tag: 'vip', present: true }, { type: 'event', eventType: 'visit', within: 'P7D' }] };
      const first = validateDefinition(input);
      expect(first.definition).toBe(input);
      expect(Object.isFrozen(input.all[1])).toBe(true);
      expect(validateDefinition(first.definition)).toEqual({ definition: input, problems: [] });
      const branch = { type: 'orders', metric: 'count', op: 'gte', value: 1, sinceEnrollment: true };
      expect(validateDefinition(branch, 'condition', { allowSinceEnrollment: true }).problems).toEqual([]);
      expect(validateDefinition(branch).problems.map((p) => p.field)).toEqual(['definition.sinceEnrollment']);
    });

    it('reports every problem in one pass, each with its own path', () => {
      const input = {
        all: [
          { type: 'near', lat: 41.9, lng: -87.6, radiusMeters: 0 },
          { any: [{ type: 'tag', tag: '' }, { type: 'orders', metric: 'median', op: 'gte', value: 1 }] },
          { not: { type: 'birthday', withinNextDays: 400 } },
        ],
      };
      expect(problemsOf(input)).toEqual([
        'definition.all[0].radiusMeters: must be between 1 and 100000',
        'definition.all[1].any[0].present: is required',
        'definition.all[1].any[0].tag: must not be empty',
        'definition.all[1].any[1].metric: must be one of count, sum, avg',
        'definition.all[2].not.withinNextDays: must be between 0 and 366',
      ]);
    });
  });

  describe('attribute', () => {
    const long = 'x'.repeat(257);
    it.each([
      ['an unknown field', { field: 'shoeSize', op: 'eq', value: 1 }, ['field: must be one of externalId, email, phone, firstName, lastName, birthday, timezone, createdAt, updatedAt, lat, lng or attributes.<key>']],
      ['an empty attribute key', { field: 'attributes.', op: 'eq', value: 1 }, ['field: must name an attribute after "attributes."']],
      ['an unknown op', { field: 'email', op: 'like', value: 'a' }, ['op: must be one of eq, neq, lt, lte, gt, gte, in, contains, exists, between']],
      ['a missing value', { field: 'email', op: 'eq' }, ['value: is required']],
      ['a number for a text field', { field: 'email', op: 'eq', value: 5 }, ['value: must be a string']],
      ['a string for lat', { field: 'lat', op: 'gt', value: '41' }, ['value: must be a number']],
      ['an impossible birthday', { field: 'birthday', op: 'eq', value: '2023-02-29' }, ['value: must be a date such as 1990-05-31']],
      ['an instant without offset', { field: 'createdAt', op: 'gt', value: '2024-01-01T00:00:00' }, ['value: must be an ISO-8601 date-time with an offset, such as 2025-01-31T09:00:00Z']],
      ['contains on a number field', { field: 'lng', op: 'contains', value: 1 }, ['op: contains applies to text fields and attributes']],
      ['an ordered compare with a boolean', { field: 'attributes.vip', op: 'gt', value: true }, ['value: must be a number or a string to compare in order']],
      ['an object value', { field: 'attributes.a', op: 'eq', value: { b: 1 } }, ['value: must be a string, a number or a boolean']],
      ['exists with a string', { field: 'email', op: 'exists', value: 'yes' }, ['value: must be true or false']],
      ['between with one bound', { field: 'attributes.n', op: 'between', value: [1] }, ['value: must be [low, high]']],
      ['between with mixed bounds', { field: 'attributes.n', op: 'between', value: [1, 'z'] }, ['value: bounds must both be numbers or both be strings']],
      ['between reversed', { field: 'attributes.n', op: 'between', value: [5, 1] }, ['value: low must not exceed high']],
      ['between reversed instants', { field: 'updatedAt', op: 'between', value: ['2024-01-02T00:00:00Z', '2024-01-02T00:00:00+01:00'] }, ['value: low must not exceed high']],
      ['an empty in list', { field: 'attributes.n', op: 'in', value: [] }, ['value: must be a non-empty array']],
      ['a bad in item', { field: 'email', op: 'in', value: ['a', 'b', 3] }, ['value[2]: must be a string']],
      ['a too-long in list', { field: 'attributes.n', op: 'in', value: Array.from({ length: 1001 }, (_, i) => i) }, ['value: must have at most 1000 values']],
      ['a too-long value', { field: 'email', op: 'eq', value: long }, ['value: must be at most 256 characters']],
      ['a too-long field', { field: `attributes.${long}`, op: 'eq', value: 1 }, ['field: must be at most 256 characters']],
    ])('reports %s', (_name, condition, expected) => {
      expect(problemsOf(one({ type: 'attribute', ...condition }))).toEqual(expected.map((e) => `definition.all[0].${e}`));
    });

    it('accepts 1000 in-values and any attribute key text (it is a parameter, never SQL)', () => {
      expect(problemsOf({ type: 'attribute', field: 'attributes.n', op: 'in', value: Array.from({ length: 1000 }, (_, i) => i) })).toEqual([]);
      expect(problemsOf({ type: 'attribute', field: "attributes.'; DROP TABLE customer; --", op: 'exists', value: true })).toEqual([]);
    });
  });

  describe('tag, consent, birthday, localTime', () => {
    it.each([
      [{ type: 'tag', tag: 'vip' }, ['present: is required']],
      [{ type: 'tag', tag: 7, present: 'yes' }, ['present: must be true or false', 'tag: must be a string']],
      [{ type: 'consent', channel: 'fax', status: 'maybe' }, ['channel: must be one of email, sms, location', 'status: must be one of granted, denied, unknown']],
      [{ type: 'birthday' }, [': needs exactly one of withinNextDays or month']],
      [{ type: 'birthday', withinNextDays: 3, month: 2 }, [': needs exactly one of withinNextDays or month']],
      [{ type: 'birthday', withinNextDays: 367 }, ['withinNextDays: must be between 0 and 366']],
      [{ type: 'birthday', withinNextDays: 1.5 }, ['withinNextDays: must be a whole number']],
      [{ type: 'birthday', month: 0 }, ['month: must be between 1 and 12']],
      [{ type: 'localTime' }, [': needs hours, weekdays or both']],
      [{ type: 'localTime', hours: [22] }, ['hours: must be [from, to]']],
      [{ type: 'localTime', hours: [0, 24] }, ['hours[1]: must be between 0 and 23']],
      [{ type: 'localTime', weekdays: [] }, ['weekdays: must be a list of 1 to 7 ISO weekdays (1 = Monday)']],
      [{ type: 'localTime', weekdays: [0, 3, 8] }, ['weekdays[0]: must be between 1 and 7', 'weekdays[2]: must be between 1 and 7']],
      [{ type: 'localTime', weekdays: [3, 5, 3] }, ['weekdays[2]: repeats an earlier weekday']],
    ])('%j', (condition, expected) => {
      expect(problemsOf(one(condition))).toEqual(expected.map((e) => `definition.all[0]${e.startsWith(':') ? '' : '.'}${e}`));
    });
  });

  describe('geo', () => {
    const ring = (positions: unknown[]) => ({ type: 'inside', polygon: { type: 'Polygon', coordinates: [positions] } });
    it.each([
      [{ type: 'near', lat: 41, lng: -87, radiusMeters: 100001 }, ['radiusMeters: must be between 1 and 100000']],
      [{ type: 'near', lat: 41, lng: -87 }, ['radiusMeters: is required']],
      [{ type: 'near', storeId: STORE, lat: 41, lng: -87, radiusMeters: 5 }, [': needs either storeId or lat and lng']],
      [{ type: 'near', radiusMeters: 5 }, [': needs either storeId or lat and lng']],
      [{ type: 'near', lat: 41, radiusMeters: 5 }, ['lng: is required']],
      [{ type: 'near', lat: 91, lng: -181, radiusMeters: 5 }, ['lat: must be between -90 and 90', 'lng: must be between -180 and 180']],
      [{ type: 'near', storeId: 'store-1', radiusMeters: 5 }, ['storeId: must be a UUID']],
      [{ type: 'nearestStore' }, ['storeId: is required']],
      [{ type: 'inside' }, [': needs either geofenceId or polygon']],
      [{ type: 'inside', geofenceId: STORE, polygon: {} }, [': needs either geofenceId or polygon']],
      [{ type: 'inside', polygon: { type: 'MultiPolygon', coordinates: [square] } }, ['polygon.type: must be "Polygon"']],
      [{ type: 'inside', polygon: { type: 'Polygon', coordinates: [square, square] } }, ['polygon.coordinates: holes are not supported: give only the outer ring']],
      [ring(square.slice(0, 3)), ['polygon.coordinates[0]: must be a closed ring of 4 to 2000 positions [lng, lat] (the last repeating the first)']],
      [ring(square.slice(0, 4)), ['polygon.coordinates[0]: must be closed: the last position must equal the first']],
      // A third number is an altitude (RFC 7946), accepted and ignored as for geofences.
      [ring([[-87.64, 41.87], [-87.62, 86], [-87.62, 41.89, 3], [-87.64, 41.87]]), ['polygon.coordinates[0][1][1]: must be between -85 and 85']],
      [ring([[-87.64, 41.87], [-87.62, 41.87], [-87.62, 41.87], [-87.62, 41.89], [-87.64, 41.87]]), ['polygon.coordinates[0][2]: repeats the previous position']],
      // A bow tie: edge 0 (0,0)->(1,1) crosses edge 2 (1,0)->(0,1).
      [ring([[0, 0], [1, 1], [1, 0], [0, 1], [0, 0]]), ['polygon.coordinates[0]: must not intersect itself: edge 0→1 meets edge 2→3']],
    ])('%j', (condition, expected) => {
      expect(problemsOf(one(condition))).toEqual(expected.map((e) => `definition.all[0]${e.startsWith(':') ? '' : '.'}${e}`));
    });

    it('accepts 2000 positions and rejects 2001', () => {
      // A regular polygon around Chicago: convex, so simple.
      const polygon = (n: number) => {
        const points = Array.from({ length: n - 1 }, (_, i) => [-87.63 + 0.05 * Math.cos((2 * Math.PI * i) / (n - 1)), 41.88 + 0.05 * Math.sin((2 * Math.PI * i) / (n - 1))]);
        return ring([...points, points[0]]);
      };
      expect(problemsOf(polygon(2000))).toEqual([]);
      expect(problemsOf(polygon(2001))).toEqual(['definition.polygon.coordinates[0]: must be a closed ring of 4 to 2000 positions [lng, lat] (the last repeating the first)']);
    });
  });

  describe('behaviour', () => {
    it.each([
      [{ type: 'event' }, ['eventType: is required']],
      [{ type: 'event', eventType: 'a', name: 'a' }, ['name: is the deprecated alias of eventType; give eventType only']],
      [{ type: 'event', name: 7 }, ['name: must be a string']],
      [{ type: 'event', eventType: 'x', where: {} }, ['where: must be a list of property conditions']],
      [{ type: 'event', eventType: 'x', where: [{ field: 'sku', op: 'eq', value: 'a', extra: 1 }] }, ['where[0].extra: is not an allowed key']],
      [{ type: 'event', eventType: 'x', where: [{ type: 'tag', field: '', op: 'eq', value: 'a' }] }, ['where[0].field: must not be empty', 'where[0].type: must be attribute when given']],
      [{ type: 'event', eventType: 'x', where: [{ field: 'n', op: 'between', value: [3, 1] }] }, ['where[0].value: low must not exceed high']],
      [{ type: 'event', eventType: 'x', within: 'P0D' }, ['within: must be positive']],
      [{ type: 'event', eventType: 'x', within: 'P-1D' }, ['within: must be positive, written without a sign']],
      [{ type: 'event', eventType: 'x', within: 'P10Y1D' }, ['within: must be at most 10 years']],
      [{ type: 'event', eventType: 'x', within: '30 days' }, ['within: must be an ISO-8601 duration such as P30D or PT12H']],
      [{ type: 'event', eventType: 'x', within: 'P1.5D' }, ['within: must use whole numbers of each unit']],
      [{ type: 'event', eventType: 'x', count: { op: 'gte', value: -1 } }, ['count.value: must be between 0 and 1000000000']],
      [{ type: 'event', eventType: 'x', count: { op: 'approx', value: 1.5 } }, ['count.op: must be one of eq, neq, lt, lte, gt, gte', 'count.value: must be a whole number']],
      [{ type: 'event', eventType: 'x', first: { within: 'P1D', before: 'P2D' } }, ['first: needs exactly one of within or before']],
      [{ type: 'event', eventType: 'x', last: {} }, ['last: needs exactly one of within or before']],
      [{ type: 'event', eventType: 'x', last: { after: 'P1D' } }, ['last.after: is not an allowed key', 'last: needs exactly one of within or before']],
      [{ type: 'orders', metric: 'count', op: 'gte', value: 1.5 }, ['value: must be a whole number']],
      [{ type: 'orders', metric: 'sum', op: 'gte', value: -1, within: 'P1W' }, ['value: must be between 0 and 1000000000000']],
      [{ type: 'rfm' }, [': needs recency, frequency or monetary']],
      [{ type: 'rfm', recency: [0, 6], frequency: [4, 2], monetary: 3 }, ['frequency: min must not exceed max', 'monetary: must be [min, max] scores from 1 to 5', 'recency[0]: must be between 1 and 5', 'recency[1]: must be between 1 and 5']],
      [{ type: 'engagement', action: 'bounced' }, ['action: must be one of received, opened, clicked', 'within: is required']],
      [{ type: 'engagement', action: 'opened', within: 'P7D', campaignId: 'spring' }, ['campaignId: must be a UUID']],
    ])('%j', (condition, expected) => {
      expect(problemsOf(one(condition))).toEqual(expected.map((e) => `definition.all[0]${e.startsWith(':') ? '' : '.'}${e}`).sort());
    });

    it('accepts exactly ten years', () => {
      expect(fieldsOf({ type: 'engagement', action: 'received', within: 'P10Y' })).toEqual([]);
    });
  });

  describe('sinceEnrollment (campaign branch conditions)', () => {
    const branch = (input: unknown) =>
      validateDefinition(input, 'steps[1].condition', { allowSinceEnrollment: true }).problems.map((p) => `${p.field}: ${p.message}`).sort();
    const events = { type: 'event', eventType: 'cart_abandoned', sinceEnrollment: true };
    const orders = { type: 'orders', metric: 'count', op: 'gte', value: 1, sinceEnrollment: true };
    const clicks = { type: 'engagement', action: 'clicked', sinceEnrollment: true };

    it('is accepted on event, orders and engagement with the option, in place of within', () => {
      const definition = { any: [events, orders, clicks, { ...clicks, within: 'P1D' }, { not: { ...orders, metric: 'sum', value: 50 } }] };
      const result = validateDefinition(definition, 'steps[1].condition', { allowSinceEnrollment: true });
      expect(result.problems).toEqual([]);
      expect(result.definition).toBe(definition);
    });

    it.each([
      ['event', events, ['definition.all[0].sinceEnrollment: only allowed in campaign branch conditions']],
      ['orders', orders, ['definition.all[0].sinceEnrollment: only allowed in campaign branch conditions']],
      // Without the option engagement still needs its window.
      ['engagement', clicks, ['definition.all[0].sinceEnrollment: only allowed in campaign branch conditions', 'definition.all[0].within: is required']],
      ['a nested not', { not: { ...orders, sinceEnrollment: false } }, ['definition.all[0].not.sinceEnrollment: only allowed in campaign branch conditions']],
    ])('is rejected on %s without the option', (_name, condition, expected) => {
      expect(problemsOf(one(condition))).toEqual(expected);
    });

    it.each([
      ['event with within', { ...events, within: 'P7D' }, ['steps[1].condition.within: must be absent when sinceEnrollment is true']],
      ['orders with within', { ...orders, within: 'P7D' }, ['steps[1].condition.within: must be absent when sinceEnrollment is true']],
      ['false', { ...orders, sinceEnrollment: false }, ['steps[1].condition.sinceEnrollment: must be true when given']],
      ['a string', { ...events, sinceEnrollment: 'yes' }, ['steps[1].condition.sinceEnrollment: must be true when given']],
      ['engagement without either window', { type: 'engagement', action: 'opened' }, ['steps[1].condition.within: is required']],
      ['engagement with a bad within', { ...clicks, within: 'P0D' }, ['steps[1].condition.within: must be positive']],
      ['a rule on a condition type without it', { type: 'tag', tag: 'vip', present: true, sinceEnrollment: true }, ['steps[1].condition.sinceEnrollment: is not an allowed key']],
    ])('with the option reports %s', (_name, condition, expected) => {
      expect(branch(condition)).toEqual(expected);
    });

    it('paths start at the given root', () => {
      expect(branch({ all: [{ ...orders, within: 'P1D' }] })).toEqual(['steps[1].condition.all[0].within: must be absent when sinceEnrollment is true']);
    });
  });
});
