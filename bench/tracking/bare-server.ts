/**
 * The tracking bench's baseline, run as its own process: a plain node:http
 * server answering the same bytes as the API's open pixel and click
 * redirect (the status, headers and body captured from the API in the same
 * run, a fresh x-request-id each time) from a table in memory, with no token
 * check and no persistence. Started by `startBareServer`; it reports its port
 * over IPC.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer, type OutgoingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One endpoint's answer as the API gave it; `{location}` in the body stands for the redirect target. */
export interface CapturedReply {
  status: number;
  headers: Record<string, string>;
  bodyBase64: string;
  /** The API sets a fresh x-request-id on every answer; so does the bare server. */
  requestId: boolean;
}

export interface BareServerConfig {
  open: CapturedReply;
  click: CapturedReply;
  /** Request path → redirect target (clicks) or null (opens). */
  routes: [string, string | null][];
  /** Other requests answered with a fixed reply (the load bench's event ingest and API reads); a request body is read first. */
  fixed?: { method: string; path: string; reply: CapturedReply }[];
}

export interface BareServer {
  url: string;
  pid: number;
  stop(): Promise<void>;
}

function serve(config: BareServerConfig): void {
  const routes = new Map(config.routes);
  const openBody = Buffer.from(config.open.bodyBase64, 'base64');
  const clickTemplate = Buffer.from(config.click.bodyBase64, 'base64').toString('utf8');
  const withId = (reply: CapturedReply, headers: OutgoingHttpHeaders) => (reply.requestId ? { ...headers, 'x-request-id': randomUUID() } : headers);
  const fixed = new Map((config.fixed ?? []).map((f) => [`${f.method} ${f.path}`, { reply: f.reply, body: Buffer.from(f.reply.bodyBase64, 'base64') }]));
  const server = createServer((req, res) => {
    const other = fixed.get(`${req.method} ${req.url}`);
    if (other) {
      req.resume();
      req.once('end', () => res.writeHead(other.reply.status, withId(other.reply, { ...other.reply.headers, 'content-length': other.body.length })).end(other.body));
      return;
    }
    const target = routes.get(req.url ?? '');
    if (target === undefined) {
      res.writeHead(404).end();
    } else if (target === null) {
      res.writeHead(config.open.status, withId(config.open, { ...config.open.headers, 'content-length': openBody.length })).end(openBody);
    } else {
      const body = clickTemplate.replace('{location}', target);
      res.writeHead(config.click.status, withId(config.click, { ...config.click.headers, location: target, 'content-length': Buffer.byteLength(body) })).end(body);
    }
  });
  server.listen(0, '127.0.0.1', () => process.send?.({ port: (server.address() as AddressInfo).port }));
  process.on('SIGTERM', () => server.close(() => process.exit(0)));
}

/** Forks the bare server with `config` (written to `configFile`) and waits for its port. */
export async function startBareServer(config: BareServerConfig, configFile: string): Promise<BareServer> {
  writeFileSync(configFile, JSON.stringify(config));
  const child: ChildProcess = fork(__filename, [configFile], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const port = await new Promise<number>((resolve, reject) => {
    child.once('message', (m) => resolve((m as { port: number }).port));
    child.once('exit', (code) => reject(new Error(`the bare server exited with code ${code}`)));
  });
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
      setTimeout(() => child.kill('SIGKILL'), 5_000).unref();
    });
  return { url: `http://127.0.0.1:${port}`, pid: child.pid!, stop };
}

if (require.main === module) serve(JSON.parse(readFileSync(process.argv[2], 'utf8')) as BareServerConfig);
