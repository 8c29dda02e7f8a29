/**
 * Graceful shutdown under load: `concurrency` keep-alive clients request one
 * fresh token after another (each message once: opens on some messages,
 * clicks on others), SIGTERM goes to the API while they run, and after it
 * exits every answered request must have its row. Tokens are never repeated,
 * so rows and answers are compared message by message, not just as totals.
 */
import { Agent, get } from 'node:http';
import type { Pool } from 'pg';
import type { Api } from '../campaigns/apps';
import { clickPath, openPath, type TrackedBusiness } from './fixtures';
import { USER_AGENT } from './load';

export interface ShutdownResult {
  sent: number;
  answered: number;
  /** Answered before and after the signal. */
  answeredAfterSignal: number;
  refusedOrReset: number;
  otherStatus: number;
  exitCode: number | null;
  exitSignal: string | null;
  exitMs: number;
  rows: number;
  /** Answered (200/302) but no row: the number that must be 0. */
  lost: number;
  /** A row without an answer: the API took the hit, the connection closed before the answer arrived. */
  rowsWithoutAnswer: number;
  duplicates: number;
}

interface Hit {
  messageId: string;
  type: 'opened' | 'clicked';
  path: string;
  expect: number;
}

function request(agent: Agent, url: string): Promise<number | null> {
  return new Promise((resolve) => {
    const req = get(url, { agent, headers: { 'user-agent': USER_AGENT, accept: '*/*' } }, (res) => {
      res.resume();
      res.once('end', () => resolve(res.statusCode ?? null));
      res.once('error', () => resolve(null));
    });
    req.once('error', () => resolve(null));
    req.setTimeout(15_000, () => req.destroy());
  });
}

export async function shutdownUnderLoad(pool: Pool, api: Api, b: TrackedBusiness, concurrency: number, signalAfterMs: number): Promise<ShutdownResult> {
  const hits: Hit[] = b.messages.map((m, i) =>
    i % 2 === 0 ? { messageId: m.id, type: 'opened', path: openPath(m), expect: 200 } : { messageId: m.id, type: 'clicked', path: clickPath(m, i), expect: 302 },
  );
  const status: (number | null | undefined)[] = new Array(hits.length);
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  const child = api.process;
  let exitCode: number | null = null;
  let exitSignal: string | null = null;
  let exitedAt = 0;
  const exited = new Promise<void>((resolve) => child.once('exit', (code, signal) => {
    exitCode = code;
    exitSignal = signal;
    exitedAt = performance.now();
    resolve();
  }));
  let next = 0;
  let signalledAt = 0;
  let answeredAfterSignal = 0;
  const client = async () => {
    while (exitedAt === 0 && next < hits.length) {
      const i = next++;
      status[i] = await request(agent, `${api.url}${hits[i].path}`);
      if (signalledAt > 0 && status[i] === hits[i].expect) answeredAfterSignal += 1;
    }
  };
  const clients = Array.from({ length: concurrency }, client);
  await new Promise((resolve) => setTimeout(resolve, signalAfterMs));
  signalledAt = performance.now();
  child.kill('SIGTERM');
  const killer = setTimeout(() => child.kill('SIGKILL'), 60_000);
  await exited;
  clearTimeout(killer);
  await Promise.all(clients);
  agent.destroy();
  return { ...(await compare(pool, b.businessId, hits, status)), answeredAfterSignal, exitCode, exitSignal, exitMs: exitedAt - signalledAt };
}

async function compare(pool: Pool, businessId: string, hits: Hit[], status: (number | null | undefined)[]) {
  // Implied opens (written with a click when the message had no open) are not requests: left out.
  const rows = (await pool.query<{ message_id: string; type: string; n: number }>(
    `SELECT message_id, type, count(*)::int AS n FROM engagement
      WHERE business_id = $1 AND type IN ('opened', 'clicked') AND NOT coalesce(properties @> '{"implied": true}', false)
      GROUP BY message_id, type`,
    [businessId],
  )).rows;
  const written = new Map(rows.map((r) => [`${r.message_id} ${r.type}`, r.n]));
  let sent = 0, answered = 0, refusedOrReset = 0, otherStatus = 0, lost = 0, rowsWithoutAnswer = 0, duplicates = 0;
  hits.forEach((hit, i) => {
    if (status[i] === undefined) return;
    sent += 1;
    const n = written.get(`${hit.messageId} ${hit.type}`) ?? 0;
    if (n > 1) duplicates += n - 1;
    if (status[i] === hit.expect) {
      answered += 1;
      if (n === 0) lost += 1;
    } else {
      if (status[i] === null) refusedOrReset += 1;
      else otherStatus += 1;
      if (n > 0) rowsWithoutAnswer += 1;
    }
  });
  return { sent, answered, refusedOrReset, otherStatus, lost, rowsWithoutAnswer, duplicates, rows: rows.reduce((s, r) => s + r.n, 0) };
}
