/**
 * Single-customer upsert throughput: POST /v1/customers through the real API
 * process (auth, validation, phone normalisation, matching, audit-free upsert)
 * versus a bare node:http server that runs one INSERT … ON CONFLICT for the
 * same body, on the same PostgreSQL, in the same run.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { Pool } from 'pg';
import { ensureDatabase, findFreePort, migrateDatabase, startEmbeddedPostgres } from '@localreach/core';
import { RATE_LIMITS_OFF } from './support/rate-limits-off';

const DURATION_S = 15;
const CONNECTIONS = 20;

interface Row {
  name: string;
  requestsPerSec: number;
  p50: number;
  p99: number;
  errors: number;
}

const PHONE_BLOCKS: Record<string, number> = { warm: 2, api: 3, bare: 4 };

function body(i: number, prefix: string): string {
  return JSON.stringify({
    externalId: `${prefix}-${i}`,
    email: `${prefix}.${i}@example.com`,
    phone: `+1503${PHONE_BLOCKS[prefix]}${String(i % 1000000).padStart(6, '0')}`,
    firstName: 'Bench',
    lastName: `Customer ${i}`,
    tags: ['bench'],
    attributes: { visits: i % 50 },
    consent: { email: { status: 'granted', source: 'form' } },
  });
}

async function load(name: string, url: string, headers: Record<string, string>, prefix: string): Promise<Row> {
  let counter = 0;
  const result = await autocannon({
    url,
    connections: CONNECTIONS,
    duration: DURATION_S,
    requests: [{ method: 'POST', path: '/v1/customers', headers: { 'content-type': 'application/json', ...headers }, setupRequest: (req) => ({ ...req, body: body(counter++, prefix) }) }],
  });
  return { name, requestsPerSec: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, errors: result.errors + result.non2xx };
}

function bareServer(pool: Pool, businessId: string): Server {
  return createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const c = JSON.parse(Buffer.concat(chunks).toString()) as Record<string, string>;
      pool
        .query(
          `INSERT INTO customer (business_id, external_id, email, phone, first_name, last_name, tags, attributes, consent_email, consent_email_at, consent_email_source)
           VALUES ($1, $2, $3, $4, $5, $6, ARRAY['bench'], $7, 'granted', now(), 'form')
           ON CONFLICT (business_id, external_id) WHERE external_id IS NOT NULL DO UPDATE SET email = EXCLUDED.email, updated_at = now()
           RETURNING id, email`,
          [businessId, c.externalId, c.email, c.phone, c.firstName, c.lastName, JSON.stringify(c.attributes)],
        )
        .then((r) => {
          res.writeHead(201, { 'content-type': 'application/json' });
          res.end(JSON.stringify(r.rows[0]));
        })
        .catch((e: Error) => {
          res.writeHead(500);
          res.end(e.message);
        });
    });
  });
}

async function waitForHealth(url: string): Promise<void> {
  for (let i = 0; i < 120; i++) {
    try {
      if ((await fetch(`${url}/health`)).ok) return;
    } catch {
      // starting
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error('API did not start');
}

export async function run(): Promise<string> {
  const dataDir = mkdtempSync(join(tmpdir(), 'localreach-bench-'));
  const pg = await startEmbeddedPostgres({ dataDir, persistent: false });
  let api: ChildProcess | undefined;
  let bare: Server | undefined;
  const pool = new Pool({ connectionString: pg.urlFor('bench'), max: 10 });
  try {
    await ensureDatabase(pg.adminUrl, 'bench');
    await migrateDatabase(pg.urlFor('bench'));
    const port = await findFreePort();
    api = spawn(process.execPath, [join(__dirname, '../apps/api/src/main.js')], {
      env: { ...process.env, ...RATE_LIMITS_OFF, NODE_ENV: 'production', TRACKING_SECRET: 'bench-tracking-secret-0123456789', DATABASE_URL: pg.urlFor('bench'), PORT: String(port), LOG_LEVEL: 'silent' },
      stdio: 'inherit',
    });
    const apiUrl = `http://127.0.0.1:${port}`;
    await waitForHealth(apiUrl);
    const signUp = await fetch(`${apiUrl}/v1/businesses`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Bench', timezone: 'America/Los_Angeles', currency: 'USD', country: 'US', address: { line1: '1 A St', city: 'Portland', postalCode: '97205', country: 'US' } }),
    }).then((r) => r.json() as Promise<{ apiKey: string; business: { id: string } }>);
    const bareBusiness = await pool.query<{ id: string }>(
      `INSERT INTO business (name, timezone, currency, country, address) VALUES ('Bare', 'UTC', 'USD', 'US', '{}') RETURNING id`,
    );
    bare = bareServer(pool, bareBusiness.rows[0].id);
    const barePort = await findFreePort();
    await new Promise<void>((r) => bare!.listen(barePort, '127.0.0.1', r));
    // Warm both up, then measure new-customer inserts (the common case) through each.
    await load('warm-up', apiUrl, { authorization: `Bearer ${signUp.apiKey}` }, 'warm');
    const ours = await load('LocalReach POST /v1/customers', apiUrl, { authorization: `Bearer ${signUp.apiKey}` }, 'api');
    const raw = await load('bare node:http + one INSERT … ON CONFLICT', `http://127.0.0.1:${barePort}`, {}, 'bare');
    return table([ours, raw]);
  } finally {
    api?.kill('SIGTERM');
    bare?.close();
    await pool.end();
    await pg.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

function table(rows: Row[]): string {
  const [ours, raw] = rows;
  const lines = [
    `### Single-customer upsert (${CONNECTIONS} connections, ${DURATION_S} s each, new customers)`,
    '',
    '| what | requests/s | p50 ms | p99 ms | errors |',
    '| --- | ---: | ---: | ---: | ---: |',
    ...rows.map((r) => `| ${r.name} | ${r.requestsPerSec.toFixed(0)} | ${r.p50} | ${r.p99} | ${r.errors} |`),
    '',
    `Ratio (ours / bare): ${(ours.requestsPerSec / raw.requestsPerSec).toFixed(2)}×`,
  ];
  return lines.join('\n');
}

if (require.main === module) {
  run().then((out) => console.log(out), (error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
