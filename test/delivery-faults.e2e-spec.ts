import { DevSmtpServer, TwilioStandIn } from '../apps/dev-services/src';
import { findFreePort } from '../libs/core/src';
import { startApi, type ApiHarness } from './support/api-harness';
import { insertBusiness, insertCustomer, insertEmailTemplate, insertMessage, insertSmsTemplate } from './support/delivery-factories';
import { sleep, startService, stopService, waitFor, WORKER_MAIN, type ServiceProcess } from './support/service-process';

/**
 * Provider faults, end to end: two built worker processes (NODE_ENV=test,
 * leases of LEASE_SECONDS, retry ceilings from RETRY_BASE_MS instead of 30 s)
 * send through the dev SMTP server and the Twilio stand-in over TCP and HTTP
 * while those misbehave for a while, then recover. Each test ends by counting
 * rows (messages by status, attempts by outcome and code) and what the
 * server or stand-in received (by Message-ID, by number), and proves:
 *
 * - SMTP refusing connections for 30 s: every message delivered once, each
 *   refusal recorded as a transient attempt, none failed permanently (the
 *   retry budget of six attempts outlasts the outage however the jitter falls).
 * - SMTP answering 421 (closing the connection, also at the greeting) then 451:
 *   retried with backoff, delivered once: the pooled transport opens new
 *   connections after the 421s.
 * - SMTP taking 10 s per reply (greeting, each command, end of data): sends
 *   take several leases long, and the worker's LeaseKeeper extends the lease
 *   (claimed_until moves while the send runs), so the other worker never
 *   takes a message over: one attempt and one copy each.
 * - The Twilio stand-in answering 429 with Retry-After, then 500: retried, the
 *   429's next attempt no sooner than Retry-After says; one SMS each.
 *
 * Nothing is killed here, so the accepted-but-unrecorded window (a message
 * the provider accepted whose success the worker never recorded, sent again
 * once its lease runs out) must stay empty: each test prints it as the
 * duplicates counted at the server, and asserts 0.
 */
const LEASE_SECONDS = 6;
const RETRY_BASE_MS = 3_000;
const REFUSAL_MS = 30_000;
const SLOW_REPLY_MS = 10_000;
const RETRY_AFTER_SECONDS = 5;
const NO_QUIET_HOURS = { quietHours: { email: null, sms: null }, frequencyCap: { perDay: null, perWeek: null } };

interface Batch {
  businessId: string;
  ids: string[];
  /** Email addresses or phone numbers, one per message. */
  addresses: string[];
}

