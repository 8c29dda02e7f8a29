/**
 * CPU profile of the API child for the tracking bench (--profile), of the
 * measured runs only. The API is started with this file preloaded (`-r`): a
 * first SIGWINCH starts the V8 sampling profiler, a second writes the
 * profile. (`--cpu-prof` would include start-up and only write on a normal
 * exit; Nest's shutdown hooks take SIGUSR2 and SIGUSR1 starts the inspector;
 * SIGWINCH is otherwise ignored.) `summarizeProfile` groups self time by
 * package or source folder and lists the hottest functions.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { table } from '../segments/timing';

const fileOf = (pid: number) => join(tmpdir(), `localreach-api-${pid}.cpuprofile`);

export const profilerArgs = (): string[] => ['-r', __filename];

/** Starts the profiler in the API (preloaded with this file). */
export function startProfile(pid: number): void {
  process.kill(pid, 'SIGWINCH');
}

/** Asks the API to write its profile; returns where it is. */
export async function saveProfile(pid: number, dir: string): Promise<{ file: string }> {
  const written = fileOf(pid);
  process.kill(pid, 'SIGWINCH');
  for (let i = 0; i < 300 && !existsSync(`${written}.done`); i++) await new Promise((resolve) => setTimeout(resolve, 100));
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `api-${pid}.cpuprofile`);
  renameSync(written, file);
  rmSync(`${written}.done`, { force: true });
  return { file };
}

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}

function area(url: string, functionName: string): string {
  if (!url) return functionName.startsWith('(') ? functionName : '(native)';
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1];
  if (url.startsWith('node:')) return `node: ${url.slice(5).split('/')[0]}`;
  const ours = /dist\/((?:apps|libs)\/[^/]+\/src\/[^/]+)/.exec(url);
  return ours ? ours[1] : url;
}

/** Self time by area and the 15 hottest functions, as markdown. */
export function summarizeProfile(file: string, top = 15): string {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as { nodes: ProfileNode[]; startTime: number; endTime: number };
  const total = profile.nodes.reduce((s, n) => s + (n.hitCount ?? 0), 0);
  const byArea = new Map<string, number>();
  const byFunction = new Map<string, number>();
  for (const n of profile.nodes) {
    const hits = n.hitCount ?? 0;
    if (hits === 0) continue;
    const a = area(n.callFrame.url, n.callFrame.functionName);
    byArea.set(a, (byArea.get(a) ?? 0) + hits);
    const f = `${n.callFrame.functionName || '(anonymous)'} ${n.callFrame.url ? `${a}:${n.callFrame.lineNumber + 1}` : ''}`.trim();
    byFunction.set(f, (byFunction.get(f) ?? 0) + hits);
  }
  const pct = (hits: number) => `${((100 * hits) / total).toFixed(1)} %`;
  const sorted = (m: Map<string, number>) => [...m.entries()].sort((a, b) => b[1] - a[1]);
  return [
    `${total.toLocaleString('en-US')} samples over ${((profile.endTime - profile.startTime) / 1e6).toFixed(0)} s of measured runs (idle: waiting for I/O). Self time by package or source folder:`,
    '',
    table(['area', 'self time'], ['l', 'r'], sorted(byArea).slice(0, top).map(([k, v]) => [k, pct(v)])),
    '',
    'Hottest functions (self time):',
    '',
    table(['function', 'self time'], ['l', 'r'], sorted(byFunction).slice(0, top).map(([k, v]) => [k.replace(/\|/g, '\\|'), pct(v)])),
  ].join('\n');
}

function startProfiling(): void {
  const session = new Session();
  session.connect();
  let running = false;
  process.on('SIGWINCH', () => {
    running = !running;
    if (running) {
      session.post('Profiler.enable', () => session.post('Profiler.start'));
      return;
    }
    session.post('Profiler.stop', (error, result) => {
      const out = fileOf(process.pid);
      writeFileSync(out, error ? '{}' : JSON.stringify(result.profile));
      writeFileSync(`${out}.done`, '');
    });
  });
}

// Preloaded into the API with `node -r`: not the main module there.
if (require.main !== module && process.argv.some((a) => a.endsWith('api/src/main.js'))) startProfiling();
