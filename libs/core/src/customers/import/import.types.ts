import type { Customer } from '../customer.types';
import type { ColumnMatchKind } from './import-headers';

/** How an uploaded file maps onto customer fields. */
export interface ImportOptions {
  format: 'csv' | 'ndjson';
  /**
   * Source column → target field, added to the automatic header matching
   * (IMPORT_HEADER_TARGETS); an explicit entry wins for the column it names,
   * and null or "ignore" drops the column. Targets: externalId, email, phone,
   * firstName, lastName, birthday, timezone, lat, lng, tags, address.<field>,
   * consent.<email|sms|location>, attributes.<key>[:string|number|boolean].
   * For NDJSON, lines are read in the API shape and the mapping converts or
   * drops the keys it names.
   */
  mapping?: Record<string, string | null>;
  /** CSV delimiter, default ",". */
  delimiter?: string;
  /** Upload size limit in bytes (default 1 GiB); the API passes its configured maxImportBytes. */
  maxBytes?: number;
  /** Data row limit (default 1,000,000). */
  maxRows?: number;
  /** Read, validate and match the whole file, report what would happen and a preview, and write nothing. */
  dryRun?: boolean;
}

export interface ImportRowError {
  /** 1-based data row number (the CSV header is not counted; for NDJSON, the line number). */
  row: number;
  field: string;
  reason: string;
  /** The source column or key the field came from, when there is one. */
  column?: string;
}

/**
 * Why a row was not imported. INVALID_VALUE: a field failed validation;
 * UNREADABLE_ROW: the record could not be parsed; IDENTITY_CONFLICT: its
 * identifiers belong to two different customers; IDENTIFIER_CHANGE: the
 * customer it matched has a different externalId, email or phone, which an
 * import never overwrites; TOO_MANY_TAGS: the merged tag list would be too long;
 * CONSENT_WITHDRAWN: the row grants consent the customer withdrew themselves
 * (STOP, unsubscribe link, preference page), which only their own new opt-in can.
 */
export const IMPORT_ERROR_CODES = ['INVALID_VALUE', 'UNREADABLE_ROW', 'IDENTITY_CONFLICT', 'IDENTIFIER_CHANGE', 'TOO_MANY_TAGS', 'CONSENT_WITHDRAWN'] as const;
export type ImportErrorCode = (typeof IMPORT_ERROR_CODES)[number];

export interface ImportRowFailure extends ImportRowError {
  code: ImportErrorCode;
  /** The customer the row matched (conflicts and tag overflows). */
  customerId?: string;
  /** The other customer one of the row's identifiers belongs to (IDENTITY_CONFLICT). */
  otherCustomerId?: string;
}

export type Identifier = 'externalId' | 'email' | 'phone';

/** A row applied to an existing customer, and which of its identifiers pointed there. */
export interface ImportMatch {
  row: number;
  customerId: string;
  matchedBy: Identifier[];
}

/** A source column and the field it fills. */
export interface ImportColumn {
  column: string;
  /** The target as a mapping would name it, e.g. "lat", "consent.email" or "attributes.visits:number". */
  target: string;
  match: ColumnMatchKind;
}

/** A source column whose values the import does not read. */
export interface IgnoredImportColumn {
  column: string;
  /** unrecognised: no target has this name; dropped: the mapping says null/"ignore"; duplicate: another column fills the same target. */
  reason: 'unrecognised' | 'dropped' | 'duplicate';
  message: string;
}

/** A customer as a dry run says it would be stored. */
export type ImportPreviewCustomer = Omit<Customer, 'id' | 'businessId' | 'createdAt' | 'updatedAt'>;

export type ImportRowOutcome = 'insert' | 'update' | 'unchanged' | 'duplicate' | 'failed';

export interface ImportPreviewRow {
  row: number;
  outcome: ImportRowOutcome;
  /** The existing customer the row matched; null for a new or failed row. */
  customerId: string | null;
  matchedBy: Identifier[];
  /** The customer after this row (insert, update, unchanged); null when the row is not applied. */
  customer: ImportPreviewCustomer | null;
  errors: ImportRowFailure[];
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

/** The import's answer; for a dry run the counts say what an import of the same file would do now. */
export interface CustomerImportReport extends ImportReport {
  dryRun: boolean;
  /** CSV: every read column in header order; NDJSON: the keys the mapping converts. */
  columns: ImportColumn[];
  ignoredColumns: IgnoredImportColumn[];
  errors: ImportRowFailure[];
  /** The first rows (by row number) that updated or left unchanged an existing customer. */
  matches: ImportMatch[];
  matchesTruncated: boolean;
  /** Dry run only: the first rows of the file as they would be stored, with their errors. */
  preview?: ImportPreviewRow[];
}

export const IMPORT_DEFAULTS = {
  maxBytes: 1024 ** 3,
  maxRows: 1_000_000,
  maxErrors: 1000,
  maxMatches: 1000,
  previewRows: 20,
  /** A longer CSV record or NDJSON line is a malformed file (e.g. an unclosed quote swallowing the rest). */
  maxRecordBytes: 1024 * 1024,
} as const;
