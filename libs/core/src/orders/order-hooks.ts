import { Injectable } from '@nestjs/common';
import type { Queryable } from '../database/sql';
import type { Order } from './order.repository';

/** Work that must happen in the same transaction as a newly recorded order (e.g. attribution, in libs/analytics). */
export interface OrderRecordedHook {
  onOrderRecorded(tx: Queryable, businessId: string, order: Order): Promise<void>;
}

/**
 * Where libs that core cannot import (analytics) plug into order ingest: they
 * register on module init. Hooks run only for an order's first recording, so
 * a replayed order (same externalId) triggers nothing twice.
 */
@Injectable()
export class OrderHooks {
  private readonly hooks: OrderRecordedHook[] = [];

  register(hook: OrderRecordedHook): void {
    if (!this.hooks.includes(hook)) this.hooks.push(hook);
  }

  async orderRecorded(tx: Queryable, businessId: string, order: Order): Promise<void> {
    for (const hook of this.hooks) await hook.onOrderRecorded(tx, businessId, order);
  }
}
