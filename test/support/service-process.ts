import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { join } from 'node:path';

/** The built API and worker entry points (npm test builds them first). */
export const API_MAIN = join(__dirname, '../../dist/apps/api/src/main.js');
export const WORKER_MAIN = join(__dirname, '../../dist/apps/worker/src/main.js');

/** A built API or worker process, with every line it wrote and when. */
export interface ServiceProcess {
  child: ChildProcessWithoutNullStreams;
  lines: { at: number; text: string }[];
}

/** Starts `entry` with only PATH from this environment, NODE_ENV=test and `env`. */
export function startService(entry: string, env: Record<string, string>): ServiceProcess {
  const child = spawn(process.execPath, [entry], { env: { PATH: process.env.PATH ?? '', NODE_ENV: 'test', ...env } });
  const proc: ServiceProcess = { child, lines: [] };
  let partial = '';
  const take = (chunk: Buffer) => {
    const parts = (partial + chunk.toString()).split('\n');
    partial = parts.pop() ?? '';
    for (const text of parts) if (text.trim()) proc.lines.push({ at: Date.now(), text });
  };
  child.stdout.on('data', take);
  child.stderr.on('data', take);
  return proc;
}

export const hasExited = (proc: ServiceProcess): boolean => proc.child.exitCode !== null || proc.child.signalCode !== null;

/**
 * Sends `signal` and resolves with how the process ended (Nest re-raises SIGTERM once shut down, so a clean stop
 * ends by 'SIGTERM' or '0') and how long it took.
 */
export function stopService(proc: ServiceProcess | undefined, signal: NodeJS.Signals = 'SIGTERM'): Promise<{ how: string; ms: number }> {
  if (!proc || hasExited(proc)) return Promise.resolve({ how: String(proc?.child.exitCode ?? proc?.child.signalCode), ms: 0 });
  const sentAt = Date.now();
  return new Promise((resolve) => {
    proc.child.once('exit', (code, sig) => resolve({ how: String(sig ?? code), ms: Date.now() - sentAt }));
    proc.child.kill(signal);
  });
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Polls `condition` (a throw counts as false) every 50 ms; `describe` adds the state to the timeout error. */
export async function waitFor(what: string, condition: () => Promise<boolean> | boolean, timeoutMs: number, describe?: () => Promise<unknown>): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await Promise.resolve().then(condition).catch(() => false))) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${describe ? `: ${JSON.stringify(await describe().catch((e: unknown) => String(e)))}` : ''}`);
    await sleep(50);
  }
}
