import type { FieldProblem } from '../../errors/domain-error';
import { isPlainObject } from '../../validation/field-checks';
import type { NormalizeResult } from '../customer-input';
import { applyValue, columnOf, type ColumnBinding } from './import-mapping';
import type { ImportRowError } from './import.types';
import { encodeStagingRow } from './staging-row';

/** The first `cap` row errors by row number, whatever order they arrive in, in bounded memory. */
export class ImportErrors {
  total = 0;
  private list: ImportRowError[] = [];

  constructor(private readonly cap: number) {}

  add(error: ImportRowError): void {
    this.total++;
    this.list.push(error);
    if (this.list.length >= 2 * this.cap) this.trim();
  }

  /** Adds errors found elsewhere (the merge), of which only the first ones were fetched. */
  addMany(errors: ImportRowError[], total: number): void {
    for (const e of errors) this.add(e);
    this.total += total - errors.length;
  }

  result(): { errors: ImportRowError[]; errorsTruncated: boolean } {
    this.trim();
    return { errors: this.list, errorsTruncated: this.total > this.list.length };
  }

  private trim(): void {
    // Stable: the problems of one row keep their order.
    this.list.sort((a, b) => a.row - b.row);
    if (this.list.length > this.cap) this.list.length = this.cap;
  }
}

type Raw = Record<string, unknown>;
export type Normalize = (raw: Raw) => NormalizeResult;

/**
 * Turns source rows into staging lines: mapping → normalizeCustomer (the API's
 * rules) → COPY text. Bad rows become errors and yield nothing.
 */
export class ImportRowProcessor {
  /** Data rows seen, good or bad. */
  received = 0;
  /** Rows rejected before staging. */
  failed = 0;

  constructor(
    private readonly normalize: Normalize,
    private readonly errors: ImportErrors,
  ) {}

  /** One CSV record, already bound to columns. */
  csvRecord(row: number, values: string[], bindings: readonly ColumnBinding[]): string | undefined {
    this.received++;
    const raw: Raw = {};
    const problems: FieldProblem[] = [];
    for (let i = 0; i < bindings.length; i++) {
      const b = bindings[i];
      applyValue(raw, b.target, values[b.index], problems);
    }
    return this.stage(row, raw, problems, bindings);
  }

  /** One NDJSON line: the customer JSON itself, or an object whose keys the mapping names. */
  ndjsonLine(row: number, line: string, bindings: readonly ColumnBinding[] | undefined): string | undefined {
    this.received++;
    // jsonb and text columns cannot hold NUL; better one clear row error than a failed COPY.
    if (line.includes('\\u0000')) return this.reject(row, [{ field: 'line', message: 'contains a NUL character (\\u0000)' }], []);
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch (error) {
      return this.reject(row, [{ field: 'line', message: `is not valid JSON: ${(error as Error).message}` }], []);
    }
    if (!isPlainObject(parsed)) return this.reject(row, [{ field: 'line', message: 'must be a JSON object' }], []);
    if (!bindings) return this.stage(row, parsed, [], []);
    const raw: Raw = {};
    const problems: FieldProblem[] = [];
    for (const b of bindings) applyValue(raw, b.target, parsed[b.source], problems);
    return this.stage(row, raw, problems, bindings);
  }

  /** A record the parser could not read (e.g. the wrong number of fields). */
  unreadable(row: number, reason: string): void {
    this.received++;
    this.reject(row, [{ field: 'row', message: reason }], []);
  }

  private stage(row: number, raw: Raw, problems: FieldProblem[], bindings: readonly ColumnBinding[]): string | undefined {
    const result = this.normalize(raw);
    if (problems.length === 0 && result.problems.length === 0) return encodeStagingRow(row, result.changes);
    // A value that could not be converted was left out; do not also report it as missing.
    const reported = new Set(problems.map((p) => p.field));
    return this.reject(row, [...problems, ...result.problems.filter((p) => !reported.has(p.field))], bindings);
  }

  private reject(row: number, problems: FieldProblem[], bindings: readonly ColumnBinding[]): undefined {
    this.failed++;
    for (const p of problems) {
      const column = columnOf(p.field, bindings);
      this.errors.add(column === undefined ? { row, field: p.field, reason: p.message } : { row, field: p.field, reason: p.message, column });
    }
    return undefined;
  }
}
