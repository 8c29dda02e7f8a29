import { Injectable } from '@nestjs/common';
import type { Role } from '../database/entities';
import type { Queryable } from '../database/sql';

export interface AuditEntry {
  businessId: string;
  actorKeyId: string | null;
  /** The key's role; null for changes made without a key (sign-up, a confirmation link). */
  actorRole?: Role | null;
  action: string;
  entity: string;
  entityId?: string | null;
  details?: Record<string, unknown>;
}

/** One row of the audit trail as listed. */
export interface AuditRow {
  id: string;
  actorKeyId: string | null;
  actorRole: Role | null;
  action: string;
  entity: string;
  entityId: string | null;
  details: Record<string, unknown>;
  at: Date;
  /** `at` with microseconds, for the cursor. */
  atKey: string;
}

export interface AuditFilter {
  entity?: string;
  entityId?: string;
  action?: string;
  actorKeyId?: string;
  /** Inclusive. */
  from?: Date;
  /** Exclusive. */
  to?: Date;
  /** The last row of the previous page. */
  after?: { atKey: string; id: string };
  limit: number;
}

const COLUMNS = `id::text AS id, actor_key_id AS "actorKeyId", actor_role AS "actorRole", action, entity, entity_id AS "entityId", details, at,
  to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS "atKey"`;

@Injectable()
export class AuditRepository {
  /** Always inside the transaction of the change it records, so the row exists exactly when the change committed. */
  async record(q: Queryable, entry: AuditEntry): Promise<void> {
    await q.query(
      `INSERT INTO audit_log (business_id, actor_key_id, actor_role, action, entity, entity_id, details) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [entry.businessId, entry.actorKeyId, entry.actorRole ?? null, entry.action, entry.entity, entry.entityId ?? null, JSON.stringify(entry.details ?? {})],
    );
  }

  async listForEntity(q: Queryable, businessId: string, entity: string, entityId: string): Promise<{ action: string; at: Date; details: unknown }[]> {
    return q.query(
      `SELECT action, at, details FROM audit_log WHERE business_id = $1 AND entity = $2 AND entity_id = $3 ORDER BY at, id`,
      [businessId, entity, entityId],
    );
  }

  /**
   * One page newest first by (at, id). Each filter can read an index in
   * order: an entity id its (business, entity, entity id, at, id) index, a key
   * its (business, key, at, id) index, an action its (business, action, at,
   * id) index, anything else the time index with the remaining filters
   * applied along the scan (measured in bench/audit-log.bench.ts).
   */
  async list(q: Queryable, businessId: string, filter: AuditFilter): Promise<AuditRow[]> {
    const values: unknown[] = [businessId];
    const add = (value: unknown) => `$${values.push(value)}`;
    const where = ['business_id = $1'];
    if (filter.entity !== undefined) where.push(`entity = ${add(filter.entity)}`);
    if (filter.entityId !== undefined) where.push(`entity_id = ${add(filter.entityId)}`);
    if (filter.action !== undefined) where.push(`action = ${add(filter.action)}`);
    if (filter.actorKeyId !== undefined) where.push(`actor_key_id = ${add(filter.actorKeyId)}`);
    if (filter.from) where.push(`at >= ${add(filter.from)}::timestamptz`);
    if (filter.to) where.push(`at < ${add(filter.to)}::timestamptz`);
    if (filter.after) where.push(`(at, id) < (${add(filter.after.atKey)}::timestamptz, ${add(filter.after.id)}::bigint)`);
    return q.query<AuditRow[]>(
      `SELECT ${COLUMNS} FROM audit_log WHERE ${where.join(' AND ')} ORDER BY at DESC, id DESC LIMIT ${add(filter.limit)}`,
      values,
    );
  }

  /**
   * Deletes up to `batch` rows older than `before` (any business), oldest
   * first, in one short statement; returns how many. The caller repeats until
   * fewer than `batch` go, so no statement holds its locks for long.
   */
  async deleteOlderThan(q: Queryable, before: Date, batch: number): Promise<number> {
    const [, count] = await q.query<[unknown[], number]>(
      `DELETE FROM audit_log WHERE id IN (SELECT id FROM audit_log WHERE at < $1 ORDER BY at LIMIT $2 FOR UPDATE SKIP LOCKED)`,
      [before, batch],
    );
    return count;
  }
}
