import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { join } from 'node:path';
import { Client } from 'pg';
import { DEV_TWILIO_ACCOUNT_SID, DEV_TWILIO_AUTH_TOKEN, DevSmtpServer, TwilioStandIn } from '../apps/dev-services/src';
import { findFreePort } from '../libs/core/src';
import { DebianPostgres, missingServers, PgBouncer } from './support/debian-postgres';

/**
 * The production path: Debian's PostgreSQL 15 (not the embedded one), two
 * API and two worker processes (the built ones, NODE_ENV=production) sharing
 * it by DATABASE_URL, once directly and once through PgBouncer 1.18 in
 * transaction pooling mode. All four migrate at once, through the pooler in
 * the second run. Customers (import and API), a journey sending an email and
 * an SMS, events and orders through both APIs, opens and clicks, the report
 * from both; then every message is counted: sent exactly once, nothing lost.
 */
const API = join(__dirname, '../dist/apps/api/src/main.js');
const WORKER = join(__dirname, '../dist/apps/worker/src/main.js');
const WORKER_HEALTHCHECK = join(__dirname, '../dist/apps/worker/src/healthcheck.js');
const IMPORTED = 60;
const CREATED = 20;
const CUSTOMERS = IMPORTED + CREATED;
const TRACKED = 20;

const missing = missingServers();
// CI installs them (.ci/run): there a missing server is a failure, never a quiet skip.
if (missing && process.env.CI) throw new Error(`the production-path test cannot run: ${missing}`);
if (missing) process.stderr.write(`\n*** test/production-path.e2e-spec.ts is SKIPPED: ${missing} ***\n\n`);
const describeIfServers = missing ? describe.skip : describe;

interface Proc {
  name: string;
  child: ChildProcessWithoutNullStreams;
  output: string;
}

function start(name: string, entry: string, env: Record<string, string>): Proc {
  const child = spawn(process.execPath, [entry], { env: { PATH: process.env.PATH ?? '', NODE_ENV: 'production', LOG_LEVEL: 'warn', ...env } });
  const proc: Proc = { name, child, output: '' };
  child.stdout.on('data', (d: Buffer) => (proc.output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (proc.output += d.toString()));
  return proc;
}

function stop(proc: Proc): Promise<void> {
  if (proc.child.exitCode !== null || proc.child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    proc.child.once('exit', () => resolve());
    proc.child.kill('SIGTERM');
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function waitFor(what: string, condition: () => Promise<boolean> | boolean, procs: Proc[], timeoutMs: number, state?: () => Promise<unknown>): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await Promise.resolve().then(condition).catch(() => false))) {
    const dead = procs.find((p) => p.child.exitCode !== null);
    if (dead) throw new Error(`${dead.name} exited (${dead.child.exitCode}) while waiting for ${what}:\n${dead.output}`);
    if (Date.now() > deadline) {
      const seen = state ? JSON.stringify(await state().catch((error: unknown) => String(error))) : '';
      throw new Error(`timed out waiting for ${what}: ${seen}\n${procs.map((p) => `--- ${p.name}\n${p.output.slice(-3000)}`).join('\n')}`);
    }
    await sleep(100);
  }
}

interface Answer {
  status: number;
  body: any;
  headers: Headers;
}

