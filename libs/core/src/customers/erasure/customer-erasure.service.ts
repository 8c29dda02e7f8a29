import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditRepository } from '../../audit/audit.repository';
import { CLOCK, type Clock } from '../../clock';
import { DomainError } from '../../errors/domain-error';
import { addressQuery } from '../../locations/address-query';
import { SegmentStalenessRepository } from '../../ops/segment-staleness.repository';
import type { Tenant } from '../../tenancy/tenant';
import { isUuid } from '../customer-ref';
import { CustomerRepository } from '../customer.repository';
import { CustomerErasureRepository } from './customer-erasure.repository';
import { IdentityHashKey } from './identity-hash';

const DEADLOCK = '40P01';
const ATTEMPTS = 3;

/**
 * GDPR erasure (art. 17): every personal datum of one customer, everywhere it
 * is stored, in one transaction under the customer's row lock (so a send
 * being claimed for them either finishes first and is blanked, or sees them
 * erased). What stays: the rows reports count, without personal columns, and
 * the keyed hash of their email and phone that keeps them suppressed.
 */
@Injectable()
export class CustomerErasureService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly customers: CustomerRepository,
    private readonly erasure: CustomerErasureRepository,
    private readonly identityKey: IdentityHashKey,
    private readonly audit: AuditRepository,
    private readonly staleness: SegmentStalenessRepository,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async erase(tenant: Tenant, id: string): Promise<void> {
    // A deadlock with a path taking its locks in an order not foreseen is retried rather than reported.
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.eraseOnce(tenant, id);
      } catch (error) {
        if ((error as { code?: string }).code !== DEADLOCK || attempt >= ATTEMPTS) throw error;
      }
    }
  }

  private async eraseOnce(tenant: Tenant, id: string): Promise<void> {
    const { businessId } = tenant;
    if (!isUuid(id)) throw DomainError.notFound('customer', id);
    await this.dataSource.transaction(async (tx) => {
      await this.erasure.lockWorkInProgress(tx, businessId, id);
      const current = await this.customers.lockById(tx, businessId, id);
      if (!current) throw DomainError.notFound('customer', id);
      const now = this.clock.now();
      await this.erasure.keepIdentityHashes(tx, businessId, id, this.identityKey, now);
      await this.erasure.blankHistory(tx, businessId, id, now);
      await this.erasure.deleteWhereabouts(tx, businessId, id, addressQuery(current.address)?.hash ?? null);
      await this.erasure.blankCustomer(tx, businessId, id);
      await this.staleness.markStale(tx, businessId, 'all');
      await this.audit.record(tx, { businessId, actorKeyId: tenant.keyId, actorRole: tenant.role, action: 'customer.erased', entity: 'customer', entityId: id });
    });
  }
}
