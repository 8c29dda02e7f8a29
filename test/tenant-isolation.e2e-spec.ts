import { signUpBusiness, startApi, type ApiHarness } from './support/api-harness';
import { clientFor, countRows, createKey, expectError, expectStatus, type Client } from './support/e2e-helpers';

/**
 * Business B must never see or touch business A's rows. Every endpoint is a
 * row in one of the tables below: add a row when an endpoint is added.
 */

interface AIds {
  customerId: string;
  customerEmail: string;
  customerPhone: string;
  customerExternalId: string;
  customerTag: string;
  orderId: string;
  orderExternalId: string;
  locationId: string;
  marketerKeyId: string;
  ownerKeyId: string;
  eventIdempotencyKey: string;
  templateId: string;
}

type Method = 'get' | 'post' | 'patch' | 'delete';

interface ByIdCase {
  name: string;
  method: Method;
  path: (a: AIds) => string;
  body?: (a: AIds) => unknown;
  /** 404 for A's ids in the URL; 422 naming the field for A's ids inside a body. */
  expect: { status: 404 } | { status: 422; field: string };
  /** An id this case needs from the setup (so a failed setup cannot make it pass). */
  requires?: keyof AIds;
}

const BY_ID_CASES: ByIdCase[] = [
  { name: 'GET customer', method: 'get', path: (a) => `/v1/customers/${a.customerId}`, expect: { status: 404 } },
  { name: 'PATCH customer', method: 'patch', path: (a) => `/v1/customers/${a.customerId}`, body: () => ({ firstName: 'Mallory' }), expect: { status: 404 } },
  { name: 'DELETE customer', method: 'delete', path: (a) => `/v1/customers/${a.customerId}`, expect: { status: 404 } },
  { name: 'GET customer export', method: 'get', path: (a) => `/v1/customers/${a.customerId}/export`, expect: { status: 404 } },
  { name: 'GET order', method: 'get', path: (a) => `/v1/orders/${a.orderId}`, expect: { status: 404 } },
  { name: 'GET location', method: 'get', path: (a) => `/v1/locations/${a.locationId}`, expect: { status: 404 } },
  { name: 'PATCH location', method: 'patch', path: (a) => `/v1/locations/${a.locationId}`, body: () => ({ name: 'Hijacked' }), expect: { status: 404 } },
  { name: 'DELETE location', method: 'delete', path: (a) => `/v1/locations/${a.locationId}`, expect: { status: 404 } },
  { name: "DELETE A's marketer api key", method: 'delete', path: (a) => `/v1/api-keys/${a.marketerKeyId}`, expect: { status: 404 }, requires: 'marketerKeyId' },
  { name: "DELETE A's owner api key", method: 'delete', path: (a) => `/v1/api-keys/${a.ownerKeyId}`, expect: { status: 404 } },
  { name: 'GET template', method: 'get', path: (a) => `/v1/templates/${a.templateId}`, expect: { status: 404 }, requires: 'templateId' },
  { name: 'PATCH template', method: 'patch', path: (a) => `/v1/templates/${a.templateId}`, body: () => ({ name: 'Hijacked' }), expect: { status: 404 }, requires: 'templateId' },
  { name: 'DELETE template', method: 'delete', path: (a) => `/v1/templates/${a.templateId}`, expect: { status: 404 }, requires: 'templateId' },
  { name: 'POST template preview', method: 'post', path: (a) => `/v1/templates/${a.templateId}/preview`, body: () => ({}), expect: { status: 404 }, requires: 'templateId' },
  {
    name: "POST order at A's store",
    method: 'post',
    path: () => '/v1/orders',
    body: (a) => ({ externalId: 'b-order-at-a-store', customer: { email: 'b-buyer@example.com' }, total: 5, currency: 'USD', channel: 'in_store', locationId: a.locationId }),
    expect: { status: 422, field: 'locationId' },
  },
  {
    name: "POST order for A's customer id",
    method: 'post',
    path: () => '/v1/orders',
    body: (a) => ({ externalId: 'b-order-for-a-customer', customer: { id: a.customerId }, total: 5, currency: 'USD', channel: 'online' }),
    expect: { status: 422, field: 'customer.id' },
  },
  {
    name: "POST event for A's customer id",
    method: 'post',
    path: () => '/v1/events',
    body: (a) => ({ type: 'page_view', customer: { id: a.customerId }, properties: { path: '/' } }),
    expect: { status: 422, field: 'customer.id' },
  },
  {
    name: "POST event batch for A's customer id",
    method: 'post',
    path: () => '/v1/events',
    body: (a) => ({ events: [{ type: 'page_view', customer: { email: 'b-visitor@example.com' } }, { type: 'page_view', customer: { id: a.customerId } }] }),
    expect: { status: 422, field: 'events[1].customer.id' },
  },
];