async function call(base: string, method: string, path: string, key?: string, body?: unknown, contentType = 'application/json'): Promise<Answer> {
  const res = await fetch(`${base}${path}`, {
    method,
    redirect: 'manual',
    headers: { 'user-agent': CHROME, ...(key ? { authorization: `Bearer ${key}` } : {}), ...(body !== undefined ? { 'content-type': contentType } : {}) },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  let json: unknown = text;
  try {
    json = JSON.parse(text);
  } catch {
    // not JSON: the text
  }
  return { status: res.status, body: json, headers: res.headers };
}

const CHROME = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';

async function ok(answer: Promise<Answer>, status = 200): Promise<any> {
  const r = await answer;
  if (r.status !== status) throw new Error(`expected ${status}, got ${r.status}: ${JSON.stringify(r.body)}`);
  return r.body;
}

interface Mode {
  label: string;
  /** The database name on the server. */
  database: string;
  /** The customers' phone numbers' area code (the Twilio stand-in serves both runs). */
  areaCode: string;
  apiUrl: string;
  workerUrl: string;
  env: Record<string, string>;
}

describeIfServers('the production path: Debian PostgreSQL 15, two APIs and two workers (NODE_ENV=production), directly and through PgBouncer', () => {
  let pg: DebianPostgres;
  let bouncer: PgBouncer;
  let smtp: DevSmtpServer;
  let twilio: TwilioStandIn;
  const procs: Proc[] = [];

  beforeAll(async () => {
    pg = await DebianPostgres.start();
    await pg.createDatabase('direct');
    await pg.createDatabase('pooled');
    // The API's statement limit goes with its own alias (PgBouncer refuses node-pg's statement_timeout startup parameter).
    bouncer = await PgBouncer.start(pg, [
      { alias: 'pooled', database: 'pooled' },
      { alias: 'pooled_api', database: 'pooled', connectQuery: 'SET statement_timeout = 30000' },
    ]);
    smtp = await DevSmtpServer.start({ maxMessages: 5_000 });
    twilio = await TwilioStandIn.start({ callbackDelayMs: 5 });
  }, 60_000);
  afterEach(async () => {
    await Promise.all(procs.splice(0).map(stop));
  });
  afterAll(async () => {
    await bouncer?.stop();
    await pg?.stop();
    await twilio?.stop();
    await smtp?.stop();
  });

  /** Two APIs and two workers on `mode`'s database, started together (so they migrate together); resolves once both APIs are ready. */
  async function startProcesses(mode: Mode): Promise<[string, string]> {
    const [portA, portB] = [await findFreePort(), await findFreePort()];
    const [a, b] = [`http://127.0.0.1:${portA}`, `http://127.0.0.1:${portB}`];
    // PUBLIC_BASE_URL is API A's (the address a proxy would publish); tracking hits go to both.
    const common = {
      PUBLIC_BASE_URL: a, TRACKING_SECRET: 'production-path-tracking-secret-0123', SMTP_URL: smtp.url,
      TWILIO_ACCOUNT_SID: DEV_TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN: DEV_TWILIO_AUTH_TOKEN, TWILIO_API_BASE_URL: twilio.baseUrl, TWILIO_FROM: '+15005550006',
      DATABASE_POOL_SIZE: '5', ...mode.env,
    };
    procs.push(
      start(`${mode.label} api A`, API, { ...common, DATABASE_URL: mode.apiUrl, PORT: String(portA) }),
      start(`${mode.label} api B`, API, { ...common, DATABASE_URL: mode.apiUrl, PORT: String(portB) }),
      start(`${mode.label} worker 1`, WORKER, { ...common, DATABASE_URL: mode.workerUrl }),
      start(`${mode.label} worker 2`, WORKER, { ...common, DATABASE_URL: mode.workerUrl }),
    );
    // Four Node processes starting at once on a shared 2-core machine: ~25 s there under load, a few seconds on an idle one.
    await waitFor('both APIs ready', async () => (await call(a, 'GET', '/ready')).status === 200 && (await call(b, 'GET', '/ready')).status === 200, procs, 120_000);
    return [a, b];
  }

  /** A business with CUSTOMERS customers (imported through A, created through B) and an active journey: email, then SMS. */
  async function setUp(a: string, b: string, domain: string, area: string): Promise<{ key: string; campaignId: string; emails: string[] }> {
    const { apiKey: key } = await ok(call(a, 'POST', '/v1/businesses', undefined, {
      name: 'Production Bakery', timezone: 'UTC', currency: 'USD', country: 'US', address: { line1: '1 Main St', city: 'Springfield', postalCode: '62701', country: 'US' },
    }), 201);
    await ok(call(b, 'PATCH', '/v1/settings', key, { frequencyCap: { perDay: null, perWeek: null }, quietHours: { email: null, sms: null } }));
    const emails = Array.from({ length: CUSTOMERS }, (_, i) => `c${i}@${domain}`);
    const phone = (i: number) => `+1${area}555${String(1000 + i).padStart(4, '0')}`;
    const csv = ['email,phone,firstName,consent.sms', ...emails.slice(0, IMPORTED).map((e, i) => `${e},${phone(i)},Guest${i},granted`)].join('\n');
    expect(await ok(call(a, 'POST', '/v1/customers/import', key, csv, 'text/csv'))).toMatchObject({ inserted: IMPORTED, failed: 0 });
    for (let i = IMPORTED; i < CUSTOMERS; i++) {
      await ok(call(b, 'POST', '/v1/customers', key, { email: emails[i], phone: phone(i), firstName: `Guest${i}`, consent: { sms: { status: 'granted' } } }), 201);
    }
    const mail = await ok(call(a, 'POST', '/v1/templates', key, { name: 'Visit', channel: 'email', subject: 'Thanks {{customer.firstName}}', html: '<p>Hello</p><a href="https://shop.example/menu">Menu</a>' }), 201);
    const text = await ok(call(b, 'POST', '/v1/templates', key, { name: 'Visit SMS', channel: 'sms', body: 'Production Bakery: thanks {{customer.firstName}}' }), 201);
    const campaign = await ok(call(a, 'POST', '/v1/campaigns', key, {
      name: 'Thank visitors', trigger: { type: 'event', eventType: 'visit' }, goal: { type: 'order', within: 'P7D' },
      steps: [{ id: 'mail', type: 'email', templateId: mail.id, next: 'text' }, { id: 'text', type: 'sms', templateId: text.id }],
    }), 201);
    await ok(call(b, 'POST', `/v1/campaigns/${campaign.id}/activate`, key, {}));
    return { key, campaignId: campaign.id, emails };
  }

  async function scenario(mode: Mode): Promise<void> {
    const started = Date.now();
    const phases: Record<string, number> = {};
    const phase = (name: string) => (phases[name] = Math.round((Date.now() - started) / 100) / 10);
    const [a, b] = await startProcesses(mode);
    phase('ready');
    const domain = `${mode.label}.example.com`;
    const { key, campaignId, emails } = await setUp(a, b, domain, mode.areaCode);
    phase('setUp');
    // Events through both APIs, half each, in batches.
    const half = Math.ceil(CUSTOMERS / 2);
    const events = (list: string[]) => ({ events: list.map((email) => ({ type: 'visit', customer: { email } })) });
    expect((await ok(call(a, 'POST', '/v1/events', key, events(emails.slice(0, half))), 202)).accepted).toBe(half);
    expect((await ok(call(b, 'POST', '/v1/events', key, events(emails.slice(half))), 202)).accepted).toBe(CUSTOMERS - half);

    const mails = () => smtp.messages.filter((m) => m.envelopeTo.some((to) => to.endsWith(`@${domain}`)));
    const phones = new Set<string>();
    const texts = () => twilio.messages.filter((m) => m.body.startsWith('Production Bakery') && phones.has(m.to));
    const customers = await pg.query<{ phone: string }>(mode.database, `SELECT phone FROM customer`);
    customers.forEach((c) => phones.add(c.phone));
    await waitFor('every email and SMS', async () => {
      const rows = await pg.query<{ n: number }>(mode.database, `SELECT count(*)::int AS n FROM message WHERE status IN ('sent', 'delivered')`);
      return rows[0].n === 2 * CUSTOMERS && mails().length === CUSTOMERS && texts().length === CUSTOMERS;
    }, procs, 90_000, async () => ({
      mails: mails().length, texts: texts().length, twilio: twilio.messages.length,
      messages: await pg.query(mode.database, `SELECT channel, status, held_reason, error_code, count(*)::int AS n FROM message GROUP BY 1, 2, 3, 4`),
      enrollments: await pg.query(mode.database, `SELECT state, count(*)::int AS n FROM enrollment GROUP BY 1`),
      events: await pg.query(mode.database, `SELECT count(*)::int AS n FROM event`),
    }));

    phase('sent');
    // A hit within 2 s of its send is a prefetch or link scanner (machine-classifier.ts), and machine clicks earn no credit:
    // a person reads later.
    await new Promise((resolve) => setTimeout(resolve, 2_100));
    // Opens and clicks, alternating between the two APIs; two orders, one through each.
    const tracked = mails().slice(0, TRACKED);
    for (const [i, m] of tracked.entries()) {
      const base = i % 2 ? b : a;
      const click = /\/t\/c\/[\w-]+/.exec(String(m.html))![0];
      const pixel = /\/t\/o\/[\w-]+/.exec(String(m.html))![0];
      expect((await call(base, 'GET', pixel)).status).toBe(200);
      expect((await call(base, 'GET', click)).status).toBe(302);
    }
    await waitFor('the opens and clicks recorded', async () => {
      const rows = await pg.query<{ type: string; n: number }>(mode.database, `SELECT type, count(*)::int AS n FROM engagement GROUP BY type ORDER BY type`);
      const by = Object.fromEntries(rows.map((r) => [r.type, r.n]));
      return by.opened === TRACKED && by.clicked === TRACKED;
    }, procs, 30_000, () => pg.query(mode.database, `SELECT type, machine, count(*)::int AS n FROM engagement GROUP BY 1, 2`));

    // The orders once the clicks they follow are recorded (the tracking endpoints answer before their batch is written).
    const buyers = [tracked[0].envelopeTo[0], tracked[1].envelopeTo[0]];
    for (const [i, email] of buyers.entries()) {
      await ok(call(i ? b : a, 'POST', '/v1/orders', key, { externalId: `${mode.label}-${i}`, customer: { email }, total: 25, currency: 'USD', channel: 'in_store', occurredAt: new Date().toISOString() }), 201);
    }
    phase('tracked');
    // The report, from both APIs: the same figures.
    const reports = [await ok(call(a, 'GET', `/v1/reports/campaigns/${campaignId}`, key)), await ok(call(b, 'GET', `/v1/reports/campaigns/${campaignId}`, key))];
    for (const report of reports) {
      const funnel = report.funnel[0];
      expect(funnel).toMatchObject({ level: 'campaign', enrolled: CUSTOMERS, sent: 2 * CUSTOMERS, clickedTotal: TRACKED, converted: 2, orders: 2, revenue: 50, failed: 0 });
      expect(funnel.openedHuman + funnel.openedMachine).toBe(TRACKED);
    }

    // Exactly once, at the providers and in the tables.
    await waitFor('the SMTP server to store what it accepted', () => smtp.acceptancesInFlight() === 0, procs, 10_000);
    await sleep(500); // nothing more arrives
    expect({ mails: mails().length, recipients: new Set(mails().flatMap((m) => m.envelopeTo)).size, ids: new Set(mails().map((m) => m.headers['message-id'])).size })
      .toEqual({ mails: CUSTOMERS, recipients: CUSTOMERS, ids: CUSTOMERS });
    expect({ texts: texts().length, numbers: new Set(texts().map((m) => m.to)).size }).toEqual({ texts: CUSTOMERS, numbers: CUSTOMERS });
    const table = await pg.query<{ channel: string; n: number; attempts: number }>(mode.database,
      `SELECT m.channel, count(DISTINCT m.id)::int AS n, count(a.message_id)::int AS attempts FROM message m LEFT JOIN message_attempt a ON a.message_id = m.id GROUP BY m.channel ORDER BY m.channel`);
    expect(table).toEqual([{ channel: 'email', n: CUSTOMERS, attempts: CUSTOMERS }, { channel: 'sms', n: CUSTOMERS, attempts: CUSTOMERS }]);
    for (const proc of procs) expect(proc.output).not.toMatch(/prepared statement|does not exist|unsupported startup parameter/);
    phase('counted');
    console.log(`${mode.label}: ${CUSTOMERS} customers, ${2 * CUSTOMERS} messages, ${2 * TRACKED} tracking hits, 2 APIs + 2 workers; seconds from start: ${JSON.stringify(phases)}`);
  }

  /** The worker container's health check (docker-compose.yml) against `url`: its exit code. */
  function workerHealthcheck(url: string): Promise<number | null> {
    return new Promise((resolve) => {
      const child = spawn(process.execPath, [WORKER_HEALTHCHECK], { env: { PATH: process.env.PATH ?? '', NODE_ENV: 'production', DATABASE_URL: url, TRACKING_SECRET: 'production-path-tracking-secret-0123' }, stdio: 'ignore' });
      child.once('exit', (code) => resolve(code));
    });
  }

  it('directly: every message sent once, nothing lost; the worker health check follows the workers', async () => {
    await scenario({ label: 'direct', database: 'direct', areaCode: '312', apiUrl: pg.urlFor('direct'), workerUrl: pg.urlFor('direct'), env: {} });
    expect(await workerHealthcheck(pg.urlFor('direct'))).toBe(0);
    // Stopped workers remove their heartbeat: the check fails at once.
    await Promise.all(procs.filter((p) => p.name.includes('worker')).map(stop));
    expect(await workerHealthcheck(pg.urlFor('direct'))).toBe(1);
  }, 300_000);

  it('through PgBouncer (transaction pooling), migrations included: every message sent once, nothing lost, no session state left behind', async () => {
    await scenario({
      label: 'pooled', database: 'pooled', areaCode: '217', apiUrl: pg.urlFor('pooled_api', bouncer.port), workerUrl: pg.urlFor('pooled', bouncer.port),
      env: { DATABASE_TRANSACTION_POOLING: '1' },
    });
    expect(bouncer.log()).not.toMatch(/unsupported startup parameter/);
    // The pooler's server connections outlive the clients: no advisory lock may be left on one of them.
    const locks = await pg.query<{ n: number }>('pooled', `SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory'`);
    expect(locks).toEqual([{ n: 0 }]);
    // The API's statement limit, from its alias's connect_query (DATABASE_STATEMENT_TIMEOUT_MS must be 0 through the pooler).
    const api = new Client({ connectionString: pg.urlFor('pooled_api', bouncer.port) });
    await api.connect();
    const [apiTimeout] = (await api.query('SHOW statement_timeout')).rows;
    await api.end();
    expect(apiTimeout).toEqual({ statement_timeout: '30s' });
  }, 300_000);
});