describe('delivery under provider faults (two worker processes)', () => {
  let api: ApiHarness;
  let smtp: DevSmtpServer;
  let twilio: TwilioStandIn;
  const workers: ServiceProcess[] = [];
  const startedAt = Date.now();

  beforeAll(async () => {
    smtp = await DevSmtpServer.start();
    twilio = await TwilioStandIn.start({ callbackDelayMs: 5 });
    const port = await findFreePort();
    const env = {
      PUBLIC_BASE_URL: `http://127.0.0.1:${port}`, SMTP_URL: smtp.url, TWILIO_ACCOUNT_SID: twilio.accountSid, TWILIO_AUTH_TOKEN: twilio.authToken,
      TWILIO_API_BASE_URL: twilio.baseUrl, TWILIO_FROM: '+15005550006', DELIVERY_LEASE_SECONDS: String(LEASE_SECONDS), DELIVERY_RETRY_BASE_MS: String(RETRY_BASE_MS),
    };
    api = await startApi(env);
    // Listening, so the stand-in's status callbacks reach it.
    await api.app.listen(port, '127.0.0.1');
    for (let i = 0; i < 2; i++) workers.push(startService(WORKER_MAIN, { ...env, DATABASE_URL: api.config.databaseUrl ?? '', LOG_LEVEL: 'warn' }));
  });
  afterAll(async () => {
    await Promise.all(workers.map((w) => stopService(w)));
    await api?.close();
    await twilio?.stop();
    await smtp?.stop();
    console.log(JSON.stringify({ deliveryFaultsFileMs: Date.now() - startedAt }));
  });
  afterEach(() => {
    smtp.clearTransactionFault();
    smtp.delayCommands(0);
    twilio.clearOutage();
    const crashed = workers.find((w) => w.child.exitCode !== null);
    if (crashed) throw new Error(`a worker exited (${crashed.child.exitCode}): ${crashed.lines.slice(-5).map((l) => l.text).join('\n')}`);
  });

  const db = () => api.dataSource;

  async function emailBatch(n: number, label: string): Promise<Batch> {
    const businessId = await insertBusiness(db(), { settings: NO_QUIET_HOURS });
    const templateId = await insertEmailTemplate(db(), businessId, { subject: 'News for {{customer.firstName}}', html: '<p>Hello</p>' });
    const addresses = Array.from({ length: n }, (_, i) => `r${i}@${label}.example.com`);
    const customers = [];
    for (const email of addresses) customers.push(await insertCustomer(db(), businessId, { email }));
    const now = new Date();
    const ids = [];
    for (const customerId of customers) ids.push(await insertMessage(db(), { businessId, customerId, templateId, channel: 'email', dueAt: now }));
    return { businessId, ids, addresses };
  }

  async function smsBatch(n: number): Promise<Batch> {
    const businessId = await insertBusiness(db(), { settings: NO_QUIET_HOURS });
    const templateId = await insertSmsTemplate(db(), businessId, '{{business.name}}: fresh bread at 4 pm');
    const addresses = Array.from({ length: n }, (_, i) => `+1646555${String(1000 + i)}`);
    const customers = [];
    for (const phone of addresses) customers.push(await insertCustomer(db(), businessId, { phone }));
    const now = new Date();
    const ids = [];
    for (const customerId of customers) ids.push(await insertMessage(db(), { businessId, customerId, templateId, channel: 'sms', dueAt: now }));
    return { businessId, ids, addresses };
  }

  async function statuses(batch: Batch): Promise<Record<string, number>> {
    const rows = await db().query(`SELECT status, count(*)::int AS n FROM message WHERE business_id = $1 GROUP BY status ORDER BY status`, [batch.businessId]);
    return Object.fromEntries(rows.map((r: { status: string; n: number }) => [r.status, r.n]));
  }

  /** Attempts of the batch by outcome and code, e.g. { 'transient 421': 20, 'accepted': 20 }. */
  async function attemptCounts(batch: Batch): Promise<Record<string, number>> {
    const rows = await db().query(
      `SELECT a.outcome, a.code, count(*)::int AS n FROM message_attempt a JOIN message m ON m.id = a.message_id
        WHERE m.business_id = $1 GROUP BY 1, 2 ORDER BY 1, 2`, [batch.businessId],
    );
    return Object.fromEntries(rows.map((r: { outcome: string; code: string | null; n: number }) => [r.code ? `${r.outcome} ${r.code}` : r.outcome, r.n]));
  }

  /** Messages of the batch with at least one attempt whose code matches. */
  async function triedWith(batch: Batch, codes: string[]): Promise<number> {
    const rows = await db().query(
      `SELECT count(DISTINCT a.message_id)::int AS n FROM message_attempt a JOIN message m ON m.id = a.message_id WHERE m.business_id = $1 AND a.code = ANY($2)`,
      [batch.businessId, codes],
    );
    return rows[0].n;
  }

  /** Every message in one of the `done` states, or failed for good (which the test's status count then reports). */
  const settled = (batch: Batch, done: string[]) => async () => {
    const counts = await statuses(batch);
    return [...done, 'failed'].reduce((sum, s) => sum + (counts[s] ?? 0), 0) === batch.ids.length;
  };
  const describeBatch = (batch: Batch) => async () => ({ statuses: await statuses(batch), attempts: await attemptCounts(batch) });

  /** What the SMTP server received for the batch: copies, distinct Message-IDs and recipients. */
  function mailReceived(batch: Batch) {
    const wanted = new Set(batch.addresses);
    const mails = smtp.messages.filter((m) => m.envelopeTo.some((to) => wanted.has(to)));
    const messageIds = new Set(mails.map((m) => m.headers['message-id']));
    return { copies: mails.length, messageIds: messageIds.size, recipients: new Set(mails.flatMap((m) => m.envelopeTo)).size };
  }

  /** Every message once, recorded once: the accepted-but-unrecorded window (copies beyond one per message) is empty. */
  async function expectEachMailOnce(batch: Batch): Promise<number> {
    await waitFor('the SMTP server to answer what it stored', () => smtp.acceptancesInFlight() === 0, 30_000);
    await sleep(300); // nothing more arrives
    const received = mailReceived(batch);
    expect(received).toEqual({ copies: batch.ids.length, messageIds: batch.ids.length, recipients: batch.ids.length });
    const accepted = (await attemptCounts(batch)).accepted;
    expect(accepted).toBe(batch.ids.length);
    return received.copies - received.messageIds;
  }

  it(`SMTP refusing connections for ${REFUSAL_MS / 1000} s: every message retried, then delivered once, none failed`, async () => {
    const outageStart = Date.now();
    await smtp.refuseConnections();
    const batch = await emailBatch(20, 'refused');
    await waitFor('every message tried against the refusing server', async () => (await triedWith(batch, ['ECONNREFUSED'])) === batch.ids.length, REFUSAL_MS, describeBatch(batch));
    await sleep(REFUSAL_MS - (Date.now() - outageStart));
    const duringOutage = await attemptCounts(batch);
    await smtp.acceptConnections();
    const outageMs = Date.now() - outageStart;
    await waitFor('every message sent', settled(batch, ['sent']), 90_000, describeBatch(batch));
    const recoveredAfterMs = Date.now() - outageStart - outageMs;
    const duplicates = await expectEachMailOnce(batch);
    const attempts = await attemptCounts(batch);
    console.log(JSON.stringify({ fault: 'smtp refusing connections', outageMs, recoveredAfterMs, testMs: Date.now() - outageStart, duringOutage, attempts, acceptedButUnrecorded: duplicates }));

    expect(await statuses(batch)).toEqual({ sent: batch.ids.length });
    expect(Object.keys(attempts).filter((k) => !k.startsWith('transient ') && k !== 'accepted')).toEqual([]);
    expect(attempts['transient ECONNREFUSED']).toBeGreaterThanOrEqual(batch.ids.length);
    expect(duplicates).toBe(0);
  }, 150_000);

  it('SMTP answering 421 (closing the connection) then 451 for a while: retried with backoff over new connections, delivered once', async () => {
    const began = Date.now();
    smtp.failTransactions({ code: 421 });
    const batch = await emailBatch(20, 'transient');
    await waitFor('every message answered 421', async () => (await triedWith(batch, ['421'])) === batch.ids.length, 30_000, describeBatch(batch));
    smtp.failTransactions({ code: 451 });
    await waitFor('every message answered 451', async () => (await triedWith(batch, ['451'])) === batch.ids.length, 30_000, describeBatch(batch));
    smtp.clearTransactionFault();
    const faultMs = Date.now() - began;
    await waitFor('every message sent', settled(batch, ['sent']), 60_000, describeBatch(batch));
    const duplicates = await expectEachMailOnce(batch);
    const attempts = await attemptCounts(batch);
    const replies = Object.fromEntries(smtp.faults.transientReplies);
    console.log(JSON.stringify({ fault: 'smtp 421 then 451', faultMs, testMs: Date.now() - began, serverReplies: replies, attempts, acceptedButUnrecorded: duplicates }));

    expect(await statuses(batch)).toEqual({ sent: batch.ids.length });
    expect(Object.keys(attempts).sort()).toEqual(['accepted', 'transient 421', 'transient 451']);
    expect(duplicates).toBe(0);
  }, 120_000);

  it(`SMTP taking ${SLOW_REPLY_MS / 1000} s per reply: the lease is extended while the send runs, no other worker takes a message over`, async () => {
    const began = Date.now();
    smtp.delayCommands(SLOW_REPLY_MS);
    const batch = await emailBatch(3, 'slow');
    // The lease of each message as seen from outside while its send runs.
    const leases = new Map<string, Set<number>>();
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        const rows = await db().query(`SELECT id, claimed_until FROM message WHERE business_id = $1 AND status = 'sending'`, [batch.businessId]);
        for (const r of rows as { id: string; claimed_until: Date }[]) {
          const seen = leases.get(r.id) ?? new Set<number>();
          seen.add(r.claimed_until.getTime());
          leases.set(r.id, seen);
        }
        await sleep(500);
      }
    })();
    try {
      await waitFor('every slow message sent', settled(batch, ['sent']), 150_000, describeBatch(batch));
    } finally {
      sampling = false;
      await sampler;
    }
    smtp.delayCommands(0);
    const duplicates = await expectEachMailOnce(batch);
    const sends = await db().query(
      `SELECT a.message_id, extract(epoch FROM a.finished_at - a.started_at) * 1000 AS ms FROM message_attempt a JOIN message m ON m.id = a.message_id WHERE m.business_id = $1`,
      [batch.businessId],
    );
    const sendMs = (sends as { ms: number }[]).map((s) => Math.round(Number(s.ms)));
    const renewals = batch.ids.map((id) => (leases.get(id)?.size ?? 0) - 1);
    const takeovers = workers.flatMap((w) => w.lines.filter((l) => /whose worker stopped mid-send/.test(l.text) && l.at >= began));
    console.log(JSON.stringify({ fault: 'smtp 10 s per reply', leaseSeconds: LEASE_SECONDS, sendMs, leaseRenewalsSeen: renewals, takeovers: takeovers.length, testMs: Date.now() - began, acceptedButUnrecorded: duplicates }));

    expect(await statuses(batch)).toEqual({ sent: batch.ids.length });
    expect(await attemptCounts(batch)).toEqual({ accepted: batch.ids.length });
    // Each send outlived several leases, and its lease moved forward meanwhile instead of running out.
    for (const ms of sendMs) expect(ms).toBeGreaterThan(3 * LEASE_SECONDS * 1000);
    for (const n of renewals) expect(n).toBeGreaterThanOrEqual(3);
    expect(takeovers).toEqual([]);
    expect(duplicates).toBe(0);
  }, 180_000);

  it(`the Twilio stand-in answering 429 (Retry-After: ${RETRY_AFTER_SECONDS}) then 500 for a while: retried no sooner than asked, one SMS each`, async () => {
    const began = Date.now();
    twilio.failAllRequests({ status: 429, code: 20429, message: 'Too Many Requests', retryAfterSeconds: RETRY_AFTER_SECONDS });
    const batch = await smsBatch(10);
    await waitFor('every SMS answered 429', async () => (await triedWith(batch, ['20429'])) === batch.ids.length, 30_000, describeBatch(batch));
    twilio.failAllRequests({ status: 500, code: 20500, message: 'Internal Server Error' });
    await waitFor('every SMS answered 500', async () => (await triedWith(batch, ['20500'])) === batch.ids.length, 30_000, describeBatch(batch));
    twilio.clearOutage();
    const faultMs = Date.now() - began;
    await waitFor('every SMS sent', settled(batch, ['sent', 'delivered']), 60_000, describeBatch(batch));
    await sleep(300);

    const wanted = new Set(batch.addresses);
    const received = twilio.messages.filter((m) => wanted.has(m.to));
    const duplicates = received.length - new Set(received.map((m) => m.to)).size;
    // Each 429's next attempt, measured from when the 429 was recorded.
    const gaps = await db().query(
      `SELECT extract(epoch FROM next.started_at - a.finished_at) * 1000 AS ms FROM message_attempt a JOIN message m ON m.id = a.message_id
         JOIN message_attempt next ON next.message_id = a.message_id AND next.attempt = a.attempt + 1
        WHERE m.business_id = $1 AND a.code = '20429'`, [batch.businessId],
    );
    const gapMs = (gaps as { ms: number }[]).map((g) => Math.round(Number(g.ms)));
    const attempts = await attemptCounts(batch);
    console.log(JSON.stringify({
      fault: 'twilio 429 then 500', faultMs, testMs: Date.now() - began, refused: twilio.refusedRequests.filter((r) => wanted.has(r.to)).length,
      minGapAfter429Ms: Math.min(...gapMs), attempts, acceptedButUnrecorded: duplicates,
    }));

    expect({ copies: received.length, numbers: new Set(received.map((m) => m.to)).size }).toEqual({ copies: batch.ids.length, numbers: batch.ids.length });
    expect(Object.keys(await statuses(batch)).filter((s) => s !== 'sent' && s !== 'delivered')).toEqual([]);
    expect(Object.keys(attempts).sort()).toEqual(['accepted', 'transient 20429', 'transient 20500']);
    expect(attempts.accepted).toBe(batch.ids.length);
    expect(gapMs).toHaveLength(batch.ids.length);
    for (const ms of gapMs) expect(ms).toBeGreaterThanOrEqual(RETRY_AFTER_SECONDS * 1000);
    expect(duplicates).toBe(0);
  }, 120_000);
});
