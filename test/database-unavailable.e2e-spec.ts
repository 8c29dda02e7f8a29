import { Client } from 'pg';
import { signUpBusiness, bearer, startApi, type ApiHarness } from './support/api-harness';

/**
 * When the database is slow, busy or away, requests answer 503 with a code
 * and Retry-After, never 500 and never a hang, and the API recovers by itself.
 */
describe('the database slow, busy or away', () => {
  let api: ApiHarness;
  let admin: Client;
  let database: string;
  afterEach(async () => {
    await admin?.query(`ALTER DATABASE ${database} ALLOW_CONNECTIONS true`).catch(() => undefined);
    await admin?.end();
    await api?.close();
  });

  async function start(env: Record<string, string>): Promise<string> {
    api = await startApi(env);
    database = new URL(api.config.databaseUrl as string).pathname.slice(1);
    admin = new Client({ connectionString: process.env.LOCALREACH_TEST_PG_ADMIN_URL });
    await admin.connect();
    return (await signUpBusiness(api)).apiKey;
  }

  it('a statement past DATABASE_STATEMENT_TIMEOUT_MS is cancelled: 503 DATABASE_TIMEOUT, and the next request works', async () => {
    const key = await start({ DATABASE_STATEMENT_TIMEOUT_MS: '300' });
    const holder = new Client({ connectionString: api.config.databaseUrl });
    await holder.connect();
    try {
      await holder.query('BEGIN');
      await holder.query('LOCK TABLE customer IN ACCESS EXCLUSIVE MODE');
      const started = Date.now();
      const res = await api.http().get('/v1/customers').set(bearer(key));
      expect(Date.now() - started).toBeLessThan(3000);
      expect(res.status).toBe(503);
      expect(res.body).toMatchObject({ statusCode: 503, code: 'DATABASE_TIMEOUT', details: [{ field: 'database' }] });
      expect(res.headers['retry-after']).toBe('1');
      await holder.query('ROLLBACK');
    } finally {
      await holder.end();
    }
    expect((await api.http().get('/v1/customers').set(bearer(key))).status).toBe(200);
  });

  it('every connection busy past DATABASE_ACQUIRE_TIMEOUT_MS: 503 DATABASE_BUSY instead of waiting forever', async () => {
    const key = await start({ DATABASE_POOL_SIZE: '1', DATABASE_ACQUIRE_TIMEOUT_MS: '300', DATABASE_STATEMENT_TIMEOUT_MS: '5000' });
    const holder = new Client({ connectionString: api.config.databaseUrl });
    await holder.connect();
    try {
      await holder.query('BEGIN');
      await holder.query('LOCK TABLE location IN ACCESS EXCLUSIVE MODE');
      // Holds the pool's one connection until the lock goes.
      const blocked = api.http().get('/v1/locations').set(bearer(key)).then((r) => r);
      await new Promise((resolve) => setTimeout(resolve, 200));
      const res = await api.http().get('/v1/customers').set(bearer(key));
      expect(res.status).toBe(503);
      expect(res.body.code).toBe('DATABASE_BUSY');
      await holder.query('ROLLBACK');
      expect((await blocked).status).toBe(200);
    } finally {
      await holder.end();
    }
    expect((await api.http().get('/v1/customers').set(bearer(key))).status).toBe(200);
  });

  it('the database away (connections cut and refused): 503 DATABASE_UNAVAILABLE, then back to 200 once it returns', async () => {
    const key = await start({});
    expect((await api.http().get('/v1/customers').set(bearer(key))).status).toBe(200);
    await admin.query(`ALTER DATABASE ${database} ALLOW_CONNECTIONS false`);
    await admin.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()`, [database]);
    for (const path of ['/v1/customers', '/v1/segments', '/v1/customers?email=a%40example.com']) {
      const res = await api.http().get(path).set(bearer(key));
      expect({ path, status: res.status, code: res.body.code }).toEqual({ path, status: 503, code: 'DATABASE_UNAVAILABLE' });
      expect(res.headers['retry-after']).toBe('5');
    }
    const write = await api.http().post('/v1/customers').set(bearer(key)).send({ email: 'away@example.com' });
    expect(write.status).toBe(503);
    // Probes: not ready, and the health report says which check failed and why.
    const ready = await api.http().get('/ready');
    expect({ status: ready.status, retryAfter: ready.headers['retry-after'], body: ready.body }).toEqual({
      status: 503, retryAfter: '5',
      body: expect.objectContaining({ code: 'DATABASE_UNAVAILABLE', details: [{ field: 'database', message: expect.stringMatching(/^the database is not reachable/) }] }),
    });
    // Liveness: the process answers, so 200 (a restart would not bring the database back), and the report says why it is degraded.
    const health = await api.http().get('/health');
    expect({ status: health.status, retryAfter: health.headers['retry-after'], report: health.body.status }).toEqual({ status: 200, retryAfter: undefined, report: 'degraded' });
    expect(health.body.error.database).toEqual({ status: 'down', message: expect.stringContaining('not currently accepting connections') });
    // Metrics: still served, the database reported down, the process figures there.
    const metrics = await api.http().get('/metrics');
    expect(metrics.status).toBe(200);
    expect(metrics.text).toMatch(/^localreach_database_up 0$/m);
    expect(metrics.text).toMatch(/^localreach_process_cpu_user_seconds_total \S+$/m);
    expect(metrics.text).not.toMatch(/^localreach_messages_queued\{/m);
    await admin.query(`ALTER DATABASE ${database} ALLOW_CONNECTIONS true`);
    expect((await api.http().get('/v1/customers').set(bearer(key))).status).toBe(200);
    expect((await api.http().get('/ready')).body).toEqual({ status: 'ok', migrations: expect.any(Number) });
    expect((await api.http().post('/v1/customers').set(bearer(key)).send({ email: 'back@example.com' })).status).toBe(201);
  });

  it('/ready is 503 MIGRATIONS_PENDING naming them while the database lacks migrations this release knows, 200 once they are applied', async () => {
    await start({});
    const [latest] = await api.dataSource.query(`SELECT timestamp, name FROM migrations ORDER BY timestamp DESC LIMIT 1`);
    await api.dataSource.query(`DELETE FROM migrations WHERE name = $1`, [latest.name]);
    const res = await api.http().get('/ready');
    expect(res.status).toBe(503);
    expect(res.headers['retry-after']).toBe('5');
    expect(res.body).toMatchObject({ code: 'MIGRATIONS_PENDING', details: [{ field: 'migrations', message: expect.stringContaining(latest.name) }] });
    // /health is liveness: the process answers, and the database too.
    expect((await api.http().get('/health')).body).toMatchObject({ status: 'ok', info: { database: { status: 'up' } } });
    await api.dataSource.query(`INSERT INTO migrations (timestamp, name) VALUES ($1, $2)`, [latest.timestamp, latest.name]);
    expect((await api.http().get('/ready')).status).toBe(200);
  });
});
