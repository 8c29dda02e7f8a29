import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Pool } from 'pg';
import { ensureDatabase, migrateDatabase, startEmbeddedPostgres } from '@localreach/core';
import { machineBusyPercent, postmasterPid } from '../campaigns/cpu';

/** A bench's own migrated database on an embedded PostgreSQL, and what its report says about it. */
export interface BenchPostgres {
  url: string;
  /** A small pool for fixtures and counts (the product's processes have their own). */
  pool: Pool;
  /** A scratch folder removed with the cluster (the bare server's config goes here). */
  dataDir: string;
  /** The postmaster's pid: CPU of PostgreSQL's processes is summed from it. */
  postmaster: number;
  version: string;
  /** How busy the machine was before the bench started, in % (sampled for 3 s). */
  idleBusy: number;
}

/**
 * Runs `body` with a fresh embedded PostgreSQL (durable unless `fastPg`) and
 * its migrated `bench` database; the cluster and its files are gone afterwards,
 * whatever `body` did. The load benches start the product's processes inside.
 */
export async function withBenchPostgres<T>(name: string, fastPg: boolean, log: (line: string) => void, body: (pg: BenchPostgres) => Promise<T>): Promise<T> {
  const dataDir = mkdtempSync(join(tmpdir(), `localreach-${name}-bench-`));
  const pg = await startEmbeddedPostgres({ dataDir, persistent: false, fast: fastPg });
  const url = pg.urlFor('bench');
  const pool = new Pool({ connectionString: url, max: 4 });
  // An idle client's error (say, the cluster stopped under us) must not crash the bench before it reports.
  pool.on('error', (error) => log(`bench pool: ${error.message}`));
  try {
    await ensureDatabase(pg.adminUrl, 'bench');
    await migrateDatabase(url);
    const version = (await pool.query<{ v: string }>(`SELECT current_setting('server_version') AS v`)).rows[0].v;
    const idleBusy = await machineBusyPercent(3_000);
    return await body({ url, pool, dataDir, postmaster: postmasterPid(join(dataDir, 'pg')), version, idleBusy });
  } finally {
    await pool.end();
    await pg.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
