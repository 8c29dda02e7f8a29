import { randomUUID } from 'node:crypto';
import { signUpBusiness, startApi, type ApiHarness } from './support/api-harness';
import { clientFor, countRows, createKey, expectError, expectStatus, seedKey, type Client } from './support/e2e-helpers';

/** Keys look like lr_<prefix>_<secret>; the secret itself may contain '_'. */
const splitKey = (key: string) => {
  const m = /^(lr_[^_]+_)(.+)$/.exec(key);
  if (!m) throw new Error(`not an API key: ${key}`);
  return { publicPart: m[1], secret: m[2] };
};

const VALID_SIGN_UP = {
  name: 'Rosa Bakery',
  timezone: 'America/Chicago',
  currency: 'USD',
  country: 'US',
  address: { line1: '1 Main St', city: 'Springfield', postalCode: '62701', country: 'US' },
};

describe('authentication and roles', () => {
  let api: ApiHarness;
  let owner: Client;
  let ownerKey: string;
  let businessId: string;
  let customerId: string;
  let locationId: string;

  beforeAll(async () => {
    api = await startApi();
    const signed = await signUpBusiness(api);
    ownerKey = signed.apiKey;
    businessId = signed.businessId;
    owner = clientFor(api, ownerKey);
    const customer = await owner.post('/v1/customers', { email: 'reader@example.com', firstName: 'Rita' });
    expectStatus(customer, 201);
    customerId = customer.body.id;
    const store = await owner.post('/v1/locations', { name: 'Main store' });
    expectStatus(store, 201);
    locationId = store.body.id;
  });
  afterAll(() => api.close());

  describe('missing or bad credentials → 401 JSON', () => {
    const revokedKey = { value: '', setupError: '' };
    beforeAll(async () => {
      const key = await seedKey(api, businessId, 'marketer');
      const res = await owner.delete(`/v1/api-keys/${key.id}`);
      if (res.status === 204) revokedKey.value = key.apiKey;
      else revokedKey.setupError = `revoking failed: ${res.status} ${JSON.stringify(res.body)}`;
    });

    const headerCases: { name: string; header: () => string | undefined }[] = [
      { name: 'no Authorization header', header: () => undefined },
      { name: 'empty Bearer', header: () => 'Bearer ' },
      { name: 'Basic scheme', header: () => `Basic ${Buffer.from('user:pass').toString('base64')}` },
      { name: 'the key without the Bearer scheme', header: () => ownerKey },
      { name: 'malformed key', header: () => 'Bearer not-a-real-key' },
      { name: 'unknown well-formed key', header: () => `Bearer lr_0123456789ab_${'A'.repeat(32)}` },
      { name: "a real key's prefix with a wrong secret", header: () => `Bearer ${splitKey(ownerKey).publicPart}${'B'.repeat(32)}` },
      {
        name: 'a revoked key',
        header: () => {
          if (!revokedKey.value) throw new Error(revokedKey.setupError);
          return `Bearer ${revokedKey.value}`;
        },
      },
    ];
    const routes: { method: 'get' | 'post' | 'delete'; path: string }[] = [
      { method: 'get', path: '/v1/me' },
      { method: 'get', path: '/v1/customers' },
      { method: 'post', path: '/v1/customers' },
      { method: 'post', path: '/v1/events' },
      { method: 'delete', path: '/v1/api-keys/00000000-0000-0000-0000-000000000000' },
    ];

    describe.each(headerCases)('$name', ({ header }) => {
      it.each(routes)('$method $path → 401', async ({ method, path }) => {
        const before = await countRows(api, 'customer', businessId);
        let req = api.http()[method](path);
        const value = header();
        if (value !== undefined) req = req.set('Authorization', value);
        const res = method === 'post' ? await req.send({ email: 'intruder@example.com', type: 'x', customer: { email: 'intruder@example.com' } }) : await req;
        expectError(res, 401);
        expect(await countRows(api, 'customer', businessId)).toBe(before);
      });
    });
  });

  describe('analyst key: read-only', () => {
    let analyst: Client;
    beforeAll(async () => {
      analyst = clientFor(api, (await seedKey(api, businessId, 'analyst')).apiKey);
    });

    it.each([
      '/v1/me', '/v1/customers', '/v1/orders', '/v1/locations',
    ])('GET %s → 200', async (path) => {
      expectStatus(await analyst.get(path), 200);
    });

    it('GET one customer, its export and one store → 200', async () => {
      expectStatus(await analyst.get(`/v1/customers/${customerId}`), 200);
      expectStatus(await analyst.get(`/v1/customers/${customerId}/export`), 200);
      expectStatus(await analyst.get(`/v1/locations/${locationId}`), 200);
    });

    it('POST /v1/segments/preview is a read: 200', async () => {
      expectStatus(await analyst.post('/v1/segments/preview', { definition: { type: 'tag', tag: 'vip', present: true } }), 200);
    });

    it('campaign writes → 403', async () => {
      expectError(await analyst.post('/v1/campaigns', { name: 'x', trigger: { type: 'customer_created' }, steps: [] }), 403);
      expectError(await analyst.post('/v1/campaigns/from-preset', { preset: 'welcome_series' }), 403);
      expectStatus(await analyst.get('/v1/campaigns'), 200);
    });

    const writes: { method: 'post' | 'patch' | 'delete'; path: () => string; body?: unknown }[] = [
      { method: 'post', path: () => '/v1/customers', body: { email: 'analyst-made@example.com' } },
      { method: 'patch', path: () => `/v1/customers/${customerId}`, body: { firstName: 'Changed' } },
      { method: 'delete', path: () => `/v1/customers/${customerId}` },
      { method: 'post', path: () => '/v1/events', body: { type: 'visit', customer: { id: customerId } } },
      { method: 'post', path: () => '/v1/orders', body: { externalId: 'analyst-1', customer: { id: customerId }, total: 1, currency: 'USD', channel: 'online' } },
      { method: 'post', path: () => '/v1/locations', body: { name: 'Analyst store' } },
      { method: 'patch', path: () => `/v1/locations/${locationId}`, body: { name: 'Renamed' } },
      { method: 'delete', path: () => `/v1/locations/${locationId}` },
      { method: 'post', path: () => '/v1/api-keys', body: { name: 'escalate', role: 'owner' } },
    ];
    it.each(writes)('$method → 403 and nothing changes', async ({ method, path, body }) => {
      const counts = async () => ({
        customers: await countRows(api, 'customer', businessId), events: await countRows(api, 'event', businessId),
        orders: await countRows(api, 'orders', businessId), locations: await countRows(api, 'location', businessId), keys: await countRows(api, 'api_key', businessId),
      });
      const before = await counts();
      const res = method === 'delete' ? await analyst.delete(path()) : await analyst[method](path(), body);
      expectError(res, 403);
      expect(await counts()).toEqual(before);
      const customer = await owner.get(`/v1/customers/${customerId}`);
      expectStatus(customer, 200);
      expect(customer.body.firstName).toBe('Rita');
      const store = await owner.get(`/v1/locations/${locationId}`);
      expectStatus(store, 200);
      expect(store.body.name).toBe('Main store');
    });
  });

  describe('marketer key', () => {
    let marketer: Client;
    let marketerKeyId: string;
    beforeAll(async () => {
      const key = await seedKey(api, businessId, 'marketer');
      marketer = clientFor(api, key.apiKey);
      marketerKeyId = key.id;
    });

    it('writes customers', async () => {
      const created = await marketer.post('/v1/customers', { email: 'marketed@example.com' });
      expectStatus(created, 201);
      const patched = await marketer.patch(`/v1/customers/${created.body.id}`, { firstName: 'Mia' });
      expectStatus(patched, 200);
      expect(patched.body.firstName).toBe('Mia');
      expectStatus(await marketer.delete(`/v1/customers/${created.body.id}`), 204);
    });

    it('cannot list, create or revoke api keys (403)', async () => {
      const before = await countRows(api, 'api_key', businessId);
      expectError(await marketer.get('/v1/api-keys'), 403);
      expectError(await marketer.post('/v1/api-keys', { name: 'mine now', role: 'owner' }), 403);
      expectError(await marketer.delete(`/v1/api-keys/${marketerKeyId}`), 403);
      expect(await countRows(api, 'api_key', businessId)).toBe(before);
      expectStatus(await marketer.get('/v1/me'), 200);
    });
  });

  describe('owner manages keys', () => {
    it.each(['owner', 'marketer', 'analyst'] as const)('POST /v1/api-keys creates a working %s key', async (role) => {
      const key = await createKey(owner, role, `created ${role}`);
      const me = await clientFor(api, key.apiKey).get('/v1/me');
      expectStatus(me, 200);
      expect(me.body.key).toMatchObject({ id: key.id, role, name: `created ${role}` });
    });

    it('creates a key that works, then revokes it and it stops working', async () => {
      const res = await owner.post('/v1/api-keys', { name: 'Front desk tablet', role: 'marketer' });
      expectStatus(res, 201);
      expect(res.body.key).toMatchObject({ name: 'Front desk tablet', role: 'marketer', revokedAt: null });
      expect(typeof res.body.apiKey).toBe('string');
      const created = clientFor(api, res.body.apiKey);
      const me = await created.get('/v1/me');
      expectStatus(me, 200);
      expect(me.body.key).toMatchObject({ id: res.body.key.id, role: 'marketer' });
      expect(me.body.business.id).toBe(businessId);

      expectStatus(await owner.delete(`/v1/api-keys/${res.body.key.id}`), 204);
      expectError(await created.get('/v1/me'), 401);
      expectError(await created.post('/v1/customers', { email: 'after-revoke@example.com' }), 401);
      const listed = await owner.get('/v1/api-keys');
      const row = listed.body.items.find((k: { id: string }) => k.id === res.body.key.id);
      expect(row.revokedAt).toEqual(expect.any(String));
    });

    it('rejects a bad role or name naming the field', async () => {
      expectError(await owner.post('/v1/api-keys', { name: 'x', role: 'admin' }), '4xx', ['role']);
      expectError(await owner.post('/v1/api-keys', { role: 'analyst' }), '4xx', ['name']);
    });

    it('404s revoking an unknown or non-UUID key id', async () => {
      expectError(await owner.delete(`/v1/api-keys/${randomUUID()}`), 404);
      expectError(await owner.delete('/v1/api-keys/not-a-uuid'), 404);
    });

    it('never returns the secret from GET /v1/api-keys or /v1/me', async () => {
      const extra = await seedKey(api, businessId, 'analyst');
      const listed = await owner.get('/v1/api-keys');
      expectStatus(listed, 200);
      const me = await clientFor(api, extra.apiKey).get('/v1/me');
      for (const key of [ownerKey, extra.apiKey]) {
        const { secret } = splitKey(key);
        expect(secret.length).toBeGreaterThanOrEqual(16);
        expect(listed.text).not.toContain(secret);
        expect(me.text).not.toContain(secret);
      }
      for (const item of listed.body.items as Record<string, unknown>[]) {
        expect(Object.keys(item)).not.toEqual(expect.arrayContaining(['apiKey']));
        expect(Object.keys(item)).not.toEqual(expect.arrayContaining(['secretHash']));
      }
      const listedExtra = listed.body.items.find((k: { id: string }) => k.id === extra.id);
      expect(extra.apiKey.startsWith(listedExtra.prefix)).toBe(true);
    });

    it.each(['owner', 'marketer', 'analyst'] as const)('/v1/me shows the %s role of the calling key', async (role) => {
      const key = await seedKey(api, businessId, role);
      const me = await clientFor(api, key.apiKey).get('/v1/me');
      expectStatus(me, 200);
      expect(me.body.key).toMatchObject({ id: key.id, role });
      expect(me.body.business.id).toBe(businessId);
      expect(me.text).not.toContain(key.apiKey);
    });
  });

  describe('the last owner key', () => {
    it('cannot be revoked (409) until another owner key exists', async () => {
      const solo = await signUpBusiness(api);
      const first = clientFor(api, solo.apiKey);
      const firstId = (await first.get('/v1/me')).body.key.id as string;
      expectError(await first.delete(`/v1/api-keys/${firstId}`), 409);
      expectStatus(await first.get('/v1/me'), 200);

      // A marketer key does not count as an owner.
      await seedKey(api, solo.businessId, 'marketer');
      expectError(await first.delete(`/v1/api-keys/${firstId}`), 409);

      const second = await seedKey(api, solo.businessId, 'owner');
      expectStatus(await first.delete(`/v1/api-keys/${firstId}`), 204);
      expectError(await first.get('/v1/me'), 401);
      const secondClient = clientFor(api, second.apiKey);
      expectStatus(await secondClient.get('/v1/me'), 200);
      expectError(await secondClient.delete(`/v1/api-keys/${second.id}`), 409);
      expectStatus(await secondClient.get('/v1/me'), 200);
    });
  });

  describe('sign-up validation', () => {
    const cases: { name: string; body: Record<string, unknown>; fields: string[] }[] = [
      { name: 'unknown time zone', body: { ...VALID_SIGN_UP, timezone: 'Mars/Olympus_Mons' }, fields: ['timezone'] },
      { name: 'offset instead of a zone', body: { ...VALID_SIGN_UP, timezone: '+02:00' }, fields: ['timezone'] },
      { name: 'lower-case currency', body: { ...VALID_SIGN_UP, currency: 'usd' }, fields: ['currency'] },
      { name: 'unknown currency', body: { ...VALID_SIGN_UP, currency: 'XYZ' }, fields: ['currency'] },
      { name: 'alpha-3 country', body: { ...VALID_SIGN_UP, country: 'USA' }, fields: ['country'] },
      { name: 'unknown country', body: { ...VALID_SIGN_UP, country: 'XX' }, fields: ['country'] },
      { name: 'empty name', body: { ...VALID_SIGN_UP, name: '   ' }, fields: ['name'] },
      { name: 'missing name', body: { ...VALID_SIGN_UP, name: undefined }, fields: ['name'] },
      { name: 'missing address', body: { ...VALID_SIGN_UP, address: undefined }, fields: ['address'] },
      {
        name: 'empty address',
        body: { ...VALID_SIGN_UP, address: {} },
        fields: ['address.line1', 'address.city', 'address.postalCode', 'address.country'],
      },
      {
        name: 'address missing city and postal code',
        body: { ...VALID_SIGN_UP, address: { line1: '1 Main St', country: 'US' } },
        fields: ['address.city', 'address.postalCode'],
      },
      {
        name: 'everything wrong at once',
        body: { name: 'Bad Co', timezone: 'Nowhere/Land', currency: 'EURO', country: 'ZZ', address: { line1: '1 Main St' } },
        fields: ['timezone', 'currency', 'country', 'address.city', 'address.postalCode', 'address.country'],
      },
      { name: 'unknown field', body: { ...VALID_SIGN_UP, plan: 'enterprise' }, fields: ['plan'] },
    ];

    const counts = async () => {
      const rows = await api.dataSource.query<{ b: number; k: number }[]>(`SELECT (SELECT count(*)::int FROM business) AS b, (SELECT count(*)::int FROM api_key) AS k`);
      return rows[0];
    };

    it.each(cases)('$name → 4xx naming $fields, nothing written', async ({ body, fields }) => {
      const before = await counts();
      const res = await api.http().post('/v1/businesses').send(body);
      expectError(res, '4xx', fields);
      expect(await counts()).toEqual(before);
    });

    it('a valid sign-up writes one business and one owner key (control)', async () => {
      const before = await counts();
      const res = await api.http().post('/v1/businesses').send({
        ...VALID_SIGN_UP, timezone: 'Europe/Paris', currency: 'EUR', country: 'FR', address: { line1: '3 rue de la Paix', city: 'Paris', postalCode: '75002', country: 'FR' },
      });
      expectStatus(res, 201);
      expect(res.body.business).toMatchObject({ timezone: 'Europe/Paris', currency: 'EUR', country: 'FR' });
      expect(await counts()).toEqual({ b: before.b + 1, k: before.k + 1 });
      const me = await clientFor(api, res.body.apiKey).get('/v1/me');
      expectStatus(me, 200);
      expect(me.body.key.role).toBe('owner');
      expect(me.body.business.id).toBe(res.body.business.id);
    });
  });
});
