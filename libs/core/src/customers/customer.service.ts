import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, systemClock, type Clock } from '../clock';
import { DateTime } from 'luxon';
import { DataSource, type EntityManager } from 'typeorm';
import { SegmentStalenessRepository } from '../ops/segment-staleness.repository';
import { isUniqueViolation, uniqueConstraintOf } from '../database/sql';
import { DomainError } from '../errors/domain-error';
import type { Tenant } from '../tenancy/tenant';
import { normalizeEmail, normalizePhone } from '../validation/field-checks';
import { customerChangesOf, type NormalizeContext } from './customer-input';
import type { CustomerInput, CustomerPatch } from './customer.input';
import { customerCsvHeader, customerCsvLine } from './customer-csv';
import {
  COUNT_IF_ESTIMATE_AT_MOST, EXACT_TOTAL_LIMIT, decodeCustomerCursor, encodeCustomerCursor, orderingOf, phonePrefixesOf, totalFrom,
  type CustomerMatch, type CustomerQuery, type KeysetPosition,
} from './customer-search';
import { CustomerRepository } from './customer.repository';
import type { ConsentSource, Customer, CustomerChanges } from './customer.types';
import { CONSENT_CHANNELS, consentRegrantRefusal, REGRANT_SOURCES } from './customer.types';
import { CustomerErasureRepository } from './erasure/customer-erasure.repository';
import { AuditTrail } from '../audit/audit-trail';
import { customerAuditChanges } from './customer-audit';
import { IdentityHashKey } from './erasure/identity-hash';

export interface UpsertResult {
  customer: Customer;
  created: boolean;
  changed: boolean;
  /** The customer before the change; null when created. */
  previous: Customer | null;
}

export interface CustomerPage {
  items: Customer[];
  nextCursor: string | null;
  /** Matching customers in all pages: exact, or the planner's estimate when `totalIsEstimate`. */
  total: number;
  totalIsEstimate: boolean;
}

/** Rows per statement while exporting. */
const CSV_PAGE = 1000;

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

