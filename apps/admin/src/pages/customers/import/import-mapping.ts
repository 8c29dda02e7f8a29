import type { Schemas } from '@localreach/api-client';

export type ImportReport = Schemas['CustomerImportReportDto'];

/** The fields a column can fill, as the API's `mapping` names them (attributes.<key> may name any key). */
export const IMPORT_TARGETS: readonly string[] = [
  'externalId', 'email', 'phone', 'firstName', 'lastName', 'birthday', 'timezone', 'lat', 'lng', 'tags',
  'address.line1', 'address.line2', 'address.city', 'address.region', 'address.postalCode', 'address.country',
  'consent.email', 'consent.sms', 'consent.location',
];

/** A column's choice: '' keeps the automatic matching, 'ignore' drops the column, anything else is the field it fills. */
export type MappingChoices = Record<string, string>;

/** One CSV column as the last dry run read it. */
export interface MappingRow {
  column: string;
  /** The field it fills, or null when it is not read. */
  target: string | null;
  /** How the dry run matched it (exact, alias, explicit) or why it was not read (unrecognised, dropped, duplicate). */
  how: string;
  /** The API's words for an unread column. */
  message: string | null;
  choice: string;
}

/** Every column of the last dry run, read ones first in header order, then the ones not read, with the user's choices. */
export function mappingRows(report: Pick<ImportReport, 'columns' | 'ignoredColumns'>, choices: MappingChoices): MappingRow[] {
  return [
    ...report.columns.map((c) => ({ column: c.column, target: c.target, how: c.match, message: null, choice: choices[c.column] ?? '' })),
    ...report.ignoredColumns.map((c) => ({ column: c.column, target: null, how: c.reason, message: c.message, choice: choices[c.column] ?? '' })),
  ];
}

/** Sets (or, with '', clears) one column's choice. */
export function choose(choices: MappingChoices, column: string, choice: string): MappingChoices {
  const next = { ...choices };
  if (choice.trim() === '') delete next[column];
  else next[column] = choice.trim();
  return next;
}

/** The `mapping` query value for the choices (JSON, "ignore" as null), or undefined when the automatic matching stands. */
export function mappingParam(choices: MappingChoices): string | undefined {
  const entries = Object.entries(choices).filter(([, v]) => v.trim() !== '');
  if (entries.length === 0) return undefined;
  return JSON.stringify(Object.fromEntries(entries.map(([k, v]) => [k, v === 'ignore' ? null : v])));
}

/** The API's problem with a column's mapping (its 422 names `mapping.<column>`). */
export function mappingProblem(details: readonly { field: string; message: string }[], column: string): string | undefined {
  return details.find((d) => d.field === `mapping.${column}`)?.message;
}

/**
 * The column names of a CSV's header line (RFC 4180 quoting), so the mapping
 * can be changed even when the first dry run refuses the file's columns.
 */
export function headerColumns(text: string, delimiter = ','): string[] {
  const columns: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') { cell += '"'; i++; } else if (ch === '"') quoted = false; else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === delimiter) { columns.push(cell.trim()); cell = ''; } else if (ch === '\n' || ch === '\r') break;
    else cell += ch;
  }
  columns.push(cell.trim());
  return columns.map((c) => c.replace(/^\uFEFF/, '')).filter((c) => c !== '');
}

/** Rows for columns no dry run has read yet (the first one was refused). */
export function unreadRows(columns: readonly string[], choices: MappingChoices): MappingRow[] {
  return columns.map((column) => ({ column, target: null, how: 'not read yet', message: null, choice: choices[column] ?? '' }));
}
