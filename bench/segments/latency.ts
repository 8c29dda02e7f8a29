/**
 * Part (c): event-to-membership latency through the real processes. The
 * built API (`POST /v1/events`, which marks the business's segments stale)
 * and the built worker (polls stale segments every second) run as child
 * processes against the bench database; the bench sends `visited_store`
 * events for customers outside the segment at random (exponential) gaps and
 * polls segment_membership every 20 ms until each customer appears.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import type { Pool } from 'pg';
import { findFreePort } from '@localreach/core';
import { stopChild } from '../support/processes';
import { generateApiKey } from '../../libs/core/src/tenancy/api-key-secret';
import { percentile } from './timing';
import { RATE_LIMITS_OFF } from '../support/rate-limits-off';

const POLL_MS = 20;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface Apps {
  apiUrl: string;
  apiKey: string;
  stop(): Promise<void>;
}

async function waitForHealth(url: string): Promise<void> {
  for (let i = 0; i < 240; i++) {
    try {
      if ((await fetch(`${url}/health`)).ok) return;
    } catch {
      // starting
    }
    await sleep(250);
  }
  throw new Error('API did not become healthy');
}

/** Issues an owner key for the business (as sign-up would) and starts the built API and worker. */
export async function startApps(pool: Pool, databaseUrl: string, businessId: string): Promise<Apps> {
  const key = generateApiKey();
  await pool.query(`INSERT INTO api_key (business_id, name, role, prefix, secret_hash) VALUES ($1, 'bench', 'owner', $2, $3)`, [businessId, key.prefix, key.secretHash]);
  const port = await findFreePort();
  const env = {
    ...process.env, ...RATE_LIMITS_OFF, NODE_ENV: 'production', TRACKING_SECRET: 'bench-tracking-secret-0123456789', DATABASE_URL: databaseUrl, PORT: String(port), LOG_LEVEL: 'error',
  };
  const dist = join(__dirname, '../../apps');
  const api = spawn(process.execPath, [join(dist, 'api/src/main.js')], { env, stdio: ['ignore', 'inherit', 'inherit'] });
  const worker = spawn(process.execPath, [join(dist, 'worker/src/main.js')], { env, stdio: ['ignore', 'inherit', 'inherit'] });
  const apiUrl = `http://127.0.0.1:${port}`;
  try {
    await waitForHealth(apiUrl);
  } catch (error) {
    await Promise.all([stopChild(api), stopChild(worker)]);
    throw error;
  }
  return { apiUrl, apiKey: key.key, stop: async () => void (await Promise.all([stopChild(api), stopChild(worker)])) };
}

/** Waits until the worker has no stale or in-flight segment left for the business. */
export async function waitIdle(pool: Pool, businessId: string, timeoutMs = 1_800_000): Promise<number> {
  const started = performance.now();
  for (;;) {
    const r = await pool.query<{ n: string }>(
      `SELECT count(*) AS n FROM segment
        WHERE business_id = $1 AND deleted_at IS NULL
          AND (stale_since IS NOT NULL OR refreshed_at IS NULL OR refreshed_at < refresh_claimed_at)`,
      [businessId],
    );
    if (Number(r.rows[0].n) === 0) return (performance.now() - started) / 1000;
    if (performance.now() - started > timeoutMs) throw new Error('worker did not finish refreshing in time');
    await sleep(250);
  }
}

export interface LatencyResult {
  samples: number;
  latenciesMs: number[];
  ingestMs: number[];
  timeouts: number;
  p50: number;
  p99: number;
  max: number;
  ingestP50: number;
  seconds: number;
}

/**
 * Sends `samples` events (Poisson arrivals, mean gap `meanGapMs`) for random
 * non-members and records, per event, the time from just before the HTTP
 * request until a 20 ms poll sees the customer in segment_membership.
 */
export async function measureLatency(
  pool: Pool, apps: Apps, businessId: string, segmentId: string, samples: number, meanGapMs: number, timeoutMs: number,
): Promise<LatencyResult> {
  const picked = await pool.query<{ id: string }>(
    `SELECT c.id FROM customer c
      WHERE c.business_id = $1 AND c.erased_at IS NULL
        AND NOT EXISTS (SELECT 1 FROM segment_membership m WHERE m.business_id = $1 AND m.segment_id = $2 AND m.customer_id = c.id)
      ORDER BY random() LIMIT $3`,
    [businessId, segmentId, samples],
  );
  const pending = new Map<string, number>();
  const latenciesMs: number[] = [];
  const ingestMs: number[] = [];
  let timeouts = 0;
  let sending = true;
  const started = performance.now();
  const sendAll = async () => {
    for (const { id } of picked.rows) {
      const t0 = performance.now();
      pending.set(id, t0);
      const res = await fetch(`${apps.apiUrl}/v1/events`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${apps.apiKey}` },
        body: JSON.stringify({ type: 'visited_store', customer: { id }, properties: { store: 1 } }),
      });
      if (res.status !== 202) throw new Error(`POST /v1/events → ${res.status} ${await res.text()}`);
      ingestMs.push(performance.now() - t0);
      await sleep(-Math.log(1 - Math.random()) * meanGapMs);
    }
  };
  const sender = (async () => {
    try {
      await sendAll();
    } catch (error) {
      pending.clear();
      throw error;
    } finally {
      sending = false;
    }
  })();
  const poller = (async () => {
    while (sending || pending.size > 0) {
      if (pending.size > 0) {
        const ids = [...pending.keys()];
        const r = await pool.query<{ customer_id: string }>(
          `SELECT customer_id FROM segment_membership WHERE business_id = $1 AND segment_id = $2 AND customer_id = ANY($3::uuid[])`,
          [businessId, segmentId, ids],
        );
        const now = performance.now();
        for (const row of r.rows) {
          latenciesMs.push(now - pending.get(row.customer_id)!);
          pending.delete(row.customer_id);
        }
        for (const [id, t0] of pending) {
          if (now - t0 > timeoutMs) {
            timeouts++;
            pending.delete(id);
          }
        }
      }
      await sleep(POLL_MS);
    }
  })();
  await Promise.all([sender, poller]);
  return {
    samples: picked.rows.length,
    latenciesMs,
    ingestMs,
    timeouts,
    p50: percentile(latenciesMs, 50),
    p99: percentile(latenciesMs, 99),
    max: Math.max(...latenciesMs),
    ingestP50: percentile(ingestMs, 50),
    seconds: (performance.now() - started) / 1000,
  };
}
