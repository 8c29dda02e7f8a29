import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, type Clock } from '../clock';
import { DataSource } from 'typeorm';
import { AuditRepository } from '../audit/audit.repository';
import { DomainError } from '../errors/domain-error';
import { EventRepository, type StoredEvent } from '../events/event.repository';
import { OrderRepository, type Order } from '../orders/order.repository';
import type { Tenant } from '../tenancy/tenant';
import {
  CustomerExportRepository, type ConsentChange, type ExportedEngagement, type ExportedEnrollment, type ExportedInboundSms, type ExportedMessage,
  type ExportedPing, type ExportedSuppression,
} from './customer-export.repository';
import { isUuid } from './customer-ref';
import { CustomerRepository } from './customer.repository';
import { CONSENT_CHANNELS, type ConsentChannel, type ConsentRecord, type Customer } from './customer.types';

/** A channel's consent now and every change that led to it. */
export interface ChannelConsent {
  current: ConsentRecord | null;
  history: ConsentChange[];
}

/**
 * Everything held about one person. The first seven sections are the
 * original format; the rest were added after it (issue 18), so a reader of
 * the old format keeps working.
 */
export interface CustomerExport {
  exportedAt: Date;
  business: { id: string; name: string };
  customer: Customer;
  events: StoredEvent[];
  orders: Order[];
  history: { action: string; at: Date; details: unknown }[];
  /** Every consent change, with its time and source. */
  consentHistory: ConsentChange[];
  consent: Record<ConsentChannel, ChannelConsent>;
  messages: ExportedMessage[];
  engagements: ExportedEngagement[];
  enrollments: ExportedEnrollment[];
  locationPings: ExportedPing[];
  inboundSms: ExportedInboundSms[];
  suppressions: ExportedSuppression[];
}

/** GDPR access and portability requests (art. 15, 20): everything held about one person, read in one snapshot. */
@Injectable()
export class CustomerExportService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly customers: CustomerRepository,
    private readonly events: EventRepository,
    private readonly orders: OrderRepository,
    private readonly audit: AuditRepository,
    private readonly reads: CustomerExportRepository,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async export(tenant: Tenant, id: string, now = this.clock.now()): Promise<CustomerExport> {
    if (!isUuid(id)) throw DomainError.notFound('customer', id);
    const { businessId } = tenant;
    return this.dataSource.transaction('REPEATABLE READ', async (tx) => {
      const customer = await this.customers.findById(businessId, id, tx);
      if (!customer) throw DomainError.notFound('customer', id);
      const consentHistory = await this.reads.consentHistory(tx, businessId, id);
      return {
        exportedAt: now,
        business: { id: businessId, name: tenant.business.name },
        customer,
        events: await this.events.listForCustomer(tx, businessId, id),
        orders: await this.orders.listForCustomer(tx, businessId, id),
        history: await this.audit.listForEntity(tx, businessId, 'customer', id),
        consentHistory,
        consent: consentByChannel(customer, consentHistory),
        messages: await this.reads.messages(tx, businessId, id),
        engagements: await this.reads.engagements(tx, businessId, id),
        enrollments: await this.reads.enrollments(tx, businessId, id),
        locationPings: await this.reads.locationPings(tx, businessId, id),
        inboundSms: await this.reads.inboundSms(tx, businessId, id),
        suppressions: await this.reads.suppressions(tx, businessId, customer),
      };
    });
  }
}

function consentByChannel(customer: Customer, history: ConsentChange[]): Record<ConsentChannel, ChannelConsent> {
  const entries = CONSENT_CHANNELS.map((channel) => [channel, { current: customer.consent[channel] ?? null, history: history.filter((c) => c.channel === channel) }]);
  return Object.fromEntries(entries) as Record<ConsentChannel, ChannelConsent>;
}
