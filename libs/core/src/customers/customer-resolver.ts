import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { DomainError, type FieldProblem } from '../errors/domain-error';
import { CustomerRepository } from './customer.repository';
import { CustomerService } from './customer.service';
import { refKey } from './customer-ref';
import type { CustomerRef } from './customer.types';

/** One customer reference of a request: `path` names it in errors; `create` allows creating an unknown customer. */
export interface CustomerRefRequest {
  ref: CustomerRef;
  path: string;
  create: boolean;
}

export interface ResolvedCustomer {
  id: string;
  /** The customer did not exist before this request: it was created from the reference. */
  created: boolean;
}

/**
 * Turns customer references in events and orders into customer ids. A
 * reference by id must exist; one by externalId, email or phone creates the
 * customer when unknown (sales and events often arrive before a sign-up),
 * unless the caller said `create: false`.
 */
@Injectable()
export class CustomerResolver {
  constructor(
    private readonly customers: CustomerRepository,
    private readonly customerService: CustomerService,
  ) {}

  /** Resolves every reference, keyed by refKey; throws UNKNOWN_CUSTOMER naming every reference that cannot be. */
  async resolveAll(tx: EntityManager, businessId: string, refs: CustomerRefRequest[], now: Date): Promise<Map<string, ResolvedCustomer>> {
    const resolved = new Map<string, ResolvedCustomer>();
    const missing: FieldProblem[] = [];
    // References by id in one statement: a batch of 1,000 events of known customers is one round trip, not 1,000.
    const live = await this.customers.findLiveIds(tx, businessId, refs.flatMap(({ ref }) => ('id' in ref ? [ref.id] : [])));
    for (const { ref, path, create } of refs) {
      const key = refKey(ref);
      if (resolved.has(key)) continue;
      if ('id' in ref) {
        const id = ref.id.toLowerCase();
        if (live.has(id)) resolved.set(key, { id, created: false });
        else missing.push({ field: `${path}.id`, message: `no customer ${ref.id} in this business` });
      } else if (create) {
        const { customer, created } = await this.customerService.upsertIn(tx, businessId, ref, now);
        resolved.set(key, { id: customer.id, created });
      } else {
        const [found] = await this.customers.lockByIdentity(tx, businessId, ref);
        if (found) resolved.set(key, { id: found.id, created: false });
        else missing.push({ field: path, message: `no customer with this ${Object.keys(ref)[0]} in this business, and createCustomer is false` });
      }
    }
    if (missing.length > 0) throw new DomainError('invalid', 'UNKNOWN_CUSTOMER', missing.map((m) => `${m.field}: ${m.message}`).join('; '), missing);
    return resolved;
  }
}
