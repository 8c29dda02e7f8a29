import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { StoredEvent } from '@localreach/core';
import { atKeySql } from './keyset-cursor';
import { SqlParams } from './timeline-sources.sql';
import { SEGMENT_EVENT_TYPES } from './timeline.types';

export interface TimeWindow {
  /** Inclusive. */
  from?: Date;
  /** Exclusive. */
  to?: Date;
}

export interface EventListFilter extends TimeWindow {
  type?: string;
  customerId?: string;
  after?: { atKey: string; id: string };
  limit: number;
}

export interface MessageListFilter extends TimeWindow {
  campaignId?: string;
  customerId?: string;
  channel?: 'email' | 'sms';
  status?: string;
  after?: { atKey: string; id: string };
  limit: number;
}

/** A stored event with the exact time key its cursor is made of. */
export type ListedEvent = StoredEvent & { atKey: string };

export interface ListedMessage {
  id: string;
  customerId: string;
  campaignId: string | null;
  campaignVersion: number | null;
  enrollmentId: string | null;
  stepId: string | null;
  variant: string | null;
  templateId: string | null;
  channel: 'email' | 'sms';
  status: string;
  heldReason: string | null;
  errorCode: string | null;
  attempts: number;
  smsSegments: number | null;
  cost: number | null;
  providerId: string | null;
  createdAt: Date;
  sentAt: Date | null;
  deliveredAt: Date | null;
  updatedAt: Date;
  atKey: string;
}

const EVENT_COLUMNS = `id::text AS id, customer_id AS "customerId", type, properties, occurred_at AS "occurredAt", received_at AS "receivedAt", source,
  idempotency_key AS "idempotencyKey", ${atKeySql('occurred_at')} AS "atKey"`;

// No addresses, subjects or bodies: what was sent to whom is read per customer, where erasure applies.
const MESSAGE_COLUMNS = `id, customer_id AS "customerId", campaign_id AS "campaignId", campaign_version AS "campaignVersion", enrollment_id AS "enrollmentId",
  step_id AS "stepId", variant, template_id AS "templateId", channel, status, held_reason AS "heldReason", error_code AS "errorCode", attempts,
  sms_segments AS "smsSegments", cost::float8 AS cost, provider_id AS "providerId", created_at AS "createdAt", sent_at AS "sentAt",
  delivered_at AS "deliveredAt", updated_at AS "updatedAt", ${atKeySql('created_at')} AS "atKey"`;

/** Conditions of a newest-first keyset page on (time, id), with the time window. */
function pageConditions(p: SqlParams, time: string, idType: 'bigint' | 'uuid', filter: TimeWindow & { after?: { atKey: string; id: string } }): string[] {
  const where: string[] = [];
  if (filter.from) where.push(`${time} >= ${p.add(filter.from)}::timestamptz`);
  if (filter.to) where.push(`${time} < ${p.add(filter.to)}::timestamptz`);
  if (filter.after) where.push(`(${time}, id) < (${p.add(filter.after.atKey)}::timestamptz, ${p.add(filter.after.id)}::${idType})`);
  return where;
}

/** Business-wide listings for integrators, newest first; every method is scoped to a business. */
@Injectable()
export class ActivityListRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Events newest first. Each filter combination reads an index in order:
   * (business, time) for all events, (business, type, time) by type, and a
   * customer's events as the merge of the two customer indexes (segment
   * entries/exits and the rest; see the consent-history migration).
   */
  async events(businessId: string, filter: EventListFilter): Promise<ListedEvent[]> {
    const p = new SqlParams();
    const where = [`business_id = ${p.add(businessId)}`];
    if (filter.customerId !== undefined) where.push(`customer_id = ${p.add(filter.customerId)}`);
    if (filter.type !== undefined) where.push(`type = ${p.add(filter.type)}`);
    where.push(...pageConditions(p, 'occurred_at', 'bigint', filter));
    const limit = p.add(filter.limit);
    const page = (extra: string[]) => `SELECT ${EVENT_COLUMNS} FROM event WHERE ${[...where, ...extra].join(' AND ')} ORDER BY occurred_at DESC, id DESC LIMIT ${limit}`;
    const segmentTypes = SEGMENT_EVENT_TYPES.map((t) => `'${t}'`).join(', ');
    const sql = filter.customerId !== undefined && filter.type === undefined
      ? `SELECT * FROM ((${page([`type NOT IN (${segmentTypes})`])}) UNION ALL (${page([`type IN (${segmentTypes})`])})) x
          ORDER BY "occurredAt" DESC, id::bigint DESC LIMIT ${limit}`
      : page([]);
    return this.dataSource.query<ListedEvent[]>(sql, p.values);
  }

  /**
   * Messages newest first by creation (queueing) time: (business, customer,
   * time) with a customer, otherwise (business, time) with the other filters
   * applied along the scan (the planner may prefer the campaign index for a
   * small campaign).
   */
  async messages(businessId: string, filter: MessageListFilter): Promise<ListedMessage[]> {
    const p = new SqlParams();
    const where = [`business_id = ${p.add(businessId)}`];
    if (filter.customerId !== undefined) where.push(`customer_id = ${p.add(filter.customerId)}`);
    if (filter.campaignId !== undefined) where.push(`campaign_id = ${p.add(filter.campaignId)}`);
    if (filter.channel !== undefined) where.push(`channel = ${p.add(filter.channel)}`);
    if (filter.status !== undefined) where.push(`status = ${p.add(filter.status)}`);
    where.push(...pageConditions(p, 'created_at', 'uuid', filter));
    return this.dataSource.query<ListedMessage[]>(
      `SELECT ${MESSAGE_COLUMNS} FROM message WHERE ${where.join(' AND ')} ORDER BY created_at DESC, id DESC LIMIT ${p.add(filter.limit)}`,
      p.values,
    );
  }
}
