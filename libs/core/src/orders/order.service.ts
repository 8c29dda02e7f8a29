import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, type Clock } from '../clock';
import { DataSource } from 'typeorm';
import { refKey, isUuid } from '../customers/customer-ref';
import { CustomerResolver } from '../customers/customer-resolver';
import type { CustomerRef } from '../customers/customer.types';
import { decodeTimeIdCursor, encodeCursor } from '../database/sql';
import { DomainError } from '../errors/domain-error';
import { LocationRepository } from '../locations/location.repository';
import type { Tenant } from '../tenancy/tenant';
import { customerRefOf } from '../validation/customer-ref.input';
import { parseTimestamp, ProblemList } from '../validation/field-checks';
import type { OrderInput } from './order.input';
import { OrderRepository, type NewOrder, type Order, type OrderItem } from './order.repository';
import { SegmentStalenessRepository } from '../ops/segment-staleness.repository';
import { OrderHooks } from './order-hooks';

const MAX_AHEAD_MS = 24 * 3600_000;

/** An order as POST /v1/orders answers it: customerCreated says its customer was created from the reference by this request. */
export interface RecordedOrder extends Order {
  customerCreated: boolean;
}

/**
 * A checked order as stored, after the checks OrderInput cannot make: the
 * customer's phone read in the business's country, occurredAt at most a day
 * ahead of `now`. Throws INVALID_ORDER naming each problem.
 */
function orderOf(input: OrderInput, tenant: Tenant, now: Date): Omit<NewOrder, 'customerId'> & { ref: CustomerRef } {
  const out = new ProblemList();
  const ref = customerRefOf(input.customer, 'customer', tenant.business.country, out);
  const occurredAt = input.occurredAt === undefined ? now : parseTimestamp(input.occurredAt)!;
  if (occurredAt.getTime() > now.getTime() + MAX_AHEAD_MS) out.add('occurredAt', 'must not be more than a day in the future');
  if (!ref || !out.ok) throw DomainError.invalid('INVALID_ORDER', out.problems);
  return {
    ref,
    externalId: input.externalId.trim(),
    total: input.total,
    currency: input.currency,
    items: (input.items ?? []).map(({ sku, name, quantity, price }) => ({ sku, name, quantity, price })),
    channel: input.channel,
    locationId: input.locationId?.toLowerCase() ?? null,
    couponCode: input.couponCode?.trim().toUpperCase() ?? null,
    occurredAt,
  };
}

const itemKey = (items: OrderItem[]) => JSON.stringify(items.map((i) => [i.sku, i.name, i.quantity, i.price]));

/** A replay is the same order when every given detail matches; a replay without occurredAt matches any time. */
function sameOrder(a: Order, b: NewOrder, occurredAtGiven: boolean): boolean {
  return a.customerId === b.customerId && a.total === b.total && a.currency.trim() === b.currency && a.channel === b.channel &&
    a.locationId === b.locationId && a.couponCode === b.couponCode && (!occurredAtGiven || a.occurredAt.getTime() === b.occurredAt.getTime()) &&
    itemKey(a.items) === itemKey(b.items);
}

@Injectable()
export class OrderService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly orders: OrderRepository,
    private readonly locations: LocationRepository,
    private readonly resolver: CustomerResolver,
    private readonly staleness: SegmentStalenessRepository,
    private readonly hooks: OrderHooks,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /**
   * Records an order once per externalId: a replay returns the stored order, a
   * different one under the same id is a conflict. An unknown customer
   * externalId/email/phone creates the customer unless createCustomer is false
   * (then a 422 naming `customer`).
   */
  async record(tenant: Tenant, input: OrderInput, now = this.clock.now()): Promise<{ order: RecordedOrder; created: boolean }> {
    const { ref, ...fields } = orderOf(input, tenant, now);
    return this.dataSource.transaction(async (tx) => {
      if (fields.locationId && !(await this.locations.findById(tenant.businessId, fields.locationId, tx))) {
        throw DomainError.invalid('UNKNOWN_LOCATION', [{ field: 'locationId', message: `no store ${fields.locationId} in this business` }]);
      }
      const customers = await this.resolver.resolveAll(tx, tenant.businessId, [{ ref, path: 'customer', create: input.createCustomer ?? true }], now);
      const customer = customers.get(refKey(ref))!;
      const order: NewOrder = { ...fields, customerId: customer.id };
      const inserted = await this.orders.insertIfNew(tx, tenant.businessId, order);
      if (inserted) {
        await this.staleness.markStale(tx, tenant.businessId, ['orders']);
        await this.hooks.orderRecorded(tx, tenant.businessId, inserted);
        return { order: { ...inserted, customerCreated: customer.created }, created: true };
      }
      const existing = (await this.orders.findByExternalId(tx, tenant.businessId, order.externalId))!;
      if (!sameOrder(existing, order, input.occurredAt !== undefined)) {
        throw DomainError.conflict('ORDER_EXISTS', `order ${order.externalId} was already recorded with different details`, [
          { field: 'externalId', message: 'already used by a different order' },
        ]);
      }
      return { order: { ...existing, customerCreated: customer.created }, created: false };
    });
  }

  async get(tenant: Tenant, id: string): Promise<Order> {
    const order = isUuid(id) ? await this.orders.findById(this.dataSource, tenant.businessId, id) : undefined;
    if (!order) throw DomainError.notFound('order', id);
    return order;
  }

  async list(tenant: Tenant, filter: { customerId?: string; cursor?: string; limit: number }): Promise<{ items: Order[]; nextCursor: string | null }> {
    const after = filter.cursor === undefined ? undefined : decodeTimeIdCursor(filter.cursor);
    const rows = await this.orders.list(this.dataSource, tenant.businessId, { customerId: filter.customerId, after, limit: filter.limit + 1 });
    const items = rows.slice(0, filter.limit).map(({ sortKey: _sortKey, ...order }) => order);
    const last = rows[items.length - 1];
    return { items, nextCursor: rows.length > filter.limit && last ? encodeCursor([last.sortKey, last.id]) : null };
  }
}
