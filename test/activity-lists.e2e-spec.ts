import { signUpBusiness, startApi, type ApiHarness } from './support/api-harness';
import { clientFor, createKey, expectError, expectStatus, type Client } from './support/e2e-helpers';
import { historyFactories } from './support/history-factories';

/** GET /v1/events and GET /v1/messages: newest first, filters, cursor pages, tenant isolation, analysts. */
describe('event and message listings', () => {
  let api: ApiHarness;
  let c: Client;
  let businessId: string;
  let ana: string;
  let ben: string;
  beforeAll(async () => {
    api = await startApi();
    const signed = await signUpBusiness(api);
    businessId = signed.businessId;
    c = clientFor(api, signed.apiKey);
    ana = (await c.post('/v1/customers', { email: 'ana@example.com' })).body.id as string;
    ben = (await c.post('/v1/customers', { email: 'ben@example.com' })).body.id as string;
  });
  afterAll(() => api.close());

  type Page = { items: Record<string, unknown>[]; nextCursor: string | null };
  const list = async (path: string, client = c): Promise<Page> => {
    const res = await client.get(path);
    expectStatus(res, 200);
    return res.body as Page;
  };
  /** Every page of a listing, following nextCursor. */
  const all = async (path: string, limit: number): Promise<Record<string, unknown>[]> => {
    const out: Record<string, unknown>[] = [];
    let cursor: string | null = null;
    do {
      const sep = path.includes('?') ? '&' : '?';
      const page = await list(`${path}${sep}limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`);
      out.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor !== null && out.length < 100);
    return out;
  };

  describe('GET /v1/events', () => {
    const sent: Record<string, string> = {};
    beforeAll(async () => {
      const post = async (name: string, customer: object, type: string, occurredAt: string) => {
        const res = await c.post('/v1/events', { type, customer, occurredAt, properties: { n: name } });
        expectStatus(res, 202);
        sent[name] = res.body.events[0].id;
      };
      await post('a1', { id: ana }, 'store_visit', '2026-03-01T09:00:00Z');
      await post('b1', { id: ben }, 'store_visit', '2026-03-01T09:30:00Z');
      await post('a2', { id: ana }, 'cart_abandoned', '2026-03-01T10:00:00Z');
      await post('a3', { id: ana }, 'store_visit', '2026-03-01T10:00:00Z');
      sent.s1 = await historyFactories(api.dataSource, businessId).event(ana, 'segment_entered', '2026-03-01T09:45:00Z', { segmentId: ana }, 'segment');
    });
    const names = (items: Record<string, unknown>[]) => items.map((i) => Object.entries(sent).find(([, id]) => id === i.id)?.[0] ?? String(i.id));

    it('lists newest first (ties by id, descending) in cursor pages', async () => {
      const first = await list('/v1/events');
      expect(names(first.items)).toEqual(['a3', 'a2', 's1', 'b1', 'a1']);
      expect(first.items[0]).toEqual({
        id: sent.a3, customerId: ana, type: 'store_visit', properties: { n: 'a3' }, occurredAt: '2026-03-01T10:00:00.000Z', receivedAt: expect.any(String),
        source: 'api', idempotencyKey: null,
      });
      for (const limit of [1, 2, 4]) expect(names(await all('/v1/events', limit))).toEqual(['a3', 'a2', 's1', 'b1', 'a1']);
    });

    it('filters by type, customer (segment entries included) and time window', async () => {
      expect(names(await all('/v1/events?type=store_visit', 1))).toEqual(['a3', 'b1', 'a1']);
      expect(names(await all(`/v1/events?customerId=${ana}`, 2))).toEqual(['a3', 'a2', 's1', 'a1']);
      expect(names(await all(`/v1/events?customerId=${ana}&type=store_visit`, 1))).toEqual(['a3', 'a1']);
      expect(names((await list('/v1/events?from=2026-03-01T09:30:00Z&to=2026-03-01T10:00:00Z')).items)).toEqual(['s1', 'b1']);
      expect(names((await list('/v1/events?from=2026-03-01T11:00:00%2B01:00')).items)).toEqual(['a3', 'a2']);
    });

    it('never lists another business\'s events, even by its customer id; analysts may read', async () => {
      const other = clientFor(api, (await signUpBusiness(api)).apiKey);
      expect((await list('/v1/events', other)).items).toEqual([]);
      expect((await list(`/v1/events?customerId=${ana}`, other)).items).toEqual([]);
      const analyst = clientFor(api, (await createKey(c, 'analyst')).apiKey);
      expect(names((await list('/v1/events?limit=2', analyst)).items)).toEqual(['a3', 'a2']);
    });

    it('refuses bad filters and cursors naming the field', async () => {
      expectError(await c.get('/v1/events?from=last-week'), 400, ['from']);
      expectError(await c.get('/v1/events?to=2026-03-01'), 400, ['to']);
      expectError(await c.get('/v1/events?customerId=ana'), 400, ['customerId']);
      expectError(await c.get('/v1/events?type=9lives'), 400, ['type']);
      expectError(await c.get('/v1/events?cursor=abc'), 422, ['cursor']);
      // A messages cursor (a uuid id) is not an events cursor.
      const uuidCursor = Buffer.from(JSON.stringify(['2026-03-01T10:00:00.000000Z', ana])).toString('base64url');
      expectError(await c.get(`/v1/events?cursor=${uuidCursor}`), 422, ['cursor']);
    });
  });

  describe('GET /v1/messages', () => {
    const ids: Record<string, string> = {};
    let welcome: string;
    beforeAll(async () => {
      const f = historyFactories(api.dataSource, businessId);
      welcome = await f.campaign('Welcome');
      const winBack = await f.campaign('Win-back');
      const t = (minute: number) => new Date(Date.parse('2026-03-02T08:00:00Z') + minute * 60_000);
      ids.m1 = await f.message(ana, { campaignId: welcome, stepId: 'w1', status: 'delivered', createdAt: t(0), sentAt: t(1), cost: 0.0079, channel: 'sms' });
      ids.m2 = await f.message(ben, { campaignId: welcome, stepId: 'w1', status: 'failed', createdAt: t(5), errorCode: '30003', channel: 'sms' });
      ids.m3 = await f.message(ana, { campaignId: winBack, stepId: 'wb', status: 'sent', createdAt: t(10), sentAt: t(10) });
      ids.m4 = await f.message(ben, { status: 'suppressed', createdAt: t(10), errorCode: 'no_consent' });
    });
    const named = (items: Record<string, unknown>[]) => items.map((i) => Object.entries(ids).find(([, id]) => id === i.id)?.[0] ?? String(i.id));
    const newestFirst = () => ['m3', 'm4'].sort((a, b) => (ids[a] < ids[b] ? 1 : -1)).concat('m2', 'm1');

    it('lists newest first with status, error, cost and times but no address, subject or body', async () => {
      const page = await list('/v1/messages');
      expect(named(page.items)).toEqual(newestFirst());
      const m1 = page.items.find((i) => i.id === ids.m1)!;
      expect(m1).toEqual({
        id: ids.m1, customerId: ana, campaignId: welcome, campaignVersion: 1, enrollmentId: null, stepId: 'w1', variant: null, templateId: null,
        channel: 'sms', status: 'delivered', heldReason: null, errorCode: null, attempts: 0, smsSegments: null, cost: 0.0079, providerId: null,
        createdAt: '2026-03-02T08:00:00.000Z', sentAt: '2026-03-02T08:01:00.000Z', deliveredAt: '2026-03-02T08:01:00.000Z', updatedAt: expect.any(String),
      });
      expect(JSON.stringify(page)).not.toMatch(/someone@example\.com|A subject/);
      for (const limit of [1, 3]) expect(named(await all('/v1/messages', limit))).toEqual(newestFirst());
    });

    it('filters by campaign, customer, channel, status and time', async () => {
      expect(named(await all(`/v1/messages?campaignId=${welcome}`, 1))).toEqual(['m2', 'm1']);
      expect(named(await all(`/v1/messages?customerId=${ana}`, 1))).toEqual(['m3', 'm1']);
      expect(named((await list('/v1/messages?channel=sms')).items)).toEqual(['m2', 'm1']);
      expect(named((await list('/v1/messages?status=failed')).items)).toEqual(['m2']);
      expect(named((await list(`/v1/messages?customerId=${ben}&channel=email`)).items)).toEqual(['m4']);
      expect(named((await list('/v1/messages?from=2026-03-02T08:05:00Z&to=2026-03-02T08:10:00Z')).items)).toEqual(['m2']);
    });

    it('never lists another business\'s messages; analysts may read', async () => {
      const other = clientFor(api, (await signUpBusiness(api)).apiKey);
      expect((await list('/v1/messages', other)).items).toEqual([]);
      expect((await list(`/v1/messages?campaignId=${welcome}`, other)).items).toEqual([]);
      const analyst = clientFor(api, (await createKey(c, 'analyst')).apiKey);
      expect(named((await list('/v1/messages?status=failed', analyst)).items)).toEqual(['m2']);
    });

    it('refuses bad filters and cursors naming the field', async () => {
      expectError(await c.get('/v1/messages?status=lost'), 400, ['status']);
      expectError(await c.get('/v1/messages?channel=fax'), 400, ['channel']);
      expectError(await c.get('/v1/messages?campaignId=1'), 400, ['campaignId']);
      expectError(await c.get('/v1/messages?to=soon'), 400, ['to']);
      expectError(await c.get('/v1/messages?from=1066-10-14T09:00:00Z'), 400, ['from']);
      const eventCursor = (await list('/v1/events?limit=1')).nextCursor!;
      expectError(await c.get(`/v1/messages?cursor=${eventCursor}`), 422, ['cursor']);
    });
  });
});
