import { Injectable } from '@nestjs/common';
import { DateTime } from 'luxon';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditRepository } from '../audit/audit.repository';
import { SegmentStalenessRepository } from '../ops/segment-staleness.repository';
import { decodeTimeIdCursor, encodeCursor, isUniqueViolation, uniqueConstraintOf } from '../database/sql';
import { DomainError } from '../errors/domain-error';
import type { Tenant } from '../tenancy/tenant';
import { isPlainObject, normalizeEmail, normalizePhone } from '../validation/field-checks';
import { normalizeCustomer, type NormalizeContext } from './customer-input';
import { CustomerRepository, type CustomerListFilter } from './customer.repository';
import type { ConsentSource, Customer, CustomerChanges } from './customer.types';
import { CONSENT_CHANNELS } from './customer.types';

export interface UpsertResult {
  customer: Customer;
  created: boolean;
  changed: boolean;
}

export interface CustomerPage {
  items: Customer[];
  nextCursor: string | null;
}

const CONSTRAINT_FIELDS: Record<string, string> = {
  customer_external_id_uq: 'externalId',
  customer_email_uq: 'email',
  customer_phone_uq: 'phone',
};

/** Builds the normalisation context for a tenant at a moment. */
export function normalizeContextFor(tenant: Tenant, now: Date, source: ConsentSource, requireIdentity: boolean): NormalizeContext {
  return {
    defaultCountry: tenant.business.country,
    today: DateTime.fromJSDate(now).setZone(tenant.business.timezone).toISODate() ?? now.toISOString().slice(0, 10),
    now,
    defaultConsentSource: source,
    requireIdentity,
  };
}

/** Applies validated changes to a customer; consent keeps its time and source when the status is unchanged. */
export function applyChanges(base: Customer, changes: CustomerChanges): Customer {
  const next: Customer = { ...base, attributes: { ...base.attributes }, consent: { ...base.consent } };
  const scalar = ['externalId', 'email', 'phone', 'firstName', 'lastName', 'birthday', 'timezone', 'lat', 'lng', 'address'] as const;
  for (const key of scalar) {
    if (changes[key] !== undefined) (next as unknown as Record<string, unknown>)[key] = changes[key];
  }
  if (changes.attributes) {
    for (const [key, value] of Object.entries(changes.attributes)) {
      if (value === null) delete next.attributes[key];
      else next.attributes[key] = value;
    }
  }
  if (changes.tags) next.tags = changes.tags;
  for (const channel of CONSENT_CHANNELS) {
    const record = changes.consent?.[channel];
    if (record && next.consent[channel]?.status !== record.status) next.consent[channel] = record;
  }
  return next;
}

function sameCustomer(a: Customer, b: Customer): boolean {
  const comparable = (c: Customer) => JSON.stringify({ ...c, createdAt: null, updatedAt: null });
  return comparable(a) === comparable(b);
}

function emptyCustomer(businessId: string): Customer {
  const now = new Date(0);
  return {
    id: '', businessId, externalId: null, email: null, phone: null, firstName: null, lastName: null, birthday: null,
    timezone: null, lat: null, lng: null, address: null, attributes: {}, tags: [], consent: {}, createdAt: now, updatedAt: now,
  };
}

