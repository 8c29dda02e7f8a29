import { bearer, signUpBusiness, startApi, type ApiHarness } from './support/api-harness';
import { expectError, expectStatus } from './support/e2e-helpers';

/** PATCH /v1/business: owners change the profile; the currency only while no order exists. */
describe('business profile', () => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await startApi();
  });
  afterAll(() => api.close());

  it('an owner changes the name, time zone, country and address; /v1/me and the tenant follow at once', async () => {
    const { apiKey } = await signUpBusiness(api);
    const res = await api.http().patch('/v1/business').set(bearer(apiKey)).send({
      name: '  Rosa\'s Bakery & Café ', timezone: 'Europe/Paris', country: 'FR',
      address: { line1: '3 rue du Pain', city: 'Paris', postalCode: '75001', country: 'FR' },
    });
    expectStatus(res, 200);
    expect(res.body).toMatchObject({ name: "Rosa's Bakery & Café", timezone: 'Europe/Paris', country: 'FR', address: { line1: '3 rue du Pain', city: 'Paris' } });
    const me = await api.http().get('/v1/me').set(bearer(apiKey));
    expect(me.body.business).toMatchObject({ name: "Rosa's Bakery & Café", timezone: 'Europe/Paris', country: 'FR' });
    // The tenant is not served stale from the key cache: national numbers now read as French.
    const customer = await api.http().post('/v1/customers').set(bearer(apiKey)).send({ phone: '06 12 34 56 78' });
    expectStatus(customer, 201);
    expect(customer.body.phone).toBe('+33612345678');
    const [audit] = await api.dataSource.query(`SELECT details FROM audit_log WHERE action = 'business.updated' AND business_id = $1`, [me.body.business.id]);
    expect(audit.details).toEqual({ fields: ['name', 'timezone', 'country', 'address'] });
  });

  it('the currency changes until the first order, then 409 CURRENCY_IN_USE naming it', async () => {
    const { apiKey } = await signUpBusiness(api);
    expect((await api.http().patch('/v1/business').set(bearer(apiKey)).send({ currency: 'EUR' })).body.currency).toBe('EUR');
    expectStatus(await api.http().post('/v1/orders').set(bearer(apiKey)).send({ externalId: 'o1', customer: { email: 'a@example.com' }, total: 5, currency: 'EUR', channel: 'online' }), 201);
    expectError(await api.http().patch('/v1/business').set(bearer(apiKey)).send({ currency: 'USD' }), 409, ['currency']);
    // The same currency again is no change.
    expectStatus(await api.http().patch('/v1/business').set(bearer(apiKey)).send({ currency: 'EUR', name: 'Still EUR' }), 200);
  });

  it('bad values are 422 naming each field, nothing written; null and unknown fields are refused', async () => {
    const { apiKey } = await signUpBusiness(api);
    const before = (await api.http().get('/v1/me').set(bearer(apiKey))).body.business;
    expectError(await api.http().patch('/v1/business').set(bearer(apiKey)).send({ name: ' ', timezone: 'Mars/Olympus', currency: 'usd1', country: 'USA', address: { city: 'x' } }), 422, [
      'name', 'timezone', 'currency', 'country', 'address.line1', 'address.postalCode', 'address.country',
    ]);
    expectError(await api.http().patch('/v1/business').set(bearer(apiKey)).send({ name: null }), 422, ['name']);
    expectError(await api.http().patch('/v1/business').set(bearer(apiKey)).send({ settings: {} }), 422, ['settings']);
    expect((await api.http().get('/v1/me').set(bearer(apiKey))).body.business).toEqual(before);
  });

  it('marketers and analysts may not (403); each business changes only itself', async () => {
    const owner = await signUpBusiness(api);
    const other = await signUpBusiness(api);
    for (const role of ['marketer', 'analyst']) {
      const key = (await api.http().post('/v1/api-keys').set(bearer(owner.apiKey)).send({ name: role, role })).body.apiKey;
      expectError(await api.http().patch('/v1/business').set(bearer(key)).send({ name: 'Mine now' }), 403);
    }
    await api.http().patch('/v1/business').set(bearer(other.apiKey)).send({ name: 'Other only' });
    expect((await api.http().get('/v1/me').set(bearer(owner.apiKey))).body.business.name).not.toBe('Other only');
  });
});
