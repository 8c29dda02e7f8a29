import { Injectable } from '@nestjs/common';
import type { Queryable } from '../database/sql';

export interface OrderItem {
  sku: string;
  name: string;
  quantity: number;
  price: number;
}

export interface Order {
  id: string;
  externalId: string;
  customerId: string;
  total: number;
  currency: string;
  items: OrderItem[];
  channel: 'online' | 'in_store';
  locationId: string | null;
  couponCode: string | null;
  occurredAt: Date;
  createdAt: Date;
}

export type NewOrder = Omit<Order, 'id' | 'createdAt'>;

const ORDER_COLUMNS = `id, external_id AS "externalId", customer_id AS "customerId", total::float8 AS total, currency, items, channel,
  location_id AS "locationId", coupon_code AS "couponCode", occurred_at AS "occurredAt", created_at AS "createdAt"`;

@Injectable()
export class OrderRepository {
  /** Inserts unless the external id exists; returns undefined when it did. */
  async insertIfNew(q: Queryable, businessId: string, order: NewOrder): Promise<Order | undefined> {
    const rows = await q.query<Order[]>(
      `INSERT INTO orders (business_id, external_id, customer_id, total, currency, items, channel, location_id, coupon_code, occurred_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
       ON CONFLICT (business_id, external_id) DO NOTHING
       RETURNING ${ORDER_COLUMNS}`,
      [businessId, order.externalId, order.customerId, order.total, order.currency, JSON.stringify(order.items), order.channel,
        order.locationId, order.couponCode, order.occurredAt],
    );
    return rows[0];
  }

  async findByExternalId(q: Queryable, businessId: string, externalId: string): Promise<Order | undefined> {
    const rows = await q.query<Order[]>(`SELECT ${ORDER_COLUMNS} FROM orders WHERE business_id = $1 AND external_id = $2`, [businessId, externalId]);
    return rows[0];
  }

  async findById(q: Queryable, businessId: string, id: string): Promise<Order | undefined> {
    const rows = await q.query<Order[]>(`SELECT ${ORDER_COLUMNS} FROM orders WHERE business_id = $1 AND id = $2`, [businessId, id]);
    return rows[0];
  }

  async listForCustomer(q: Queryable, businessId: string, customerId: string): Promise<Order[]> {
    return q.query(`SELECT ${ORDER_COLUMNS} FROM orders WHERE business_id = $1 AND customer_id = $2 ORDER BY occurred_at, id`, [businessId, customerId]);
  }

  async list(q: Queryable, businessId: string, filter: { customerId?: string; after?: [string, string]; limit: number }): Promise<(Order & { sortKey: string })[]> {
    const params: unknown[] = [businessId];
    const where = ['business_id = $1'];
    if (filter.customerId) {
      params.push(filter.customerId);
      where.push(`customer_id = $${params.length}`);
    }
    if (filter.after) {
      params.push(filter.after[0], filter.after[1]);
      where.push(`(occurred_at, id) > ($${params.length - 1}::timestamptz, $${params.length}::uuid)`);
    }
    params.push(filter.limit);
    return q.query(
      `SELECT ${ORDER_COLUMNS}, occurred_at::text AS "sortKey" FROM orders WHERE ${where.join(' AND ')} ORDER BY occurred_at, id LIMIT $${params.length}`,
      params,
    );
  }
}
