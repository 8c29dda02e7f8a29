import { MAX_MERCATOR_LAT } from '@localreach/geo';
import {
  BUILT_IN_FIELDS, COUNT_OPS, SEGMENT_LIMITS, type AttributeOp, type BuiltInKind, type ConditionType,
} from './segment-definition';

type Schema = Record<string, unknown>;

const { maxStringLength, maxInValues, maxConditions, minPolygonPositions, maxPolygonPositions, maxRadiusMeters, maxWithinNextDays, maxDurationYears } =
  SEGMENT_LIMITS;

const ref = (name: string): Schema => ({ $ref: `#/components/schemas/${name}` });
// OpenAPI 3.0 ignores siblings of $ref, so a property with its own description wraps the reference in allOf.
const refTo = (name: string, description: string): Schema => ({ description, allOf: [ref(name)] });
const text = (description: string): Schema => ({ type: 'string', minLength: 1, maxLength: maxStringLength, description });
const choice = (values: readonly string[], description: string): Schema => ({ type: 'string', enum: [...values], description });
const integer = (minimum: number, maximum: number, description: string): Schema => ({ type: 'integer', minimum, maximum, description });
// Bounds are left out rather than set to undefined: the schemas must be plain JSON.
const bounded = (schema: Schema): Schema => Object.fromEntries(Object.entries(schema).filter(([, value]) => value !== undefined));
const number = (description: string, minimum?: number, maximum?: number): Schema => bounded({ type: 'number', minimum, maximum, description });
const boolean = (description: string): Schema => ({ type: 'boolean', description });
const array = (items: Schema, description: string, minItems?: number, maxItems?: number): Schema =>
  bounded({ type: 'array', items, minItems, maxItems, description });
// An object that refuses unknown keys, as `checkKeys` does.
const closed = (description: string, properties: Record<string, Schema>, required: string[]): Schema =>
  ({ type: 'object', description, required, properties, additionalProperties: false });
const typeTag = (type: string): Schema => choice([type], `Always \`${type}\`.`);
// A condition type with variants: the tag for the discriminator, then closed alternatives of which exactly one matches.
const variants = (type: ConditionType, description: string, alternatives: Schema[]): Schema =>
  ({ type: 'object', description, required: ['type'], properties: { type: typeTag(type) }, oneOf: alternatives });
const omit = (properties: Record<string, Schema>, key: string): Record<string, Schema> =>
  Object.fromEntries(Object.entries(properties).filter(([name]) => name !== key));

const UUID_PATTERN = '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$';
// `format: uuid` alone would also let through the `urn:uuid:` prefix some validators allow; the pattern is checkUuid's.
const uuid = (description: string): Schema => ({ type: 'string', format: 'uuid', pattern: UUID_PATTERN, description });

// What luxon's Duration.fromISO parses, narrowed to what durationProblem accepts: no signs, whole units (a fraction
// of zeros is still whole; a fraction of seconds becomes milliseconds) and not zero (the look-ahead wants a
// non-zero integer part, or a non-zero digit among the first three of the seconds' fraction).
const WHOLE = '\\d{1,20}(?:\\.0{1,20})?';
const DURATION_PATTERN = `^(?=.*[PYMWDTH]\\d*[1-9]|.*[.,]\\d{0,2}[1-9])P(?:${WHOLE}Y)?(?:${WHOLE}M)?(?:${WHOLE}W)?(?:${WHOLE}D)?`
  + `(?:T(?:${WHOLE}H)?(?:${WHOLE}M)?(?:\\d{1,20}(?:[.,]\\d{1,20})?S)?)?$`;
const duration = (description: string): Schema => ({
  type: 'string', minLength: 1, maxLength: maxStringLength, pattern: DURATION_PATTERN,
  description: `${description} An ISO-8601 duration in whole units such as P30D, PT12H or P1Y2M; positive and at most ${maxDurationYears} years.`,
});

const DATE: Schema = { type: 'string', format: 'date', pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'A calendar date such as 1990-05-31.' };
// The validator's INSTANT expression: the offset is required, seconds and milliseconds are not.
const INSTANT: Schema = {
  type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}(:\\d{2}(\\.\\d{1,3})?)?(Z|[+-]\\d{2}:?\\d{2})$',
  description: 'An ISO-8601 date-time with an offset, such as 2025-01-31T09:00:00Z.',
};
const JSON_SCALAR: Schema = {
  description: 'A string, a number or a boolean; it decides how the stored JSON value is compared.',
  oneOf: [text('A string: matches string values.'), number('A number: matches numeric values.'), boolean('A boolean: matches boolean values.')],
};
const JSON_ORDERED: Schema = {
  description: 'A string or a number to compare in order with values of the same JSON type.',
  oneOf: [text('A string: compared with string values.'), number('A number: compared with numeric values.')],
};

