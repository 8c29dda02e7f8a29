import { atKeySql } from './keyset-cursor';
import { ENGAGEMENT_KINDS, SEGMENT_EVENT_TYPES, SOURCE_ID_TYPE, TIMELINE_SOURCES, type TimelinePosition, type TimelineSource } from './timeline.types';

/** Positional parameters added as a statement is written (PostgreSQL refuses a parameter the text never uses). */
export class SqlParams {
  readonly values: unknown[] = [];

  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }

  /** A parameter added on first use only. */
  lazy(value: unknown): () => string {
    let placeholder: string | undefined;
    return () => (placeholder ??= this.add(value));
  }
}

const quoted = (values: readonly string[]) => values.map((v) => `'${v}'`).join(', ');
const UUID_TEXT = '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$';

/**
 * One source of the timeline: a keyset read of `from` newest first on an
 * index led by (business_id, customer_id, time) — `filter` is that index's
 * predicate when it is partial — then the few joins its page needs for names.
 * `$B` stands for the business parameter.
 */
interface SourceSpec {
  from: string;
  alias: string;
  time: string;
  filter?: string;
  columns: string;
  joins?: string;
  detail: string;
}

const CAMPAIGN_JOIN = 'LEFT JOIN campaign k ON k.business_id = $B AND k.id = t.campaign_id';

const enrollment = (change: 'entered' | 'ended'): SourceSpec => ({
  from: 'enrollment n',
  alias: 'n',
  time: change === 'entered' ? 'n.enrolled_at' : 'n.ended_at',
  filter: change === 'ended' ? 'n.ended_at IS NOT NULL' : undefined,
  columns: 'n.campaign_id, n.version, n.state, n.end_reason, n.holdout',
  joins: CAMPAIGN_JOIN,
  detail: `jsonb_build_object('change', '${change}', 'campaignId', t.campaign_id, 'campaignName', k.name, 'version', t.version, 'state', t.state,
    'endReason', t.end_reason, 'holdout', t.holdout)`,
});

const SOURCES: Record<TimelineSource, SourceSpec> = {
  event: {
    from: 'event e',
    alias: 'e',
    time: 'e.occurred_at',
    filter: `e.type NOT IN (${quoted(SEGMENT_EVENT_TYPES)})`,
    columns: 'e.type, e.source, e.properties',
    detail: `jsonb_build_object('type', t.type, 'source', t.source, 'properties', t.properties)`,
  },
  segment: {
    from: 'event e',
    alias: 'e',
    time: 'e.occurred_at',
    filter: `e.type IN (${quoted(SEGMENT_EVENT_TYPES)})`,
    // Integrators may send events of these types too: a segmentId that is no uuid names no segment.
    columns: `e.type, CASE WHEN e.properties->>'segmentId' ~ '${UUID_TEXT}' THEN (e.properties->>'segmentId')::uuid END AS segment_id`,
    joins: 'LEFT JOIN segment s ON s.business_id = $B AND s.id = t.segment_id',
    detail: `jsonb_build_object('change', CASE t.type WHEN 'segment_entered' THEN 'entered' ELSE 'exited' END, 'segmentId', t.segment_id, 'segmentName', s.name)`,
  },
  order: {
    from: 'orders o',
    alias: 'o',
    time: 'o.occurred_at',
    columns: 'o.external_id, o.total, o.currency, o.channel, o.location_id, o.coupon_code, jsonb_array_length(o.items) AS item_count',
    joins: 'LEFT JOIN location l ON l.business_id = $B AND l.id = t.location_id',
    detail: `jsonb_build_object('externalId', t.external_id, 'total', t.total, 'currency', trim(t.currency), 'channel', t.channel, 'locationId', t.location_id,
      'locationName', l.name, 'couponCode', t.coupon_code, 'itemCount', t.item_count)`,
  },
  message: {
    from: 'message m',
    alias: 'm',
    time: 'm.created_at',
    columns: 'm.channel, m.status, m.campaign_id, m.campaign_version, m.step_id, m.variant, m.template_id, m.sent_at, m.delivered_at, m.error_code',
    joins: `${CAMPAIGN_JOIN} LEFT JOIN template tp ON tp.business_id = $B AND tp.id = t.template_id`,
    detail: `jsonb_build_object('channel', t.channel, 'status', t.status, 'campaignId', t.campaign_id, 'campaignName', k.name, 'campaignVersion', t.campaign_version,
      'stepId', t.step_id, 'variant', t.variant, 'templateId', t.template_id, 'templateName', tp.name, 'sentAt', t.sent_at, 'deliveredAt', t.delivered_at,
      'errorCode', t.error_code)`,
  },
  engagement: {
    from: 'engagement g',
    alias: 'g',
    time: 'g.occurred_at',
    filter: `g.type IN (${quoted(ENGAGEMENT_KINDS)})`,
    columns: 'g.type, g.message_id, g.campaign_id, g.step_id, g.variant, g.machine, g.url',
    joins: `LEFT JOIN message m ON m.business_id = $B AND m.id = t.message_id ${CAMPAIGN_JOIN}`,
    detail: `jsonb_build_object('type', t.type, 'messageId', t.message_id, 'channel', m.channel, 'campaignId', t.campaign_id, 'campaignName', k.name,
      'stepId', t.step_id, 'variant', t.variant, 'machine', t.machine, 'url', t.url)`,
  },
  consent: {
    from: 'consent_change c',
    alias: 'c',
    time: 'c.at',
    columns: 'c.channel, c.status, c.source, c.recorded_at',
    detail: `jsonb_build_object('channel', t.channel, 'status', t.status, 'source', t.source, 'recordedAt', t.recorded_at)`,
  },
  enrollment_entered: enrollment('entered'),
  enrollment_ended: enrollment('ended'),
};

