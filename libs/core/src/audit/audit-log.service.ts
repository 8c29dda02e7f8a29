import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { decodeCursor, encodeCursor, untilShortBatch } from '../database/sql';
import { DomainError } from '../errors/domain-error';
import type { Tenant } from '../tenancy/tenant';
import { AuditRepository, type AuditFilter, type AuditRow } from './audit.repository';

export type AuditQuery = Omit<AuditFilter, 'after'> & { cursor?: string };

export interface AuditPage {
  items: AuditRow[];
  nextCursor: string | null;
}

/** Rows per DELETE of the retention job: a few milliseconds of row locks each. */
export const AUDIT_PRUNE_BATCH = 5_000;
/** Rows per statement of the CSV download. */
const CSV_PAGE = 1_000;

const AT_KEY = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;
const BIGINT = /^[1-9]\d{0,17}$/;
const DAY_MS = 86_400_000;

function decodeAuditCursor(cursor: string): { atKey: string; id: string } {
  const [atKey, id] = decodeCursor(cursor, 2) ?? [];
  // Checked here so a forged cursor never reaches a SQL cast.
  if (typeof atKey !== 'string' || !AT_KEY.test(atKey) || Number.isNaN(Date.parse(atKey)) || typeof id !== 'string' || !BIGINT.test(id)) {
    throw DomainError.invalid('INVALID_CURSOR', [{ field: 'cursor', message: 'is not a cursor returned by this endpoint' }]);
  }
  return { atKey, id };
}

const CSV_COLUMNS = ['at', 'id', 'actorKeyId', 'actorRole', 'action', 'entity', 'entityId', 'details'] as const;

function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  const text = value instanceof Date ? value.toISOString() : typeof value === 'object' ? JSON.stringify(value) : String(value);
  // A leading = + - @ would run as a spreadsheet formula.
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** The audit trail for owners (newest first, keyset pages or CSV) and its retention. */
@Injectable()
export class AuditLogService {
  private readonly logger = new Logger(AuditLogService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async list(tenant: Tenant, query: AuditQuery): Promise<AuditPage> {
    const { cursor, ...filter } = query;
    const after = cursor === undefined ? undefined : decodeAuditCursor(cursor);
    const rows = await this.audit.list(this.dataSource, tenant.businessId, { ...filter, after, limit: query.limit + 1 });
    const items = rows.slice(0, query.limit);
    const last = items[items.length - 1];
    return { items, nextCursor: rows.length > query.limit && last ? encodeCursor([last.atKey, last.id]) : null };
  }

  /** Every matching row as CSV, header first, read in keyset pages so memory stays flat. */
  async *csv(tenant: Tenant, filter: Omit<AuditFilter, 'after' | 'limit'>): AsyncGenerator<string> {
    yield `${CSV_COLUMNS.join(',')}\r\n`;
    for (let after: AuditFilter['after']; ;) {
      const rows = await this.audit.list(this.dataSource, tenant.businessId, { ...filter, after, limit: CSV_PAGE });
      if (rows.length > 0) yield rows.map((row) => `${CSV_COLUMNS.map((c) => csvCell(row[c])).join(',')}\r\n`).join('');
      if (rows.length < CSV_PAGE) return;
      const last = rows[rows.length - 1];
      after = { atKey: last.atKey, id: last.id };
    }
  }

  /**
   * Deletes audit rows older than AUDIT_LOG_RETENTION_DAYS before `now`, in
   * batches of AUDIT_PRUNE_BATCH (each its own short statement, so the job
   * never holds many row locks or a long transaction); returns how many.
   */
  async pruneAuditLog(now: Date): Promise<number> {
    const before = new Date(now.getTime() - this.config.auditLogRetentionDays * DAY_MS);
    const { rows: deleted } = await untilShortBatch(AUDIT_PRUNE_BATCH, (size) => this.audit.deleteOlderThan(this.dataSource, before, size));
    if (deleted > 0) this.logger.log(`deleted ${deleted} audit rows from before ${before.toISOString()}`);
    return deleted;
  }
}
