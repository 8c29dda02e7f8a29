import type { ImportReport } from './import-mapping';

type RowError = ImportReport['errors'][number];

const HEADER = ['row', 'field', 'code', 'reason', 'column', 'customerId', 'otherCustomerId'] as const;

/**
 * One CSV cell (RFC 4180): quoted when it holds a comma, quote or line
 * break. Text starting with = + - @, tab or CR gets a leading ' so a
 * spreadsheet shows it rather than running it (as the API's own export does);
 * a plain number is left as it is.
 */
export function csvCell(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text) && !/^[+-]?\d+(\.\d+)?$/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The per-row errors of an import report as CSV, header first, CRLF line ends. */
export function importErrorsCsv(errors: readonly RowError[]): string {
  const lines = [HEADER.join(','), ...errors.map((e) => HEADER.map((h) => csvCell(e[h] as string | number | undefined)).join(','))];
  return `${lines.join('\r\n')}\r\n`;
}

/** The report's counts, labelled, in the order a person reads them (a dry run's say what an import would do). */
export function reportCounts(r: Pick<ImportReport, 'inserted' | 'updated' | 'unchanged' | 'failed' | 'duplicatesInFile' | 'received'>): { label: string; value: number }[] {
  return [
    { label: 'Rows read', value: r.received },
    { label: 'Inserted', value: r.inserted },
    { label: 'Updated', value: r.updated },
    { label: 'Unchanged', value: r.unchanged },
    { label: 'Duplicates in file', value: r.duplicatesInFile },
    { label: 'Failed', value: r.failed },
  ];
}