const RANK = new Map<TimelineSource, number>(TIMELINE_SOURCES.map((s, i) => [s, i]));

/** The condition "after `position` in the timeline order" on one source's (time, id), see compareTimelinePositions. */
function afterPosition(source: TimelineSource, spec: SourceSpec, position: TimelinePosition, at: () => string, id: () => string): string {
  const rank = RANK.get(source)!;
  const cursorRank = RANK.get(position.source)!;
  if (rank > cursorRank) return `${spec.time} <= ${at()}`;
  if (rank < cursorRank) return `${spec.time} < ${at()}`;
  return `(${spec.time}, ${spec.alias}.id) < (${at()}, ${id()}::${SOURCE_ID_TYPE[source]})`;
}

export interface TimelineStatementInput {
  businessId: string;
  customerId: string;
  sources: readonly TimelineSource[];
  /** Rows to read per source (the page size + 1). */
  perSource: number;
  after?: TimelinePosition;
  before?: Date;
}

/**
 * The timeline's one statement: each source's keyset page, read on its own
 * index, side by side (UNION ALL of LIMITed subqueries, never a sort of the
 * union). Rows: source, at_key, id, detail (jsonb). The pages are merged by
 * the caller.
 */
export function timelineStatement(input: TimelineStatementInput): { sql: string; params: unknown[] } {
  const p = new SqlParams();
  const business = p.add(input.businessId);
  const customer = p.add(input.customerId);
  const limit = p.add(input.perSource);
  const at = p.lazy(input.after?.atKey);
  const id = p.lazy(input.after?.id);
  const before = p.lazy(input.before);
  const branches = input.sources.map((source) => {
    const spec = SOURCES[source];
    const where = [`${spec.alias}.business_id = ${business}`, `${spec.alias}.customer_id = ${customer}`];
    if (spec.filter) where.push(spec.filter);
    if (input.after) where.push(afterPosition(source, spec, input.after, () => `${at()}::timestamptz`, id));
    if (input.before) where.push(`${spec.time} < ${before()}::timestamptz`);
    const joins = (spec.joins ?? '').split('$B').join(business);
    return `(SELECT '${source}' AS source, ${atKeySql('t.at')} AS at_key, t.id::text AS id, ${spec.detail.split('$B').join(business)} AS detail
   FROM (SELECT ${spec.alias}.id, ${spec.time} AS at, ${spec.columns} FROM ${spec.from}
          WHERE ${where.join(' AND ')}
          ORDER BY ${spec.time} DESC, ${spec.alias}.id DESC LIMIT ${limit}) t ${joins})`;
  });
  return { sql: branches.join('\nUNION ALL\n'), params: p.values };
}
