import type { Customer } from './customer.types';

/** Columns of the customer list export, in order (the header row). */
export const CUSTOMER_CSV_COLUMNS = [
  'id', 'externalId', 'email', 'phone', 'firstName', 'lastName', 'birthday', 'timezone', 'lat', 'lng', 'tags',
  'consentEmail', 'consentSms', 'consentLocation', 'address', 'attributes', 'createdAt', 'updatedAt',
] as const;

const PLAIN_NUMBER = /^[+-]?\d+(\.\d+)?$/;

/**
 * One CSV cell (RFC 4180: quoted when it holds a quote, comma, CR or LF, quotes
 * doubled). Text a spreadsheet would run as a formula — starting with = + - @,
 * tab or CR — gets a leading ', unless the whole cell is a plain number such as
 * an E.164 phone (+13125550123), which a spreadsheet reads as a number, never as
 * a formula.
 */
export function csvCell(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  const text = /^[=+\-@\t\r]/.test(value) && !PLAIN_NUMBER.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

const line = (cells: (string | number | null | undefined)[]) => `${cells.map(csvCell).join(',')}\r\n`;

export function customerCsvHeader(): string {
  return line([...CUSTOMER_CSV_COLUMNS]);
}

/** A customer as one CRLF-terminated line: tags joined with ";", address and attributes as JSON, times ISO-8601 UTC. */
export function customerCsvLine(c: Customer): string {
  return line([
    c.id, c.externalId, c.email, c.phone, c.firstName, c.lastName, c.birthday, c.timezone, c.lat, c.lng, c.tags.join(';'),
    c.consent.email?.status, c.consent.sms?.status, c.consent.location?.status,
    c.address === null ? null : JSON.stringify(c.address), JSON.stringify(c.attributes), c.createdAt.toISOString(), c.updatedAt.toISOString(),
  ]);
}
