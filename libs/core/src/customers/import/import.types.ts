/** How an uploaded file maps onto customer fields. */
export interface ImportOptions {
  format: 'csv' | 'ndjson';
  /**
   * Source column → target field. Targets: externalId, email, phone, firstName,
   * lastName, birthday, timezone, lat, lng, tags, address.<field>,
   * consent.<email|sms|location>, attributes.<key>[:string|number|boolean].
   * Without a mapping, CSV headers / NDJSON keys named like the targets are used.
   */
  mapping?: Record<string, string>;
  /** CSV delimiter, default ",". */
  delimiter?: string;
  /** Upload size limit in bytes (default 1 GiB); the API passes its configured maxImportBytes. */
  maxBytes?: number;
  /** Data row limit (default 1,000,000). */
  maxRows?: number;
}

export interface ImportRowError {
  /** 1-based data row number (the CSV header is not counted; for NDJSON, the line number). */
  row: number;
  field: string;
  reason: string;
  /** The source column or key the field came from, when there is one. */
  column?: string;
}

export interface ImportReport {
  received: number;
  inserted: number;
  updated: number;
  unchanged: number;
  /** Rows superseded by a later row of the same file for the same customer (last one wins). */
  duplicatesInFile: number;
  failed: number;
  errors: ImportRowError[];
  errorsTruncated: boolean;
  durationMs: number;
}

export const IMPORT_DEFAULTS = {
  maxBytes: 1024 ** 3,
  maxRows: 1_000_000,
  maxErrors: 1000,
  /** A longer CSV record or NDJSON line is a malformed file (e.g. an unclosed quote swallowing the rest). */
  maxRecordBytes: 1024 * 1024,
} as const;
