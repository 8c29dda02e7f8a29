import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, systemClock, type Clock } from '../../clock';
import { AuditTrail } from '../../audit/audit-trail';
import type { PoolClient } from 'pg';
import { pipeline } from 'node:stream/promises';
import type { Readable } from 'node:stream';
import { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import { isUniqueViolation } from '../../database/sql';
import { DomainError } from '../../errors/domain-error';
import { ConcurrencyLimiter } from '../../ops/concurrency-limiter';
import { WaitingSlots } from '../../ops/waiting-slots';
import { SegmentStalenessRepository } from '../../ops/segment-staleness.repository';
import type { Tenant } from '../../tenancy/tenant';
import { normalizeCustomer } from '../customer-input';
import { TAG_LIMITS } from '../customer.input';
import { normalizeContextFor } from '../customer.service';
import { IdentityHashKey } from '../erasure/identity-hash';
import { CustomerImportRepository, type MergeOptions, type MergeResult, type PlannedPreviewRow } from './customer-import.repository';
import { validateMapping } from './import-mapping';
import { ImportErrors, ImportRowProcessor } from './import-rows';
import { byteLimit, csvParser, CsvRowNumbers } from './import-source';
import { ImportSpool } from './import-spool';
import { CsvStaging, NdjsonStaging, type StagingRun } from './import-staging-stream';
import { IMPORT_DEFAULTS, type CustomerImportReport, type ImportOptions, type ImportPreviewRow, type ImportRowFailure } from './import.types';

export * from './import.types';
export { IMPORT_HEADER_TARGETS, CONSENT_WORDS, matchHeader, type ColumnMatchKind, type ImportHeaderTarget } from './import-headers';

const MERGE_OPTIONS: MergeOptions = { maxTags: TAG_LIMITS.maxTags, maxErrors: IMPORT_DEFAULTS.maxErrors, maxMatches: IMPORT_DEFAULTS.maxMatches };

interface ImportRun extends StagingRun {
  errors: ImportErrors;
}

/**
 * POST /v1/customers/import: a CSV or NDJSON stream is parsed, each row
 * validated with the API's rules as it arrives and spooled to a private
 * temporary file; once the upload has ended, good rows are COPY'd into a
 * session-local staging table and merged into `customer` with a few
 * set-based statements in one transaction. Bad rows are reported and do not stop the others; a
 * re-import of the same file changes nothing. A dry run does all of it but
 * the writes, and previews the first rows as they would be stored.
 */
@Injectable()
export class CustomerImportService {
  private readonly staging: CustomerImportRepository;
  /** Imports of each business in this process, uploads included. */
  private readonly running: ConcurrencyLimiter;
  /** Imports between their upload's end and their report: each holds one pooled connection. */
  private readonly writing: WaitingSlots;

  constructor(
    private readonly dataSource: DataSource,
    private readonly staleness: SegmentStalenessRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly audit: AuditTrail,
    @Inject(CLOCK) private readonly clock: Clock = systemClock(),
  ) {
    this.staging = new CustomerImportRepository(new IdentityHashKey(config));
    this.running = new ConcurrencyLimiter(config.importsPerBusiness, Number.POSITIVE_INFINITY);
    this.writing = new WaitingSlots(Math.max(1, Math.floor(config.databasePoolSize / 2)));
  }

  /**
   * A business may run IMPORTS_PER_BUSINESS imports at once (429 IMPORT_BUSY
   * beyond). An upload is spooled to disk without a database connection, however
   * slowly it arrives; then it waits for one of at most half the pool's
   * connections, so imports can never take every connection from the other
   * requests.
   */
  async import(tenant: Tenant, input: Readable, options: ImportOptions, now = this.clock.now()): Promise<CustomerImportReport> {
    const refuse = () => {
      const which = `${this.config.importsPerBusiness} imports at once per business`;
      return DomainError.tooManyRequests('IMPORT_BUSY', `at most ${which}; try again when one has finished`, 10, [{ field: 'body', message: `at most ${which}` }]);
    };
    return this.running.run(tenant.businessId, refuse, () => this.runImport(tenant, input, options, now));
  }

  private async runImport(tenant: Tenant, input: Readable, options: ImportOptions, now: Date): Promise<CustomerImportReport> {
    const started = performance.now();
    // Options and mapping are checked before a byte of data is read.
    const mapping = options.mapping ? validateMapping(options.mapping) : undefined;
    const delimiter = checkFormat(options);
    const errors = new ImportErrors(IMPORT_DEFAULTS.maxErrors);
    const ctx = normalizeContextFor(tenant, now, 'import', true);
    const rows = new ImportRowProcessor((raw) => normalizeCustomer(raw, ctx), errors);
    const run: ImportRun = { rows, errors, mapping, maxRows: options.maxRows ?? IMPORT_DEFAULTS.maxRows };

    const spool = await ImportSpool.create();
    try {
      await this.spoolFile(spool, input, options, delimiter, run);
      return await this.writing.run(() => this.importSpooled(tenant, spool, run, options, started, now));
    } finally {
      await spool.remove();
    }
  }

  private async importSpooled(tenant: Tenant, spool: ImportSpool, run: ImportRun, options: ImportOptions, started: number, now: Date): Promise<CustomerImportReport> {
    const { rows } = run;
    const runner = this.dataSource.createQueryRunner();
    const client = (await runner.connect()) as PoolClient;
    try {
      // One transaction from staging to merge: the staging table lives only in it (through a transaction pooler the
      // next transaction may reach another server connection), and the statement limit is lifted for it alone.
      await client.query('BEGIN');
      // An import's statements run as long as the file is big: the API's per-statement limit does not apply to them.
      await client.query('SET LOCAL statement_timeout = 0');
      await this.staging.createStaging(client);
      await pipeline(spool.reader(), this.staging.copyIntoStaging(client));
      if (options.dryRun) {
        const planned = await this.staging.dryRunStaging(client, tenant.businessId, MERGE_OPTIONS, rows.firstRows.rows);
        await client.query('ROLLBACK');
        const report = this.report(run, planned, started, true);
        return { ...report, preview: preview(rows.firstRows.rows, planned.preview, report.errors) };
      }
      // Counts only, never row contents; consent changes are in each customer's consent history.
      const merged = await this.mergeWithRetry(client, tenant.businessId, now, (m) =>
        this.audit.record(client, tenant, {
          action: 'customer.imported', entity: 'customer_import',
          details: { format: options.format, received: rows.received, inserted: m.inserted, updated: m.updated, unchanged: m.unchanged, failed: rows.failed + m.failed },
        }),
      );
      if (merged.inserted > 0) await this.staleness.markStale(client, tenant.businessId, 'all');
      else if (merged.updated > 0) await this.staleness.markStale(client, tenant.businessId, ['customer']);
      await client.query('COMMIT');
      return this.report(run, merged, started, false);
    } catch (error) {
      // The import's error is the one to report; a failed ROLLBACK means the connection is gone anyway.
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      await runner.release();
    }
  }

  /** Streams the upload through parse → validate → COPY text in the spool file; nothing is buffered whole. */
  private async spoolFile(spool: ImportSpool, input: Readable, options: ImportOptions, delimiter: string, run: ImportRun): Promise<void> {
    const limit = byteLimit(options.maxBytes ?? IMPORT_DEFAULTS.maxBytes);
    const sink = spool.writer();
    if (options.format === 'csv') {
      const numbers = new CsvRowNumbers();
      const parser = csvParser(delimiter, IMPORT_DEFAULTS.maxRecordBytes, numbers, (row, reason) => run.rows.unreadable(row, reason));
      await pipeline(input, limit, parser, new CsvStaging(run, numbers), sink);
    } else {
      await pipeline(input, limit, new NdjsonStaging(run, IMPORT_DEFAULTS.maxRecordBytes), sink);
    }
  }

  /** An API upsert racing the merge can take an identifier first; a second plan sees it as a conflict. */
  private async mergeWithRetry(client: PoolClient, businessId: string, now: Date, beforeCommit: (result: MergeResult) => Promise<void>): Promise<MergeResult> {
    try {
      return await this.staging.mergeStaging(client, businessId, MERGE_OPTIONS, now, beforeCommit);
    } catch (error) {
      if (!isUniqueViolation(error) && !isDeadlock(error)) throw error;
    }
    try {
      return await this.staging.mergeStaging(client, businessId, MERGE_OPTIONS, now, beforeCommit);
    } catch (error) {
      if (!isUniqueViolation(error) && !isDeadlock(error)) throw error;
      throw DomainError.conflict('IMPORT_CONFLICT', 'customers changed while the import was merged; nothing was imported, please retry');
    }
  }

  private report(run: ImportRun, merged: MergeResult, started: number, dryRun: boolean): CustomerImportReport {
    run.errors.addMany(merged.errors, merged.failed);
    const { errors, errorsTruncated } = run.errors.result();
    return {
      dryRun,
      received: run.rows.received,
      inserted: merged.inserted,
      updated: merged.updated,
      unchanged: merged.unchanged,
      duplicatesInFile: merged.duplicates,
      failed: run.rows.failed + merged.failed,
      columns: run.source?.columns ?? [],
      ignoredColumns: run.source?.ignored ?? [],
      matches: merged.matches,
      matchesTruncated: merged.matchedTotal > merged.matches.length,
      errors,
      errorsTruncated,
      durationMs: Math.round(performance.now() - started),
    };
  }
}

/** The first rows of the file: staged ones as planned, the others failed with their errors (always among the first reported). */
function preview(rows: number[], planned: PlannedPreviewRow[], errors: ImportRowFailure[]): ImportPreviewRow[] {
  const byRow = new Map(planned.map((p) => [p.row, p]));
  return rows.map((row) => {
    const rowErrors = errors.filter((e) => e.row === row);
    const staged = byRow.get(row);
    return staged ? { ...staged, errors: rowErrors } : { row, outcome: 'failed', customerId: null, matchedBy: [], customer: null, errors: rowErrors };
  });
}

function isDeadlock(error: unknown): boolean {
  return (error as { code?: string })?.code === '40P01';
}

/** Returns the CSV delimiter to use. */
function checkFormat(options: ImportOptions): string {
  if (options.format !== 'csv' && options.format !== 'ndjson') {
    throw new DomainError('unsupported_media', 'UNSUPPORTED_IMPORT_FORMAT', 'imports are CSV or NDJSON');
  }
  const delimiter = options.delimiter ?? ',';
  if (options.format === 'csv' && (delimiter.length !== 1 || /["\r\n]/.test(delimiter))) {
    throw DomainError.invalid('INVALID_IMPORT_OPTIONS', [{ field: 'delimiter', message: 'must be one character other than a quote or a line break' }]);
  }
  return delimiter;
}
