import { execFile, execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { findFreePort } from '../../libs/core/src';

/**
 * The production path's database servers as Debian packages them (what `.ci/run`
 * installs with apt): PostgreSQL 15 started with initdb/pg_ctl, and PgBouncer
 * 1.18 in front of it. As root both run as the `postgres` OS user (neither runs
 * as root), in a throwaway directory owned by it.
 */
export const PG_BIN = '/usr/lib/postgresql/15/bin';
export const PGBOUNCER = '/usr/sbin/pgbouncer';
const USER = 'postgres';
const PASSWORD = 'localreach';
const run = promisify(execFile);

/** Why the production-path servers cannot run here, or undefined when they can. */
export function missingServers(): string | undefined {
  const missing = [join(PG_BIN, 'initdb'), join(PG_BIN, 'pg_ctl'), PGBOUNCER].filter((path) => !existsSync(path));
  return missing.length ? `not installed: ${missing.join(', ')} (apt-get install postgresql-15 pgbouncer; .ci/run does)` : undefined;
}

const asRoot = process.getuid?.() === 0;

/** The command, run as the postgres OS user when we are root. */
function asPostgres(file: string, args: string[]): [string, string[]] {
  return asRoot ? ['runuser', ['-u', USER, '--', file, ...args]] : [file, args];
}

let owner: { uid: number; gid: number } | undefined;
function chownToPostgres(path: string): void {
  if (!asRoot) return;
  owner ??= { uid: Number(execFileSync('id', ['-u', USER]).toString()), gid: Number(execFileSync('id', ['-g', USER]).toString()) };
  chownSync(path, owner.uid, owner.gid);
}

/** A directory of the server's user, in the system temp directory (which every user may traverse). */
function ownedDirectory(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  chownToPostgres(dir);
  chmodSync(dir, 0o700);
  return dir;
}

function writeOwned(path: string, text: string): void {
  writeFileSync(path, text, { mode: 0o600 });
  chownToPostgres(path);
}

/** A throwaway PostgreSQL cluster from Debian's binaries, loopback only, password (SCRAM) authentication. */
export class DebianPostgres {
  private constructor(
    readonly dir: string,
    readonly port: number,
  ) {}

  static async start(): Promise<DebianPostgres> {
    const dir = ownedDirectory('localreach-pg15-');
    const data = join(dir, 'data');
    writeOwned(join(dir, 'password'), `${PASSWORD}\n`);
    await run(...asPostgres(join(PG_BIN, 'initdb'), ['-D', data, '-U', USER, '--pwfile', join(dir, 'password'), '--auth=scram-sha-256', '--encoding=UTF8', '--locale=C', '--no-sync']));
    const port = await findFreePort();
    // Throwaway: durability off; enough connections for four processes directly plus PgBouncer's pools.
    const options = [`-p ${port}`, '-c listen_addresses=127.0.0.1', `-c unix_socket_directories=${dir}`, '-c max_connections=200',
      '-c fsync=off', '-c synchronous_commit=off', '-c full_page_writes=off'].join(' ');
    await run(...asPostgres(join(PG_BIN, 'pg_ctl'), ['-D', data, '-l', join(dir, 'log'), '-w', '-t', '60', '-o', options, 'start']));
    return new DebianPostgres(dir, port);
  }

  urlFor(database: string, port = this.port): string {
    return `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/${database}`;
  }

  async createDatabase(name: string): Promise<void> {
    await this.query('postgres', `CREATE DATABASE "${name}"`);
  }

  /** One statement on a direct connection of its own. */
  async query<T>(database: string, sql: string, values: unknown[] = []): Promise<T[]> {
    const client = new Client({ connectionString: this.urlFor(database) });
    await client.connect();
    try {
      return (await client.query(sql, values)).rows as T[];
    } finally {
      await client.end();
    }
  }

  log(): string {
    return existsSync(join(this.dir, 'log')) ? readFileSync(join(this.dir, 'log'), 'utf8') : '';
  }

  async stop(): Promise<void> {
    await run(...asPostgres(join(PG_BIN, 'pg_ctl'), ['-D', join(this.dir, 'data'), '-m', 'fast', '-w', 'stop'])).catch(() => undefined);
    rmSync(this.dir, { recursive: true, force: true });
  }
}

export interface PgBouncerDatabase {
  /** The name clients connect to. */
  readonly alias: string;
  /** The server database it stands for. */
  readonly database: string;
  /** Run on every new server connection of this alias (per-alias settings such as statement_timeout). */
  readonly connectQuery?: string;
}

/**
 * PgBouncer in transaction pooling mode (what managed PostgreSQL services put
 * in front), its own ini and userlist, on a free loopback port.
 * server_round_robin hands the next transaction to another server connection
 * rather than the one just used, as a busy pooler does, so code that relies on
 * two transactions sharing a session fails here every time, not by chance.
 */
export class PgBouncer {
  private constructor(
    private readonly child: ChildProcess,
    readonly dir: string,
    readonly port: number,
    private readonly output: () => string,
  ) {}

  static async start(server: DebianPostgres, databases: PgBouncerDatabase[]): Promise<PgBouncer> {
    const dir = ownedDirectory('localreach-pgbouncer-');
    const port = await findFreePort();
    const quote = (s: string) => `'${s.replace(/'/g, "''")}'`;
    const lines = databases.map((d) => `${d.alias} = host=127.0.0.1 port=${server.port} dbname=${d.database}${d.connectQuery ? ` connect_query=${quote(d.connectQuery)}` : ''}`);
    writeOwned(join(dir, 'userlist.txt'), `"${USER}" "${PASSWORD}"\n`);
    writeOwned(join(dir, 'pgbouncer.ini'), [
      '[databases]', ...lines, '',
      '[pgbouncer]',
      'listen_addr = 127.0.0.1', `listen_port = ${port}`, `unix_socket_dir = ${dir}`,
      'auth_type = scram-sha-256', `auth_file = ${join(dir, 'userlist.txt')}`,
      'pool_mode = transaction', 'server_round_robin = 1',
      'max_client_conn = 400', 'default_pool_size = 20', 'max_db_connections = 60',
      'admin_users = postgres', 'ignore_startup_parameters = extra_float_digits',
      `logfile = ${join(dir, 'pgbouncer.log')}`, '',
    ].join('\n'));
    const [file, args] = asPostgres(PGBOUNCER, [join(dir, 'pgbouncer.ini')]);
    const child = spawn(file, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
    const bouncer = new PgBouncer(child, dir, port, () => output);
    const deadline = Date.now() + 20_000;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`PgBouncer exited (${child.exitCode}):\n${bouncer.log()}`);
      const client = new Client({ connectionString: server.urlFor(databases[0].alias, port) });
      try {
        await client.connect();
        await client.query('SELECT 1');
        await client.end();
        return bouncer;
      } catch (error) {
        await client.end().catch(() => undefined);
        if (Date.now() > deadline) throw new Error(`PgBouncer did not answer: ${String(error)}\n${bouncer.log()}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    }
  }

  log(): string {
    const file = join(this.dir, 'pgbouncer.log');
    return `${this.output()}${existsSync(file) ? readFileSync(file, 'utf8') : ''}`;
  }

  async stop(): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) {
      const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
      // runuser passes SIGTERM on to pgbouncer.
      this.child.kill('SIGTERM');
      await exited;
    }
    if (existsSync(this.dir)) rmSync(this.dir, { recursive: true, force: true });
  }
}
