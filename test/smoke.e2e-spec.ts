import { bearer, signUpBusiness, startApi, type ApiHarness } from './support/api-harness';

describe('API smoke', () => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await startApi();
  });
  afterAll(() => api.close());

  it('signs up and creates a customer', async () => {
    const { apiKey } = await signUpBusiness(api);
    const me = await api.http().get('/v1/me').set(bearer(apiKey));
    expect(me.status).toBe(200);
    const created = await api.http().post('/v1/customers').set(bearer(apiKey)).send({ email: 'Ana@Example.com', phone: '(217) 555-0123' });
    expect(created.status).toBe(201);
    expect(created.body.email).toBe('ana@example.com');
    expect(created.body.phone).toBe('+12175550123');
    const health = await api.http().get('/health');
    expect(health.status).toBe(200);
  });
});
