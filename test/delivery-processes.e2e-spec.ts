import { readFileSync } from 'node:fs';
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { DevSmtpServer } from '../apps/dev-services/src';
import { bearer, signUpBusiness, startApi, type ApiHarness } from './support/api-harness';
import { expectStatus } from './support/e2e-helpers';

/**
 * The real worker processes (built) sharing one campaign through the
 * database: two at once send every message exactly once; a worker killed
 * with SIGKILL mid-batch loses nothing and doubles nothing once another takes
 * over (its journey batch rolls back; its claimed messages return when their
 * lease expires). Each test ends by counting rows (messages by status,
 * attempts) and what the SMTP server received (by Message-ID and recipient).
 *
 * SMTP's accepted-but-unrecorded window: a message the server accepted whose
 * success the killed worker never recorded goes again once its lease runs
 * out (same Message-ID). The second kill test holds the server's replies so
 * nothing is accepted behind the worker's back (window 0: exactly once); the
 * third kills without holding anything and measures the window: the copies
 * sent twice, at most one per concurrency slot of the killed worker
 * (2 lanes × DELIVERY_CONCURRENCY 10), and only among the messages it held
 * leases on.
 */
const WORKER = join(__dirname, '../dist/apps/worker/src/main.js');
const RECIPIENTS = 2_000;
const LEASE_SECONDS = 3;
/** Sends one worker has in flight at most: its two delivery lanes × DELIVERY_CONCURRENCY. */
const WORKER_SLOTS = 2 * 10;

