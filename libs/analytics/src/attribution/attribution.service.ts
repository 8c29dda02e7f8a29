import { Injectable, type OnModuleInit } from '@nestjs/common';
import { OrderHooks, type Order, type OrderRecordedHook, type Queryable } from '@localreach/core';
import { type AttributionChoice, chooseAttribution } from './attribution-chooser';
import { AttributionRepository } from './attribution.repository';

/**
 * Credits each newly recorded order to the message that led to it (see
 * `chooseAttribution`), in the order's own transaction: it plugs into core's
 * order ingest through `OrderHooks`.
 */
@Injectable()
export class AttributionService implements OrderRecordedHook, OnModuleInit {
  constructor(
    private readonly hooks: OrderHooks,
    private readonly attribution: AttributionRepository,
  ) {}

  onModuleInit(): void {
    this.hooks.register(this);
  }

  async onOrderRecorded(tx: Queryable, businessId: string, order: Order): Promise<void> {
    await this.attribute(tx, businessId, order);
  }

  /** Attributes one order; a second call for the same order changes nothing. */
  async attribute(tx: Queryable, businessId: string, order: Order): Promise<AttributionChoice | null> {
    const candidates = await this.attribution.candidates(tx, businessId, order);
    const choice = chooseAttribution({ orderAt: order.occurredAt, ...candidates });
    if (choice) await this.attribution.record(tx, businessId, order, choice);
    return choice;
  }
}
