import { Test } from '@nestjs/testing';
import { performance } from 'node:perf_hooks';
import { CLOCK } from '../libs/core/src';
import { WorkerModule } from '../apps/worker/src/worker.module';
import { startDeliveryHarness, type DeliveryHarness } from './support/delivery-harness';
import { insertBusiness, insertCustomer, insertEmailTemplate, insertMessage, messageRow } from './support/delivery-factories';
import { MessageRepository, type ClaimedMessage } from '../libs/campaigns/src/delivery';
import { LeaseKeeper } from '../libs/campaigns/src/delivery/lease-keeper';

const START = '2026-03-10T15:00:00Z';
const MESSAGES = 200;

describe('delivery with two workers at once', () => {
  let h: DeliveryHarness;
  beforeAll(async () => {
    h = await startDeliveryHarness(START);
  });
  afterAll(async () => {
    await h.close();
  });

  it('sends each of 200 messages exactly once when two workers run passes concurrently', async () => {
    const businessId = await insertBusiness(h.db, { settings: { frequencyCap: { perDay: null, perWeek: null } } });
    const templateId = await insertEmailTemplate(h.db, businessId, { subject: 'Hi {{customer.firstName}}', html: '<p>Hi <a href="https://shop.example/">shop</a></p>' });
    // 150 customers with one message each and 25 with two, so some passes hold two messages of one customer.
    const ids = await h.db.query<{ id: string }[]>(
      `WITH c AS (
         INSERT INTO customer (business_id, email, first_name)
         SELECT $1, 'bulk' || g || '@example.com', 'Bulk' || g FROM generate_series(1, 175) g RETURNING id, email)
       INSERT INTO message (business_id, customer_id, template_id, channel, priority, status, next_attempt_at, created_at)
       SELECT $1, c.id, $2, 'email', (n % 3)::smallint, 'queued', $3, $3
         FROM c CROSS JOIN LATERAL generate_series(1, CASE WHEN substring(c.email from 'bulk([0-9]+)@')::int <= 25 THEN 2 ELSE 1 END) n
       RETURNING message.id`,
      [businessId, templateId, h.clock.now()],
    );
    expect(ids).toHaveLength(MESSAGES);
    const second = await h.startWorker();
    const drain = async (run: (batch: number) => Promise<{ claimed: number }>): Promise<number> => {
      let claimed = 0;
      for (;;) {
        const pass = await run(30);
        claimed += pass.claimed;
        if (pass.claimed === 0) return claimed;
      }
    };
    const [a, b] = await Promise.all([drain((n) => h.delivery.runOnce(n)), drain((n) => second.delivery.runOnce(n))]);

    expect(a + b).toBe(MESSAGES);
    expect(a).toBeGreaterThan(0);
    expect(b).toBeGreaterThan(0);
    const received = h.smtp.messages.filter((m) => m.envelopeTo[0]?.startsWith('bulk'));
    expect(received).toHaveLength(MESSAGES);
    const messageIds = received.map((m) => /^<([0-9a-f-]{36})@localreach\.invalid>$/.exec(m.headers['message-id'])?.[1]);
    expect(new Set(messageIds).size).toBe(MESSAGES);
    expect([...messageIds].sort()).toEqual(ids.map((r) => r.id).sort());
    const rows = await h.db.query<{ status: string; attempts: number; n: number }[]>(
      `SELECT status, attempts, count(*)::int AS n FROM message WHERE business_id = $1 GROUP BY status, attempts`,
      [businessId],
    );
    expect(rows).toEqual([{ status: 'sent', attempts: 1, n: MESSAGES }]);
    const [{ n }] = await h.db.query(`SELECT count(*)::int AS n FROM message_attempt WHERE business_id = $1 AND outcome = 'accepted'`, [businessId]);
    expect(n).toBe(MESSAGES);
  });

  it('never lets two workers both pass one customer’s frequency cap', async () => {
    const businessId = await insertBusiness(h.db, { settings: { frequencyCap: { perDay: 1, perWeek: null } } });
    const templateId = await insertEmailTemplate(h.db, businessId, { subject: 'Hi', html: '<p>Hi</p>' });
    // Two messages each for 60 customers, interleaved so consecutive claims split a customer's pair between the workers.
    await h.db.query(
      `WITH c AS (
         INSERT INTO customer (business_id, email) SELECT $1, 'capped' || g || '@example.com' FROM generate_series(1, 60) g RETURNING id)
       INSERT INTO message (business_id, customer_id, template_id, channel, status, next_attempt_at)
       SELECT $1, c.id, $2, 'email', 'queued', $3 FROM c CROSS JOIN generate_series(1, 2)`,
      [businessId, templateId, h.clock.now()],
    );
    const second = await h.startWorker();
    const drain = async (run: (batch: number) => Promise<{ claimed: number }>) => {
      while ((await run(3)).claimed > 0);
    };
    await Promise.all([drain((n) => h.delivery.runOnce(n)), drain((n) => second.delivery.runOnce(n))]);
    const rows = await h.db.query<{ status: string; held_reason: string | null; customers: number; n: number }[]>(
      `SELECT status, held_reason, count(DISTINCT customer_id)::int AS customers, count(*)::int AS n
         FROM message WHERE business_id = $1 GROUP BY status, held_reason ORDER BY status`,
      [businessId],
    );
    expect(rows).toEqual([
      { status: 'held', held_reason: 'frequency_cap', customers: 60, n: 60 },
      { status: 'sent', held_reason: null, customers: 60, n: 60 },
    ]);
  });

  it('requeues a message whose worker died mid-send once its lease expires in the database\'s time (never the application clock\'s), and sends it', async () => {
    const businessId = await insertBusiness(h.db);
    const templateId = await insertEmailTemplate(h.db, businessId, { subject: 'Hi', html: '<p>Hi</p>' });
    const [{ id }] = await h.db.query(
      `WITH c AS (INSERT INTO customer (business_id, email) VALUES ($1, 'crashed@example.com') RETURNING id)
       INSERT INTO message (business_id, customer_id, template_id, channel, status, attempts, next_attempt_at, claimed_until, sent_at)
       SELECT $1, c.id, $2, 'email', 'sending', 1, $3, clock_timestamp() + interval '60 seconds', $3 FROM c RETURNING message.id`,
      [businessId, templateId, h.clock.now()],
    );
    // Still leased: nobody touches it, even after the (demo) application clock passes the lease's end.
    expect(await h.delivery.runOnce(10)).toMatchObject({ released: 0, claimed: 0 });
    h.clock.advance(61_000);
    expect(await h.delivery.runOnce(10)).toMatchObject({ released: 0, claimed: 0 });
    // The database's clock passes the lease.
    await h.db.query(`UPDATE message SET claimed_until = clock_timestamp() - interval '1 second' WHERE id = $1`, [id]);
    expect(await h.delivery.runOnce(10)).toMatchObject({ released: 1, claimed: 1, outcomes: expect.objectContaining({ sent: 1 }) });
    const [row] = await h.db.query(`SELECT status, attempts FROM message WHERE id = $1`, [id]);
    expect(row).toEqual({ status: 'sent', attempts: 2 });
    expect(h.smtp.messages.filter((m) => m.envelopeTo.includes('crashed@example.com'))).toHaveLength(1);
  });

  it('gives a message back unsent when its batch used up two thirds of the lease before its turn, then sends it once', async () => {
    const businessId = await insertBusiness(h.db);
    const templateId = await insertEmailTemplate(h.db, businessId, { subject: 'Hi', html: '<p>Hi</p>' });
    const [{ id }] = await h.db.query(
      `WITH c AS (INSERT INTO customer (business_id, email) VALUES ($1, 'late@example.com') RETURNING id)
       INSERT INTO message (business_id, customer_id, template_id, channel, status, next_attempt_at)
       SELECT $1, c.id, $2, 'email', 'queued', $3 FROM c RETURNING message.id`,
      [businessId, templateId, h.clock.now()],
    );
    // The pass reads the monotonic clock once before it claims; every later reading is the moment this message's send would start.
    const claimedAt = performance.now();
    const turnAt = claimedAt + (h.config.deliveryLeaseSeconds * 1000 * 2) / 3 + 1;
    let readings = 0;
    const now = jest.spyOn(performance, 'now').mockImplementation(() => (readings++ === 0 ? claimedAt : turnAt));
    try {
      expect((await h.delivery.runOnce(10)).outcomes).toMatchObject({ requeued: 1, sent: 0 });
    } finally {
      now.mockRestore();
    }
    const [row] = await h.db.query(`SELECT status, attempts, sent_at, claimed_until FROM message WHERE id = $1`, [id]);
    expect(row).toEqual({ status: 'queued', attempts: 0, sent_at: null, claimed_until: null });
    expect(h.smtp.messages.filter((m) => m.envelopeTo.includes('late@example.com'))).toHaveLength(0);

    expect((await h.delivery.runOnce(10)).outcomes).toMatchObject({ sent: 1 });
    expect(h.smtp.messages.filter((m) => m.envelopeTo.includes('late@example.com'))).toHaveLength(1);
  });

  it('an acceptance whose record fails because the database is unreachable is recorded again while the lease holds: sent once, recorded once', async () => {
    const businessId = await insertBusiness(h.db);
    const templateId = await insertEmailTemplate(h.db, businessId, { subject: 'Hi', html: '<p>Hi</p>' });
    const [{ id }] = await h.db.query(
      `WITH c AS (INSERT INTO customer (business_id, email) VALUES ($1, 'away@example.com') RETURNING id)
       INSERT INTO message (business_id, customer_id, template_id, channel, status, next_attempt_at)
       SELECT $1, c.id, $2, 'email', 'queued', $3 FROM c RETURNING message.id`,
      [businessId, templateId, h.clock.now()],
    );
    const refused = () => Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
    // Two record attempts fail as with the server stopped (the group statement, then its one-by-one fallback), the third lands.
    const many = jest.spyOn(MessageRepository.prototype, 'markSentMany').mockRejectedValueOnce(refused()).mockRejectedValueOnce(refused());
    const one = jest.spyOn(MessageRepository.prototype, 'markSent').mockRejectedValueOnce(refused()).mockRejectedValueOnce(refused());
    try {
      expect((await h.delivery.runOnce(10)).outcomes).toMatchObject({ sent: 1, lost: 0 });
      expect(many).toHaveBeenCalledTimes(3);
    } finally {
      many.mockRestore();
      one.mockRestore();
    }
    expect(await messageRow(h.db, id)).toMatchObject({ status: 'sent', attempts: 1 });
    expect(h.smtp.messages.filter((m) => m.envelopeTo.includes('away@example.com'))).toHaveLength(1);
  });

  it('a worker stopping gives the unsent messages of its batch back at once instead of sending them; the next pass sends them once', async () => {
    const businessId = await insertBusiness(h.db);
    const templateId = await insertEmailTemplate(h.db, businessId, { subject: 'Hi', html: '<p>Hi</p>' });
    const [{ id }] = await h.db.query(
      `WITH c AS (INSERT INTO customer (business_id, email) VALUES ($1, 'stopping@example.com') RETURNING id)
       INSERT INTO message (business_id, customer_id, template_id, channel, status, next_attempt_at)
       SELECT $1, c.id, $2, 'email', 'queued', $3 FROM c RETURNING message.id`,
      [businessId, templateId, h.clock.now()],
    );
    const stopping = new AbortController();
    stopping.abort();
    expect((await h.delivery.runOnce(10, stopping.signal)).outcomes).toMatchObject({ requeued: 1, sent: 0 });
    const [row] = await h.db.query(`SELECT status, attempts, claimed_until FROM message WHERE id = $1`, [id]);
    expect(row).toEqual({ status: 'queued', attempts: 0, claimed_until: null });
    expect(h.smtp.messages.filter((m) => m.envelopeTo.includes('stopping@example.com'))).toHaveLength(0);
    expect((await h.delivery.runOnce(10)).outcomes).toMatchObject({ sent: 1 });
    expect(h.smtp.messages.filter((m) => m.envelopeTo.includes('stopping@example.com'))).toHaveLength(1);
  });

  it('renews the leases of a batch’s messages still going out, and stops once each is dispatched', async () => {
    const businessId = await insertBusiness(h.db);
    const templateId = await insertEmailTemplate(h.db, businessId, { subject: 'Hi', html: '<p>Hi</p>' });
    const customerId = await insertCustomer(h.db, businessId, { email: 'slow@example.com' });
    const ids = [await insertMessage(h.db, { businessId, customerId, templateId, channel: 'email', dueAt: h.clock.now() }),
      await insertMessage(h.db, { businessId, customerId, templateId, channel: 'email', dueAt: h.clock.now() })];
    const claimStartedAt = performance.now();
    const [{ reserved_until: reservedUntil }] = await h.db.query(
      `WITH leased AS (UPDATE message SET status = 'sending', attempts = 1, claimed_until = now() + interval '300 milliseconds' WHERE id = ANY($1) RETURNING claimed_until)
       SELECT min(claimed_until) AS reserved_until FROM leased`, [ids],
    );
    const claims = ids.map((id) => ({ id, businessId, customerId, attempt: 1 }) as ClaimedMessage);
    const keeper = new LeaseKeeper(new MessageRepository(h.db), h.clock, 0.3, claims, claimStartedAt).start();
    keeper.release(ids[1]);
    // The application clock is not the lease's clock: moving it changes nothing.
    h.clock.advance(60_000);
    await new Promise((resolve) => setTimeout(resolve, 250));
    const [{ db_now: renewedAfter }] = await h.db.query(`SELECT clock_timestamp() AS db_now`);
    await keeper.stop();
    // Renewed (every 100 ms) a lease ahead of the database's now, and this side's deadline moved with it;
    // the released message keeps its old lease.
    expect(keeper.msLeft()).toBeGreaterThan(claimStartedAt + 300 - performance.now());
    const rows: { id: string; claimed_until: Date }[] = await h.db.query(`SELECT id, claimed_until FROM message WHERE id = ANY($1)`, [ids]);
    const until = new Map(rows.map((r) => [r.id, r.claimed_until.getTime()]));
    expect(until.get(ids[0])).toBeGreaterThan(reservedUntil.getTime());
    expect(until.get(ids[0])).toBeLessThanOrEqual(renewedAfter.getTime() + 300);
    expect(until.get(ids[1])).toBe(reservedUntil.getTime());
    await h.db.query(`UPDATE message SET status = 'failed', claimed_until = NULL WHERE id = ANY($1)`, [ids]);
  });

  it('runs in the worker app: its polling loop sends a due message without being asked', async () => {
    const businessId = await insertBusiness(h.db);
    const templateId = await insertEmailTemplate(h.db, businessId, { subject: 'Loop', html: '<p>Sent by the loop</p>' });
    const customerId = await insertCustomer(h.db, businessId, { email: 'loop@example.com' });
    const id = await insertMessage(h.db, { businessId, customerId, templateId, channel: 'email', dueAt: h.clock.now() });
    const worker = await Test.createTestingModule({ imports: [WorkerModule.forRoot(h.config)] }).overrideProvider(CLOCK).useValue(h.clock).compile();
    await worker.init();
    try {
      await h.smtp.waitFor((m) => m.envelopeTo.includes('loop@example.com'), 5000);
    } finally {
      await worker.close();
    }
    expect(await messageRow(h.db, id)).toMatchObject({ status: 'sent' });
  });
});
