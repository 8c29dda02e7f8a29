import { EventIngestQueue } from '@localreach/core';
import { signUpBusiness, startApi, type ApiHarness } from './support/api-harness';
import { clientFor, expectStatus, type Client } from './support/e2e-helpers';

/**
 * Single-event POSTs of known customers are written in groups (EventIngestQueue):
 * concurrent requests of several businesses share one statement, and each is
 * answered after it committed. These check that grouping changes nothing a
 * caller sees.
 */
describe('event ingest: concurrent single events written together', () => {
  let api: ApiHarness;
  let queue: EventIngestQueue;
  beforeAll(async () => {
    api = await startApi();
    queue = api.app.get(EventIngestQueue);
  });
  afterAll(() => api.close());

  const shop = async (): Promise<{ c: Client; businessId: string; customerIds: string[] }> => {
    const { apiKey, businessId } = await signUpBusiness(api);
    const c = clientFor(api, apiKey);
    const customerIds: string[] = [];
    for (let i = 0; i < 3; i++) {
      const res = await c.post('/v1/customers', { externalId: `c-${i}`, email: `c${i}@example.com` });
      expectStatus(res, 201);
      customerIds.push(res.body.id);
    }
    return { c, businessId, customerIds };
  };
  const eventsOf = (businessId: string) =>
    api.dataSource.query<{ id: string; customer_id: string; type: string; properties: Record<string, unknown>; idempotency_key: string | null }[]>(
      `SELECT id::text, customer_id, type, properties, idempotency_key FROM event WHERE business_id = $1 ORDER BY id`, [businessId]);

  it('concurrent posts of two businesses land in their own business, each id answered is its own row', async () => {
    const [a, b] = [await shop(), await shop()];
    const groupsBefore = queue.stats.groups;
    // The customers held FOR UPDATE by another transaction: the first grouped write waits on them
    // (it locks its customers FOR SHARE), so every other request arrives while it is in flight,
    // whatever the speed of the machine, and must be grouped.
    const holder = api.dataSource.createQueryRunner();
    await holder.connect();
    await holder.startTransaction();
    await holder.query('SELECT 1 FROM customer WHERE id = ANY($1::uuid[]) FOR UPDATE', [[...a.customerIds, ...b.customerIds]]);
    const posts = [a, b].flatMap((s, n) =>
      Array.from({ length: 20 }, (_, i) => {
        const customer = [{ id: s.customerIds[i % 3] }, { externalId: `c-${i % 3}` }, { email: `C${i % 3}@Example.com` }][i % 3];
        return s.c.post('/v1/events', { type: `seen_${n}`, customer, properties: { i }, ...(i % 4 === 0 ? { idempotencyKey: `k-${i}` } : {}) });
      }));
    // The same key in both businesses and twice in one: a duplicate only within its business.
    posts.push(a.c.post('/v1/events', { type: 'seen_0', customer: { id: a.customerIds[0] }, properties: { i: 100 }, idempotencyKey: 'k-0' }));
    // Sent now (a request goes out once something waits for its answer).
    const sent = posts.map((post) => Promise.resolve(post));
    const waiting = () => (queue as unknown as { waiting: unknown[] }).waiting.length;
    // Until every request has arrived: the queue behind the blocked write stops growing.
    for (let i = 0, last = -1, same = 0; same < 4; i++) {
      if (i > 400) throw new Error(`the queue behind the first write never settled (${waiting()} waiting)`);
      await new Promise((r) => setTimeout(r, 25));
      same = waiting() > 0 && waiting() === last ? same + 1 : 0;
      last = waiting();
    }
    await holder.commitTransaction();
    await holder.release();
    const answers = await Promise.all(sent);
    for (const res of answers) expectStatus(res, 202);
    const rowsA = await eventsOf(a.businessId);
    const rowsB = await eventsOf(b.businessId);
    expect(rowsA).toHaveLength(20);
    expect(rowsB).toHaveLength(20);
    expect(rowsA.every((r) => r.type === 'seen_0' && a.customerIds.includes(r.customer_id))).toBe(true);
    expect(rowsB.every((r) => r.type === 'seen_1' && b.customerIds.includes(r.customer_id))).toBe(true);
    // Each created answer names the row holding that request's properties and customer.
    answers.forEach((res, k) => {
      const [s, rows, i] = k < 20 ? [a, rowsA, k] : k < 40 ? [b, rowsB, k - 20] : [a, rowsA, 100];
      const created = res.body.events[0];
      expect(res.body.accepted + res.body.duplicates).toBe(1);
      expect(created.customerCreated).toBe(false);
      if (created.status === 'duplicate') return;
      const row = rows.find((r) => r.id === created.id);
      expect(row).toMatchObject({ customer_id: s.customerIds[i % 3], properties: { i } });
    });
    const duplicates = answers.filter((res) => res.body.duplicates === 1);
    expect(duplicates).toHaveLength(1);
    expect(answers.filter((res) => res.body.events[0].status === 'created')).toHaveLength(40);
    // Grouped: the first write, then those queued behind it in one statement (at most 500 a group).
    expect(queue.stats.groups - groupsBefore).toBe(2);
  });

  it('marks stale the segments reading the event, in its own business only', async () => {
    const a = await shop();
    const b = await shop();
    const definition = { type: 'event', eventType: 'bought', within: 'P30D' };
    const segA = await a.c.post('/v1/segments', { name: 'Bought', definition });
    const segB = await b.c.post('/v1/segments', { name: 'Bought', definition });
    expectStatus(segA, 201);
    expectStatus(segB, 201);
    const ids = [segA.body.id, segB.body.id];
    await api.dataSource.query(`UPDATE segment SET stale_since = NULL WHERE id = ANY($1)`, [ids]);
    await Promise.all([
      a.c.post('/v1/events', { type: 'bought', customer: { id: a.customerIds[0] } }),
      b.c.post('/v1/events', { type: 'browsed', customer: { id: b.customerIds[0] } }),
    ]);
    const rows = await api.dataSource.query(`SELECT id, stale_since IS NOT NULL AS stale FROM segment WHERE id = ANY($1)`, [ids]);
    expect(Object.fromEntries(rows.map((r: { id: string; stale: boolean }) => [r.id === ids[0] ? 'a' : 'b', r.stale]))).toEqual({ a: true, b: false });
  });

  it('an event the database refuses fails alone: the others of its group are written and answered', async () => {
    const a = await shop();
    const good = (i: number) => ({ businessId: a.businessId, ref: { id: a.customerIds[i % 3] }, event: { type: 'ok', properties: { i }, occurredAt: new Date(), source: 'api', idempotencyKey: null } });
    // jsonb refuses \u0000: the whole statement fails, and the queue writes each event alone.
    const bad = { ...good(0), event: { ...good(0).event, properties: { text: 'nul \u0000 here' } } };
    const isolatedBefore = queue.stats.isolated;
    const settled = await Promise.allSettled([good(1), good(2), bad, good(3)].map((item) => queue.write(item)));
    expect(settled.map((s) => s.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
    expect(queue.stats.isolated).toBe(isolatedBefore + 1);
    const rows = await eventsOf(a.businessId);
    expect(rows.map((r) => r.properties).sort((x, y) => Number(x.i) - Number(y.i))).toEqual([{ i: 1 }, { i: 2 }, { i: 3 }]);
    for (const s of settled) if (s.status === 'fulfilled') expect(rows.map((r) => r.id)).toContain(s.value!.id);
  });

  it('over HTTP, an invalid event among good ones answers 400 for itself only; unknown customers still go the slow way (created, or 422)', async () => {
    const a = await shop();
    const answers = await Promise.all([
      a.c.post('/v1/events', { type: 'ok', customer: { id: a.customerIds[0] } }),
      a.c.post('/v1/events', { type: 'ok', customer: { id: a.customerIds[1] }, properties: { text: 'nul \u0000 here' } }),
      a.c.post('/v1/events', { type: 'ok', customer: { email: 'new@example.com' } }),
      a.c.post('/v1/events', { type: 'ok', customer: { email: 'nobody@example.com' }, createCustomer: false }),
      a.c.post('/v1/events', { type: 'ok', customer: { id: '7c1bd9a3-3d6f-4c52-9a8e-3f1d2a0b9c11' } }),
      a.c.post('/v1/events', { type: 'ok', customer: { id: a.customerIds[2] } }),
    ]);
    expect(answers.map((r) => r.status)).toEqual([202, 400, 202, 422, 422, 202]);
    expect(answers[1].body.details[0].field).toBe('properties.text');
    expect(answers[2].body.events[0].customerCreated).toBe(true);
    expect(await eventsOf(a.businessId)).toHaveLength(3);
  });
});
