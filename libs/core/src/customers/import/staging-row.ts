import { CONSENT_CHANNELS, type CustomerChanges } from '../customer.types';

/** Staging table columns, in the order encodeStagingRow writes them. */
export const STAGING_COLUMNS = [
  'row_no', 'external_id', 'email', 'phone', 'first_name', 'last_name', 'birthday', 'timezone', 'lat', 'lng', 'address', 'attributes', 'tags',
  ...CONSENT_CHANNELS.flatMap((c) => [`consent_${c}`, `consent_${c}_at`, `consent_${c}_source`]),
] as const;

const NULL = '\\N';
const COPY_SPECIAL = /[\\\t\n\r]/;
const COPY_SPECIAL_ALL = /[\\\t\n\r]/g;
const COPY_ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** One value in COPY text format; the caller has rejected NUL characters. */
function copyText(value: string): string {
  return COPY_SPECIAL.test(value) ? value.replace(COPY_SPECIAL_ALL, (c) => COPY_ESCAPES[c]) : value;
}

function text(value: string | null | undefined): string {
  return value === undefined || value === null ? NULL : copyText(value);
}

// jsonb rejects the \udXXX escapes JSON.stringify writes for lone surrogates.
function jsonText(value: unknown): string {
  let json = JSON.stringify(value);
  if (json.includes('\\ud')) json = JSON.stringify(value, (_k, v: unknown) => (typeof v === 'string' ? v.replace(LONE_SURROGATE, '\uFFFD') : v));
  return copyText(json);
}

function arrayText(values: string[]): string {
  let literal = '{';
  for (let i = 0; i < values.length; i++) {
    if (i > 0) literal += ',';
    const v = values[i];
    literal += `"${v.includes('"') || v.includes('\\') ? v.replace(/["\\]/g, '\\$&') : v}"`;
  }
  return copyText(`${literal}}`);
}

/** Null attribute values are dropped: an import adds and overwrites, it never clears. */
function attributesText(attributes: Record<string, unknown> | undefined): string {
  if (!attributes) return NULL;
  let kept: Record<string, unknown> | undefined = attributes;
  for (const key in attributes) {
    if (attributes[key] === null) {
      kept = Object.fromEntries(Object.entries(attributes).filter(([, v]) => v !== null));
      break;
    }
  }
  return Object.keys(kept).length === 0 ? NULL : jsonText(kept);
}

// Consent given in an import carries the import's own `now`: format that Date once, not twice per row.
let lastAt: Date | undefined;
let lastAtText = '';
function timestampText(at: Date): string {
  if (at !== lastAt) {
    lastAt = at;
    lastAtText = at.toISOString();
  }
  return lastAtText;
}

/**
 * One staging row in COPY text format. `null` in the changes (an explicit
 * NDJSON null) is written as NULL, which the merge reads as "not provided".
 */
export function encodeStagingRow(rowNo: number, c: CustomerChanges): string {
  let line = `${rowNo}\t${text(c.externalId)}\t${text(c.email)}\t${text(c.phone)}\t${text(c.firstName)}\t${text(c.lastName)}\t${text(c.birthday)}\t${text(c.timezone)}`;
  line += `\t${c.lat === undefined || c.lat === null ? NULL : String(c.lat)}\t${c.lng === undefined || c.lng === null ? NULL : String(c.lng)}`;
  line += `\t${c.address && Object.keys(c.address).length > 0 ? jsonText(c.address) : NULL}\t${attributesText(c.attributes)}`;
  line += `\t${c.tags ? arrayText(c.tags) : NULL}`;
  for (const channel of CONSENT_CHANNELS) {
    const record = c.consent?.[channel];
    line += record ? `\t${record.status}\t${timestampText(record.at)}\t${copyText(record.source)}` : `\t${NULL}\t${NULL}\t${NULL}`;
  }
  return `${line}\n`;
}
