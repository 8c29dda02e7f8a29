import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { readCreateCustomer, readCustomerRef, refKey, isUuid } from '../customers/customer-ref';
import { CustomerResolver } from '../customers/customer-resolver';
import { decodeTimeIdCursor, encodeCursor } from '../database/sql';
import { DomainError } from '../errors/domain-error';
import { LocationRepository } from '../locations/location.repository';
import type { Tenant } from '../tenancy/tenant';
import { isPlainObject, isValidCurrency, parseTimestamp, ProblemList } from '../validation/field-checks';
import { OrderRepository, type NewOrder, type Order, type OrderItem } from './order.repository';
import { SegmentStalenessRepository } from '../ops/segment-staleness.repository';
import { OrderHooks } from './order-hooks';

const MAX_ITEMS = 500;
const isMoney = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && v >= 0 && v < 1e12 && Math.round(v * 100) === Number((v * 100).toFixed(6));

function readItems(value: unknown, out: ProblemList): OrderItem[] {
  if (value === undefined) return [];
  if (!Array.isArray(value) || value.length > MAX_ITEMS) {
    out.add('items', `must be an array of at most ${MAX_ITEMS} items`);
    return [];
  }
  return value.map((item, i) => {
    const p = `items[${i}]`;
    if (!isPlainObject(item)) {
      out.add(p, 'must be an object { sku, name, quantity, price }');
      return undefined;
    }
    for (const k of Object.keys(item)) if (!['sku', 'name', 'quantity', 'price'].includes(k)) out.add(`${p}.${k}`, 'is not a known item field');
    if (typeof item.sku !== 'string' || item.sku === '' || item.sku.length > 100) out.add(`${p}.sku`, 'must be a string of 1 to 100 characters');
    if (typeof item.name !== 'string' || item.name === '' || item.name.length > 200) out.add(`${p}.name`, 'must be a string of 1 to 200 characters');
    if (!Number.isInteger(item.quantity) || (item.quantity as number) < 1 || (item.quantity as number) > 100000) out.add(`${p}.quantity`, 'must be a whole number from 1 to 100000');
    if (!isMoney(item.price)) out.add(`${p}.price`, 'must be a non-negative amount with at most 2 decimals');
    return item as unknown as OrderItem;
  }).filter((x): x is OrderItem => x !== undefined);
}

/** An order as POST /v1/orders answers it: customerCreated says its customer was created from the reference by this request. */
export interface RecordedOrder extends Order {
  customerCreated: boolean;
}

type OrderInput = Omit<NewOrder, 'customerId'> & { ref: ReturnType<typeof readCustomerRef>; createCustomer: boolean };

function readOrder(raw: unknown, tenant: Tenant, now: Date, out: ProblemList): OrderInput | undefined {
  if (!isPlainObject(raw)) {
    out.add('body', 'must be an order object');
    return undefined;
  }
  const known = ['externalId', 'customer', 'total', 'currency', 'items', 'channel', 'locationId', 'couponCode', 'occurredAt', 'createCustomer'];
  for (const k of Object.keys(raw)) if (!known.includes(k)) out.add(k, 'is not a known order field');
  if (typeof raw.externalId !== 'string' || raw.externalId.trim() === '' || raw.externalId.length > 255) out.add('externalId', 'is required: a string of 1 to 255 characters');
  const ref = readCustomerRef(raw.customer, 'customer', tenant.business.country, out);
  const createCustomer = readCreateCustomer(raw.createCustomer, 'createCustomer', true, out);
  if (!isMoney(raw.total)) out.add('total', 'is required: a non-negative amount with at most 2 decimals');
  if (typeof raw.currency !== 'string' || !isValidCurrency(raw.currency)) out.add('currency', 'is required: an ISO 4217 code such as USD');
  const items = readItems(raw.items, out);
  if (raw.channel !== 'online' && raw.channel !== 'in_store') out.add('channel', 'must be "online" or "in_store"');
  if (raw.locationId !== undefined && raw.locationId !== null && !isUuid(raw.locationId)) out.add('locationId', 'must be a UUID');
  const coupon = raw.couponCode;
  if (coupon !== undefined && coupon !== null && (typeof coupon !== 'string' || coupon.trim() === '' || coupon.length > 64)) out.add('couponCode', 'must be a string of 1 to 64 characters');
  let occurredAt = now;
  if (raw.occurredAt !== undefined) {
    const parsed = parseTimestamp(raw.occurredAt);
    if (!parsed) out.add('occurredAt', 'must be an ISO-8601 timestamp with a time zone');
    else if (parsed.getTime() > now.getTime() + 24 * 3600_000) out.add('occurredAt', 'must not be more than a day in the future');
    else occurredAt = parsed;
  }
  if (!out.ok) return undefined;
  return {
    ref, createCustomer, externalId: (raw.externalId as string).trim(), total: raw.total as number, currency: raw.currency as string, items,
    channel: raw.channel as Order['channel'], locationId: (raw.locationId as string | undefined)?.toLowerCase() ?? null,
    couponCode: typeof coupon === 'string' ? coupon.trim().toUpperCase() : null, occurredAt,
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
  ) {}

  /**
   * Records an order once per externalId: a replay returns the stored order, a
   * different one under the same id is a conflict. An unknown customer
   * externalId/email/phone creates the customer unless createCustomer is false
   * (then a 422 naming `customer`).
   */
  async record(tenant: Tenant, raw: unknown, now = new Date()): Promise<{ order: RecordedOrder; created: boolean }> {
    const out = new ProblemList();
    const input = readOrder(raw, tenant, now, out);
    if (!input || !input.ref) throw DomainError.invalid('INVALID_ORDER', out.problems);
    return this.dataSource.transaction(async (tx) => {
      if (input.locationId && !(await this.locations.findById(tenant.businessId, input.locationId, tx))) {
        throw DomainError.invalid('UNKNOWN_LOCATION', [{ field: 'locationId', message: `no store ${input.locationId} in this business` }]);
      }
      const customers = await this.resolver.resolveAll(tx, tenant.businessId, [{ ref: input.ref!, path: 'customer', create: input.createCustomer }]);
      const { ref, createCustomer: _createCustomer, ...fields } = input;
      const customer = customers.get(refKey(ref!))!;
      const order: NewOrder = { ...fields, customerId: customer.id };
      const inserted = await this.orders.insertIfNew(tx, tenant.businessId, order);
      if (inserted) {
        await this.staleness.markStale(tx, tenant.businessId, ['orders']);
        await this.hooks.orderRecorded(tx, tenant.businessId, inserted);
        return { order: { ...inserted, customerCreated: customer.created }, created: true };
      }
      const existing = (await this.orders.findByExternalId(tx, tenant.businessId, order.externalId))!;
      if (!sameOrder(existing, order, (raw as { occurredAt?: unknown }).occurredAt !== undefined)) {
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
