import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { join } from 'node:path';

/** The built embedded-postgres starter: it imports an ES module, which jest's module sandbox cannot. */
const EMBEDDED_POSTGRES = join(__dirname, '../../dist/libs/core/src/database/embedded-postgres.js');

// Runs in a plain node child: starts the cluster, prints its port, stops it (fast shutdown) when told to or when the test goes.
const SCRIPT = `
const { startEmbeddedPostgres } = require(process.env.EMBEDDED_POSTGRES);
(async () => {
  const pg = await startEmbeddedPostgres({ dataDir: process.env.PG_DATA_DIR, persistent: true, fast: true, port: process.env.PG_PORT ? Number(process.env.PG_PORT) : undefined });
  process.stdout.write(JSON.stringify({ port: pg.port }) + '\\n');
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await pg.stop();
    process.stdout.write('stopped\\n');
    process.exit(0);
  };
  process.stdin.on('data', (d) => { if (String(d).includes('stop')) void stop(); });
  process.stdin.on('end', () => void stop());
})().catch((error) => { console.error(error); process.exit(1); });
`;

/** A PostgreSQL of its own that a test can stop and start again (same data directory, same port). */
export class PostgresProcess {
  private constructor(
    private readonly child: ChildProcessWithoutNullStreams,
    readonly dataDir: string,
    readonly port: number,
  ) {}

  /** Starts the cluster in `dataDir` (initialised on first use), on `port` or a free one. */
  static async start(dataDir: string, port?: number): Promise<PostgresProcess> {
    const child = spawn(process.execPath, ['-e', SCRIPT], {
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/root', EMBEDDED_POSTGRES, PG_DATA_DIR: dataDir, ...(port ? { PG_PORT: String(port) } : {}) },
    });
    let output = '';
    const started = await new Promise<{ port: number }>((resolve, reject) => {
      child.stdout.on('data', (d: Buffer) => {
        output += d.toString();
        const line = output.split('\n').find((l) => l.startsWith('{'));
        if (line) resolve(JSON.parse(line) as { port: number });
      });
      child.stderr.on('data', (d: Buffer) => (output += d.toString()));
      child.once('exit', (code) => reject(new Error(`PostgreSQL exited (${code}) before it was ready:\n${output}`)));
    });
    return new PostgresProcess(child, dataDir, started.port);
  }

  urlFor(database: string): string {
    return `postgres://postgres:localreach@127.0.0.1:${this.port}/${database}`;
  }

  get adminUrl(): string {
    return this.urlFor('postgres');
  }

  /** Fast shutdown (SIGINT to the postmaster): sessions are cut, new connections refused; resolves once it is down. */
  async stop(): Promise<void> {
    if (this.child.exitCode !== null) return;
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    this.child.stdin.write('stop\n');
    await exited;
  }
}
