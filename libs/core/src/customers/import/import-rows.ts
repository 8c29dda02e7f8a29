import type { FieldProblem } from '../../errors/domain-error';
import { isPlainObject } from '../../validation/field-checks';
import type { NormalizeResult } from '../customer-input';
import { applyValue, columnOf, type ColumnBinding } from './import-mapping';
import { IMPORT_DEFAULTS, type ImportErrorCode, type ImportRowFailure } from './import.types';
import { encodeStagingRow } from './staging-row';

/** The first `cap` row errors by row number, whatever order they arrive in, in bounded memory. */
export class ImportErrors {
  total = 0;
  private list: ImportRowFailure[] = [];

  constructor(private readonly cap: number) {}

  add(error: ImportRowFailure): void {
    this.total++;
    this.list.push(error);
    if (this.list.length >= 2 * this.cap) this.trim();
  }

  /** Adds errors found elsewhere (the merge), of which only the first ones were fetched. */
  addMany(errors: ImportRowFailure[], total: number): void {
    for (const e of errors) this.add(e);
    this.total += total - errors.length;
  }

  result(): { errors: ImportRowFailure[]; errorsTruncated: boolean } {
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

/** How NDJSON lines are read: in the API shape, minus `omit`, plus the mapped keys converted. */
export interface NdjsonKeys {
  bindings: readonly ColumnBinding[];
  /** Keys the mapping converts or drops: not read as API fields. */
  omit: ReadonlySet<string>;
}

/** The smallest `cap` row numbers seen, ascending (the rows a dry run previews). */
export class FirstRows {
  readonly rows: number[] = [];
  constructor(private readonly cap: number) {}

  add(row: number): void {
    const rows = this.rows;
    if (rows.length === this.cap && row > rows[rows.length - 1]) return;
    let i = rows.length;
    while (i > 0 && rows[i - 1] > row) i--;
    rows.splice(i, 0, row);
    if (rows.length > this.cap) rows.pop();
  }
}

/**
 * Turns source rows into staging lines: mapping → normalizeCustomer (the API's
 * rules) → COPY text. Bad rows become errors and yield nothing.
 */
export class ImportRowProcessor {
  /** Data rows seen, good or bad. */
  received = 0;
  /** Rows rejected before staging. */
  failed = 0;
  /** The first rows of the file by row number. */
  readonly firstRows = new FirstRows(IMPORT_DEFAULTS.previewRows);

  constructor(
    private readonly normalize: Normalize,
    private readonly errors: ImportErrors,
  ) {}

  /** One CSV record, already bound to columns. */
  csvRecord(row: number, values: string[], bindings: readonly ColumnBinding[]): string | undefined {
    this.received++;
    this.firstRows.add(row);
    const raw: Raw = {};
    const problems: FieldProblem[] = [];
    for (let i = 0; i < bindings.length; i++) {
      const b = bindings[i];
      applyValue(raw, b.target, values[b.index], problems);
    }
    return this.stage(row, raw, problems, bindings);
  }

  /** One NDJSON line: the customer JSON in the API shape, with the mapped keys converted. */
  ndjsonLine(row: number, line: string, keys: NdjsonKeys): string | undefined {
    this.received++;
    this.firstRows.add(row);
    // jsonb and text columns cannot hold NUL; better one clear row error than a failed COPY.
    if (line.includes('\\u0000')) return this.reject(row, [{ field: 'line', message: 'contains a NUL character (\\u0000)' }], [], 'UNREADABLE_ROW');
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch (error) {
      return this.reject(row, [{ field: 'line', message: `is not valid JSON: ${(error as Error).message}` }], [], 'UNREADABLE_ROW');
    }
    if (!isPlainObject(parsed)) return this.reject(row, [{ field: 'line', message: 'must be a JSON object' }], [], 'UNREADABLE_ROW');
    if (keys.omit.size === 0) return this.stage(row, parsed, [], []);
    const raw: Raw = {};
    for (const key of Object.keys(parsed)) if (!keys.omit.has(key)) raw[key] = parsed[key];
    const problems: FieldProblem[] = [];
    for (const b of keys.bindings) applyValue(raw, b.target, parsed[b.source], problems);
    return this.stage(row, raw, problems, keys.bindings);
  }

  /** A record the parser could not read (e.g. the wrong number of fields). */
  unreadable(row: number, reason: string): void {
    this.received++;
    this.firstRows.add(row);
    this.reject(row, [{ field: 'row', message: reason }], [], 'UNREADABLE_ROW');
  }

  private stage(row: number, raw: Raw, problems: FieldProblem[], bindings: readonly ColumnBinding[]): string | undefined {
    const result = this.normalize(raw);
    if (problems.length === 0 && result.problems.length === 0) return encodeStagingRow(row, result.changes);
    // A value that could not be converted was left out; do not also report it as missing.
    const reported = new Set(problems.map((p) => p.field));
    return this.reject(row, [...problems, ...result.problems.filter((p) => !reported.has(p.field))], bindings, 'INVALID_VALUE');
  }

  private reject(row: number, problems: FieldProblem[], bindings: readonly ColumnBinding[], code: ImportErrorCode): undefined {
    this.failed++;
    for (const p of problems) {
      const column = columnOf(p.field, bindings);
      this.errors.add(column === undefined ? { row, field: p.field, code, reason: p.message } : { row, field: p.field, code, reason: p.message, column });
    }
    return undefined;
  }
}
