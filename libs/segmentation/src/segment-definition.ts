/**
 * The segment rule tree as stored in `segment.definition` (camelCase JSON).
 * A node is a group (`all` / `any` / `not`) or a condition with a `type`.
 * Shapes are checked by `validateDefinition`; the compiler and the evaluator
 * only ever see validated trees.
 */
export type SegmentDefinition = SegmentNode;

export type SegmentNode = AllGroup | AnyGroup | NotGroup | SegmentCondition;

/** Every child matches (an empty list matches everyone). */
export interface AllGroup {
  all: SegmentNode[];
}

/** At least one child matches (an empty list matches no one). */
export interface AnyGroup {
  any: SegmentNode[];
}

export interface NotGroup {
  not: SegmentNode;
}

export type SegmentCondition =
  | AttributeCondition
  | TagCondition
  | ConsentCondition
  | BirthdayCondition
  | NearCondition
  | InsideCondition
  | NearestStoreCondition
  | EventCondition
  | OrdersCondition
  | RfmCondition
  | EngagementCondition
  | LocalTimeCondition
  | ChurnRiskCondition;

export type ConditionType = SegmentCondition['type'];

export const CONDITION_TYPES: readonly ConditionType[] = [
  'attribute', 'tag', 'consent', 'birthday', 'near', 'inside', 'nearestStore', 'event', 'orders', 'rfm', 'engagement', 'localTime', 'churnRisk',
];

export type AttributeOp = 'eq' | 'neq' | 'lt' | 'lte' | 'gt' | 'gte' | 'in' | 'contains' | 'exists' | 'between';
export const ATTRIBUTE_OPS: readonly AttributeOp[] = ['eq', 'neq', 'lt', 'lte', 'gt', 'gte', 'in', 'contains', 'exists', 'between'];

/** A JSON scalar a condition compares with. */
export type Scalar = string | number | boolean;

/** Columns of `customer` a rule may name directly. */
export type BuiltInField =
  | 'externalId' | 'email' | 'phone' | 'firstName' | 'lastName' | 'birthday' | 'timezone' | 'createdAt' | 'updatedAt' | 'lat' | 'lng';

/** How a built-in field's values are typed: text, a number, a calendar date ("YYYY-MM-DD") or an instant (ISO-8601 with offset). */
export type BuiltInKind = 'text' | 'number' | 'date' | 'instant';

export const BUILT_IN_FIELDS: Readonly<Record<BuiltInField, { column: string; kind: BuiltInKind }>> = {
  externalId: { column: 'external_id', kind: 'text' },
  email: { column: 'email', kind: 'text' },
  phone: { column: 'phone', kind: 'text' },
  firstName: { column: 'first_name', kind: 'text' },
  lastName: { column: 'last_name', kind: 'text' },
  birthday: { column: 'birthday', kind: 'date' },
  timezone: { column: 'timezone', kind: 'text' },
  createdAt: { column: 'created_at', kind: 'instant' },
  updatedAt: { column: 'updated_at', kind: 'instant' },
  lat: { column: 'lat', kind: 'number' },
  lng: { column: 'lng', kind: 'number' },
};

/** Prefix of custom attribute fields: `attributes.<key>`. */
export const ATTRIBUTE_PREFIX = 'attributes.';

/**
 * A comparison on one value. For `attributes.<key>` and event properties the
 * JSON type of `value` decides the comparison: numbers compare only with
 * numeric JSON values, strings only with strings. `neq` is the negation of
 * `eq` (a missing value is "not equal"); every other op needs a present value.
 */
export type ValueComparison =
  | { op: 'eq' | 'neq'; value: Scalar }
  | { op: 'lt' | 'lte' | 'gt' | 'gte'; value: string | number }
  | { op: 'in'; value: Scalar[] }
  | { op: 'contains'; value: Scalar }
  | { op: 'exists'; value: boolean }
  | { op: 'between'; value: [string, string] | [number, number] };

export type AttributeCondition = { type: 'attribute'; field: string } & ValueComparison;

/** A condition on one property of an event: `field` is the property key. */
export type PropertyCondition = { type?: 'attribute'; field: string } & ValueComparison;

export interface TagCondition {
  type: 'tag';
  tag: string;
  present: boolean;
}

export type ConsentChannel = 'email' | 'sms' | 'location';
export type ConsentState = 'granted' | 'denied' | 'unknown';

export interface ConsentCondition {
  type: 'consent';
  channel: ConsentChannel;
  status: ConsentState;
}

/** Birthday in the next N days (0 = today), or in a calendar month; in the customer's time zone. */
export type BirthdayCondition = { type: 'birthday'; withinNextDays: number } | { type: 'birthday'; month: number };

export type NearCondition =
  | { type: 'near'; storeId: string; radiusMeters: number }
  | { type: 'near'; lat: number; lng: number; radiusMeters: number };

