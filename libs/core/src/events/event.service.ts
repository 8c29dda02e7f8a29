import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, type Clock } from '../clock';
import { DataSource } from 'typeorm';
import { isUuid, refKey } from '../customers/customer-ref';
import { CustomerResolver } from '../customers/customer-resolver';
import type { CustomerRef } from '../customers/customer.types';
import { DomainError } from '../errors/domain-error';
import type { Tenant } from '../tenancy/tenant';
import { customerRefOf } from '../validation/customer-ref.input';
import { parseTimestamp, ProblemList } from '../validation/field-checks';
import type { EventBatchInput, EventInput } from './event.input';
import { EventIngestQueue } from './event-ingest-queue';
import { EventRepository, type NewEvent } from './event.repository';
import { SegmentStalenessRepository } from '../ops/segment-staleness.repository';

const MAX_AHEAD_MS = 24 * 3600_000;

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

/**
 * A checked event as stored, after the checks EventInput cannot make: the
 * customer's phone read in the business's country, occurredAt at most a day
 * ahead of `now`. `createCustomer` is the batch's flag, which the event may override.
 */
function eventOf(input: EventInput, path: string, createCustomer: boolean, tenant: Tenant, now: Date, out: ProblemList): ValidEvent | undefined {
  const at = (field: string) => (path ? `${path}.${field}` : field);
  const ref = customerRefOf(input.customer, at('customer'), tenant.business.country, out);
  const occurredAt = input.occurredAt === undefined ? now : parseTimestamp(input.occurredAt)!;
  const tooFarAhead = occurredAt.getTime() > now.getTime() + MAX_AHEAD_MS;
  if (tooFarAhead) out.add(at('occurredAt'), 'must not be more than a day in the future');
  if (!ref || tooFarAhead) return undefined;
  return {
    ref,
    path: at('customer'),
    create: input.createCustomer ?? createCustomer,
    event: { type: input.type, properties: input.properties ?? {}, occurredAt, source: 'api', idempotencyKey: input.idempotencyKey ?? null },
  };
}

@Injectable()
export class EventService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly events: EventRepository,
    private readonly resolver: CustomerResolver,
    private readonly staleness: SegmentStalenessRepository,
    private readonly queue: EventIngestQueue,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /**
   * Records one event or a batch (checked by parseEventBody): all valid or nothing written. An unknown
   * externalId/email/phone creates the customer unless createCustomer is false,
   * which makes it a 422 naming the reference.
   */
  async ingest(tenant: Tenant, body: EventInput | EventBatchInput, now = this.clock.now()): Promise<EventIngestResult> {
    const out = new ProblemList();
    const batch = 'events' in body;
    const inputs = batch ? body.events : [body];
    const createCustomer = (batch ? body.createCustomer : undefined) ?? true;
    const valid = inputs.map((input, i) => eventOf(input, batch ? `events[${i}]` : '', createCustomer, tenant, now, out));
    if (!out.ok) throw DomainError.invalid('INVALID_EVENTS', out.problems);
    const events = valid as ValidEvent[];
    if (!batch) {
      const one = events[0];
      // The common case, an event of a known customer, shares one statement with concurrent requests (EventIngestQueue).
      const written = 'id' in one.ref && !isUuid(one.ref.id) ? null : await this.queue.write({ businessId: tenant.businessId, ref: one.ref, event: one.event });
      if (written) {
        const created = written.id !== null;
        return { accepted: created ? 1 : 0, duplicates: created ? 0 : 1, events: [{ index: 0, id: written.id, status: created ? 'created' : 'duplicate', customerCreated: false }] };
      }
    }
    return this.write(tenant, events, now);
  }

  /** Resolves (or creates) every customer and writes the events in one transaction: all or nothing. */
  private write(tenant: Tenant, events: ValidEvent[], now: Date): Promise<EventIngestResult> {
    return this.dataSource.transaction(async (tx) => {
      const customers = await this.resolver.resolveAll(tx, tenant.businessId, events, now);
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