const SCALAR_OPS: readonly AttributeOp[] = ['eq', 'neq', 'lt', 'lte', 'gt', 'gte'];
const fieldsOfKind = (kind: BuiltInKind): string[] =>
  Object.entries(BUILT_IN_FIELDS).filter(([, field]) => field.kind === kind).map(([name]) => name);
const ATTRIBUTE_FIELD_PATTERN = '^attributes\\.';
const customField = (description: string): Schema =>
  ({ type: 'string', pattern: ATTRIBUTE_FIELD_PATTERN, minLength: 'attributes.'.length + 1, maxLength: maxStringLength, description });
const ANY_ATTRIBUTE_FIELD: Schema = {
  type: 'string', minLength: 1, maxLength: maxStringLength, description: 'A built-in customer field or attributes.<key>.',
  anyOf: [
    choice(Object.keys(BUILT_IN_FIELDS), 'A built-in customer field.'),
    customField('A custom attribute: attributes.<key>.'),
  ],
};

interface Shape {
  type: Schema;
  field: Schema;
  required: string[];
  // Names the fields in alternative descriptions.
  label: string;
}

// One closed `{ type?, field, op, value }` alternative.
function comparison(shape: Shape, ops: readonly AttributeOp[], value: Schema, description: string): Schema {
  const op = choice(ops, ops.length === 1 ? `Always \`${ops[0]}\`.` : `One of ${ops.join(', ')}.`);
  return closed(`${shape.label} ${description}`, { type: shape.type, field: shape.field, op, value }, shape.required);
}

// eq…gte (and contains where it applies), in and between for values of one kind.
function typedComparisons(shape: Shape, scalar: Schema, ops: readonly AttributeOp[]): Schema[] {
  return [
    comparison(shape, ops, scalar, `compared with ${ops.join(', ')}.`),
    comparison(shape, ['in'], array(scalar, `1 to ${maxInValues} values; matches any of them.`, 1, maxInValues), 'equal to one of a list.'),
    comparison(shape, ['between'], array(scalar, '[low, high], inclusive; low must not exceed high.', 2, 2), 'between two bounds.'),
  ];
}

// Comparisons on a value inside a JSON document (custom attribute, event property): the rule's value decides its JSON type.
function jsonComparisons(shape: Shape): Schema[] {
  const bounds = (items: Schema, what: string) => array(items, `[low, high] ${what}, inclusive; low must not exceed high.`, 2, 2);
  return [
    comparison(shape, ['eq', 'neq', 'contains'], JSON_SCALAR, 'compared with eq, neq (a missing value is not equal) or contains.'),
    comparison(shape, ['lt', 'lte', 'gt', 'gte'], JSON_ORDERED, 'compared in order with lt, lte, gt or gte.'),
    comparison(shape, ['in'], array(JSON_SCALAR, `1 to ${maxInValues} values; matches any of them.`, 1, maxInValues), 'equal to one of a list.'),
    comparison(shape, ['between'], {
      description: 'Two strings or two numbers.',
      oneOf: [bounds(text('A string bound.'), 'as strings'), bounds(number('A numeric bound.'), 'as numbers')],
    }, 'between two bounds.'),
  ];
}

const exists = (shape: Shape): Schema =>
  comparison(shape, ['exists'], boolean('true: the value is present; false: it is absent.'), 'tested for presence.');

function attributeCondition(): Schema {
  const shape = (field: Schema, label: string): Shape => ({ type: typeTag('attribute'), field, required: ['type', 'field', 'op', 'value'], label });
  const builtIn = (kind: BuiltInKind, scalar: Schema, ops: readonly AttributeOp[]): Schema[] => {
    const names = fieldsOfKind(kind);
    return typedComparisons(shape(choice(names, `A built-in ${kind} field.`), `A ${kind} field (${names.join(', ')})`), scalar, ops);
  };
  return variants('attribute', 'Compares a built-in customer field or a custom attribute (attributes.<key>) with a value.', [
    ...builtIn('text', text('A text value.'), [...SCALAR_OPS, 'contains']),
    ...builtIn('number', number('A number.'), SCALAR_OPS),
    ...builtIn('date', DATE, SCALAR_OPS),
    ...builtIn('instant', INSTANT, SCALAR_OPS),
    ...jsonComparisons(shape(customField('attributes.<key>: a key of the customer\'s custom attributes.'), 'A custom attribute')),
    exists(shape(ANY_ATTRIBUTE_FIELD, 'Any field')),
  ]);
}

