import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { databaseFailure, type DatabaseFailure } from '../database/database-failure';

/** Ready to serve, or the one reason not (with the field of the error shape it names). */
export type Readiness =
  | { ready: true; migrations: number }
  | { ready: false; code: string; field: 'database' | 'migrations'; message: string };

const FAILURE_CODE: Record<DatabaseFailure, string> = { unreachable: 'DATABASE_UNAVAILABLE', busy: 'DATABASE_BUSY', timeout: 'DATABASE_TIMEOUT' };

/**
 * Readiness of a process for traffic: the database answers and every
 * migration this code knows is applied (a replica started against a database
 * the migration has not reached yet would fail its requests). Migrations
 * applied that the code does not know (a newer release ran them) do not make
 * it unready: migrations add before they take away.
 */
@Injectable()
export class ReadinessCheck {
  constructor(private readonly dataSource: DataSource) {}

  async check(): Promise<Readiness> {
    const table = this.dataSource.options.migrationsTableName ?? 'migrations';
    let applied: Set<string>;
    try {
      const rows = await this.dataSource.query<{ name: string }[]>(`SELECT name FROM "${table}"`);
      applied = new Set(rows.map((r) => r.name));
    } catch (error) {
      const e = error as { code?: string; driverError?: { code?: string } };
      // No migrations table yet: nothing is applied.
      if ((e.driverError?.code ?? e.code) === '42P01') applied = new Set();
      else return { ready: false, field: 'database', ...describeFailure(error) };
    }
    const known = this.dataSource.migrations.map((m) => m.name ?? m.constructor.name);
    const missing = known.filter((name) => !applied.has(name));
    if (missing.length > 0) {
      return { ready: false, code: 'MIGRATIONS_PENDING', field: 'migrations', message: `${missing.length} of ${known.length} not applied yet: ${missing.join(', ')}` };
    }
    return { ready: true, migrations: known.length };
  }
}

/** The reason without the server's address (the route is public): the kind and the driver's code. */
function describeFailure(error: unknown): { code: string; message: string } {
  const kind = databaseFailure(error);
  const e = error as { code?: unknown; driverError?: { code?: unknown } };
  const driverCode = String(e?.driverError?.code ?? e?.code ?? '') || 'no code';
  if (kind === 'unreachable') return { code: FAILURE_CODE.unreachable, message: `the database is not reachable (${driverCode})` };
  if (kind === 'busy') return { code: FAILURE_CODE.busy, message: 'every database connection is in use' };
  if (kind === 'timeout') return { code: FAILURE_CODE.timeout, message: 'the database took too long to answer' };
  return { code: 'DATABASE_ERROR', message: `the database refused the readiness query (${driverCode})` };
}
