/**
 * The built API and worker(s) as child processes, configured like a
 * deployment (NODE_ENV=production) but with every dependency on loopback:
 * the bench's PostgreSQL and SMTP sink. Workers are started and stopped
 * separately so a run can use one or two of them.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import type { Pool } from 'pg';
import { findFreePort } from '@localreach/core';
import { stopChild } from '../support/processes';
import { RATE_LIMITS_OFF } from '../support/rate-limits-off';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const DIST_APPS = join(__dirname, '../../apps');

export interface ProductEnv {
  databaseUrl: string;
  smtpUrl: string;
}

export interface Api {
  url: string;
  pid: number;
  /** The child itself, for benches that signal it and watch its exit. */
  process: ChildProcess;
  stop(): Promise<void>;
}

/** The API's TRACKING_SECRET in every bench, so a bench can sign tracking tokens the API accepts. */
export const BENCH_TRACKING_SECRET = 'bench-tracking-secret-0123456789';

export interface Workers {
  count: number;
  pids: number[];
  stop(): Promise<void>;
}

function childEnv(env: ProductEnv, port: number, publicBaseUrl: string): NodeJS.ProcessEnv {
  return {
    ...process.env,
    ...RATE_LIMITS_OFF,
    NODE_ENV: 'production',
    LOG_LEVEL: 'error',
    PORT: String(port),
    DATABASE_URL: env.databaseUrl,
    SMTP_URL: env.smtpUrl,
    PUBLIC_BASE_URL: publicBaseUrl,
    TRACKING_SECRET: BENCH_TRACKING_SECRET,
  };
}

function launch(script: string, env: NodeJS.ProcessEnv, nodeArgs: string[] = []): ChildProcess {
  const child = spawn(process.execPath, [...nodeArgs, join(DIST_APPS, script)], { env, stdio: ['ignore', 'inherit', 'inherit'] });
  child.once('exit', (code, signal) => {
    if (code !== 0 && code !== null) console.error(`[campaign-bench] ${script} exited with code ${code}${signal ? ` (${signal})` : ''}`);
  });
  return child;
}

/** `nodeArgs` go to node before the script (e.g. `--cpu-prof`). */
export async function startApi(env: ProductEnv, nodeArgs: string[] = []): Promise<Api> {
  const port = await findFreePort();
  const url = `http://127.0.0.1:${port}`;
  const child = launch('api/src/main.js', childEnv(env, port, url), nodeArgs);
  for (let i = 0; i < 240; i++) {
    if (child.exitCode !== null) throw new Error('the API exited during start-up');
    try {
      if ((await fetch(`${url}/health`)).ok) return { url, pid: child.pid!, process: child, stop: () => stopChild(child) };
    } catch {
      // starting
    }
    await sleep(250);
  }
  await stopChild(child);
  throw new Error('the API did not become healthy');
}

/** Starts `count` workers and waits until each has written its heartbeat (its passes start right after). */
export async function startWorkers(env: ProductEnv, pool: Pool, apiUrl: string, count: number): Promise<Workers> {
  const children: ChildProcess[] = [];
  const stop = async () => void (await Promise.all(children.map(stopChild)));
  try {
    // BENCH_WORKER_NODE_ARGS (e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof") goes to each worker's node, for profiling a run.
    const nodeArgs = (process.env.BENCH_WORKER_NODE_ARGS ?? '').split(' ').filter(Boolean);
    for (let i = 0; i < count; i++) children.push(launch('worker/src/main.js', childEnv(env, 0, apiUrl), nodeArgs));
    const pids = children.map((c) => c.pid);
    for (let i = 0; ; i++) {
      if (children.some((c) => c.exitCode !== null)) throw new Error('a worker exited during start-up');
      const r = await pool.query<{ n: number }>('SELECT count(*)::int AS n FROM worker_heartbeat WHERE pid = ANY($1::int[])', [pids]);
      if (r.rows[0].n === count) break;
      if (i > 240) throw new Error('workers did not start');
      await sleep(100);
    }
  } catch (error) {
    await stop();
    throw error;
  }
  return { count, pids: children.map((c) => c.pid!), stop };
}