function propertyCondition(): Schema {
  const shape: Shape = {
    type: choice(['attribute'], 'Optional; `attribute` when given.'), field: text('The event property key.'), required: ['field', 'op', 'value'], label: 'An event property',
  };
  return {
    type: 'object', description: 'A condition on one property of an event: { field, op, value }.', required: ['field', 'op', 'value'],
    properties: { type: shape.type }, oneOf: [...jsonComparisons(shape), exists(shape)],
  };
}

const SINCE_ENROLLMENT: Schema = {
  type: 'boolean', enum: [true], description: 'Campaign branch conditions only: count from the customer\'s enrolment instead of a within window.',
};

/**
 * `eventType` names the event's type (`type` of POST /v1/events); `name` is its deprecated alias, accepted on input
 * and stored as `eventType`. Exactly one of the two is given; campaign event triggers and goals use the same pair.
 */
export const EVENT_TYPE_PROPERTIES: Record<'eventType' | 'name', Schema> = {
  eventType: text('The event\'s type, as sent in POST /v1/events, e.g. cart_abandoned.'),
  name: { ...text('Deprecated alias of eventType, accepted on input and stored as eventType; give one of the two.'), deprecated: true },
};
/** Exactly one of eventType and its deprecated alias name. */
/**
 * The two closed alternatives of a node that names an event type: one with eventType, one with its deprecated alias
 * name (so giving both, or neither, matches no alternative, as the validator refuses both).
 */
export function eventTypeAlternatives(build: (naming: Record<string, Schema>, key: keyof typeof EVENT_TYPE_PROPERTIES) => Schema): Schema[] {
  return (['eventType', 'name'] as const).map((key) => build({ [key]: EVENT_TYPE_PROPERTIES[key] }, key));
}

function eventProperties(): Record<string, Schema> {
  return {
    type: typeTag('event'),
    // Every where item counts towards the condition limit, and so does the event condition itself.
    where: array(ref('SegmentPropertyCondition'), 'Conditions on the event\'s properties; all must hold. Each counts towards the condition limit.', undefined, maxConditions - 1),
    within: duration('Only events at or after now minus this duration count.'),
    count: closed('How many matching events there must be; default { op: gte, value: 1 }.', {
      op: choice(COUNT_OPS, 'How the number of events compares with value.'),
      value: integer(0, 1_000_000_000, 'A whole number of events.'),
    }, ['op', 'value']),
    first: refTo('SegmentOccurrenceWindow', 'When the first matching event happened.'),
    last: refTo('SegmentOccurrenceWindow', 'When the last matching event happened.'),
  };
}

const EVENT_DESCRIPTION = 'Customers with (or, with count, without) events of a type, optionally filtered by properties and a time window.';
const ORDERS_DESCRIPTION = 'Compares the count, sum or average of the customer\'s orders (optionally in a window) with a value; the average of no orders never matches.';

function ordersAlternatives(branch: boolean): Schema[] {
  const metrics: [string[], Schema][] = [
    [['count'], integer(0, 1e12, 'A whole number of orders.')],
    [['sum', 'avg'], number('An amount in the business\'s currency.', 0, 1e12)],
  ];
  return metrics.flatMap(([names, value]) => {
    const base: Record<string, Schema> = {
      type: typeTag('orders'),
      metric: choice(names, names.length === 1 ? 'Always `count`.' : 'sum or avg of order totals.'),
      op: choice(COUNT_OPS, 'How the metric compares with value.'),
      value,
    };
    const label = `Orders ${names.join(' or ')}`;
    const required = ['type', 'metric', 'op', 'value'];
    const windowed = closed(`${label}, all time or within a window.`, { ...base, within: duration('Only orders at or after now minus this duration count.') }, required);
    return branch ? [windowed, closed(`${label} since enrolment.`, { ...base, sinceEnrollment: SINCE_ENROLLMENT }, [...required, 'sinceEnrollment'])] : [windowed];
  });
}

function engagementProperties(): Record<string, Schema> {
  return {
    type: typeTag('engagement'),
    action: choice(['received', 'opened', 'clicked'], 'What the customer did with a message.'),
    within: duration('Only messages at or after now minus this duration count.'),
    campaignId: uuid('Only messages of this campaign count.'),
  };
}
const ENGAGEMENT_DESCRIPTION = 'Customers who received, opened or clicked a message (of one campaign, when given) in a window.';

