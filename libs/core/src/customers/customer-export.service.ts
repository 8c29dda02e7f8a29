import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, type Clock } from '../clock';
import { DataSource } from 'typeorm';
import { AuditRepository } from '../audit/audit.repository';
import { DomainError } from '../errors/domain-error';
import { EventRepository, type StoredEvent } from '../events/event.repository';
import { OrderRepository, type Order } from '../orders/order.repository';
import type { Tenant } from '../tenancy/tenant';
import { ConsentHistoryRepository, type ConsentChange } from './consent-history.repository';
import { isUuid } from './customer-ref';
import { CustomerRepository } from './customer.repository';
import type { Customer } from './customer.types';

export interface CustomerExport {
  exportedAt: Date;
  business: { id: string; name: string };
  customer: Customer;
  events: StoredEvent[];
  orders: Order[];
  history: { action: string; at: Date; details: unknown }[];
  /** Every consent change, with its time and source. */
  consentHistory: ConsentChange[];
}

/** GDPR access request: everything held about one person, read in one snapshot. */
@Injectable()
export class CustomerExportService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly customers: CustomerRepository,
    private readonly events: EventRepository,
    private readonly orders: OrderRepository,
    private readonly audit: AuditRepository,
    private readonly consent: ConsentHistoryRepository,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async export(tenant: Tenant, id: string, now = this.clock.now()): Promise<CustomerExport> {
    if (!isUuid(id)) throw DomainError.notFound('customer', id);
    return this.dataSource.transaction('REPEATABLE READ', async (tx) => {
      const customer = await this.customers.findById(tenant.businessId, id, tx);
      if (!customer) throw DomainError.notFound('customer', id);
      return {
        exportedAt: now,
        business: { id: tenant.businessId, name: tenant.business.name },
        customer,
        events: await this.events.listForCustomer(tx, tenant.businessId, id),
        orders: await this.orders.listForCustomer(tx, tenant.businessId, id),
        history: await this.audit.listForEntity(tx, tenant.businessId, 'customer', id),
        consentHistory: await this.consent.listForCustomer(tx, tenant.businessId, id),
      };
    });
  }
}