describe('delivery across worker processes', () => {
  let api: ApiHarness;
  let smtp: DevSmtpServer;
  const children: ChildProcess[] = [];

  beforeAll(async () => {
    smtp = await DevSmtpServer.start({ maxMessages: 20_000 });
    api = await startApi({ SMTP_URL: smtp.url });
  });
  afterEach(async () => {
    await Promise.all(children.splice(0).map((c) => stop(c, 'SIGTERM')));
  });
  afterAll(async () => {
    await api.close();
    await smtp.stop();
  });

  function startWorker(): ChildProcess {
    const child = spawn(process.execPath, [WORKER], {
      env: {
        PATH: process.env.PATH ?? '', NODE_ENV: 'test', LOG_LEVEL: 'error', DATABASE_URL: api.config.databaseUrl ?? '', SMTP_URL: smtp.url,
        PUBLIC_BASE_URL: 'http://127.0.0.1:9', DELIVERY_LEASE_SECONDS: String(LEASE_SECONDS),
      },
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    children.push(child);
    return child;
  }

  function stop(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
    if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
    return new Promise((resolve) => {
      child.once('exit', () => resolve());
      child.kill(signal);
    });
  }

  /** A business with `recipients` customers and an active broadcast to all of them; returns its recipient domain. */
  async function broadcastCampaign(label: string, recipients = RECIPIENTS): Promise<string> {
    const { apiKey } = await signUpBusiness(api);
    const post = (path: string, body: unknown) => api.http().post(path).set(bearer(apiKey)).send(body as object);
    const domain = `${label}.example.com`;
    const csv = ['email,tags', ...Array.from({ length: recipients }, (_, i) => `r${i}@${domain},all`)].join('\n');
    expectStatus(await api.http().post('/v1/customers/import').set(bearer(apiKey)).set('content-type', 'text/csv').send(csv), 200);
    expectStatus(await api.http().patch('/v1/settings').set(bearer(apiKey)).send({ frequencyCap: { perDay: null, perWeek: null } }), 200);
    const template = await post('/v1/templates', { name: 'News', channel: 'email', subject: 'News for {{customer.email}}', html: '<p>Hello</p><a href="https://example.com/menu">Menu</a>' });
    expectStatus(template, 201);
    const segment = await post('/v1/segments', { name: 'All', definition: { type: 'tag', tag: 'all', present: true } });
    const campaign = await post('/v1/campaigns', { name: `Broadcast ${label}`, trigger: { type: 'broadcast', segmentId: segment.body.id }, steps: [{ id: 'news', type: 'email', templateId: template.body.id }] });
    expectStatus(campaign, 201);
    expectStatus(await post(`/v1/campaigns/${campaign.body.id}/activate`, {}), 200);
    return domain;
  }

  const received = (domain: string) => smtp.messages.filter((m) => m.envelopeTo.some((to) => to.endsWith(`@${domain}`)));

  async function waitFor(condition: () => Promise<boolean> | boolean, timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!(await condition())) {
      const crashed = children.find((c) => c.exitCode !== null && c.exitCode !== 0);
      if (crashed) throw new Error(`a worker exited with code ${crashed.exitCode}`);
      if (Date.now() > deadline) {
        const state = await api.dataSource.query(`SELECT (SELECT json_agg(x) FROM (SELECT status, count(*) FROM message GROUP BY status) x) AS messages,
          (SELECT json_agg(y) FROM (SELECT state, count(*) FROM enrollment GROUP BY state) y) AS enrollments,
          (SELECT json_agg(z) FROM (SELECT status, next_scan_at FROM campaign) z) AS campaigns`);
        throw new Error(`timed out: ${JSON.stringify(state)}`);
      }
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  async function sentCount(domain: string): Promise<number> {
    const rows = await api.dataSource.query(
      `SELECT count(*)::int AS n FROM message m JOIN customer c ON c.id = m.customer_id WHERE c.email LIKE $1 AND m.status = 'sent'`, [`%@${domain}`],
    );
    return rows[0].n;
  }

  function expectExactlyOnce(domain: string): void {
    const mails = received(domain);
    const recipients = new Set(mails.flatMap((m) => m.envelopeTo));
    const messageIds = new Set(mails.map((m) => m.headers['message-id']));
    expect({ total: mails.length, recipients: recipients.size, messageIds: messageIds.size }).toEqual({ total: RECIPIENTS, recipients: RECIPIENTS, messageIds: RECIPIENTS });
  }

  /** The campaign's messages by status and attempts by outcome, as rows. */
  async function tables(domain: string): Promise<{ messages: unknown[]; attempts: unknown[] }> {
    const messages = await api.dataSource.query(
      `SELECT m.status, count(*)::int AS n FROM message m JOIN customer c ON c.id = m.customer_id WHERE c.email LIKE $1 GROUP BY 1 ORDER BY 1`, [`%@${domain}`],
    );
    const attempts = await api.dataSource.query(
      `SELECT a.outcome, count(*)::int AS n, count(DISTINCT a.message_id)::int AS messages FROM message_attempt a JOIN message m ON m.id = a.message_id
         JOIN customer c ON c.id = m.customer_id WHERE c.email LIKE $1 GROUP BY 1 ORDER BY 1`, [`%@${domain}`],
    );
    return { messages, attempts };
  }

  it('two workers share one campaign of 2,000 recipients: every message sent exactly once (each at the lower CPU priority, WORKER_CPU_NICE)', async () => {
    const domain = await broadcastCampaign('pair');
    const pair = [startWorker(), startWorker()];
    await waitFor(async () => (await sentCount(domain)) === RECIPIENTS, 90_000);
    // Field 19 of /proc/<pid>/stat (after the command's closing parenthesis) is the nice value: 10 by default, set by the worker itself.
    const nice = (pid: number) => Number(readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ')[16]);
    expect(pair.map((c) => nice(c.pid!))).toEqual([10, 10]);
    await new Promise((r) => setTimeout(r, 500)); // nothing more arrives
    expectExactlyOnce(domain);
    const attempts = await api.dataSource.query(
      `SELECT count(*)::int AS n, count(DISTINCT a.message_id)::int AS messages FROM message_attempt a JOIN message m ON m.id = a.message_id
         JOIN customer c ON c.id = m.customer_id WHERE c.email LIKE $1`, [`%@${domain}`],
    );
    expect(attempts).toEqual([{ n: RECIPIENTS, messages: RECIPIENTS }]);
  }, 120_000);

  it('a worker killed with SIGKILL mid-batch: after another takes over, nothing is lost and nothing doubled', async () => {
    const domain = await broadcastCampaign('killed');
    const first = startWorker();
    await waitFor(() => received(domain).length >= 300, 60_000);
    // SMTP cannot tell a sender whose connection died after the server's 250 but before the sender recorded it
    // that its message arrived: such a message goes again (the window the README describes). So the kill comes
    // while the sink holds its replies and once every acceptance already given is recorded: the killed worker has
    // a batch reserved and sends in flight, none of them accepted.
    smtp.holdReplies();
    // Messages whose DATA ended just before the hold are still being stored and answered: wait for them, then for the worker to record them.
    await waitFor(async () => smtp.acceptancesInFlight() === 0 && (await sentCount(domain)) === received(domain).length, 30_000);
    await stop(first, 'SIGKILL');
    // The sink must see every dead connection close before it answers the held messages (it drops those); a fixed
    // pause was not always long enough on a loaded machine, and a late close let a held message be accepted twice.
    await waitFor(() => smtp.heldConnectionsOpen() === 0, 10_000);
    smtp.releaseReplies();
    const before = received(domain).length;
    expect(before).toBeLessThan(RECIPIENTS);
    startWorker();
    await waitFor(async () => (await sentCount(domain)) === RECIPIENTS, 90_000);
    await new Promise((r) => setTimeout(r, 500));
    expectExactlyOnce(domain);
    const counted = await tables(domain);
    console.log(JSON.stringify({ kill: 'SIGKILL, replies held', receivedBeforeKill: before, acceptedButUnrecorded: 0, ...counted }));
    expect(counted).toEqual({ messages: [{ status: 'sent', n: RECIPIENTS }], attempts: [{ outcome: 'accepted', n: RECIPIENTS, messages: RECIPIENTS }] });
  }, 150_000);

  it('a worker killed with SIGKILL mid-send, nothing held: the accepted-but-unrecorded window measured, bounded by its sends in flight', async () => {
    const recipients = 1_000;
    const domain = await broadcastCampaign('killed-open', recipients);
    const first = startWorker();
    await waitFor(() => received(domain).length >= 200, 60_000);
    await stop(first, 'SIGKILL');
    // The messages it held leases on: every one it sent without recording is among them.
    const leased = await api.dataSource.query(
      `SELECT m.id FROM message m JOIN customer c ON c.id = m.customer_id WHERE c.email LIKE $1 AND m.status = 'sending'`, [`%@${domain}`],
    );
    const leasedIds = new Set((leased as { id: string }[]).map((r) => r.id));
    await waitFor(() => smtp.acceptancesInFlight() === 0, 10_000);
    const beforeTakeover = received(domain).length;
    startWorker();
    await waitFor(async () => (await sentCount(domain)) === recipients, 90_000);
    await new Promise((r) => setTimeout(r, 500));

    const mails = received(domain);
    const copies = new Map<string, number>();
    for (const m of mails) copies.set(m.headers['message-id'], (copies.get(m.headers['message-id']) ?? 0) + 1);
    const twice = [...copies].filter(([, n]) => n > 1).map(([id]) => /^<([^@]+)@/.exec(id)?.[1] ?? id);
    const counted = await tables(domain);
    console.log(JSON.stringify({ kill: 'SIGKILL, nothing held', receivedBeforeKill: beforeTakeover, leasedAtKill: leasedIds.size, acceptedButUnrecorded: twice.length, ...counted }));

    // Nothing lost: every recipient mailed, every message recorded sent once.
    expect(new Set(mails.flatMap((m) => m.envelopeTo)).size).toBe(recipients);
    expect(counted.messages).toEqual([{ status: 'sent', n: recipients }]);
    expect(counted.attempts).toEqual([{ outcome: 'accepted', n: recipients, messages: recipients }]);
    // Twice only inside the window: at most once per slot of the killed worker, only messages it held, never three times.
    expect(twice.length).toBeLessThanOrEqual(WORKER_SLOTS);
    expect(twice.filter((id) => !leasedIds.has(id))).toEqual([]);
    expect(Math.max(...copies.values())).toBeLessThanOrEqual(2);
    expect(mails.length).toBe(recipients + twice.length);
  }, 150_000);
});