const CONDITION_SCHEMAS: Readonly<Record<ConditionType, string>> = {
  attribute: 'SegmentAttributeCondition',
  tag: 'SegmentTagCondition',
  consent: 'SegmentConsentCondition',
  birthday: 'SegmentBirthdayCondition',
  near: 'SegmentNearCondition',
  inside: 'SegmentInsideCondition',
  nearestStore: 'SegmentNearestStoreCondition',
  event: 'SegmentEventCondition',
  orders: 'SegmentOrdersCondition',
  rfm: 'SegmentRfmCondition',
  engagement: 'SegmentEngagementCondition',
  localTime: 'SegmentLocalTimeCondition',
  churnRisk: 'SegmentChurnRiskCondition',
};

const BRANCH_CONDITION_SCHEMAS: Readonly<Record<ConditionType, string>> = {
  ...CONDITION_SCHEMAS,
  event: 'BranchEventCondition',
  orders: 'BranchOrdersCondition',
  engagement: 'BranchEngagementCondition',
};

function conditionUnion(names: Readonly<Record<ConditionType, string>>, description: string): Schema {
  const mapping = Object.fromEntries(Object.entries(names).map(([type, name]) => [type, `#/components/schemas/${name}`]));
  return { type: 'object', description, oneOf: Object.values(names).map(ref), discriminator: { propertyName: 'type', mapping } };
}

// The root node and its three groups, for segment definitions (`Segment`) or branch conditions (`Branch`).
function tree(prefix: 'Segment' | 'Branch', root: string, leaf: string, description: string, example: unknown): Record<string, Schema> {
  const child = 'A group or a condition.';
  return {
    [root]: { description, example, oneOf: [ref(`${prefix}AllGroup`), ref(`${prefix}AnyGroup`), ref(`${prefix}NotGroup`), ref(leaf)] },
    [`${prefix}AllGroup`]: closed('Matches when every child matches; an empty list matches everyone.', { all: array(ref(root), child) }, ['all']),
    [`${prefix}AnyGroup`]: closed('Matches when at least one child matches; an empty list matches no one.', { any: array(ref(root), child) }, ['any']),
    [`${prefix}NotGroup`]: closed('Matches when its child does not.', { not: refTo(root, child) }, ['not']),
  };
}

const scoreRange = (description: string): Schema =>
  array(integer(1, 5, 'A quintile score, 1 (lowest) to 5 (highest).'), `${description} [min, max] scores from 1 to 5; min must not exceed max.`, 2, 2);
const churnScore = (description: string): Schema => integer(0, 100, description);

const DEFINITION_EXAMPLE = {
  all: [
    { type: 'near', storeId: '0b6f3c1e-8a4d-4c2b-9f1e-2d3c4b5a6978', radiusMeters: 2000 },
    { type: 'orders', metric: 'count', op: 'gte', value: 2, within: 'P90D' },
    { type: 'consent', channel: 'sms', status: 'granted' },
    { any: [{ type: 'tag', tag: 'vip', present: true }, { type: 'attribute', field: 'attributes.plan', op: 'in', value: ['gold', 'silver'] }] },
    { not: { type: 'engagement', action: 'clicked', within: 'P30D' } },
  ],
};
const BRANCH_EXAMPLE = {
  any: [{ type: 'orders', metric: 'count', op: 'gte', value: 1, sinceEnrollment: true }, { type: 'engagement', action: 'clicked', sinceEnrollment: true }],
};