interface ListCase {
  name: string;
  path: (a: AIds) => string;
  /** Ids of A's rows that must not appear in items. */
  hidden: (a: AIds) => string[];
  /** When B has no matching row of its own, the page must be empty. */
  empty: boolean;
}

const LIST_CASES: ListCase[] = [
  { name: 'customers', path: () => '/v1/customers', hidden: (a) => [a.customerId], empty: false },
  { name: "customers by A's email", path: (a) => `/v1/customers?email=${encodeURIComponent(a.customerEmail)}`, hidden: (a) => [a.customerId], empty: true },
  { name: "customers by A's phone", path: (a) => `/v1/customers?phone=${encodeURIComponent(a.customerPhone)}`, hidden: (a) => [a.customerId], empty: true },
  { name: "customers by A's tag", path: (a) => `/v1/customers?tag=${encodeURIComponent(a.customerTag)}`, hidden: (a) => [a.customerId], empty: true },
  { name: "customers by A's externalId", path: (a) => `/v1/customers?externalId=${encodeURIComponent(a.customerExternalId)}`, hidden: (a) => [a.customerId], empty: true },
  { name: 'orders', path: () => '/v1/orders', hidden: (a) => [a.orderId], empty: false },
  { name: "orders of A's customer", path: (a) => `/v1/orders?customerId=${a.customerId}`, hidden: (a) => [a.orderId], empty: true },
  { name: 'locations', path: () => '/v1/locations', hidden: (a) => [a.locationId], empty: false },
  { name: 'api keys', path: () => '/v1/api-keys', hidden: (a) => [a.ownerKeyId, a.marketerKeyId], empty: false },
  { name: 'templates', path: () => '/v1/templates', hidden: (a) => [a.templateId], empty: false },
];

