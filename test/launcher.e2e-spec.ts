import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findFreePort } from '../libs/core/src';
import { launch, LAUNCHER, waitForOutput } from './support/launcher';
import { createTestDatabase } from './support/test-database';

function postgresRunningFor(dataDir: string): boolean {
  const pidFile = join(dataDir, 'pg', 'postmaster.pid');
  return existsSync(pidFile);
}

/**
 * `npm start` as a user runs it: the built launcher brings up PostgreSQL, the
 * stand-ins, the API and two workers, seeds the demo and prints the key; Ctrl-C
 * stops everything; a second start reuses the data.
 */
describe('npm start launcher', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'localreach-launch-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('runs the whole product, prints a working demo key, stops cleanly on Ctrl-C and reuses data', async () => {
    if (!existsSync(LAUNCHER)) throw new Error('run `npm run build` first (npm test does)');
    const port = await findFreePort();
    const env = { DATA_DIR: dataDir, PORT: String(port) };
    const first = launch(env);
    const [, apiKey] = await waitForOutput(first, /Demo API key (lr_\S+)/, 60_000);
    const health = (await (await fetch(`http://localhost:${port}/health`)).json()) as any;
    expect(health.info.database.status).toBe('up');
    expect(health.info.workers.alive).toBe(2); // WORKER_PROCESSES defaults to 2
    const customers = (await (await fetch(`http://localhost:${port}/v1/customers?limit=500`, { headers: { authorization: `Bearer ${apiKey}` } })).json()) as any;
    expect(customers.items.length).toBeGreaterThanOrEqual(150);
    // Read to the end: an unread body keeps fetch's socket open after the product stops, and the Jest worker with it.
    const docs = await fetch(`http://localhost:${port}/docs-json`);
    expect(docs.status).toBe(200);
    expect(((await docs.json()) as { openapi?: string }).openapi).toMatch(/^3\./);
    // npm start runs the loopback SMTP server and Twilio stand-in, so the admin's outbox is there.
    for (const channel of ['email', 'sms']) {
      const outbox = await fetch(`http://localhost:${port}/v1/dev/outbox/${channel}`, { headers: { authorization: `Bearer ${apiKey}` } });
      expect([outbox.status, Array.isArray(((await outbox.json()) as { items?: unknown }).items)]).toEqual([200, true]);
    }
    // The printed sign-in link opens the admin UI, the demo owner's key in its fragment (never sent to the server).
    const [, signInLink] = /Sign in\s+(\S+)/.exec(first.output())!;
    expect(signInLink).toBe(`http://localhost:${port}/admin/sign-in#key=${apiKey}`);
    const adminPage = await fetch(signInLink.split('#')[0]);
    expect(adminPage.status).toBe(200);
    expect(await adminPage.text()).toContain('<div id="root"></div>');
    first.child.kill('SIGINT');
    expect(await first.exited).toBe(0);
    expect(postgresRunningFor(dataDir)).toBe(false);

    const second = launch(env);
    const [, secondKey] = await waitForOutput(second, /Demo API key (lr_\S+)/, 60_000);
    expect(secondKey).toBe(apiKey);
    expect(second.output()).not.toContain('creating the demo business');
    expect(JSON.parse(readFileSync(join(dataDir, 'demo.json'), 'utf8')).apiKey).toBe(apiKey);
    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);
  }, 150_000);

  it('uses the server in DATABASE_URL instead of an embedded one', async () => {
    const otherDir = mkdtempSync(join(tmpdir(), 'localreach-launch-url-'));
    try {
      const port = await findFreePort();
      const l = launch({ DATA_DIR: otherDir, PORT: String(port), DATABASE_URL: await createTestDatabase() });
      await waitForOutput(l, /Demo API key (lr_\S+)/, 60_000);
      expect(l.output()).not.toContain('starting embedded PostgreSQL');
      expect(existsSync(join(otherDir, 'pg'))).toBe(false);
      l.child.kill('SIGINT');
      expect(await l.exited).toBe(0);
    } finally {
      rmSync(otherDir, { recursive: true, force: true });
    }
  }, 90_000);

  it('refuses a bad configuration value and names the variable', async () => {
    const bad = launch({ DATA_DIR: dataDir, PORT: 'eighty' });
    expect(await bad.exited).toBe(1);
    expect(bad.output()).toContain('PORT must be an integer');
    const noWorkers = launch({ DATA_DIR: dataDir, WORKER_PROCESSES: '0' });
    expect(await noWorkers.exited).toBe(1);
    expect(noWorkers.output()).toContain('WORKER_PROCESSES must be a whole number from 1 to 16');
  }, 30_000);
});
