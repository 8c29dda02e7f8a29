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
}

export interface ImportRowError {
  /** 1-based data row number (the CSV header is not counted). */
  row: number;
  field: string;
  reason: string;
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
