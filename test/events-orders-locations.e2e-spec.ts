import { randomUUID } from 'node:crypto';
import { signUpBusiness, startApi, type ApiHarness } from './support/api-harness';
import { clientFor, countRows, expectError, expectStatus, type Client } from './support/e2e-helpers';

// Small enough to test 413 cheaply, big enough for a compact batch of 1,001 events (≈ 45 bytes each).
const BODY_LIMIT = 100_000;

describe('events, orders and stores', () => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await startApi({ MAX_JSON_BODY_BYTES: String(BODY_LIMIT) });
  });
  afterAll(() => api.close());

  const newBusiness = async (): Promise<{ c: Client; businessId: string }> => {
    const { apiKey, businessId } = await signUpBusiness(api);
    return { c: clientFor(api, apiKey), businessId };
  };
  const counts = async (businessId: string) => ({
    customers: await countRows(api, 'customer', businessId),
    events: await countRows(api, 'event', businessId),
    orders: await countRows(api, 'orders', businessId),
    locations: await countRows(api, 'location', businessId),
  });

  describe('events', () => {
    let c: Client;
    let businessId: string;
    beforeAll(async () => {
      ({ c, businessId } = await newBusiness());
    });

    it('records a single event; an unknown email creates the customer', async () => {
      const res = await c.post('/v1/events', {
        type: 'page_view', customer: { email: 'New.Visitor@Example.com' }, properties: { path: '/menu', items: 3 }, occurredAt: '2025-03-01T09:00:00-06:00',
      });
      expectStatus(res, 202);
      expect(res.body).toEqual({ accepted: 1, duplicates: 0, events: [{ index: 0, id: expect.any(String), status: 'created', customerCreated: true }] });
      const customers = await c.get('/v1/customers?email=new.visitor%40example.com');
      expect(customers.body.items).toHaveLength(1);
      const rows = await api.dataSource.query(`SELECT type, properties, occurred_at, customer_id FROM event WHERE business_id = $1`, [businessId]);
      expect(rows).toEqual([{ type: 'page_view', properties: { path: '/menu', items: 3 }, occurred_at: new Date('2025-03-01T15:00:00Z'), customer_id: customers.body.items[0].id }]);
    });

    it('an unknown externalId or phone also creates the customer', async () => {
      const before = await counts(businessId);
      expectStatus(await c.post('/v1/events', { type: 'signup', customer: { externalId: 'crm-77' } }), 202);
      expectStatus(await c.post('/v1/events', { type: 'signup', customer: { phone: '(217) 555-0177' } }), 202);
      expect(await counts(businessId)).toMatchObject({ customers: before.customers + 2, events: before.events + 2 });
      expect((await c.get('/v1/customers?externalId=crm-77')).body.items).toHaveLength(1);
      expect((await c.get(`/v1/customers?phone=${encodeURIComponent('+12175550177')}`)).body.items).toHaveLength(1);
    });

    it('records a batch, reporting each index', async () => {
      const before = await counts(businessId);
      const res = await c.post('/v1/events', {
        events: [
          { type: 'visit', customer: { email: 'batch1@example.com' } },
          { type: 'visit', customer: { email: 'batch2@example.com' }, properties: { store: 'elm' } },
          { type: 'purchase', customer: { email: 'batch1@example.com' } },
        ],
      });
      expectStatus(res, 202);
      expect(res.body.accepted).toBe(3);
      expect(res.body.duplicates).toBe(0);
      expect(res.body.events.map((e: { index: number; status: string }) => [e.index, e.status])).toEqual([[0, 'created'], [1, 'created'], [2, 'created']]);
      expect(new Set(res.body.events.map((e: { id: string }) => e.id)).size).toBe(3);
      expect(await counts(businessId)).toMatchObject({ customers: before.customers + 2, events: before.events + 3 });
    });

    it('accepts a batch of 1,000 and rejects 1,001 (4xx naming events), writing nothing', async () => {
      const compact = (n: number) => ({ events: Array.from({ length: n }, () => ({ type: 't', customer: { externalId: 'bulk' } })) });
      expect(JSON.stringify(compact(1001)).length).toBeLessThan(BODY_LIMIT);
      const before = await counts(businessId);
      const tooMany = await c.post('/v1/events', compact(1001));
      expectError(tooMany, '4xx', ['events']);
      expect(await counts(businessId)).toEqual(before);
      const max = await c.post('/v1/events', compact(1000));
      expectStatus(max, 202);
      expect(max.body.accepted).toBe(1000);
      expect(await counts(businessId)).toMatchObject({ customers: before.customers + 1, events: before.events + 1000 });
    });

    it('rejects an empty batch', async () => {
      expectError(await c.post('/v1/events', { events: [] }), '4xx', ['events']);
    });

    it('one bad event in a batch of 3 → 4xx naming events[1].type; nothing written, not even new customers', async () => {
      const before = await counts(businessId);
      const res = await c.post('/v1/events', {
        events: [
          { type: 'visit', customer: { email: 'should-not-exist@example.com' } },
          { type: '', customer: { email: 'should-not-exist-2@example.com' } },
          { type: 'visit', customer: { email: 'should-not-exist-3@example.com' } },
        ],
      });
      expectError(res, 422, ['events[1].type']);
      expect(res.body.details.every((d: { field: string }) => d.field.startsWith('events[1].'))).toBe(true);
      expect(await counts(businessId)).toEqual(before);
      expect((await c.get('/v1/customers?email=should-not-exist%40example.com')).body.items).toEqual([]);
    });

    it('names every bad field with its index', async () => {
      const before = await counts(businessId);
      const res = await c.post('/v1/events', {
        events: [
          { type: 'visit', customer: { email: 'ok@example.com' }, occurredAt: 'yesterday' },
          { type: '9lives', customer: { email: 'not-an-email' }, properties: [1, 2] },
          { type: 'visit', customer: {}, colour: 'blue' },
          { type: 'visit', customer: { email: 'a@example.com', phone: '+12175550100' } },
        ],
      });
      expectError(res, 422, ['events[0].occurredAt', 'events[1].type', 'events[1].customer.email', 'events[1].properties', 'events[2].customer', 'events[2].colour', 'events[3].customer']);
      expect(await counts(businessId)).toEqual(before);
    });

    it('an unknown customer id → 4xx naming customer.id (single) or events[i].customer.id (batch); nothing written', async () => {
      const before = await counts(businessId);
      expectError(await c.post('/v1/events', { type: 'visit', customer: { id: randomUUID() } }), 422, ['customer.id']);
      expectError(await c.post('/v1/events', { type: 'visit', customer: { id: 'not-a-uuid' } }), '4xx', ['customer.id']);
      const batch = await c.post('/v1/events', {
        events: [
          { type: 'visit', customer: { email: 'created-then-rolled-back@example.com' } },
          { type: 'visit', customer: { id: randomUUID() } },
        ],
      });
      expectError(batch, 422, ['events[1].customer.id']);
      expect(await counts(businessId)).toEqual(before);
    });

    it('idempotency keys: duplicates within a batch and across requests are reported and stored once', async () => {
      const res = await c.post('/v1/events', {
        events: [
          { type: 'cart_abandoned', customer: { email: 'idem@example.com' }, idempotencyKey: 'cart-1' },
          { type: 'cart_abandoned', customer: { email: 'idem@example.com' }, idempotencyKey: 'cart-1' },
          { type: 'cart_abandoned', customer: { email: 'idem@example.com' }, idempotencyKey: 'cart-2' },
          { type: 'visit', customer: { email: 'idem@example.com' } },
        ],
      });
      expectStatus(res, 202);
      expect(res.body).toMatchObject({ accepted: 3, duplicates: 1 });
      expect(res.body.events.map((e: { status: string }) => e.status)).toEqual(['created', 'duplicate', 'created', 'created']);
      expect(res.body.events[1].id).toBeNull();

      const replay = await c.post('/v1/events', { type: 'cart_abandoned', customer: { email: 'idem@example.com' }, idempotencyKey: 'cart-2' });
      expectStatus(replay, 202);
      expect(replay.body).toEqual({ accepted: 0, duplicates: 1, events: [{ index: 0, id: null, status: 'duplicate', customerCreated: false }] });

      const mixed = await c.post('/v1/events', {
        events: [
          { type: 'cart_abandoned', customer: { email: 'idem@example.com' }, idempotencyKey: 'cart-1' },
          { type: 'cart_abandoned', customer: { email: 'idem@example.com' }, idempotencyKey: 'cart-3' },
        ],
      });
      expect(mixed.body.events.map((e: { status: string }) => e.status)).toEqual(['duplicate', 'created']);

      const stored = await api.dataSource.query(
        `SELECT idempotency_key AS k, count(*)::int AS n FROM event WHERE business_id = $1 AND idempotency_key LIKE 'cart-%' GROUP BY 1 ORDER BY 1`, [businessId],
      );
      expect(stored).toEqual([{ k: 'cart-1', n: 1 }, { k: 'cart-2', n: 1 }, { k: 'cart-3', n: 1 }]);
    });

    it('rejects an event more than a day in the future', async () => {
      const future = new Date(Date.now() + 3 * 24 * 3600_000).toISOString();
      expectError(await c.post('/v1/events', { type: 'visit', customer: { email: 'future@example.com' }, occurredAt: future }), 422, ['occurredAt']);
    });

    it('says per event whether its customer was created; every event of a new customer says so', async () => {
      expectStatus(await c.post('/v1/customers', { email: 'known@example.com' }), 201);
      const res = await c.post('/v1/events', {
        events: [
          { type: 'visit', customer: { email: 'known@example.com' } },
          { type: 'visit', customer: { email: 'first-time@example.com' } },
          { type: 'purchase', customer: { email: 'first-time@example.com' } },
        ],
      });
      expectStatus(res, 202);
      expect(res.body.events.map((e: { customerCreated: boolean }) => e.customerCreated)).toEqual([false, true, true]);
      const again = await c.post('/v1/events', { type: 'visit', customer: { email: 'first-time@example.com' } });
      expect(again.body.events[0].customerCreated).toBe(false);
    });

    it('createCustomer: false refuses an unknown customer with 422 naming customer (batch: events[i].customer), writing nothing', async () => {
      expectStatus(await c.post('/v1/customers', { email: 'regular@example.com' }), 201);
      const before = await counts(businessId);
      const single = await c.post('/v1/events', { type: 'visit', customer: { email: 'stranger@example.com' }, createCustomer: false });
      expectError(single, 422, ['customer']);
      expect(single.body.code).toBe('UNKNOWN_CUSTOMER');
      expectError(await c.post('/v1/events', { type: 'visit', customer: { phone: '(217) 555-0199' }, createCustomer: false }), 422, ['customer']);
      expectError(await c.post('/v1/events', { type: 'visit', customer: { externalId: 'nobody' }, createCustomer: false }), 422, ['customer']);
      const batch = await c.post('/v1/events', {
        createCustomer: false,
        events: [
          { type: 'visit', customer: { email: 'regular@example.com' } },
          { type: 'visit', customer: { email: 'stranger@example.com' } },
          { type: 'visit', customer: { email: 'stranger-2@example.com' }, createCustomer: true },
        ],
      });
      expectError(batch, 422, ['events[1].customer']);
      expect(batch.body.details).toEqual([{ field: 'events[1].customer', message: expect.stringMatching(/createCustomer is false/) }]);
      expect(await counts(businessId)).toEqual(before);

      const known = await c.post('/v1/events', { createCustomer: false, events: [{ type: 'visit', customer: { email: 'Regular@Example.com' } }] });
      expectStatus(known, 202);
      expect(known.body.events[0]).toMatchObject({ status: 'created', customerCreated: false });
      // An event of the batch may allow what the batch refuses.
      const override = await c.post('/v1/events', { createCustomer: false, events: [{ type: 'visit', customer: { email: 'walk-in@example.com' }, createCustomer: true }] });
      expectStatus(override, 202);
      expect(override.body.events[0].customerCreated).toBe(true);
      expect(await counts(businessId)).toMatchObject({ customers: before.customers + 1, events: before.events + 2 });
    });

    it('a batch by customer id: known ids in any case written, unknown, erased and other businesses\' ids named, nothing written', async () => {
      const known = (await c.post('/v1/customers', { email: 'by-id@example.com' })).body.id as string;
      const erased = (await c.post('/v1/customers', { email: 'gone@example.com' })).body.id as string;
      expectStatus(await c.delete(`/v1/customers/${erased}`), 204);
      const other = await newBusiness();
      const theirs = (await other.c.post('/v1/customers', { email: 'theirs@example.com' })).body.id as string;
      const before = await counts(businessId);
      const refused = await c.post('/v1/events', {
        events: [known, theirs, erased, randomUUID(), known.toUpperCase()].map((id) => ({ type: 'visit', customer: { id } })),
      });
      expectError(refused, 422, ['events[1].customer.id', 'events[2].customer.id', 'events[3].customer.id']);
      expect(refused.body.details).toHaveLength(3);
      expect(refused.body.code).toBe('UNKNOWN_CUSTOMER');
      expect(await counts(businessId)).toEqual(before);
      const written = await c.post('/v1/events', { events: [known, known.toUpperCase()].map((id) => ({ type: 'visit', customer: { id } })) });
      expectStatus(written, 202);
      expect(written.body.accepted).toBe(2);
      const rows = await api.dataSource.query(`SELECT DISTINCT customer_id FROM event WHERE business_id = $1 AND id = ANY($2::bigint[])`, [businessId, written.body.events.map((e: { id: string }) => e.id)]);
      expect(rows).toEqual([{ customer_id: known }]);
    });

    it('createCustomer must be a boolean', async () => {
      expectError(await c.post('/v1/events', { type: 'visit', customer: { email: 'x@example.com' }, createCustomer: 'no' }), 422, ['createCustomer']);
      expectError(await c.post('/v1/events', { createCustomer: 0, events: [{ type: 'visit', customer: { email: 'x@example.com' }, createCustomer: null }] }), 422, [
        'createCustomer', 'events[0].createCustomer',
      ]);
    });
  });

  describe('orders', () => {
    let c: Client;
    let businessId: string;
    let storeId: string;
    const order = (overrides: Record<string, unknown> = {}) => ({
      externalId: 'pos-2025-000123', customer: { email: 'buyer@example.com' }, total: 23.5, currency: 'USD', channel: 'in_store', occurredAt: '2025-03-01T09:12:00-06:00',
      ...overrides,
    });
    beforeAll(async () => {
      ({ c, businessId } = await newBusiness());
      const store = await c.post('/v1/locations', { name: 'Elm Street' });
      expectStatus(store, 201);
      storeId = store.body.id;
    });

    it('records a valid order (201) and a replay returns the same order (200)', async () => {
      const first = await c.post('/v1/orders', order({ locationId: storeId, couponCode: 'BDAY-7F3K' }));
      expectStatus(first, 201);
      expect(first.body).toMatchObject({
        externalId: 'pos-2025-000123', total: 23.5, currency: 'USD', channel: 'in_store', locationId: storeId, occurredAt: '2025-03-01T15:12:00.000Z', couponCode: 'BDAY-7F3K',
      });
      // buyer@example.com was not a customer: the order created them, and says so.
      expect(first.body.customerCreated).toBe(true);
      const replay = await c.post('/v1/orders', order({ locationId: storeId, couponCode: 'BDAY-7F3K' }));
      expectStatus(replay, 200);
      expect(replay.body.id).toBe(first.body.id);
      expect(replay.body.customerCreated).toBe(false);
      expect(await countRows(api, 'orders', businessId)).toBe(1);
      const fetched = await c.get(`/v1/orders/${first.body.id}`);
      expectStatus(fetched, 200);
      const { customerCreated: _created, ...recorded } = first.body;
      expect(fetched.body).toEqual(recorded);
      const customer = (await c.get('/v1/customers?email=buyer%40example.com')).body.items[0];
      expect(first.body.customerId).toBe(customer.id);
      const list = await c.get(`/v1/orders?customerId=${customer.id}`);
      expect(list.body.items.map((o: { id: string }) => o.id)).toEqual([first.body.id]);
    });

    it('a replay of an order with items (as in the documented example) → 200, same id', async () => {
      const body = order({ externalId: 'with-items', items: [{ sku: 'CROISSANT', name: 'Butter croissant', quantity: 5, price: 4.7 }] });
      const first = await c.post('/v1/orders', body);
      expectStatus(first, 201);
      expect(first.body.items).toEqual([{ sku: 'CROISSANT', name: 'Butter croissant', quantity: 5, price: 4.7 }]);
      const replay = await c.post('/v1/orders', body);
      expectStatus(replay, 200);
      expect(replay.body.id).toBe(first.body.id);
    });

    it('a replay of an order sent without occurredAt → 200, same id', async () => {
      const { occurredAt: _omit, ...body } = order({ externalId: 'no-time' });
      const first = await c.post('/v1/orders', body);
      expectStatus(first, 201);
      const replay = await c.post('/v1/orders', body);
      expectStatus(replay, 200);
      expect(replay.body.id).toBe(first.body.id);
    });

    it('createCustomer: false refuses an unknown customer with 422 naming customer, writing nothing; a known one is recorded', async () => {
      const before = await counts(businessId);
      const refused = await c.post('/v1/orders', order({ externalId: 'strict-1', customer: { email: 'walk-in@example.com' }, createCustomer: false }));
      expectError(refused, 422, ['customer']);
      expect(refused.body.code).toBe('UNKNOWN_CUSTOMER');
      expect(await counts(businessId)).toEqual(before);
      const recorded = await c.post('/v1/orders', order({ externalId: 'strict-2', createCustomer: false }));
      expectStatus(recorded, 201);
      expect(recorded.body.customerCreated).toBe(false);
      expectError(await c.post('/v1/orders', order({ externalId: 'strict-3', createCustomer: 'false' })), 422, ['createCustomer']);
    });

    it('the same externalId with a different total → 409, stored order unchanged', async () => {
      const first = await c.post('/v1/orders', order({ externalId: 'conflict-1' }));
      expectStatus(first, 201);
      const res = await c.post('/v1/orders', order({ externalId: 'conflict-1', total: 24 }));
      expectError(res, 409);
      expect((await c.get(`/v1/orders/${first.body.id}`)).body.total).toBe(23.5);
    });

    const invalid: { name: string; body: Record<string, unknown>; fields: string[] }[] = [
      { name: 'negative total', body: order({ total: -1 }), fields: ['total'] },
      { name: 'total with 3 decimals', body: order({ total: 10.005 }), fields: ['total'] },
      { name: 'total as a string', body: order({ total: '23.50' }), fields: ['total'] },
      { name: 'missing total', body: order({ total: undefined }), fields: ['total'] },
      { name: 'lower-case currency', body: order({ currency: 'usd' }), fields: ['currency'] },
      { name: 'unknown currency', body: order({ currency: 'XYZ' }), fields: ['currency'] },
      { name: 'bad channel', body: order({ channel: 'phone' }), fields: ['channel'] },
      { name: 'missing externalId', body: order({ externalId: undefined }), fields: ['externalId'] },
      { name: 'missing customer', body: order({ customer: undefined }), fields: ['customer'] },
      { name: 'zero quantity', body: order({ items: [{ sku: 'A', name: 'A', quantity: 0, price: 1 }] }), fields: ['items[0].quantity'] },
      { name: 'fractional quantity', body: order({ items: [{ sku: 'A', name: 'A', quantity: 1.5, price: 1 }] }), fields: ['items[0].quantity'] },
      {
        name: 'second item bad',
        body: order({ items: [{ sku: 'A', name: 'A', quantity: 1, price: 1 }, { sku: '', name: 'B', quantity: 2, price: -3 }] }),
        fields: ['items[1].sku', 'items[1].price'],
      },
      { name: 'unknown item field', body: order({ items: [{ sku: 'A', name: 'A', quantity: 1, price: 1, colour: 'red' }] }), fields: ['items[0].colour'] },
      { name: 'locationId not a UUID', body: order({ locationId: 'store-1' }), fields: ['locationId'] },
      { name: 'unknown field', body: order({ tip: 2 }), fields: ['tip'] },
      { name: 'occurredAt without a zone', body: order({ occurredAt: '2025-03-01T09:12:00' }), fields: ['occurredAt'] },
    ];
    it.each(invalid)('$name → 4xx naming $fields, nothing written', async ({ body, fields }) => {
      const before = await counts(businessId);
      expectError(await c.post('/v1/orders', { ...body, externalId: body.externalId === undefined ? undefined : `bad-${fields[0]}` }), '4xx', fields);
      expect(await counts(businessId)).toEqual(before);
    });

    it('an unknown locationId → 4xx naming locationId, nothing written (not even the customer)', async () => {
      const before = await counts(businessId);
      expectError(await c.post('/v1/orders', order({ externalId: 'unknown-store', locationId: randomUUID(), customer: { email: 'ghost-buyer@example.com' } })), 422, ['locationId']);
      expect(await counts(businessId)).toEqual(before);
    });

    it('an unknown customer id → 4xx naming customer.id', async () => {
      const before = await counts(businessId);
      expectError(await c.post('/v1/orders', order({ externalId: 'unknown-customer', customer: { id: randomUUID() } })), 422, ['customer.id']);
      expect(await counts(businessId)).toEqual(before);
    });

    it('a deleted store cannot take new orders', async () => {
      const store = await c.post('/v1/locations', { name: 'Closing down' });
      expectStatus(await c.delete(`/v1/locations/${store.body.id}`), 204);
      expectError(await c.post('/v1/orders', order({ externalId: 'at-closed-store', locationId: store.body.id })), 422, ['locationId']);
    });

    it('pages the order list without duplicates or gaps', async () => {
      const { c: own } = await newBusiness();
      const ids: string[] = [];
      for (let i = 0; i < 5; i++) {
        const res = await own.post('/v1/orders', order({ externalId: `page-${i}`, occurredAt: `2025-03-0${i + 1}T10:00:00Z` }));
        expectStatus(res, 201);
        ids.push(res.body.id);
      }
      const seen: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const res = await own.get(`/v1/orders?limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
        expectStatus(res, 200);
        seen.push(...res.body.items.map((o: { id: string }) => o.id));
        cursor = res.body.nextCursor;
        pages++;
      } while (cursor && pages < 10);
      expect(seen).toEqual(ids);
      expect(pages).toBe(3);
    });

    it('GET /v1/orders/:id → 404 for unknown and non-UUID ids', async () => {
      expectError(await c.get(`/v1/orders/${randomUUID()}`), 404);
      expectError(await c.get('/v1/orders/not-a-uuid'), 404);
    });
  });

  describe('stores (locations)', () => {
    let c: Client;
    let businessId: string;
    beforeAll(async () => {
      ({ c, businessId } = await newBusiness());
    });
    const STORE = {
      name: 'Elm Street',
      address: { line1: '12 Elm Street', city: 'Springfield', region: 'IL', postalCode: '62701', country: 'US' },
      lat: 39.7817,
      lng: -89.6501,
      timezone: 'America/Chicago',
      phone: '(217) 555-0100',
      openingHours: { mon: [['07:00', '18:00']], fri: [['18:00', '02:00']], sat: [['08:00', '12:00'], ['13:00', '16:00']] },
    };

    it('create, read, update, list, soft delete, then 404', async () => {
      const created = await c.post('/v1/locations', STORE);
      expectStatus(created, 201);
      const id = created.body.id as string;
      expect(created.body).toMatchObject({ ...STORE, phone: '+12175550100' });

      const fetched = await c.get(`/v1/locations/${id}`);
      expectStatus(fetched, 200);
      expect(fetched.body).toEqual(created.body);

      const renamed = await c.patch(`/v1/locations/${id}`, { name: 'Elm Street (new)' });
      expectStatus(renamed, 200);
      expect(renamed.body).toMatchObject({ ...STORE, name: 'Elm Street (new)', phone: '+12175550100' });

      const rehoured = await c.patch(`/v1/locations/${id}`, { openingHours: { sun: [['10:00', '14:00']] } });
      expectStatus(rehoured, 200);
      expect(rehoured.body.openingHours).toEqual({ sun: [['10:00', '14:00']] });
      expect(rehoured.body.lat).toBe(STORE.lat);

      expect((await c.get('/v1/locations')).body.items.map((l: { id: string }) => l.id)).toContain(id);

      expectStatus(await c.delete(`/v1/locations/${id}`), 204);
      expectError(await c.get(`/v1/locations/${id}`), 404);
      expectError(await c.patch(`/v1/locations/${id}`, { name: 'Zombie' }), 404);
      expectError(await c.delete(`/v1/locations/${id}`), 404);
      expect((await c.get('/v1/locations')).body.items.map((l: { id: string }) => l.id)).not.toContain(id);
      // Soft delete: the row stays for past orders.
      const [row] = await api.dataSource.query(`SELECT name, deleted_at FROM location WHERE id = $1`, [id]);
      expect(row.name).toBe('Elm Street (new)');
      expect(row.deleted_at).toBeInstanceOf(Date);
    });

    it('past orders keep pointing at a deleted store', async () => {
      const store = await c.post('/v1/locations', { name: 'Short-lived' });
      const placed = await c.post('/v1/orders', { externalId: 'kept-1', customer: { email: 'k@example.com' }, total: 5, currency: 'USD', channel: 'in_store', locationId: store.body.id });
      expectStatus(placed, 201);
      expectStatus(await c.delete(`/v1/locations/${store.body.id}`), 204);
      const fetched = await c.get(`/v1/orders/${placed.body.id}`);
      expectStatus(fetched, 200);
      expect(fetched.body.locationId).toBe(store.body.id);
    });

    const invalid: { name: string; body: Record<string, unknown>; fields: string[] }[] = [
      { name: 'hour 25', body: { name: 'S', openingHours: { mon: [['09:00', '25:00']] } }, fields: ['openingHours.mon[0]'] },
      { name: 'open equals close', body: { name: 'S', openingHours: { tue: [['09:00', '09:00']] } }, fields: ['openingHours.tue[0]'] },
      { name: 'H:mm instead of HH:mm', body: { name: 'S', openingHours: { wed: [['9:00', '17:00']] } }, fields: ['openingHours.wed[0]'] },
      { name: 'second range bad', body: { name: 'S', openingHours: { thu: [['09:00', '12:00'], ['13:00']] } }, fields: ['openingHours.thu[1]'] },
      { name: 'unknown weekday', body: { name: 'S', openingHours: { funday: [['09:00', '17:00']] } }, fields: ['openingHours.funday'] },
      { name: 'opening hours not an object', body: { name: 'S', openingHours: 'always' }, fields: ['openingHours'] },
      { name: 'lat without lng', body: { name: 'S', lat: 39.78 }, fields: ['lng'] },
      { name: 'lng without lat', body: { name: 'S', lng: -89.65 }, fields: ['lat'] },
      { name: 'lat out of range', body: { name: 'S', lat: 95, lng: 0 }, fields: ['lat'] },
      { name: 'missing name', body: { lat: 1, lng: 1 }, fields: ['name'] },
      { name: 'bad time zone', body: { name: 'S', timezone: 'Moon/Base' }, fields: ['timezone'] },
      { name: 'bad phone', body: { name: 'S', phone: '555' }, fields: ['phone'] },
      { name: 'unknown address field', body: { name: 'S', address: { line1: '1 Elm', planet: 'Earth' } }, fields: ['address.planet'] },
      { name: 'unknown field', body: { name: 'S', manager: 'Bob' }, fields: ['manager'] },
    ];
    it.each(invalid)('$name → 4xx naming $fields, nothing written', async ({ body, fields }) => {
      const before = await counts(businessId);
      expectError(await c.post('/v1/locations', body), '4xx', fields);
      expect(await counts(businessId)).toEqual(before);
    });

    it('PATCH with a bad value → 4xx naming it, store unchanged', async () => {
      const created = await c.post('/v1/locations', STORE);
      expectStatus(created, 201);
      expectError(await c.patch(`/v1/locations/${created.body.id}`, { openingHours: { mon: [['24:00', '08:00']] } }), '4xx', ['openingHours.mon[0]']);
      expectError(await c.patch(`/v1/locations/${created.body.id}`, { lat: null }), '4xx', ['lat']);
      expect((await c.get(`/v1/locations/${created.body.id}`)).body).toEqual(created.body);
    });

    it('non-UUID and unknown ids → 404', async () => {
      for (const id of ['not-a-uuid', randomUUID()]) {
        expectError(await c.get(`/v1/locations/${id}`), 404);
        expectError(await c.patch(`/v1/locations/${id}`, { name: 'X' }), 404);
        expectError(await c.delete(`/v1/locations/${id}`), 404);
      }
    });

    it('pages the store list without duplicates or gaps', async () => {
      const { c: own } = await newBusiness();
      const ids: string[] = [];
      for (let i = 0; i < 5; i++) {
        const res = await own.post('/v1/locations', { name: `Store ${i}` });
        expectStatus(res, 201);
        ids.push(res.body.id);
      }
      const seen: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const res = await own.get(`/v1/locations?limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
        expectStatus(res, 200);
        seen.push(...res.body.items.map((l: { id: string }) => l.id));
        cursor = res.body.nextCursor;
        pages++;
      } while (cursor && pages < 10);
      expect(seen).toEqual(ids);
      expect(pages).toBe(3);
    });
  });

  describe('list cursors', () => {
    let c: Client;
    beforeAll(async () => {
      ({ c } = await newBusiness());
    });
    const forged = Buffer.from(JSON.stringify(['not-a-date', 'not-a-uuid'])).toString('base64url');
    it.each(['/v1/orders', '/v1/locations'])('%s rejects a garbage or forged cursor with 4xx naming cursor (never 500)', async (path) => {
      expectError(await c.get(`${path}?cursor=garbage!!`), '4xx', ['cursor']);
      expectError(await c.get(`${path}?cursor=${forged}`), '4xx', ['cursor']);
    });
    it('GET /v1/orders?customerId must be a UUID', async () => {
      expectError(await c.get('/v1/orders?customerId=nope'), '4xx', ['customerId']);
    });
  });

  describe('request bodies', () => {
    let c: Client;
    let businessId: string;
    beforeAll(async () => {
      ({ c, businessId } = await newBusiness());
    });

    it.each(['/v1/events', '/v1/customers', '/v1/orders', '/v1/locations'])('malformed JSON on %s → 400 JSON error', async (path) => {
      const before = await counts(businessId);
      const res = await c.post(path).set('Content-Type', 'application/json').send('{"type": "visit", "customer": ');
      expectError(res, 400);
      expect(await counts(businessId)).toEqual(before);
    });

    it('a body over MAX_JSON_BODY_BYTES → 413 JSON error, nothing written', async () => {
      const before = await counts(businessId);
      const res = await c.post('/v1/events', { type: 'visit', customer: { email: 'big@example.com' }, properties: { blob: 'x'.repeat(BODY_LIMIT + 10) } });
      expectError(res, 413);
      expect(await counts(businessId)).toEqual(before);
    });

    it('Content-Type text/plain on POST /v1/events → 4xx (not 500), nothing written', async () => {
      const before = await counts(businessId);
      const res = await c
        .post('/v1/events')
        .set('Content-Type', 'text/plain')
        .send(JSON.stringify({ type: 'visit', customer: { email: 'plain@example.com' } }));
      expectError(res, '4xx');
      expect(await counts(businessId)).toEqual(before);
    });

    it('an empty POST /v1/events → 4xx', async () => {
      expectError(await c.post('/v1/events'), '4xx');
    });
  });
});
