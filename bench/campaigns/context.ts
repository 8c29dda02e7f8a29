import type { Pool } from 'pg';
import type { Api, ProductEnv } from './apps';
import type { Accepted, SmtpSink } from './smtp-sink';

/** What every part of the campaign benchmark shares. */
export interface BenchContext {
  pool: Pool;
  sink: SmtpSink;
  env: ProductEnv;
  api: Api;
  log: (line: string) => void;
  /** The bench PostgreSQL's postmaster, for CPU accounting. */
  postmaster: number;
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Waits until the sink holds `count` messages after index `from`; returns
 * those accepted by then (all of them, or what arrived before the timeout).
 */
export async function acceptedAfter(sink: SmtpSink, from: number, count: number, timeoutMs: number): Promise<{ complete: boolean; records: Accepted[] }> {
  let complete = true;
  try {
    await sink.waitForCount(from + count, timeoutMs);
  } catch {
    complete = false;
  }
  return { complete, records: sink.accepted.slice(from) };
}

/** Polls `check` every `everyMs` until it returns true; returns the epoch ms it first did, or null after `timeoutMs`. */
export async function whenTrue(check: () => Promise<boolean>, everyMs: number, timeoutMs: number, stop: () => boolean = () => false): Promise<number | null> {
  const started = Date.now();
  while (Date.now() - started < timeoutMs && !stop()) {
    if (await check()) return performance.timeOrigin + performance.now();
    await sleep(everyMs);
  }
  return null;
}
