import type { Request } from 'express';
import { DomainError, type ImportOptions } from '@localreach/core';
import type { CustomerImportQueryDto } from './dto/customer-import.dto';

const CSV_TYPES = ['text/csv', 'application/csv', 'text/plain'];
const NDJSON_TYPES = ['application/x-ndjson', 'application/ndjson', 'application/jsonl', 'application/jsonlines'];

/** Reads the import options from the request: Content-Type (or ?format), ?mapping=JSON, ?delimiter, ?dryRun. */
export function importOptionsFrom(req: Request, query: CustomerImportQueryDto, maxBytes: number): ImportOptions {
  const type = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
  const format = query.format ?? (CSV_TYPES.includes(type) ? 'csv' : NDJSON_TYPES.includes(type) ? 'ndjson' : undefined);
  if (!format) {
    throw new DomainError('unsupported_media', 'UNSUPPORTED_IMPORT_TYPE', `send the file as text/csv or application/x-ndjson, not "${type || 'nothing'}"`, [
      { field: 'Content-Type', message: 'must be text/csv or application/x-ndjson' },
    ]);
  }
  return { format, mapping: query.mapping === undefined ? undefined : parseMapping(query.mapping), delimiter: query.delimiter, maxBytes, dryRun: query.dryRun ?? false };
}

function parseMapping(text: string): Record<string, string | null> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw DomainError.invalid('INVALID_MAPPING', [{ field: 'mapping', message: 'must be a JSON object of column → field' }]);
  }
  const ok = typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) && Object.values(parsed).every((v) => v === null || typeof v === 'string');
  if (!ok) throw DomainError.invalid('INVALID_MAPPING', [{ field: 'mapping', message: 'must be a JSON object whose values are field names, null or "ignore"' }]);
  return parsed as Record<string, string | null>;
}