export interface GeoJsonPolygon {
  type: 'Polygon';
  /** One closed ring of [lng, lat] positions (holes are not supported). */
  coordinates: [number, number][][];
}

export type InsideCondition = { type: 'inside'; geofenceId: string } | { type: 'inside'; polygon: GeoJsonPolygon };

export interface NearestStoreCondition {
  type: 'nearestStore';
  storeId: string;
}

export type CountOp = 'eq' | 'neq' | 'lt' | 'lte' | 'gt' | 'gte';
export const COUNT_OPS: readonly CountOp[] = ['eq', 'neq', 'lt', 'lte', 'gt', 'gte'];

/** A window relative to `now`: `within` = at or after now − duration, `before` = earlier than that. */
export type OccurrenceWindow = { within: string } | { before: string };

export interface EventCondition {
  type: 'event';
  /** The event's type, as sent in POST /v1/events (`name` is accepted on input as a deprecated alias). */
  eventType: string;
  where?: PropertyCondition[];
  /** ISO-8601 duration: only events at or after now − within count. */
  within?: string;
  /** Default `{ op: 'gte', value: 1 }`. */
  count?: { op: CountOp; value: number };
  first?: OccurrenceWindow;
  last?: OccurrenceWindow;
  /** Campaign branch conditions only: count events since the customer was enrolled (then `within` is absent). */
  sinceEnrollment?: true;
}

export type OrdersMetric = 'count' | 'sum' | 'avg';

/** Count and sum of no orders are 0; the average of no orders is undefined and never matches. */
export interface OrdersCondition {
  type: 'orders';
  metric: OrdersMetric;
  op: CountOp;
  value: number;
  within?: string;
  /** Campaign branch conditions only: count orders since the customer was enrolled (then `within` is absent). */
  sinceEnrollment?: true;
}

export type ScoreRange = [number, number];

/** RFM quintile scores 1–5 among the business's customers with at least one order. */
export interface RfmCondition {
  type: 'rfm';
  recency?: ScoreRange;
  frequency?: ScoreRange;
  monetary?: ScoreRange;
}

/** Churn risk (score 0–100 from recency and frequency: analytics statistics churnRisk, as in the overview report); customers who never ordered have none. */
export interface ChurnRiskCondition {
  type: 'churnRisk';
  /** low 0–29, medium 30–59, high 60–100. */
  level?: 'low' | 'medium' | 'high';
  minScore?: number;
  maxScore?: number;
}

export type EngagementAction = 'received' | 'opened' | 'clicked';

export interface EngagementCondition {
  type: 'engagement';
  action: EngagementAction;
  /** Required unless `sinceEnrollment`; with both, the later of the two starts counts. */
  within?: string;
  campaignId?: string;
  /** Campaign branch conditions only: engagement since the customer was enrolled. */
  sinceEnrollment?: true;
}

/** The customer's local clock at `now`: hours inclusive (wrapping past midnight when from > to), ISO weekdays 1 = Monday. */
export interface LocalTimeCondition {
  type: 'localTime';
  hours?: [number, number];
  weekdays?: number[];
}

/** What both the compiler and the evaluator need besides the rule tree. */
export interface SegmentContext {
  businessId: string;
  /** Evaluation instant: windows, birthdays and local time are relative to it. */
  now: Date;
  /** Fallback when a customer has no time zone; also the zone calendar durations (P1M) are counted in. */
  businessTimezone: string;
  /**
   * When the customer was enrolled in a campaign: the start of
   * `sinceEnrollment` windows (branch conditions evaluated for one enrolment).
   */
  enrolledAt?: Date;
  /**
   * How the compiler evaluates event and order conditions: `correlated`
   * (default) probes each candidate customer's rows, fast when other
   * conditions are selective (a radius); `aggregate` groups the rows once and
   * joins the result, fast when every customer is a candidate (a whole-base
   * refresh). Both return the same members; the evaluator ignores it.
   */
  behaviour?: 'correlated' | 'aggregate';
}

export const SEGMENT_LIMITS = {
  maxDepth: 10,
  maxConditions: 200,
  maxStringLength: 256,
  maxInValues: 1000,
  minPolygonPositions: 4,
  maxPolygonPositions: 2000,
  /** Positions of all the polygons of one definition: bounds the self-intersection checks (O(n²) per ring) of one request. */
  maxTotalPolygonPositions: 10_000,
  maxRadiusMeters: 100_000,
  maxWithinNextDays: 366,
  maxDurationYears: 10,
} as const;

export function isAllGroup(node: SegmentNode): node is AllGroup {
  return 'all' in node;
}

export function isAnyGroup(node: SegmentNode): node is AnyGroup {
  return 'any' in node;
}

export function isNotGroup(node: SegmentNode): node is NotGroup {
  return 'not' in node;
}
