import { parse, type CsvError } from 'csv-parse';
import { Transform, type TransformCallback } from 'node:stream';
import { DomainError } from '../../errors/domain-error';

/** Fails the stream once more than `maxBytes` have passed: the upload is never read past its limit. */
export function byteLimit(maxBytes: number): Transform {
  let seen = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, callback: TransformCallback) {
      seen += chunk.length;
      if (seen > maxBytes) callback(new DomainError('too_large', 'IMPORT_TOO_LARGE', `the import file is larger than ${maxBytes} bytes`));
      else callback(null, chunk);
    },
  });
}

export function invalidFile(message: string): DomainError {
  return DomainError.invalid('INVALID_IMPORT_FILE', [{ field: 'file', message }]);
}

export function tooManyRows(maxRows: number): DomainError {
  return DomainError.invalid('IMPORT_TOO_MANY_ROWS', [{ field: 'file', message: `has more than ${maxRows} data rows` }]);
}

// The error after which the parser carries on at the next record; any other
// (an unclosed quote, an oversized record) may have swallowed later rows.
const RECOVERABLE = new Set(['CSV_RECORD_INCONSISTENT_FIELDS_LENGTH']);

/**
 * Numbers CSV data rows, good or skipped. csv-parse reports skipped records
 * while parsing, ahead of the records the consumer has read, so each skip is
 * queued with the count of good data records before it.
 */
export class CsvRowNumbers {
  /** Set when the file cannot be read reliably past some point. */
  fatal?: DomainError;
  private readonly skippedAfter: number[] = [];
  private skipped = 0;
  private consumed = 0;
  private passed = 0;

  /** Called by the parser; returns the skipped record's row number, or undefined for a fatal error. */
  skip(error: CsvError | undefined): number | undefined {
    if (error && RECOVERABLE.has(error.code) && typeof error.records === 'number' && error.records > 0) {
      const goodBefore = error.records - 1;
      this.skippedAfter.push(goodBefore);
      return goodBefore + ++this.skipped;
    }
    this.fatal ??= invalidFile(`cannot be read as CSV: ${error?.message ?? 'unknown error'}`);
    return undefined;
  }

  /** Row number of the next good data record read from the parser. */
  nextRecord(): number {
    this.consumed++;
    while (this.skippedAfter.length > 0 && this.skippedAfter[0] < this.consumed) {
      this.skippedAfter.shift();
      this.passed++;
    }
    return this.consumed + this.passed;
  }

  /** Data rows in the file so far, good and skipped. */
  get total(): number {
    return this.consumed + this.skipped;
  }
}

/** A streaming csv-parse transform emitting string arrays; unreadable rows go to `onUnreadable` with their row number. */
export function csvParser(delimiter: string, maxRecordBytes: number, numbers: CsvRowNumbers, onUnreadable: (row: number, reason: string) => void): Transform {
  return parse({
    delimiter,
    bom: true,
    skip_empty_lines: true,
    relax_quotes: true,
    max_record_size: maxRecordBytes,
    skip_records_with_error: true,
    on_skip: (error: CsvError | undefined) => {
      const row = numbers.skip(error);
      if (row !== undefined && error) onUnreadable(row, error.message);
      return undefined;
    },
  });
}
