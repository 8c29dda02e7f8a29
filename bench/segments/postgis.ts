/**
 * A Debian PostgreSQL 15 + PostGIS 3 server in a throwaway directory on a
 * loopback port, run as the `postgres` OS user, loaded with the same
 * customers (plain `point` column from the schema's own expression plus a
 * geography and a Web-Mercator geometry column, each GiST-indexed) and the
 * same geofence row. Anything failing → undefined ("PostGIS: not available").
 */
import { spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Pool } from 'pg';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';
import { findFreePort } from '@localreach/core';
import { MERCATOR_POINT_SQL } from '../../libs/core/src/database/migrations/1764000000000-initial-schema';

const BIN = '/usr/lib/postgresql/15/bin';
const CONTROL = '/usr/share/postgresql/15/extension/postgis.control';

export interface PostgisServer {
  pool: Pool;
  version: string;
  loadSeconds: number;
  stop(): Promise<void>;
}

function sh(cmd: string, args: string[], asPostgres: boolean): void {
  const isRoot = process.getuid?.() === 0;
  const [file, argv] = asPostgres && isRoot ? ['runuser', ['-u', 'postgres', '--', cmd, ...args]] : [cmd, args];
  const r = spawnSync(file, argv, { encoding: 'utf8', timeout: 600_000 });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed: ${r.stderr || r.stdout || r.error?.message}`);
}

/** Installs Debian's PostgreSQL 15 PostGIS package when missing (needs root and the apt registry). */
function ensureInstalled(log: (s: string) => void): void {
  if (existsSync(join(BIN, 'initdb')) && existsSync(CONTROL)) return;
  log('PostGIS: installing postgresql-15-postgis-3 with apt-get …');
  sh('apt-get', ['install', '-y', 'postgresql-15-postgis-3'], false);
  if (!existsSync(CONTROL)) throw new Error('postgis.control still missing after apt-get install');
}

export async function startPostgis(log: (s: string) => void): Promise<PostgisServer | undefined> {
  let dir: string | undefined;
  let started = false;
  try {
    ensureInstalled(log);
    dir = mkdtempSync(join(tmpdir(), 'localreach-postgis-'));
    const ids = spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' });
    const gid = spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' });
    if (process.getuid?.() === 0 && ids.status === 0) chownSync(dir, Number(ids.stdout.trim()), Number(gid.stdout.trim()));
    const data = join(dir, 'data');
    const port = await findFreePort();
    sh(join(BIN, 'initdb'), ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C'], true);
    const opts = `-c listen_addresses=127.0.0.1 -p ${port} -c unix_socket_directories=${dir} -c fsync=off -c synchronous_commit=off -c full_page_writes=off`;
    sh(join(BIN, 'pg_ctl'), ['-D', data, '-l', join(dir, 'log'), '-o', opts, '-w', 'start'], true);
    started = true;
    const pool = new Pool({ connectionString: `postgres://postgres@127.0.0.1:${port}/postgres`, max: 4 });
    await pool.query('CREATE EXTENSION postgis');
    const version = (await pool.query<{ v: string }>(`SELECT current_setting('server_version') || ' + PostGIS ' || postgis_lib_version() AS v`)).rows[0].v;
    const cleanupDir = dir;
    return {
      pool,
      version,
      loadSeconds: 0,
      stop: async () => {
        await pool.end();
        try {
          sh(join(BIN, 'pg_ctl'), ['-D', data, '-m', 'fast', '-w', 'stop'], true);
        } finally {
          rmSync(cleanupDir, { recursive: true, force: true });
        }
      },
    };
  } catch (error) {
    log(`PostGIS: not available (${error instanceof Error ? error.message.split('\n')[0] : String(error)})`);
    if (started && dir) spawnSync('runuser', ['-u', 'postgres', '--', join(BIN, 'pg_ctl'), '-D', join(dir, 'data'), '-m', 'immediate', 'stop']);
    if (dir) rmSync(dir, { recursive: true, force: true });
    return undefined;
  }
}

/** Copies the business's customers and its geofence from the main server into the PostGIS one. */
export async function loadPostgis(source: Pool, target: PostgisServer, businessId: string): Promise<void> {
  const started = performance.now();
  const t = target.pool;
  await t.query(`CREATE UNLOGGED TABLE staging (id uuid, business_id uuid, erased_at timestamptz, lat float8, lng float8)`);
  const src = await source.connect();
  const dst = await t.connect();
  try {
    const out = src.query(copyTo(`COPY (SELECT id, business_id, erased_at, lat, lng FROM customer WHERE business_id = '${businessId}') TO STDOUT`));
    const into = dst.query(copyFrom('COPY staging FROM STDIN'));
    await pipeline(out, into);
  } finally {
    src.release();
    dst.release();
  }
  await t.query(`CREATE TABLE customer (
      id uuid PRIMARY KEY, business_id uuid NOT NULL, erased_at timestamptz NULL, lat double precision NULL, lng double precision NULL,
      point point GENERATED ALWAYS AS (${MERCATOR_POINT_SQL}) STORED,
      geog geography(Point, 4326) NULL, geom geometry(Point, 3857) NULL)`);
  await t.query(`INSERT INTO customer (id, business_id, erased_at, lat, lng, geog, geom)
                 SELECT id, business_id, erased_at, lat, lng, ST_SetSRID(ST_MakePoint(lng, lat), 4326)::geography,
                        ST_Transform(ST_SetSRID(ST_MakePoint(lng, lat), 4326), 3857)
                   FROM staging`);
  await t.query('DROP TABLE staging');
  await t.query(`SET maintenance_work_mem = '1GB'`);
  for (const col of ['point', 'geog', 'geom']) await t.query(`CREATE INDEX customer_${col}_gist ON customer USING gist (${col})`);
  await t.query(`CREATE TABLE geofence (id uuid PRIMARY KEY, business_id uuid NOT NULL, kind text NOT NULL, area polygon NULL, bbox box NOT NULL,
                   center_lat float8 NULL, center_lng float8 NULL, radius_m float8 NULL, deleted_at timestamptz NULL)`);
  const fences = await source.query(`SELECT id, business_id, kind, area::text AS area, bbox::text AS bbox, center_lat, center_lng, radius_m, deleted_at
                                       FROM geofence WHERE business_id = $1`, [businessId]);
  for (const f of fences.rows) {
    await t.query(`INSERT INTO geofence VALUES ($1, $2, $3, $4::polygon, $5::box, $6, $7, $8, $9)`,
      [f.id, f.business_id, f.kind, f.area, f.bbox, f.center_lat, f.center_lng, f.radius_m, f.deleted_at]);
  }
  await t.query('VACUUM ANALYZE');
  target.loadSeconds = (performance.now() - started) / 1000;
}