/**
 * The segment rule tree as OpenAPI 3.0 schemas, keyed by component name, for
 * the `definition` of POST /v1/segments and /v1/segments/preview
 * (`SegmentDefinition`) and for campaign branch conditions (`BranchCondition`).
 * They accept exactly what `validateDefinition` accepts, except for what JSON
 * Schema cannot say, which only the validator (or the service) checks:
 * - nesting at most SEGMENT_LIMITS.maxDepth levels and at most
 *   SEGMENT_LIMITS.maxConditions conditions in the tree, `where` items included
 *   (the schema only bounds one `where` list);
 * - order between values: `between` low ≤ high (instants as moments), RFM
 *   ranges min ≤ max, churnRisk minScore ≤ maxScore;
 * - polygon rings: closed (last position = first), no position repeating the
 *   previous one, not self-intersecting, and latitudes within ±85° (OpenAPI 3.0
 *   has no per-position tuple schema, so both numbers are bounded by ±180);
 * - calendar validity of instants (2025-02-30T00:00Z has the right shape);
 *   dates are exact through `format: date`;
 * - durations at most 10 years, counted in 365-day years and 30-day months;
 * - lengths: the validator counts UTF-16 code units, JSON Schema counts
 *   characters, so text with characters outside the BMP can pass maxLength and
 *   still be refused;
 * - durations luxon reads oddly: `-P-1D` (one day) and a signed fraction of
 *   seconds (`PT1.-5S`) pass the validator but not the pattern;
 * - that stores and geofences named by id exist in the business
 *   (SegmentService; an engagement campaignId is not looked up).
 *
 * `sinceEnrollment` is only valid in campaign branch conditions (the validator's
 * `allowSinceEnrollment`), so it is not a property of the segment schemas at all:
 * `BranchCondition` is a second root whose groups and conditions are the
 * segment ones except event, orders and engagement, which become
 * `Branch<Type>Condition` schemas offering the `sinceEnrollment` alternative.
 * Discriminator mappings name every condition type (Ajv compiles them only
 * without `mapping`, which it derives from each schema's `type` enum).
 */
