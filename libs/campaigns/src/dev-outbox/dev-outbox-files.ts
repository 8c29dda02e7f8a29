import { promises as fs } from 'node:fs';
import * as path from 'node:path';

/**
 * The files the loopback dev servers write (apps/dev-services): the SMTP
 * server's `<id>.json` (a ReceivedMail without its raw source) and the
 * Twilio stand-in's `sms/<id>.json` (a SentSms). Ids start with the epoch
 * milliseconds, so their order is the order received.
 */
export interface OutboxEmailFile {
  id: string;
  receivedAt: string;
  envelopeTo: string[];
  from: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  headers: Record<string, string>;
}

export interface OutboxSmsFile {
  sid: string;
  to: string;
  from: string | null;
  messagingServiceSid: string | null;
  body: string;
  status: string;
  numSegments: number;
  dateCreated: string;
}

const ID = /^[0-9]+-[0-9A-Za-z-]+$/;

/** The ids in `dir` (files `<id>.json`), newest first, those before `after` only when given. */
export async function outboxIds(dir: string, after: string | undefined): Promise<string[]> {
  let names: string[];
  try {
    names = await fs.readdir(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const ids = names.filter((n) => n.endsWith('.json')).map((n) => n.slice(0, -5)).filter((id) => ID.test(id));
  ids.sort(newestFirst);
  return after === undefined ? ids : ids.filter((id) => newestFirst(id, after) > 0);
}

/** Newest first: by the leading epoch milliseconds, then the rest of the id. */
export function newestFirst(a: string, b: string): number {
  const ms = (id: string) => Number(id.slice(0, id.indexOf('-')));
  return ms(b) - ms(a) || (a < b ? 1 : a > b ? -1 : 0);
}

/** One file's JSON; undefined when it vanished or is not JSON (the dev server writes atomically, so only a deleted file). */
export async function readOutboxFile<T>(dir: string, id: string): Promise<T | undefined> {
  try {
    return JSON.parse(await fs.readFile(path.join(dir, `${id}.json`), 'utf8')) as T;
  } catch {
    return undefined;
  }
}
