import { bearer, signUpBusiness } from './support/api-harness';
import { startDeliveryHarness, type DeliveryHarness } from './support/delivery-harness';
import { clientFor, createKey, expectError, expectStatus, type Client } from './support/e2e-helpers';
import { historyFactories as factories, one } from './support/history-factories';

/**
 * A customer's history over HTTP: the consent history recorded by the
 * database from every writer (API, CSV import, SMS STOP, erasure), and the
 * timeline across kinds with exact order, ties, paging and filters.
 */

const T0 = Date.parse('2026-02-01T10:00:00Z');
const at = (minutes: number) => new Date(T0 + minutes * 60_000);
// Microseconds a Date cannot hold: written as text.
const atText = (minutes: number, micros: number) => `${at(minutes).toISOString().slice(0, 19)}.${String(micros).padStart(6, '0')}Z`;

let phones = 0;
const nextPhone = () => `+1773555${String((phones += 1)).padStart(4, '0')}`;

describe('customer history', () => {
  let h: DeliveryHarness;
  beforeAll(async () => {
    h = await startDeliveryHarness('2026-03-10T15:00:00Z');
  });
  afterAll(() => h.close());

  const history = async (c: Client, id: string, query = '') => {
    const res = await c.get(`/v1/customers/${id}/consent-history${query}`);
    expectStatus(res, 200);
    return res.body as { items: { id: string; channel: string; status: string; source: string | null; at: string; recordedAt: string }[]; nextCursor: string | null };
  };

  describe('consent history', () => {
    let c: Client;
    let businessId: string;
    const number = '+13126660901';
    beforeAll(async () => {
      const signed = await signUpBusiness(h.api);
      businessId = signed.businessId;
      c = clientFor(h.api, signed.apiKey);
      await h.db.query(`UPDATE business SET settings = jsonb_set(settings, '{sender}', $2::jsonb) WHERE id = $1`, [businessId, JSON.stringify({ sms: { from: number } })]);
    });

    const upload = (csv: string, mapping: object) =>
      c.post(`/v1/customers/import?mapping=${encodeURIComponent(JSON.stringify(mapping))}`).set('content-type', 'text/csv').send(csv);

    it('records every change from the API, an import and an SMS STOP, newest first, each channel led by its current state', async () => {
      const phone = nextPhone();
      const created = await c.post('/v1/customers', { email: 'hana@example.com', phone, consent: { email: { status: 'granted', source: 'form', at: '2026-01-05T09:00:00Z' } } });
      expectStatus(created, 201);
      const id = created.body.id as string;
      expectStatus(await c.patch(`/v1/customers/${id}`, { consent: { email: { status: 'denied', at: '2026-01-20T12:30:00Z' } } }), 200);
      // The same status again changes nothing, so records nothing.
      expectStatus(await c.patch(`/v1/customers/${id}`, { consent: { email: { status: 'denied', at: '2026-01-21T12:30:00Z' } } }), 200);
      const imported = await upload(`Mail,Texts\nhana@example.com,yes\n`, { Mail: 'email', Texts: 'consent.sms' });
      expectStatus(imported, 200);
      expect(imported.body).toMatchObject({ updated: 1 });
      // The same file again changes nothing and records nothing.
      expect((await upload(`Mail,Texts\nhana@example.com,yes\n`, { Mail: 'email', Texts: 'consent.sms' })).body).toMatchObject({ unchanged: 1 });
      expect((await history(c, id)).items).toHaveLength(3);
      const stop = await h.twilio.sendInbound({ from: phone, to: number, body: 'STOP', url: `${h.config.publicBaseUrl}/webhooks/twilio/inbound` });
      expect(stop.status).toBe(200);

      const page = await history(c, id);
      expect(page.items.map((e) => [e.channel, e.status, e.source])).toEqual([
        ['sms', 'denied', 'sms_keyword'],
        ['sms', 'granted', 'import'],
        ['email', 'denied', 'api'],
        ['email', 'granted', 'form'],
      ]);
      expect(page.items[3].at).toBe('2026-01-05T09:00:00.000Z');
      expect(page.items[2].at).toBe('2026-01-20T12:30:00.000Z');
      expect(page.nextCursor).toBeNull();
      const customer = (await c.get(`/v1/customers/${id}`)).body;
      for (const channel of ['email', 'sms']) {
        const first = page.items.find((e) => e.channel === channel)!;
        expect({ status: first.status, source: first.source, at: first.at }).toEqual(customer.consent[channel]);
      }
    });

    it('records an imported new customer\'s consent, pages by cursor, filters by channel', async () => {
      const res = await upload(`Mail,Texts,News\nivo@example.com,yes,granted\n`, { Mail: 'email', Texts: 'consent.sms', News: 'consent.email' });
      expect(res.body).toMatchObject({ inserted: 1 });
      const id = (await c.get('/v1/customers?email=ivo@example.com')).body.items[0].id as string;
      const all = await history(c, id);
      expect(all.items.map((e) => [e.channel, e.status, e.source]).sort()).toEqual([['email', 'granted', 'import'], ['sms', 'granted', 'import']]);
      const first = await history(c, id, '?limit=1');
      expect(first.items).toEqual([all.items[0]]);
      const second = await history(c, id, `?limit=1&cursor=${first.nextCursor}`);
      expect(second).toEqual({ items: [all.items[1]], nextCursor: null });
      expect((await history(c, id, '?channel=sms')).items.map((e) => e.channel)).toEqual(['sms']);
    });

    it('orders by the consent\'s own time: a change dated earlier than the last one lists below it', async () => {
      const id = (await c.post('/v1/customers', { email: 'late@example.com', consent: { email: { status: 'granted', at: '2026-01-10T08:00:00Z' } } })).body.id as string;
      expectStatus(await c.patch(`/v1/customers/${id}`, { consent: { email: { status: 'denied', source: 'pos', at: '2026-01-08T08:00:00Z' } } }), 200);
      const { items } = await history(c, id);
      expect(items.map((e) => [e.status, e.at])).toEqual([['granted', '2026-01-10T08:00:00.000Z'], ['denied', '2026-01-08T08:00:00.000Z']]);
      expect(items[1].recordedAt > items[0].recordedAt).toBe(true);
    });

    it('erasure deletes the history; the erased customer is not found', async () => {
      const created = await c.post('/v1/customers', { email: 'gone@example.com', consent: { email: { status: 'granted' }, sms: { status: 'denied' } } });
      const id = created.body.id as string;
      expect((await history(c, id)).items).toHaveLength(2);
      expectStatus(await c.delete(`/v1/customers/${id}`), 204);
      expect(await h.db.query(`SELECT * FROM consent_change WHERE customer_id = $1`, [id])).toEqual([]);
      expectError(await c.get(`/v1/customers/${id}/consent-history`), 404, ['id']);
      expectError(await c.get(`/v1/customers/${id}/timeline`), 404, ['id']);
    });

    it('refuses a forged cursor and an unknown channel naming the field; another business\'s customer is not found', async () => {
      const id = (await c.post('/v1/customers', { email: 'kit@example.com' })).body.id as string;
      expectError(await c.get(`/v1/customers/${id}/consent-history?cursor=WyIxIl0x`), 422, ['cursor']);
      expectError(await c.get(`/v1/customers/${id}/consent-history?cursor=${Buffer.from('["12x"]').toString('base64url')}`), 422, ['cursor']);
      expectError(await c.get(`/v1/customers/${id}/consent-history?channel=fax`), 400, ['channel']);
      expectError(await c.get(`/v1/customers/not-a-uuid/consent-history`), 400, ['id']);
      const other = clientFor(h.api, (await signUpBusiness(h.api)).apiKey);
      expectError(await other.get(`/v1/customers/${id}/consent-history`), 404, ['id']);
    });
  });

  describe('timeline', () => {
    let c: Client;
    let businessId: string;
    let customerId: string;
    let expected: { kind: string; id: string }[];
    const ids: Record<string, string> = {};

    beforeAll(async () => {
      const signed = await signUpBusiness(h.api);
      businessId = signed.businessId;
      c = clientFor(h.api, signed.apiKey);
      customerId = (await c.post('/v1/customers', { email: 'tess@example.com' })).body.id as string;
      const f = factories(h.db, businessId);
      const campaign = await f.campaign('Welcome');
      const vip = await f.segment('VIP');
      ids.e1 = await f.event(customerId, 'store_visit', at(0));
      ids.o1 = await f.order(customerId, 'pos-1', 12.5, at(1));
      const enrollment = await f.enrollment(customerId, campaign, at(2), { at: at(10), state: 'converted', reason: 'goal_reached' });
      ids.m1 = await f.message(customerId, { campaignId: campaign, enrollmentId: enrollment, stepId: 'w1', status: 'delivered', createdAt: at(2), sentAt: at(3) });
      await f.engagement(customerId, ids.m1, 'delivered', at(4));
      ids.g1 = await f.engagement(customerId, ids.m1, 'opened', at(5));
      ids.g2 = await f.engagement(customerId, ids.m1, 'clicked', at(5));
      await h.db.query(`UPDATE customer SET consent_sms = 'granted', consent_sms_at = $3, consent_sms_source = 'form' WHERE business_id = $1 AND id = $2`, [businessId, customerId, at(5)]);
      ids.c1 = (await one<{ id: string }>(h.db, `SELECT id::text AS id FROM consent_change WHERE customer_id = $1`, [customerId])).id;
      ids.s1 = await f.event(customerId, 'segment_entered', at(6), { segmentId: vip }, 'segment');
      ids.s2 = await f.event(customerId, 'segment_exited', at(8), { segmentId: 'not-a-uuid' }, 'segment');
      ids.o2 = await f.order(customerId, 'pos-2', 30, at(10));
      ids.e2 = await f.event(customerId, 'review_left', at(10));
      ids.e3 = await f.event(customerId, 'review_edited', atText(10, 1));
      // Another customer's rows of every kind never show.
      const other = (await c.post('/v1/customers', { email: 'other@example.com', consent: { sms: { status: 'granted' } } })).body.id as string;
      await f.event(other, 'store_visit', at(10));
      await f.message(other, { createdAt: at(10) });
      // Worked by hand: newest first; at 10:10 the tie order is enrolment end, order, event; at 10:05 consent, then engagements by id.
      expected = [
        { kind: 'event', id: ids.e3 },
        { kind: 'enrollment', id: `${enrollment}:ended` },
        { kind: 'order', id: ids.o2 },
        { kind: 'event', id: ids.e2 },
        { kind: 'segment', id: ids.s2 },
        { kind: 'segment', id: ids.s1 },
        { kind: 'consent', id: ids.c1 },
        { kind: 'engagement', id: ids.g2 },
        { kind: 'engagement', id: ids.g1 },
        { kind: 'message', id: ids.m1 },
        { kind: 'enrollment', id: `${enrollment}:entered` },
        { kind: 'order', id: ids.o1 },
        { kind: 'event', id: ids.e1 },
      ];
    });

    type Item = { kind: string; id: string; at: string; summary: string } & Record<string, unknown>;
    const timeline = async (query = '', client = c): Promise<{ items: Item[]; nextCursor: string | null }> => {
      const res = await client.get(`/v1/customers/${customerId}/timeline${query}`);
      expectStatus(res, 200);
      return res.body;
    };
    const walk = async (limit: number, extra = '') => {
      const seen: Item[] = [];
      let cursor: string | null = null;
      do {
        const page = await timeline(`?limit=${limit}${extra}${cursor ? `&cursor=${cursor}` : ''}`);
        expect(page.items.length).toBeLessThanOrEqual(limit);
        seen.push(...page.items);
        cursor = page.nextCursor;
      } while (cursor !== null && seen.length < 100);
      return seen.map((i) => ({ kind: i.kind, id: i.id }));
    };

    it('merges every kind newest first with ties in a fixed order, the same at every page size', async () => {
      const page = await timeline();
      expect(page.items.map((i) => ({ kind: i.kind, id: i.id }))).toEqual(expected);
      expect(page.nextCursor).toBeNull();
      for (const limit of [1, 2, 3, 4, 7, 12, 13]) expect(await walk(limit)).toEqual(expected);
    });

    it('describes each kind with its details', async () => {
      const { items } = await timeline();
      const byId = (kind: string, id: string) => items.find((i) => i.kind === kind && i.id === id)!;
      expect(byId('message', ids.m1)).toEqual({
        at: at(2).toISOString(), kind: 'message', id: ids.m1, summary: 'Email from campaign "Welcome" (step w1): delivered',
        message: {
          channel: 'email', status: 'delivered', campaignId: expect.any(String), campaignName: 'Welcome', campaignVersion: 1, stepId: 'w1', variant: null,
          templateId: null, templateName: null, sentAt: at(3).toISOString(), deliveredAt: at(3).toISOString(), errorCode: null,
        },
      });
      expect(byId('engagement', ids.g2)).toMatchObject({ summary: 'Clicked a link in the email from campaign "Welcome"', engagement: { type: 'clicked', messageId: ids.m1, channel: 'email', url: 'https://shop.example.com/offer', machine: false } });
      expect(byId('segment', ids.s1)).toMatchObject({ summary: 'Entered segment "VIP"', segment: { change: 'entered', segmentName: 'VIP' } });
      expect(byId('segment', ids.s2)).toMatchObject({ summary: 'Left a segment', segment: { change: 'exited', segmentId: null, segmentName: null } });
      expect(byId('consent', ids.c1)).toMatchObject({ at: at(5).toISOString(), summary: 'SMS consent granted (form)', consent: { channel: 'sms', status: 'granted', source: 'form' } });
      expect(byId('order', ids.o2)).toMatchObject({ summary: 'Order pos-2: $30.00 online', order: { externalId: 'pos-2', total: 30, currency: 'USD', itemCount: 1 } });
      expect(items[1]).toMatchObject({ summary: 'Left campaign "Welcome": converted (goal_reached)', enrollment: { change: 'ended', state: 'converted', endReason: 'goal_reached' } });
      expect(items[0].at).toBe(at(10).toISOString());
    });

    it('filters by kinds (listed or repeated) and by time', async () => {
      const only = (kinds: string[]) => expected.filter((e) => kinds.includes(e.kind));
      expect((await timeline('?kinds=message,engagement')).items.map((i) => ({ kind: i.kind, id: i.id }))).toEqual(only(['message', 'engagement']));
      expect((await timeline('?kinds=enrollment&kinds=segment')).items.map((i) => ({ kind: i.kind, id: i.id }))).toEqual(only(['enrollment', 'segment']));
      expect(await walk(1, '&kinds=order,consent')).toEqual(only(['order', 'consent']));
      const before = (await timeline(`?before=${encodeURIComponent(at(5).toISOString())}`)).items.map((i) => ({ kind: i.kind, id: i.id }));
      expect(before).toEqual(expected.slice(9));
      expect(await walk(2, `&before=${encodeURIComponent('2026-02-01T10:10:00Z')}`)).toEqual(expected.slice(4));
    });

    it('refuses bad cursors, times, kinds and ids naming the field', async () => {
      const forged = Buffer.from(JSON.stringify(['2026-02-01T10:10:00.000000Z', 'event', 'x'])).toString('base64url');
      expectError(await c.get(`/v1/customers/${customerId}/timeline?cursor=${forged}`), 422, ['cursor']);
      expectError(await c.get(`/v1/customers/${customerId}/timeline?cursor=nonsense`), 422, ['cursor']);
      expectError(await c.get(`/v1/customers/${customerId}/timeline?before=yesterday`), 400, ['before']);
      expectError(await c.get(`/v1/customers/${customerId}/timeline?before=2026-02-01T10:00:00`), 400, ['before']);
      expectError(await c.get(`/v1/customers/${customerId}/timeline?kinds=message,pageview`), 400, ['kinds']);
      expectError(await c.get(`/v1/customers/${customerId}/timeline?limit=0`), 400, ['limit']);
      expectError(await c.get(`/v1/customers/12345/timeline`), 400, ['id']);
    });

    it('is readable by analysts, and another business sees neither the customer nor its rows', async () => {
      const analyst = clientFor(h.api, (await createKey(c, 'analyst')).apiKey);
      expect((await timeline('', analyst)).items.map((i) => ({ kind: i.kind, id: i.id }))).toEqual(expected);
      const stranger = await signUpBusiness(h.api);
      const res = await h.api.http().get(`/v1/customers/${customerId}/timeline`).set(bearer(stranger.apiKey));
      expectError(res, 404, ['id']);
      expectError(await h.api.http().get(`/v1/customers/${customerId}/timeline`), 401);
    });
  });
});
