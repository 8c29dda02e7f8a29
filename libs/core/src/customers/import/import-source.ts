import { parse, type CsvError, type Options } from 'csv-parse';
import { StringDecoder } from 'node:string_decoder';
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

/** A CSV record with its 1-based data row number (0 is the header). */
export interface CsvRecord {
  row: number;
  values: string[];
}

// Errors after which the parser carries on at the next record; anything else
// (an unclosed quote, an oversized record) may have swallowed later rows.
const RECOVERABLE = new Set(['CSV_RECORD_INCONSISTENT_FIELDS_LENGTH', 'INVALID_OPENING_QUOTE']);

export interface CsvParserState {
  /** Number given to the next record, good or skipped. */
  nextRow: number;
  /** Set when the file cannot be read reliably past some point. */
  fatal?: DomainError;
}

/**
 * A streaming csv-parse transform emitting CsvRecords. Rows it cannot read
 * are passed to `onUnreadable` in file order, interleaved correctly with the
 * numbering of the records it emits.
 */
export function csvRecords(
  delimiter: string,
  maxRecordBytes: number,
  state: CsvParserState,
  onUnreadable: (row: number, reason: string) => void,
): Transform {
  return parse({
    delimiter,
    bom: true,
    skip_empty_lines: true,
    relax_quotes: true,
    max_record_size: maxRecordBytes,
    skip_records_with_error: true,
    // on_record is typed as returning the record's own type; here it wraps it.
    on_record: ((values: string[]): CsvRecord => ({ row: state.nextRow++, values })) as unknown as Options['on_record'],
    on_skip: (error: CsvError | undefined) => {
      if (error && RECOVERABLE.has(error.code) && state.nextRow > 0) onUnreadable(state.nextRow++, error.message);
      else state.fatal ??= invalidFile(`cannot be read as CSV: ${error?.message ?? 'unknown error'}`);
      return undefined;
    },
  });
}

/** A non-blank NDJSON line with its 1-based line number. */
export interface NdjsonLine {
  row: number;
  line: string;
}

/** Splits a byte stream into lines without holding more than one line (bounded by maxLineBytes). */
export async function* ndjsonLines(source: AsyncIterable<Buffer>, maxLineBytes: number): AsyncGenerator<NdjsonLine> {
  const decoder = new StringDecoder('utf8');
  let pending = '';
  let lineNo = 0;
  let first = true;
  const emit = (raw: string): NdjsonLine | undefined => {
    lineNo++;
    let line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (first && line.charCodeAt(0) === 0xfeff) line = line.slice(1);
    first = false;
    return line.trim() === '' ? undefined : { row: lineNo, line };
  };
  for await (const chunk of source) {
    const text = pending + decoder.write(chunk);
    let start = 0;
    for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', start)) {
      const item = emit(text.slice(start, nl));
      if (item) yield item;
      start = nl + 1;
    }
    pending = text.slice(start);
    if (pending.length > maxLineBytes) throw invalidFile(`line ${lineNo + 1} is longer than ${maxLineBytes} bytes`);
  }
  const rest = pending + decoder.end();
  const item = rest === '' ? undefined : emit(rest);
  if (item) yield item;
}
