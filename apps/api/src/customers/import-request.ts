import type { Request } from 'express';
import { DomainError, type ImportOptions } from '@localreach/core';
import type { ImportQueryDto } from './dto/customer.dto';

const CSV_TYPES = ['text/csv', 'application/csv', 'text/plain'];
const NDJSON_TYPES = ['application/x-ndjson', 'application/ndjson', 'application/jsonl', 'application/jsonlines'];

/** Reads the import format and mapping from the request: Content-Type (or ?format) and ?mapping=JSON. */
export function importOptionsFrom(req: Request, query: ImportQueryDto, maxBytes: number): ImportOptions {
  const type = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
  const format = query.format ?? (CSV_TYPES.includes(type) ? 'csv' : NDJSON_TYPES.includes(type) ? 'ndjson' : undefined);
  if (!format) {
    throw new DomainError('unsupported_media', 'UNSUPPORTED_IMPORT_TYPE', `send the file as text/csv or application/x-ndjson, not "${type || 'nothing'}"`, [
      { field: 'Content-Type', message: 'must be text/csv or application/x-ndjson' },
    ]);
  }
  let mapping: Record<string, string> | undefined;
  if (query.mapping !== undefined) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(query.mapping);
    } catch {
      throw DomainError.invalid('INVALID_MAPPING', [{ field: 'mapping', message: 'must be a JSON object of column → field' }]);
    }
    const ok = typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) && Object.values(parsed).every((v) => typeof v === 'string');
    if (!ok) throw DomainError.invalid('INVALID_MAPPING', [{ field: 'mapping', message: 'must be a JSON object whose values are field names' }]);
    mapping = parsed as Record<string, string>;
  }
  return { format, mapping, delimiter: query.delimiter, maxBytes };
}
