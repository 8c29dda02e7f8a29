import type { PoolClient } from 'pg';
import type { DataSource, EntityManager } from 'typeorm';
import { DomainError } from '../errors/domain-error';

/** Anything that can run a parameterised query: the DataSource or a transaction's manager. */
export interface Queryable {
  query<T = unknown>(sql: string, params?: unknown[]): Promise<T>;
}

/**
 * A Queryable whose every statement runs on its own pooled connection as the
 * named prepared statement `name`: each connection parses and plans it once,
 * not on every call. For a hot statement whose text never changes (the
 * grouped event insert; the engagement batch insert does the same itself, as
 * it needs the row count). `name` null (behind a
 * transaction pooler, DATABASE_TRANSACTION_POOLING) runs it unnamed: the next
 * call may reach a server connection that never saw the statement prepared.
 */
export function preparedStatement(dataSource: DataSource, name: string | null): Queryable {
  return {
    async query<T>(sql: string, params: unknown[] = []): Promise<T> {
      const runner = dataSource.createQueryRunner();
      try {
        const client = (await runner.connect()) as PoolClient;
        const { rows } = await client.query({ ...(name === null ? {} : { name }), text: sql, values: params });
        return rows as T;
      } finally {
        await runner.release();
      }
    },
  };
}

export function transaction<T>(dataSource: DataSource, work: (tx: EntityManager) => Promise<T>): Promise<T> {
  return dataSource.transaction(work);
}

/**
 * Runs one statement of a transaction with sorts, bitmap scans and sequential
 * scans turned off, so the planner can only read an index in the order the
 * statement asks for. For work queues (messages to send, enrolments to run)
 * that fill in bursts faster than the planner's statistics follow: with a
 * stale row estimate it would sort every due row to take the first hundred.
 * `q` must be inside a transaction (SET LOCAL); the settings are reset after.
 */
export async function queryInIndexOrder<T>(q: Queryable, sql: string, params: unknown[]): Promise<T> {
  await q.query('SET LOCAL enable_sort = off; SET LOCAL enable_bitmapscan = off; SET LOCAL enable_seqscan = off');
  const rows = await q.query<T>(sql, params);
  await q.query('RESET enable_sort; RESET enable_bitmapscan; RESET enable_seqscan');
  return rows;
}

/** Memory per sort or hash of a report statement (see `inReportTransaction`); the server default is 4 MB. */
export const REPORT_WORK_MEM = '64MB';

/**
 * Runs `work` in its own read-only transaction with `REPORT_WORK_MEM` per
 * sort and hash (SET LOCAL), so a report's aggregates over hundreds of
 * thousands of rows (orders per customer, distinct buyers per store) sort and
 * hash in memory instead of spilling to temporary files. Each call takes its
 * own connection, so several run in parallel. With `parallelWorkers: false`
 * the statement starts no parallel workers of its own: the overview's five
 * statements already share the cores, and there a parallel plan's workers
 * each rebuilt the hash table of a join that is not parallel-aware (measured:
 * 3 × 250 ms for one statement; overview 5.2 s → 2.8 s with the order summary).
 * The campaign report keeps them (measured slower without).
 */
export function inReportTransaction<T>(dataSource: DataSource, work: (q: Queryable) => Promise<T>, options: { parallelWorkers?: boolean } = {}): Promise<T> {
  return dataSource.transaction(async (manager) => {
    const serial = options.parallelWorkers === false ? '; SET LOCAL max_parallel_workers_per_gather = 0' : '';
    await manager.query(`SET TRANSACTION READ ONLY; SET LOCAL work_mem = '${REPORT_WORK_MEM}'${serial}`);
    return work(manager);
  });
}

/** True when a PostgreSQL error is a unique violation (optionally of one constraint). */
export function isUniqueViolation(error: unknown, constraint?: string): error is { constraint: string } {
  const e = error as { code?: string; constraint?: string; driverError?: { code?: string; constraint?: string } };
  const code = e?.code ?? e?.driverError?.code;
  const name = e?.constraint ?? e?.driverError?.constraint;
  return code === '23505' && (constraint === undefined || name === constraint);
}

export function uniqueConstraintOf(error: unknown): string | undefined {
  const e = error as { constraint?: string; driverError?: { constraint?: string } };
  return e?.constraint ?? e?.driverError?.constraint;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// PostgreSQL's timestamptz text output, e.g. 2026-11-22 20:05:32.815123+00.
const PG_TIMESTAMP = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])[ T]([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d{1,6})?([+-]\d{2}(:?\d{2}){0,2}|Z)$/;

/**
 * Decodes a [timestamp, uuid] keyset cursor, or throws a 422 naming `cursor`.
 * Values are checked here so a forged cursor never reaches a SQL cast.
 */
export function decodeTimeIdCursor(cursor: string): [string, string] {
  const values = decodeCursor(cursor, 2);
  const [at, id] = values ?? [];
  if (typeof at !== 'string' || typeof id !== 'string' || !UUID.test(id) || !PG_TIMESTAMP.test(at)) {
    throw DomainError.invalid('INVALID_CURSOR', [{ field: 'cursor', message: 'is not a cursor returned by this endpoint' }]);
  }
  return [at, id];
}

/** Opaque keyset cursor: base64url JSON of the last row's sort values. */
export function encodeCursor(values: (string | number)[]): string {
  return Buffer.from(JSON.stringify(values)).toString('base64url');
}

export function decodeCursor(cursor: string, arity: number): (string | number)[] | undefined {
  try {
    const values = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(values) && values.length === arity && values.every((v) => typeof v === 'string' || typeof v === 'number')) {
      return values as (string | number)[];
    }
  } catch {
    // fall through: an unreadable cursor is reported by the caller
  }
  return undefined;
}

/** What `untilShortBatch` did. */
export interface BatchedRun {
  /** Rows the batches took in all. */
  rows: number;
  batches: number;
  /** The longest batch (one statement: the longest any of its locks was held), in milliseconds. */
  longestBatchMs: number;
}

/**
 * The retention jobs' loop: runs `batch` (one short statement acting on at
 * most `size` rows, returning how many it took) until one takes fewer than
 * `size`, so no statement holds many row locks or a long transaction.
 */
export async function untilShortBatch(size: number, batch: (size: number) => Promise<number>): Promise<BatchedRun> {
  const run: BatchedRun = { rows: 0, batches: 0, longestBatchMs: 0 };
  for (;;) {
    const started = performance.now();
    const rows = await batch(size);
    run.longestBatchMs = Math.max(run.longestBatchMs, performance.now() - started);
    run.batches += 1;
    run.rows += rows;
    if (rows < size) return run;
  }
}