export const SEGMENT_DEFINITION_SCHEMAS: Readonly<Record<string, Record<string, unknown>>> = Object.freeze({
  ...tree('Segment', 'SegmentDefinition', 'SegmentCondition', 'A segment rule tree: a group ({ all }, { any }, { not }) or a condition with a type.', DEFINITION_EXAMPLE),
  SegmentCondition: conditionUnion(CONDITION_SCHEMAS, 'One condition on a customer, chosen by type.'),
  SegmentAttributeCondition: attributeCondition(),
  SegmentTagCondition: closed('Customers with (present: true) or without a tag.', {
    type: typeTag('tag'), tag: text('The tag.'), present: boolean('true: has the tag; false: does not.'),
  }, ['type', 'tag', 'present']),
  SegmentConsentCondition: closed('Customers whose consent on a channel has a status.', {
    type: typeTag('consent'),
    channel: choice(['email', 'sms', 'location'], 'The consent channel.'),
    status: choice(['granted', 'denied', 'unknown'], 'The consent status.'),
  }, ['type', 'channel', 'status']),
  SegmentBirthdayCondition: variants('birthday', 'Birthday in the next N days or in a month, in the customer\'s time zone; exactly one of withinNextDays or month.', [
    closed('Birthday in the next N days.', {
      type: typeTag('birthday'), withinNextDays: integer(0, maxWithinNextDays, 'Days ahead; 0 = today.'),
    }, ['type', 'withinNextDays']),
    closed('Birthday in a calendar month.', { type: typeTag('birthday'), month: integer(1, 12, 'The month, 1 = January.') }, ['type', 'month']),
  ]),
  SegmentNearCondition: variants('near', 'Customers within a radius of a store or of a point; exactly one of storeId or lat and lng.', [
    closed('Within a radius of a store.', {
      type: typeTag('near'), storeId: uuid('The store (location) id.'), radiusMeters: number('The radius in meters.', 1, maxRadiusMeters),
    }, ['type', 'storeId', 'radiusMeters']),
    closed('Within a radius of a point.', {
      type: typeTag('near'),
      lat: number('Latitude in degrees.', -90, 90),
      lng: number('Longitude in degrees.', -180, 180),
      radiusMeters: number('The radius in meters.', 1, maxRadiusMeters),
    }, ['type', 'lat', 'lng', 'radiusMeters']),
  ]),
  SegmentInsideCondition: variants('inside', 'Customers inside a saved geofence or a polygon; exactly one of geofenceId or polygon.', [
    closed('Inside a saved geofence.', { type: typeTag('inside'), geofenceId: uuid('The geofence id.') }, ['type', 'geofenceId']),
    closed('Inside a polygon.', { type: typeTag('inside'), polygon: refTo('GeoJsonPolygon', 'The area.') }, ['type', 'polygon']),
  ]),
  SegmentNearestStoreCondition: closed('Customers whose nearest store is this one.', {
    type: typeTag('nearestStore'), storeId: uuid('The store (location) id.'),
  }, ['type', 'storeId']),
  SegmentEventCondition: variants('event', EVENT_DESCRIPTION, eventTypeAlternatives((naming, key) =>
    closed(`Events of a type given as ${key}.`, { ...eventProperties(), ...naming }, ['type', key]))),
  SegmentOrdersCondition: variants('orders', `${ORDERS_DESCRIPTION} value is a whole number for count.`, ordersAlternatives(false)),
  SegmentRfmCondition: {
    ...closed('RFM quintile scores among the business\'s customers with orders; at least one of recency, frequency or monetary.', {
      type: typeTag('rfm'), recency: scoreRange('Recency score range.'), frequency: scoreRange('Frequency score range.'), monetary: scoreRange('Monetary score range.'),
    }, ['type']),
    minProperties: 2,
  },
  SegmentEngagementCondition: closed(ENGAGEMENT_DESCRIPTION, engagementProperties(), ['type', 'action', 'within']),
  SegmentLocalTimeCondition: {
    ...closed('The customer\'s local clock now; at least one of hours or weekdays.', {
      type: typeTag('localTime'),
      hours: array(integer(0, 23, 'An hour, 0 to 23.'), '[from, to] hours inclusive; wraps past midnight when from > to.', 2, 2),
      weekdays: { ...array(integer(1, 7, 'An ISO weekday, 1 = Monday.'), '1 to 7 different ISO weekdays.', 1, 7), uniqueItems: true },
    }, ['type']),
    minProperties: 2,
  },
  SegmentChurnRiskCondition: {
    ...closed('Churn risk (0–100) of customers with orders; at least one of level, minScore or maxScore.', {
      type: typeTag('churnRisk'),
      level: choice(['low', 'medium', 'high'], 'low 0–29, medium 30–59, high 60–100.'),
      minScore: churnScore('Lowest score, 0 to 100; not above maxScore.'),
      maxScore: churnScore('Highest score, 0 to 100.'),
    }, ['type']),
    minProperties: 2,
  },
  SegmentPropertyCondition: propertyCondition(),
  SegmentOccurrenceWindow: {
    type: 'object', description: 'A window relative to now: exactly one of within or before.',
    oneOf: [
      closed('At or after now minus the duration.', { within: duration('The window.') }, ['within']),
      closed('Earlier than now minus the duration.', { before: duration('The window.') }, ['before']),
    ],
  },
  GeoJsonPolygon: closed('A GeoJSON Polygon with one closed ring that does not cross itself (holes are not supported).', {
    type: choice(['Polygon'], 'Always `Polygon`.'),
    coordinates: array(
      array(
        array(number(`Longitude (−180 to 180), then latitude (−${MAX_MERCATOR_LAT} to ${MAX_MERCATOR_LAT}), then an optional altitude (ignored).`, -180, 180), 'A [lng, lat] or [lng, lat, altitude] position (RFC 7946).', 2, 3),
        `The ring: ${minPolygonPositions} to ${maxPolygonPositions} positions, the last equal to the first.`, minPolygonPositions, maxPolygonPositions,
      ),
      'Exactly one ring.', 1, 1,
    ),
  }, ['type', 'coordinates']),
  ...tree('Branch', 'BranchCondition', 'BranchRuleCondition', 'A campaign branch condition: a segment rule tree whose event, orders and engagement conditions may count sinceEnrollment.', BRANCH_EXAMPLE),
  BranchRuleCondition: conditionUnion(BRANCH_CONDITION_SCHEMAS, 'One condition of a campaign branch, chosen by type.'),
  BranchEventCondition: variants('event', `${EVENT_DESCRIPTION} In a branch, sinceEnrollment may replace within.`, [
    ...eventTypeAlternatives((naming, key) => closed(`Events all time or within a window, their type given as ${key}.`, { ...eventProperties(), ...naming }, ['type', key])),
    ...eventTypeAlternatives((naming, key) =>
      closed(`Events since enrolment, their type given as ${key}.`, { ...omit(eventProperties(), 'within'), ...naming, sinceEnrollment: SINCE_ENROLLMENT }, ['type', key, 'sinceEnrollment'])),
  ]),
  BranchOrdersCondition: variants('orders', `${ORDERS_DESCRIPTION} In a branch, sinceEnrollment may replace within.`, ordersAlternatives(true)),
  BranchEngagementCondition: variants('engagement', `${ENGAGEMENT_DESCRIPTION} In a branch, sinceEnrollment may replace within or be narrowed by it.`, [
    closed('Messages within a window.', engagementProperties(), ['type', 'action', 'within']),
    closed('Messages since enrolment (and within the window, when given).', { ...engagementProperties(), sinceEnrollment: SINCE_ENROLLMENT }, ['type', 'action', 'sinceEnrollment']),
  ]),
});
