import { StringDecoder } from 'node:string_decoder';
import { Transform, type TransformCallback } from 'node:stream';
import { bindCsvHeader, bindNdjsonKeys, type ColumnBinding, type ExplicitMapping, type SourceBinding } from './import-mapping';
import type { ImportRowProcessor, NdjsonKeys } from './import-rows';
import { invalidFile, tooManyRows, type CsvRowNumbers } from './import-source';

// Staging lines go to COPY in chunks of about this many characters.
const COPY_CHUNK = 256 * 1024;

export interface StagingRun {
  rows: ImportRowProcessor;
  /** The validated mapping, added to the header matching (CSV) or the API shape (NDJSON). */
  mapping: ExplicitMapping | undefined;
  maxRows: number;
  /** What is read from the file: set once the CSV header is bound, or up front for NDJSON. */
  source?: SourceBinding;
}

/**
 * Source records in, COPY text out. Records are handled synchronously as they
 * arrive (no per-row promise); lines are batched into large chunks.
 */
abstract class StagingTransform extends Transform {
  private chunk = '';

  protected stage(line: string | undefined): void {
    if (line === undefined) return;
    this.chunk += line;
    if (this.chunk.length >= COPY_CHUNK) {
      this.push(this.chunk);
      this.chunk = '';
    }
  }

  protected pushRest(): void {
    if (this.chunk !== '') this.push(this.chunk);
    this.chunk = '';
  }
}

/** csv-parse records (string arrays, the header first) → staging lines. */
export class CsvStaging extends StagingTransform {
  private bindings: ColumnBinding[] | undefined;

  constructor(
    private readonly run: StagingRun,
    private readonly numbers: CsvRowNumbers,
  ) {
    super({ writableObjectMode: true, writableHighWaterMark: 256 });
  }

  override _transform(values: string[], _encoding: BufferEncoding, callback: TransformCallback): void {
    try {
      if (this.numbers.fatal) throw this.numbers.fatal;
      if (!this.bindings) {
        this.run.source = bindCsvHeader(values, this.run.mapping);
        this.bindings = this.run.source.bindings;
      } else {
        const row = this.numbers.nextRecord();
        if (row > this.run.maxRows) throw tooManyRows(this.run.maxRows);
        this.stage(this.run.rows.csvRecord(row, values, this.bindings));
      }
      callback();
    } catch (error) {
      callback(error as Error);
    }
  }

  override _flush(callback: TransformCallback): void {
    if (this.numbers.fatal) return callback(this.numbers.fatal);
    if (!this.bindings) return callback(invalidFile('is empty: a CSV import needs a header row'));
    if (this.numbers.total > this.run.maxRows) return callback(tooManyRows(this.run.maxRows));
    this.pushRest();
    callback();
  }
}

/** NDJSON bytes → staging lines, holding at most one partial line (bounded by maxLineBytes). */
export class NdjsonStaging extends StagingTransform {
  private readonly decoder = new StringDecoder('utf8');
  private pending = '';
  private lineNo = 0;
  private readonly keys: NdjsonKeys;

  constructor(
    private readonly run: StagingRun,
    private readonly maxLineBytes: number,
  ) {
    super();
    run.source = bindNdjsonKeys(run.mapping);
    this.keys = { bindings: run.source.bindings, omit: new Set([...run.source.bindings.map((b) => b.source), ...(run.mapping?.dropped ?? [])]) };
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    try {
      const text = this.pending + this.decoder.write(chunk);
      let start = 0;
      for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', start)) {
        this.line(text.slice(start, nl));
        start = nl + 1;
      }
      this.pending = text.slice(start);
      if (this.pending.length > this.maxLineBytes) throw invalidFile(`line ${this.lineNo + 1} is longer than ${this.maxLineBytes} bytes`);
      callback();
    } catch (error) {
      callback(error as Error);
    }
  }

  override _flush(callback: TransformCallback): void {
    try {
      const rest = this.pending + this.decoder.end();
      if (rest !== '') this.line(rest);
      this.pushRest();
      callback();
    } catch (error) {
      callback(error as Error);
    }
  }

  private line(raw: string): void {
    this.lineNo++;
    let line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (this.lineNo === 1 && line.charCodeAt(0) === 0xfeff) line = line.slice(1);
    if (line.trim() === '') return;
    if (this.run.rows.received >= this.run.maxRows) throw tooManyRows(this.run.maxRows);
    this.stage(this.run.rows.ndjsonLine(this.lineNo, line, this.keys));
  }
}
