import { Injectable } from '@nestjs/common';
import type { Queryable } from '../database/sql';

export interface AuditEntry {
  businessId: string;
  actorKeyId: string | null;
  action: string;
  entity: string;
  entityId?: string | null;
  details?: Record<string, unknown>;
}

@Injectable()
export class AuditRepository {
  async record(q: Queryable, entry: AuditEntry): Promise<void> {
    await q.query(
      `INSERT INTO audit_log (business_id, actor_key_id, action, entity, entity_id, details) VALUES ($1, $2, $3, $4, $5, $6)`,
      [entry.businessId, entry.actorKeyId, entry.action, entry.entity, entry.entityId ?? null, JSON.stringify(entry.details ?? {})],
    );
  }

  async listForEntity(q: Queryable, businessId: string, entity: string, entityId: string): Promise<{ action: string; at: Date; details: unknown }[]> {
    return q.query(
      `SELECT action, at, details FROM audit_log WHERE business_id = $1 AND entity = $2 AND entity_id = $3 ORDER BY at, id`,
      [businessId, entity, entityId],
    );
  }
}