function emptyCustomer(businessId: string, now: Date): Customer {
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
    private readonly staleness: SegmentStalenessRepository,
    private readonly erasure: CustomerErasureRepository,
    private readonly identityKey: IdentityHashKey,
    private readonly audit: AuditTrail,
    @Inject(CLOCK) private readonly clock: Clock = systemClock(),
  ) {}

  /** Create or update by externalId, then email, then phone. The input class checked each field; the business's rules are checked here. */
  async upsert(tenant: Tenant, input: CustomerInput, source: ConsentSource = 'api', now = this.clock.now()): Promise<UpsertResult> {
    const { changes, problems } = customerChangesOf(input, normalizeContextFor(tenant, now, source, true));
    if (problems.length > 0) throw DomainError.invalid('INVALID_CUSTOMER', problems);
    return this.retryOnRace(() =>
      this.audit.change(tenant, (tx) => this.upsertIn(tx, tenant.businessId, changes, now), (r) => (r.changed ? customerAuditChanges(r.previous, r.customer) : [])),
    );
  }

  /** Upsert inside a caller's transaction (events and orders create customers they reference); `now` stamps created_at/updated_at. */
  async upsertIn(tx: EntityManager, businessId: string, changes: CustomerChanges, now: Date): Promise<UpsertResult> {
    const matches = await this.customers.lockByIdentity(tx, businessId, changes);
    const match =
      matches.find((c) => changes.externalId && c.externalId === changes.externalId) ??
      matches.find((c) => changes.email && c.email === changes.email) ??
      matches.find((c) => changes.phone && c.phone === changes.phone);
    if (!match) {
      const next = applyChanges(emptyCustomer(businessId, now), changes);
      await this.checkErasedIdentity(tx, businessId, undefined, next, changes);
      const customer = await this.customers.insert(tx, businessId, next);
      await this.staleness.markStale(tx, businessId, 'all');
      return { customer, created: true, changed: true, previous: null };
    }
    if (changes.externalId && match.externalId && match.externalId !== changes.externalId) {
      const field = match.email === changes.email ? 'email' : 'phone';
      throw DomainError.conflict('IDENTITY_CONFLICT', `${field} belongs to a customer with a different externalId`, [
        { field, message: `already used by customer ${match.id} with externalId ${match.externalId}` },
      ]);
    }
    return this.save(tx, businessId, match, changes, now);
  }

  async patch(tenant: Tenant, id: string, input: CustomerPatch, now = this.clock.now()): Promise<Customer> {
    const { changes, problems } = customerChangesOf(input, normalizeContextFor(tenant, now, 'api', false));
    if (problems.length > 0) throw DomainError.invalid('INVALID_CUSTOMER', problems);
    const saved = await this.retryOnRace(() =>
      this.audit.change(
        tenant,
        async (tx) => {
          const current = await this.customers.lockById(tx, tenant.businessId, id);
          if (!current) throw DomainError.notFound('customer', id);
          const next = applyChanges(current, changes);
          if (!next.externalId && !next.email && !next.phone) {
            throw DomainError.invalid('INVALID_CUSTOMER', [{ field: 'externalId', message: 'a customer must keep at least one of externalId, email or phone' }]);
          }
          return this.save(tx, tenant.businessId, current, changes, now);
        },
        (r) => (r.changed ? customerAuditChanges(r.previous, r.customer) : []),
      ),
    );
    return saved.customer;
  }

  async get(tenant: Tenant, id: string): Promise<Customer> {
    const customer = await this.customers.findById(tenant.businessId, id);
    if (!customer) throw DomainError.notFound('customer', id);
    return customer;
  }

  /** One page of matching customers with the total (exact up to EXACT_TOTAL_LIMIT matches, else estimated). */
  async list(tenant: Tenant, query: CustomerQuery & { cursor?: string; limit: number }): Promise<CustomerPage> {
    const ordering = orderingOf(query);
    const after = query.cursor === undefined ? undefined : decodeCustomerCursor(query.cursor, ordering);
    const match = await this.matchOf(tenant, query);
    let items: Customer[], sortKeys: string[], total: { total: number; isEstimate: boolean };
    if (match.search) {
      // A search counts first: when the count is exact every match is known to be among a few thousand, and the page sorts only those.
      total = await this.totalOf(tenant.businessId, match);
      const strategy = total.isEstimate ? undefined : { kind: 'hits' as const, cap: EXACT_TOTAL_LIMIT + 1 };
      ({ items, sortKeys } = await this.customers.listPage(tenant.businessId, match, ordering, after, query.limit + 1, strategy));
    } else {
      // Page and total are independent statements: run them side by side on two pooled connections.
      [{ items, sortKeys }, total] = await Promise.all([
        this.customers.listPage(tenant.businessId, match, ordering, after, query.limit + 1),
        this.totalOf(tenant.businessId, match),
      ]);
    }
    const hasMore = items.length > query.limit;
    const page = hasMore ? items.slice(0, query.limit) : items;
    const last = page[page.length - 1];
    const nextCursor = hasMore && last ? encodeCustomerCursor(ordering, { key: sortKeys[page.length - 1], id: last.id }) : null;
    return { items: page, nextCursor, total: total.total, totalIsEstimate: total.isEstimate };
  }

  /**
   * Every matching customer as CSV (header first), read by keyset pages of
   * CSV_PAGE so memory stays flat at any size. A bad filter throws before the
   * header is produced.
   */
  async *exportCsv(tenant: Tenant, query: CustomerQuery): AsyncGenerator<string> {
    const ordering = orderingOf(query);
    const match = await this.matchOf(tenant, query);
    yield customerCsvHeader();
    for (let after: KeysetPosition | undefined; ; ) {
      const { items, sortKeys } = await this.customers.listPage(tenant.businessId, match, ordering, after, CSV_PAGE);
      if (items.length > 0) yield items.map(customerCsvLine).join('');
      if (items.length < CSV_PAGE) return;
      after = { key: sortKeys[items.length - 1], id: items[items.length - 1].id };
    }
  }

  /** Filters normalised like stored values, so "(217) 555-0172" finds "+12175550172"; an unknown segment is a 422. */
  private async matchOf(tenant: Tenant, query: CustomerQuery): Promise<CustomerMatch> {
    if (query.segmentId !== undefined && !(await this.customers.segmentExists(tenant.businessId, query.segmentId))) {
      throw DomainError.invalid('UNKNOWN_SEGMENT', [{ field: 'segmentId', message: 'is not a segment of this business' }]);
    }
    const text = query.q?.trim();
    return {
      email: query.email === undefined ? undefined : (normalizeEmail(query.email) ?? query.email.trim().toLowerCase()),
      phone: query.phone === undefined ? undefined : (normalizePhone(query.phone, tenant.business.country) ?? query.phone.trim()),
      externalId: query.externalId,
      tag: query.tag,
      updatedSince: query.updatedSince,
      consent: query.consent,
      segmentId: query.segmentId,
      search: text ? { text, phonePrefixes: phonePrefixesOf(text, tenant.business.country) } : undefined,
    };
  }

  /** The planner's estimate, then a count (capped past EXACT_TOTAL_LIMIT) unless the estimate is above COUNT_IF_ESTIMATE_AT_MOST. */
  private async totalOf(businessId: string, match: CustomerMatch): Promise<{ total: number; isEstimate: boolean }> {
    const estimate = await this.customers.estimateMatches(businessId, match);
    if (estimate > COUNT_IF_ESTIMATE_AT_MOST) return totalFrom(estimate, undefined);
    return totalFrom(estimate, await this.customers.countMatches(businessId, match, EXACT_TOTAL_LIMIT + 1));
  }

  private async save(tx: EntityManager, businessId: string, current: Customer, changes: CustomerChanges, now: Date): Promise<UpsertResult> {
    // Consent the person withdrew themselves comes back only with their own new opt-in.
    const refused = CONSENT_CHANNELS.flatMap((channel) => {
      const next = changes.consent?.[channel];
      const reason = next && consentRegrantRefusal(current.consent[channel], next);
      return reason ? [{ field: `consent.${channel}`, message: reason }] : [];
    });
    if (refused.length > 0) throw DomainError.conflict('CONSENT_WITHDRAWN', refused.map((p) => `${p.field} ${p.message}`).join('; '), refused);
    const next = applyChanges(current, changes);
    if (sameCustomer(current, next)) return { customer: current, created: false, changed: false, previous: current };
    await this.checkErasedIdentity(tx, businessId, current, next, changes);
    const customer = await this.customers.update(tx, businessId, { ...next, updatedAt: now });
    await this.staleness.markStale(tx, businessId, ['customer']);
    return { customer, created: false, changed: true, previous: current };
  }

  /**
   * An email or phone of an erased person (kept as a keyed hash) is treated
   * like consent they withdrew themselves: only their own new opt-in grants
   * it again, never an import or API call on the business's behalf; and a
   * suppression they had returns with the address.
   */
  private async checkErasedIdentity(tx: EntityManager, businessId: string, current: Customer | undefined, next: Customer, changes: CustomerChanges): Promise<void> {
    const grants = (['email', 'sms'] as const).some((channel) => changes.consent?.[channel]?.status === 'granted');
    if (!changes.email && !changes.phone && !grants) return;
    const erased = await this.erasure.findErased(tx, businessId, this.identityKey, { email: next.email, phone: next.phone });
    const refused = erased.flatMap((e) => {
      const record = changes.consent?.[e.channel];
      if (record?.status !== 'granted' || current?.consent[e.channel]?.status === 'granted' || REGRANT_SOURCES.includes(record.source)) return [];
      const what = e.channel === 'email' ? 'email' : 'phone';
      return [{
        field: `consent.${e.channel}`,
        message: `the ${what} belongs to a person erased at ${e.erasedAt.toISOString()}; only their own new opt-in (source form, a START reply or the preference page) can grant it`,
      }];
    });
    if (refused.length > 0) throw DomainError.conflict('CONSENT_WITHDRAWN', refused.map((p) => `${p.field}: ${p.message}`).join('; '), refused);
    for (const e of erased) {
      if (e.suppressionReason !== null) {
        await this.erasure.restoreSuppression(tx, businessId, { channel: e.channel, address: e.address, reason: e.suppressionReason, source: e.suppressionSource });
      }
    }
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
