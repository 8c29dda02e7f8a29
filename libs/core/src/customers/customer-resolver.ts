import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { DomainError } from '../errors/domain-error';
import { CustomerRepository } from './customer.repository';
import { CustomerService } from './customer.service';
import { refKey } from './customer-ref';
import type { CustomerRef } from './customer.types';

/**
 * Turns customer references in events and orders into customer ids. A
 * reference by id must exist; one by externalId, email or phone creates the
 * customer when unknown (sales and events often arrive before a sign-up).
 */
@Injectable()
export class CustomerResolver {
  constructor(
    private readonly customers: CustomerRepository,
    private readonly customerService: CustomerService,
  ) {}

  async resolveAll(tx: EntityManager, businessId: string, refs: { ref: CustomerRef; path: string }[]): Promise<Map<string, string>> {
    const ids = new Map<string, string>();
    const missing: { field: string; message: string }[] = [];
    for (const { ref, path } of refs) {
      const key = refKey(ref);
      if (ids.has(key)) continue;
      if ('id' in ref) {
        const found = await this.customers.findById(businessId, ref.id, tx);
        if (found) ids.set(key, found.id);
        else missing.push({ field: `${path}.id`, message: `no customer ${ref.id} in this business` });
        continue;
      }
      const { customer } = await this.customerService.upsertIn(tx, businessId, ref);
      ids.set(key, customer.id);
    }
    if (missing.length > 0) throw new DomainError('invalid', 'UNKNOWN_CUSTOMER', missing.map((m) => `${m.field}: ${m.message}`).join('; '), missing);
    return ids;
  }
}
