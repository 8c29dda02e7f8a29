import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { simpleParser } from 'mailparser';
import type { AddressObject, HeaderLines, HeaderValue, ParsedMail } from 'mailparser';

export interface ReceivedMail {
  /** Sortable and filesystem-safe: `<epoch ms>-<sequence>-<process tag>`. */
  id: string;
  receivedAt: Date;
  envelopeFrom: string;
  envelopeTo: string[];
  /** Header From, formatted as text (`"Name" <addr>`), '' when absent. */
  from: string;
  /** Header To (all To headers joined with ', '), '' when absent. */
  to: string;
  subject: string;
  /** Plain-text body; derived from the HTML part when the message has no text part. */
  text: string;
  /** HTML body, '' when the message has no HTML part. */
  html: string;
  /** Lower-case header names; repeated headers are joined with ', '. */
  headers: Record<string, string>;
  raw: string;
}

export type ReceivedMailSummary = Omit<ReceivedMail, 'raw'>;

export interface Envelope {
  from: string;
  to: string[];
}

// Process-wide so ids stay unique across several servers in one test run; the random tag
// keeps two processes sharing an outbox apart without a per-message crypto call.
let sequence = 0;
const PROCESS_TAG = randomBytes(3).toString('hex');

export function nextMailId(now: Date): string {
  sequence = (sequence + 1) % 1_000_000_000;
  return `${now.getTime()}-${String(sequence).padStart(9, '0')}-${PROCESS_TAG}`;
}

export async function parseReceivedMail(raw: Buffer, envelope: Envelope): Promise<ReceivedMail> {
  const parsed = await simpleParser(raw, {
    // Only the fields ReceivedMail exposes are needed; these conversions are the costly part.
    skipTextToHtml: true,
    skipTextLinks: true,
    skipImageLinks: true,
  });
  const receivedAt = new Date();
  return {
    id: nextMailId(receivedAt),
    receivedAt,
    envelopeFrom: envelope.from,
    envelopeTo: envelope.to,
    from: addressText(parsed.from),
    to: addressText(parsed.to),
    subject: parsed.subject ?? '',
    text: parsed.text ?? '',
    html: typeof parsed.html === 'string' ? parsed.html : '',
    headers: flattenHeaders(parsed),
    raw: raw.toString('utf8'),
  };
}

function addressText(value: AddressObject | AddressObject[] | undefined): string {
  if (value === undefined) return '';
  const list = Array.isArray(value) ? value : [value];
  return list.map((address) => address.text).join(', ');
}

function flattenHeaders(parsed: ParsedMail): Record<string, string> {
  const rawByKey = rawHeaderValues(parsed.headerLines);
  const result: Record<string, string> = {};
  for (const [key, rawValue] of rawByKey) {
    result[key] = decodedHeaderValue(parsed.headers.get(key)) ?? rawValue;
  }
  return result;
}

/** Unfolded header values exactly as sent, grouped by lower-case name. */
function rawHeaderValues(lines: HeaderLines): Map<string, string> {
  const byKey = new Map<string, string>();
  for (const { key, line } of lines) {
    const colon = line.indexOf(':');
    const value = line
      .slice(colon + 1)
      .replace(/\r?\n[ \t]+/g, ' ')
      .trim();
    const previous = byKey.get(key);
    byKey.set(key, previous === undefined ? value : `${previous}, ${value}`);
  }
  return byKey;
}

/**
 * mailparser's decoded value when it is a plain string (encoded-words resolved) or a single
 * address list; dates and structured headers keep their raw text, which is more faithful.
 */
function decodedHeaderValue(value: HeaderValue | undefined): string | undefined {
  if (typeof value === 'string') return value;
  if (isAddressObject(value)) return value.text;
  return undefined;
}

function isAddressObject(value: HeaderValue | undefined): value is AddressObject {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    !(value instanceof Date) &&
    'text' in value &&
    'value' in value &&
    Array.isArray(value.value)
  );
}

/**
 * Writes `<id>.eml` then `<id>.json`, each via temp file + rename, so a reader that lists
 * `*.json` never sees a partial file nor a summary whose .eml is missing.
 */
export async function writeToOutbox(dir: string, mail: ReceivedMail): Promise<void> {
  const { raw, ...summary } = mail;
  await writeAtomically(path.join(dir, `${mail.id}.eml`), raw);
  await writeAtomically(path.join(dir, `${mail.id}.json`), JSON.stringify(summary, null, 2));
}

/** Temp file + rename: a reader never sees a partial file. */
export async function writeAtomically(target: string, content: string): Promise<void> {
  const temp = path.join(path.dirname(target), `.${path.basename(target)}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    await fs.writeFile(temp, content, 'utf8');
    await fs.rename(temp, target);
  } catch (err) {
    await fs.rm(temp, { force: true });
    throw err;
  }
}
