import { Injectable } from '@nestjs/common';
import { type Order, type Queryable, resolveBusinessSettings } from '@localreach/core';
import type { AttributionChoice, Touch } from './attribution-chooser';

/** How many of the customer's latest clicks and opens are weighed (the latest human one of each kind is all that matters). */
const TOUCH_LIMIT = 50;

export interface AttributionCandidates {
  clickSince: Date;
  openSince: Date;
  touches: Touch[];
  couponMessageId: string | null;
}

/** Reads what an order could be credited to and writes the credit. Every statement is scoped by business. */
@Injectable()
export class AttributionRepository {
  /** The business's windows (settings), the customer's clicks and opens inside them, and the message that carried the order's coupon. */
  async candidates(q: Queryable, businessId: string, order: Order): Promise<AttributionCandidates> {
    const [business] = await q.query<{ settings: unknown }[]>(`SELECT settings FROM business WHERE id = $1`, [businessId]);
    const { clickWindow, openWindow } = resolveBusinessSettings(business?.settings).attribution;
    const [windows] = await q.query<{ click_since: Date; open_since: Date }[]>(
      `SELECT $1::timestamptz - $2::interval AS click_since, $1::timestamptz - $3::interval AS open_since`,
      [order.occurredAt, clickWindow, openWindow],
    );
    const since = windows.click_since < windows.open_since ? windows.click_since : windows.open_since;
    const rows = await q.query<{ type: string; message_id: string; occurred_at: Date; machine: boolean }[]>(
      `SELECT type, message_id, occurred_at, machine FROM engagement
        WHERE business_id = $1 AND customer_id = $2 AND type IN ('clicked', 'opened') AND occurred_at BETWEEN $3 AND $4
        ORDER BY occurred_at DESC, id DESC LIMIT ${TOUCH_LIMIT}`,
      [businessId, order.customerId, since, order.occurredAt],
    );
    const coupon = order.couponCode === null ? [] : await q.query<{ id: string }[]>(
      `SELECT id FROM message WHERE business_id = $1 AND coupon_code = $2`, [businessId, order.couponCode],
    );
    return {
      clickSince: windows.click_since,
      openSince: windows.open_since,
      touches: rows.map((r) => ({ kind: r.type === 'clicked' ? 'click' : 'open', messageId: r.message_id, at: r.occurred_at, machine: r.machine })),
      couponMessageId: coupon[0]?.id ?? null,
    };
  }

  /**
   * Records the credit once per order (primary key on order_id) and, only when
   * that row is new, a `converted` engagement on the message carrying the
   * revenue, so a replay never counts twice.
   */
  async record(q: Queryable, businessId: string, order: Order, choice: AttributionChoice): Promise<boolean> {
    const inserted = await q.query<{ order_id: string }[]>(
      `INSERT INTO order_attribution (order_id, business_id, message_id, campaign_id, step_id, variant, channel, attribution, touched_at)
       SELECT $2::uuid, m.business_id, m.id, m.campaign_id, m.step_id, m.variant, m.channel, $4::text, $5::timestamptz FROM message m WHERE m.business_id = $1 AND m.id = $3
       ON CONFLICT (order_id) DO NOTHING
       RETURNING order_id`,
      [businessId, order.id, choice.messageId, choice.kind, choice.touchedAt],
    );
    if (inserted.length === 0) return false;
    await q.query(
      `INSERT INTO engagement (business_id, message_id, customer_id, campaign_id, step_id, variant, type, occurred_at, revenue, properties)
       SELECT m.business_id, m.id, m.customer_id, m.campaign_id, m.step_id, m.variant, 'converted', $3::timestamptz, $4::numeric, $5::jsonb
         FROM message m WHERE m.business_id = $1 AND m.id = $2`,
      [businessId, choice.messageId, order.occurredAt, order.total,
        JSON.stringify({ orderId: order.id, externalId: order.externalId, attribution: choice.kind })],
    );
    return true;
  }
}
