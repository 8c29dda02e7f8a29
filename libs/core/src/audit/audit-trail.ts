import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { Queryable } from '../database/sql';
import type { Tenant } from '../tenancy/tenant';
import { AuditRepository } from './audit.repository';

/**
 * What a change was, without personal data: ids, field names and
 * non-personal values (a campaign's status, a segment's definition), never a
 * customer's email, phone, name, address or attribute values.
 */
export interface AuditChange {
  /** `<entity>.<verb>`, e.g. `campaign.activated`. */
  action: string;
  entity: string;
  entityId?: string | null;
  details?: Record<string, unknown>;
}

/** The names of the fields an input sets (undefined left out), sorted. */
export function fieldsSet(input: object): string[] {
  return Object.entries(input).filter(([, value]) => value !== undefined).map(([key]) => key).sort();
}

/**
 * Records changes made with a key in the transaction that makes them: an
 * audit row exists exactly when its change committed.
 */
@Injectable()
export class AuditTrail {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditRepository,
  ) {}

  /** Runs `work` in a new transaction and records what `describe` says it changed (nothing for an empty list) in the same one. */
  change<T>(tenant: Tenant, work: (tx: EntityManager) => Promise<T>, describe: (result: T) => AuditChange | AuditChange[]): Promise<T> {
    return this.dataSource.transaction(async (tx) => {
      const result = await work(tx);
      for (const change of [describe(result)].flat()) await this.record(tx, tenant, change);
      return result;
    });
  }

  /** Records one change inside the caller's transaction. */
  record(q: Queryable, tenant: Tenant, change: AuditChange): Promise<void> {
    return this.audit.record(q, {
      businessId: tenant.businessId, actorKeyId: tenant.keyId, actorRole: tenant.keyId === null ? null : tenant.role, ...change,
    });
  }
}
