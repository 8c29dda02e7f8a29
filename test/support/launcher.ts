import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { join } from 'node:path';

/** The built `npm start` launcher (npm test builds it first). */
export const LAUNCHER = join(__dirname, '../../dist/scripts/start.js');

export interface Launch {
  child: ChildProcessWithoutNullStreams;
  /** Everything the launcher and its processes wrote to stdout and stderr so far. */
  output: () => string;
  exited: Promise<number | null>;
}

/** Runs the launcher as a user would, with only PATH and HOME from this environment plus `env`. */
export function launch(env: Record<string, string>): Launch {
  const child = spawn(process.execPath, [LAUNCHER], { env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/root', ...env } });
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, output: () => output, exited };
}

export async function waitForOutput(l: Launch, pattern: RegExp, timeoutMs: number): Promise<RegExpMatchArray> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const m = l.output().match(pattern);
    if (m) return m;
    if (l.child.exitCode !== null) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`launcher output never matched ${pattern}:\n${l.output()}`);
}