describe('tenant isolation', () => {
  let api: ApiHarness;
  let a: Client;
  let b: Client;
  let aIds: AIds;
  let aBusinessId: string;
  let bBusinessId: string;
  let aMarketerKey: string;
  let keySetupError = '';
  /** What A sees before B does anything; compared at the end. */
  let aSnapshot: Record<string, unknown>;

  const snapshotA = async (): Promise<Record<string, unknown>> => {
    const customer = await a.get(`/v1/customers/${aIds.customerId}`);
    const order = await a.get(`/v1/orders/${aIds.orderId}`);
    const location = await a.get(`/v1/locations/${aIds.locationId}`);
    const exported = await a.get(`/v1/customers/${aIds.customerId}/export`);
    const keys = await a.get('/v1/api-keys');
    const template = await a.get(`/v1/templates/${aIds.templateId}`);
    const settings = await a.get('/v1/settings');
    for (const res of [customer, order, location, exported, keys, template, settings]) expectStatus(res, 200);
    const { exportedAt: _ignored, ...exportBody } = exported.body as Record<string, unknown>;
    return {
      customer: customer.body,
      order: order.body,
      location: location.body,
      export: exportBody,
      // lastUsedAt moves as A's own keys are used; everything else must not.
      keys: (keys.body.items as Record<string, unknown>[]).map(({ lastUsedAt: _l, ...k }) => k),
      template: template.body,
      settings: settings.body,
      rows: {
        customers: await countRows(api, 'customer', aBusinessId),
        events: await countRows(api, 'event', aBusinessId),
        orders: await countRows(api, 'orders', aBusinessId),
        locations: await countRows(api, 'location', aBusinessId),
        keys: await countRows(api, 'api_key', aBusinessId),
        templates: (await api.dataSource.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM template WHERE business_id = $1 AND deleted_at IS NULL`, [aBusinessId]))[0].n,
      },
    };
  };

  beforeAll(async () => {
    api = await startApi();
    const signedA = await signUpBusiness(api);
    const signedB = await signUpBusiness(api);
    aBusinessId = signedA.businessId;
    bBusinessId = signedB.businessId;
    a = clientFor(api, signedA.apiKey);
    b = clientFor(api, signedB.apiKey);

    const store = await a.post('/v1/locations', { name: 'A Elm Street', lat: 39.7817, lng: -89.6501, timezone: 'America/Chicago' });
    expectStatus(store, 201);
    const customer = await a.post('/v1/customers', {
      externalId: 'pos-a-1', email: 'ana@example.com', phone: '+12175550111', firstName: 'Ana', tags: ['a-only-tag'], attributes: { tier: 'gold' },
    });
    expectStatus(customer, 201);
    const event = await a.post('/v1/events', { type: 'visit', customer: { id: customer.body.id }, properties: { aisle: 3 }, idempotencyKey: 'shared-key-1' });
    expectStatus(event, 202);
    const order = await a.post('/v1/orders', {
      externalId: 'ord-1', customer: { id: customer.body.id }, total: 12.5, currency: 'USD', channel: 'in_store', locationId: store.body.id,
    });
    expectStatus(order, 201);
    // A key-creation failure must not hide every other isolation check: it fails the tests that need the key.
    const marketer = await createKey(a, 'marketer').catch((error: Error) => {
      keySetupError = error.message;
      return { apiKey: '', id: '' };
    });
    aMarketerKey = marketer.apiKey;
    const me = await a.get('/v1/me');
    expectStatus(me, 200);
    const template = await a.post('/v1/templates', { name: 'A welcome', channel: 'sms', body: 'Hi {{customer.firstName}}' });
    expectStatus(template, 201);
    expectStatus(await a.patch('/v1/settings', { contact: { website: 'https://a.example.com' }, frequencyCap: { perDay: 1 } }), 200);
    aIds = {
      customerId: customer.body.id, customerEmail: 'ana@example.com', customerPhone: '+12175550111', customerExternalId: 'pos-a-1', customerTag: 'a-only-tag',
      orderId: order.body.id, orderExternalId: 'ord-1', locationId: store.body.id, marketerKeyId: marketer.id, ownerKeyId: me.body.key.id,
      eventIdempotencyKey: 'shared-key-1', templateId: template.body.id,
    };

    // B has rows of its own, so empty lists cannot pass by accident.
    expectStatus(await b.post('/v1/locations', { name: 'B Oak Avenue' }), 201);
    const bCustomer = await b.post('/v1/customers', { email: 'bob@example.com', tags: ['b-tag'] });
    expectStatus(bCustomer, 201);
    expectStatus(await b.post('/v1/orders', { externalId: 'b-ord-1', customer: { id: bCustomer.body.id }, total: 3, currency: 'USD', channel: 'online' }), 201);
    expectStatus(await b.post('/v1/templates', { name: 'B promo', channel: 'sms', body: 'B says hi' }), 201);

    aSnapshot = await snapshotA();
  });
  afterAll(() => api.close());

  describe.each(LIST_CASES)('B lists $name', (c) => {
    it("never includes A's rows", async () => {
      const res = await b.get(c.path(aIds));
      expectStatus(res, 200);
      const ids = (res.body.items as { id: string }[]).map((i) => i.id);
      for (const hidden of c.hidden(aIds)) expect(ids).not.toContain(hidden);
      if (c.empty) expect(ids).toEqual([]);
      else expect(ids.length).toBeGreaterThan(0);
    });
  });

  describe.each(BY_ID_CASES)('B calls $name with A ids', (c) => {
    it(`gets ${c.expect.status}${'field' in c.expect ? ` naming ${c.expect.field}` : ''} and writes nothing`, async () => {
      const before = { customers: await countRows(api, 'customer', bBusinessId), orders: await countRows(api, 'orders', bBusinessId), events: await countRows(api, 'event', bBusinessId) };
      if (c.requires) expect({ [c.requires]: aIds[c.requires], keySetupError }).toEqual({ [c.requires]: expect.stringMatching(/.+/), keySetupError: '' });
      const path = c.path(aIds);
      const res = c.method === 'get' ? await b.get(path) : c.method === 'delete' ? await b.delete(path) : await b[c.method](path, c.body?.(aIds));
      expectError(res, c.expect.status, 'field' in c.expect ? [c.expect.field] : []);
      const after = { customers: await countRows(api, 'customer', bBusinessId), orders: await countRows(api, 'orders', bBusinessId), events: await countRows(api, 'event', bBusinessId) };
      expect(after).toEqual(before);
    });
  });

  it("lets B record an order with A's order externalId: order ids are per business", async () => {
    const res = await b.post('/v1/orders', { externalId: aIds.orderExternalId, customer: { email: 'bob@example.com' }, total: 99.99, currency: 'USD', channel: 'online' });
    expectStatus(res, 201);
    expect(res.body.id).not.toBe(aIds.orderId);
  });

  it("treats A's event idempotency key as new in B, and A's externalId as a new B customer", async () => {
    const res = await b.post('/v1/events', { type: 'visit', customer: { externalId: aIds.customerExternalId }, idempotencyKey: aIds.eventIdempotencyKey });
    expectStatus(res, 202);
    expect(res.body).toMatchObject({ accepted: 1, duplicates: 0 });
    expect(res.body.events[0]).toMatchObject({ index: 0, status: 'created' });
    const bCustomers = await b.get(`/v1/customers?externalId=${aIds.customerExternalId}`);
    expect(bCustomers.body.items).toHaveLength(1);
    expect(bCustomers.body.items[0].id).not.toBe(aIds.customerId);
  });

  it("creates a separate customer in B when B upserts A's email and phone", async () => {
    const res = await b.post('/v1/customers', { email: 'ANA@example.com', phone: aIds.customerPhone, firstName: 'Other Ana' });
    expectStatus(res, 201);
    expect(res.body.id).not.toBe(aIds.customerId);
    expect(res.body).toMatchObject({ email: 'ana@example.com', firstName: 'Other Ana', tags: [], attributes: {} });
    // Upserting again in B matches B's customer, never A's.
    const again = await b.post('/v1/customers', { email: 'ana@example.com' });
    expectStatus(again, 200);
    expect(again.body.id).toBe(res.body.id);
    const aView = await a.get(`/v1/customers?email=ana%40example.com`);
    expect(aView.body.items.map((c: { id: string }) => c.id)).toEqual([aIds.customerId]);
  });

  it("keeps B's settings changes in B", async () => {
    const res = await b.patch('/v1/settings', { contact: { website: 'https://b.example.com' }, frequencyCap: { perDay: 2, perWeek: 3 }, quietHours: { sms: null } });
    expectStatus(res, 200);
    expect((await b.get('/v1/settings')).body).toMatchObject({ contact: { website: 'https://b.example.com' }, frequencyCap: { perDay: 2, perWeek: 3 }, quietHours: { sms: null } });
    expect((await a.get('/v1/settings')).body).toMatchObject({ contact: { website: 'https://a.example.com' }, frequencyCap: { perDay: 1, perWeek: 6 } });
  });

  it("leaves A's data exactly as it was", async () => {
    expect(await snapshotA()).toEqual(aSnapshot);
    const bView = await b.get(`/v1/customers?email=ana%40example.com`);
    expect(bView.body.items.map((c: { id: string }) => c.id)).not.toContain(aIds.customerId);
  });

  it("leaves A's keys working (A created a marketer key in setup)", async () => {
    expect(keySetupError).toBe('');
    expectStatus(await clientFor(api, aMarketerKey).get('/v1/me'), 200);
    const keys = await a.get('/v1/api-keys');
    expect(keys.body.items.filter((k: { revokedAt: string | null }) => k.revokedAt === null).map((k: { id: string }) => k.id).sort()).toEqual([aIds.ownerKeyId, aIds.marketerKeyId].sort());
  });
});
