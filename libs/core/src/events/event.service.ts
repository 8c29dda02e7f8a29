import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { readCreateCustomer, readCustomerRef, refKey } from '../customers/customer-ref';
import { CustomerResolver } from '../customers/customer-resolver';
import type { CustomerRef } from '../customers/customer.types';
import { DomainError } from '../errors/domain-error';
import type { Tenant } from '../tenancy/tenant';
import { isPlainObject, parseTimestamp, ProblemList } from '../validation/field-checks';
import { EventRepository, type NewEvent } from './event.repository';
import { SegmentStalenessRepository } from '../ops/segment-staleness.repository';

export const EVENT_LIMITS = { maxBatch: 1000, maxPropertiesBytes: 32 * 1024, typePattern: /^[A-Za-z][A-Za-z0-9_.:-]{0,63}$/ };

export interface EventIngestResult {
  accepted: number;
  duplicates: number;
  /** customerCreated: the event's customer did not exist before this request and was created from its reference. */
  events: { index: number; id: string | null; status: 'created' | 'duplicate'; customerCreated: boolean }[];
}

interface ValidEvent {
  ref: CustomerRef;
  path: string;
  create: boolean;
  event: Omit<NewEvent, 'customerId'>;
}

const EVENT_FIELDS = ['type', 'customer', 'properties', 'occurredAt', 'idempotencyKey', 'createCustomer'];

/** `createCustomer` is the batch's flag (default true), which an event of the batch may override. */
function readEvent(raw: unknown, path: string, createCustomer: boolean, tenant: Tenant, now: Date, out: ProblemList): ValidEvent | undefined {
  const before = out.problems.length;
  if (!isPlainObject(raw)) {
    out.add(path || 'body', 'must be an event object');
    return undefined;
  }
  const at = (field: string) => (path ? `${path}.${field}` : field);
  for (const key of Object.keys(raw)) {
    if (!EVENT_FIELDS.includes(key)) out.add(at(key), 'is not a known event field');
  }
  if (typeof raw.type !== 'string' || !EVENT_LIMITS.typePattern.test(raw.type)) {
    out.add(at('type'), 'must start with a letter and hold up to 64 letters, digits, _ . : -');
  }
  const ref = readCustomerRef(raw.customer, at('customer'), tenant.business.country, out);
  const create = readCreateCustomer(raw.createCustomer, at('createCustomer'), createCustomer, out);
  const properties = raw.properties ?? {};
  if (!isPlainObject(properties)) out.add(at('properties'), 'must be a JSON object');
  else if (Buffer.byteLength(JSON.stringify(properties)) > EVENT_LIMITS.maxPropertiesBytes) {
    out.add(at('properties'), `must be at most ${EVENT_LIMITS.maxPropertiesBytes} bytes of JSON`);
  }
  let occurredAt = now;
  if (raw.occurredAt !== undefined) {
    const parsed = parseTimestamp(raw.occurredAt);
    if (!parsed) out.add(at('occurredAt'), 'must be an ISO-8601 timestamp with a time zone');
    else if (parsed.getTime() > now.getTime() + 24 * 3600_000) out.add(at('occurredAt'), 'must not be more than a day in the future');
    else occurredAt = parsed;
  }
  const key = raw.idempotencyKey;
  if (key !== undefined && key !== null && (typeof key !== 'string' || key.length === 0 || key.length > 255)) {
    out.add(at('idempotencyKey'), 'must be a string of 1 to 255 characters');
  }
  if (out.problems.length > before || !ref) return undefined;
  return {
    ref,
    path: at('customer'),
    create,
    event: { type: raw.type as string, properties: properties as Record<string, unknown>, occurredAt, source: 'api', idempotencyKey: (key as string | undefined) ?? null },
  };
}

@Injectable()
export class EventService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly events: EventRepository,
    private readonly resolver: CustomerResolver,
    private readonly staleness: SegmentStalenessRepository,
  ) {}

  /**
   * Records one event or a batch: all valid or nothing written. An unknown
   * externalId/email/phone creates the customer unless createCustomer is false,
   * which makes it a 422 naming the reference.
   */
  async ingest(tenant: Tenant, body: unknown, now = new Date()): Promise<EventIngestResult> {
    const out = new ProblemList();
    const batch = isPlainObject(body) && 'events' in body;
    const rawEvents = batch ? (body as { events: unknown }).events : [body];
    if (!Array.isArray(rawEvents) || rawEvents.length === 0) throw DomainError.invalid('INVALID_EVENTS', [{ field: 'events', message: 'must be a non-empty array' }]);
    if (rawEvents.length > EVENT_LIMITS.maxBatch) {
      throw DomainError.invalid('INVALID_EVENTS', [{ field: 'events', message: `must hold at most ${EVENT_LIMITS.maxBatch} events` }]);
    }
    let createCustomer = true;
    if (batch) {
      for (const key of Object.keys(body as object)) if (key !== 'events' && key !== 'createCustomer') out.add(key, 'is not a known field of an event batch');
      createCustomer = readCreateCustomer((body as { createCustomer?: unknown }).createCustomer, 'createCustomer', true, out);
    }
    const valid = rawEvents.map((raw, i) => readEvent(raw, batch ? `events[${i}]` : '', createCustomer, tenant, now, out));
    if (!out.ok) throw DomainError.invalid('INVALID_EVENTS', out.problems);
    const events = valid as ValidEvent[];
    return this.dataSource.transaction(async (tx) => {
      const customers = await this.resolver.resolveAll(tx, tenant.businessId, events);
      const customerOf = (e: ValidEvent) => customers.get(refKey(e.ref))!;
      const inserted = await this.events.insertBatch(
        tx,
        tenant.businessId,
        events.map((e) => ({ ...e.event, customerId: customerOf(e).id })),
      );
      const results = inserted.map((id, index) => ({
        index, id: id ?? null, status: id ? ('created' as const) : ('duplicate' as const), customerCreated: customerOf(events[index]).created,
      }));
      const accepted = results.filter((r) => r.status === 'created').length;
      await this.staleness.markStale(tx, tenant.businessId, events.filter((_, i) => inserted[i]).map((e) => `event:${e.event.type}`));
      return { accepted, duplicates: results.length - accepted, events: results };
    });
  }
}
