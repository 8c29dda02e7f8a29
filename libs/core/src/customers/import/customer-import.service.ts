import { Injectable } from '@nestjs/common';
import type { PoolClient } from 'pg';
import { pipeline } from 'node:stream/promises';
import type { Readable } from 'node:stream';
import { DataSource } from 'typeorm';
import { isUniqueViolation } from '../../database/sql';
import { DomainError } from '../../errors/domain-error';
import type { Tenant } from '../../tenancy/tenant';
import { TAG_LIMITS } from '../customer-input';
import { normalizeContextFor } from '../customer.service';
import { CustomerImportRepository, type MergeResult } from './customer-import.repository';
import { bindCsvHeader, validateMapping, type ColumnBinding } from './import-mapping';
import { createImportNormalizer } from './import-normalizer';
import { ImportErrors, ImportRowProcessor } from './import-rows';
import { byteLimit, csvRecords, invalidFile, ndjsonLines, tooManyRows, type CsvParserState, type CsvRecord } from './import-source';
import { IMPORT_DEFAULTS, type ImportOptions, type ImportReport } from './import.types';

export * from './import.types';

// Staging lines are sent to COPY in chunks of about this many characters.
const COPY_CHUNK = 256 * 1024;

interface ImportRun {
  rows: ImportRowProcessor;
  errors: ImportErrors;
  mapping: ColumnBinding[] | undefined;
  maxRows: number;
}

/**
 * POST /v1/customers/import: a CSV or NDJSON stream is parsed, each row
 * validated with the API's rules, good rows COPY'd into a session-local
 * staging table and merged into `customer` with a few set-based statements in
 * one transaction. Bad rows are reported and do not stop the others; a
 * re-import of the same file changes nothing.
 */
@Injectable()
export class CustomerImportService {
  private readonly staging = new CustomerImportRepository();

  constructor(private readonly dataSource: DataSource) {}

  async import(tenant: Tenant, input: Readable, options: ImportOptions, now = new Date()): Promise<ImportReport> {
    const started = performance.now();
    const mapping = options.mapping ? validateMapping(options.mapping) : undefined;
    const delimiter = options.delimiter ?? ',';
    if (options.format === 'csv' && (delimiter.length !== 1 || /["\r\n]/.test(delimiter))) {
      throw DomainError.invalid('INVALID_IMPORT_OPTIONS', [{ field: 'delimiter', message: 'must be one character other than a quote or a line break' }]);
    }
    const errors = new ImportErrors(IMPORT_DEFAULTS.maxErrors);
    const ctx = normalizeContextFor(tenant, now, 'import', true);
    const run: ImportRun = { rows: new ImportRowProcessor(createImportNormalizer(ctx), errors), errors, mapping, maxRows: options.maxRows ?? IMPORT_DEFAULTS.maxRows };

    const runner = this.dataSource.createQueryRunner();
    const client = (await runner.connect()) as PoolClient;
    try {
      await this.staging.createStaging(client);
      const limit = byteLimit(options.maxBytes ?? IMPORT_DEFAULTS.maxBytes);
      const sink = this.staging.copyIntoStaging(client);
      if (options.format === 'csv') {
        const state: CsvParserState = { nextRow: 0 };
        const parser = csvRecords(delimiter, IMPORT_DEFAULTS.maxRecordBytes, state, (row, reason) => run.rows.unreadable(row, reason));
        await pipeline(input, limit, parser, (records: AsyncIterable<CsvRecord>) => this.csvStaging(run, records, state), sink);
      } else {
        await pipeline(input, limit, (source: AsyncIterable<Buffer>) => this.ndjsonStaging(run, source), sink);
      }
      const merged = await this.mergeWithRetry(client, tenant.businessId);
      return this.report(run, merged, started);
    } finally {
      // A failed drop leaves a temp table on a pooled connection; the next import drops it first.
      await this.staging.dropStaging(client).catch(() => undefined);
      await runner.release();
    }
  }

  private async *csvStaging(run: ImportRun, records: AsyncIterable<CsvRecord>, state: CsvParserState): AsyncGenerator<string> {
    let bindings: ColumnBinding[] | undefined;
    let chunk = '';
    for await (const { row, values } of records) {
      if (state.fatal) throw state.fatal;
      if (row === 0) {
        bindings = bindCsvHeader(values, run.mapping);
        continue;
      }
      if (row > run.maxRows) throw tooManyRows(run.maxRows);
      const line = run.rows.csvRecord(row, values, bindings!);
      if (line === undefined) continue;
      chunk += line;
      if (chunk.length >= COPY_CHUNK) {
        yield chunk;
        chunk = '';
      }
    }
    if (state.fatal) throw state.fatal;
    if (!bindings) throw invalidFile('is empty: a CSV import needs a header row');
    if (state.nextRow - 1 > run.maxRows) throw tooManyRows(run.maxRows);
    if (chunk !== '') yield chunk;
  }

  private async *ndjsonStaging(run: ImportRun, source: AsyncIterable<Buffer>): AsyncGenerator<string> {
    let chunk = '';
    for await (const { row, line } of ndjsonLines(source, IMPORT_DEFAULTS.maxRecordBytes)) {
      if (run.rows.received >= run.maxRows) throw tooManyRows(run.maxRows);
      const staged = run.rows.ndjsonLine(row, line, run.mapping);
      if (staged === undefined) continue;
      chunk += staged;
      if (chunk.length >= COPY_CHUNK) {
        yield chunk;
        chunk = '';
      }
    }
    if (chunk !== '') yield chunk;
  }

  /** An API upsert racing the merge can take an identifier first; a second plan sees it as a conflict. */
  private async mergeWithRetry(client: PoolClient, businessId: string): Promise<MergeResult> {
    const opts = { maxTags: TAG_LIMITS.maxTags, maxErrors: IMPORT_DEFAULTS.maxErrors };
    try {
      return await this.staging.mergeStaging(client, businessId, opts);
    } catch (error) {
      if (!isUniqueViolation(error) && !isDeadlock(error)) throw error;
    }
    try {
      return await this.staging.mergeStaging(client, businessId, opts);
    } catch (error) {
      if (!isUniqueViolation(error) && !isDeadlock(error)) throw error;
      throw DomainError.conflict('IMPORT_CONFLICT', 'customers changed while the import was merged; nothing was imported, please retry');
    }
  }

  private report(run: ImportRun, merged: MergeResult, started: number): ImportReport {
    run.errors.addMany(merged.errors, merged.failed);
    const { errors, errorsTruncated } = run.errors.result();
    return {
      received: run.rows.received,
      inserted: merged.inserted,
      updated: merged.updated,
      unchanged: merged.unchanged,
      duplicatesInFile: merged.duplicates,
      failed: run.rows.failed + merged.failed,
      errors,
      errorsTruncated,
      durationMs: Math.round(performance.now() - started),
    };
  }
}

function isDeadlock(error: unknown): boolean {
  return (error as { code?: string })?.code === '40P01';
}