@Injectable()
export class CustomerService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly customers: CustomerRepository,
    private readonly audit: AuditRepository,
    private readonly staleness: SegmentStalenessRepository,
  ) {}

  /** Create or update by externalId, then email, then phone. */
  async upsert(tenant: Tenant, raw: unknown, source: ConsentSource = 'api', now = new Date()): Promise<UpsertResult> {
    if (!isPlainObject(raw)) throw DomainError.invalid('INVALID_CUSTOMER', [{ field: 'body', message: 'must be a JSON object' }]);
    const { changes, problems } = normalizeCustomer(raw, normalizeContextFor(tenant, now, source, true));
    if (problems.length > 0) throw DomainError.invalid('INVALID_CUSTOMER', problems);
    return this.retryOnRace(() => this.dataSource.transaction((tx) => this.upsertIn(tx, tenant.businessId, changes)));
  }

  /** Upsert inside a caller's transaction (events and orders create customers they reference). */
  async upsertIn(tx: EntityManager, businessId: string, changes: CustomerChanges): Promise<UpsertResult> {
    const matches = await this.customers.lockByIdentity(tx, businessId, changes);
    const match =
      matches.find((c) => changes.externalId && c.externalId === changes.externalId) ??
      matches.find((c) => changes.email && c.email === changes.email) ??
      matches.find((c) => changes.phone && c.phone === changes.phone);
    if (!match) {
      const customer = await this.customers.insert(tx, businessId, applyChanges(emptyCustomer(businessId), changes));
      await this.staleness.markStale(tx, businessId, 'all');
      return { customer, created: true, changed: true };
    }
    if (changes.externalId && match.externalId && match.externalId !== changes.externalId) {
      const field = match.email === changes.email ? 'email' : 'phone';
      throw DomainError.conflict('IDENTITY_CONFLICT', `${field} belongs to a customer with a different externalId`, [
        { field, message: `already used by customer ${match.id} with externalId ${match.externalId}` },
      ]);
    }
    return this.save(tx, businessId, match, changes);
  }

  async patch(tenant: Tenant, id: string, raw: unknown, now = new Date()): Promise<Customer> {
    if (!isPlainObject(raw)) throw DomainError.invalid('INVALID_CUSTOMER', [{ field: 'body', message: 'must be a JSON object' }]);
    const { changes, problems } = normalizeCustomer(raw, normalizeContextFor(tenant, now, 'api', false));
    if (problems.length > 0) throw DomainError.invalid('INVALID_CUSTOMER', problems);
    return this.retryOnRace(() =>
      this.dataSource.transaction(async (tx) => {
        const current = await this.customers.lockById(tx, tenant.businessId, id);
        if (!current) throw DomainError.notFound('customer', id);
        const next = applyChanges(current, changes);
        if (!next.externalId && !next.email && !next.phone) {
          throw DomainError.invalid('INVALID_CUSTOMER', [{ field: 'externalId', message: 'a customer must keep at least one of externalId, email or phone' }]);
        }
        return (await this.save(tx, tenant.businessId, current, changes)).customer;
      }),
    );
  }

  async get(tenant: Tenant, id: string): Promise<Customer> {
    const customer = await this.customers.findById(tenant.businessId, id);
    if (!customer) throw DomainError.notFound('customer', id);
    return customer;
  }

  async list(tenant: Tenant, filter: Omit<CustomerListFilter, 'after'> & { cursor?: string }): Promise<CustomerPage> {
    const after = filter.cursor === undefined ? undefined : decodeTimeIdCursor(filter.cursor);
    // Filters are normalised like stored values, so "(217) 555-0172" finds "+12175550172".
    const email = filter.email === undefined ? undefined : (normalizeEmail(filter.email) ?? filter.email.trim().toLowerCase());
    const phone = filter.phone === undefined ? undefined : (normalizePhone(filter.phone, tenant.business.country) ?? filter.phone.trim());
    const { items, sortKeys } = await this.customers.list(tenant.businessId, { ...filter, email, phone, after, limit: filter.limit + 1 });
    const hasMore = items.length > filter.limit;
    const page = hasMore ? items.slice(0, filter.limit) : items;
    const last = page[page.length - 1];
    return { items: page, nextCursor: hasMore && last ? encodeCursor([sortKeys[page.length - 1], last.id]) : null };
  }

  async erase(tenant: Tenant, id: string): Promise<void> {
    await this.dataSource.transaction(async (tx) => {
      const current = await this.customers.lockById(tx, tenant.businessId, id);
      if (!current) throw DomainError.notFound('customer', id);
      await this.customers.erase(tx, tenant.businessId, id);
      await this.staleness.markStale(tx, tenant.businessId, 'all');
      await this.audit.record(tx, { businessId: tenant.businessId, actorKeyId: tenant.keyId, action: 'customer.erased', entity: 'customer', entityId: id });
    });
  }

  private async save(tx: EntityManager, businessId: string, current: Customer, changes: CustomerChanges): Promise<UpsertResult> {
    const next = applyChanges(current, changes);
    if (sameCustomer(current, next)) return { customer: current, created: false, changed: false };
    const customer = await this.customers.update(tx, businessId, next);
    await this.staleness.markStale(tx, businessId, ['customer']);
    return { customer, created: false, changed: true };
  }

  /** A concurrent insert of the same identity loses the unique race; the retry then finds and updates it. */
  private async retryOnRace<T>(work: () => Promise<T>): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await work();
      } catch (error) {
        if (!isUniqueViolation(error)) throw error;
        if (attempt >= 2) {
          const field = CONSTRAINT_FIELDS[uniqueConstraintOf(error) ?? ''] ?? 'externalId';
          throw DomainError.conflict('IDENTITY_CONFLICT', `${field} is already used by another customer`, [
            { field, message: 'is already used by another customer' },
          ]);
        }
      }
    }
  }
}
