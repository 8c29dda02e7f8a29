import { startApi, type ApiHarness } from './support/api-harness';

/** The OpenAPI document at /docs-json lists every endpoint the README promises, with a summary or response. */
describe('OpenAPI document', () => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await startApi();
  });
  afterAll(() => api.close());

  const ENDPOINTS: [string, string][] = [
    ['post', '/v1/businesses'], ['get', '/v1/me'], ['get', '/v1/api-keys'], ['post', '/v1/api-keys'], ['delete', '/v1/api-keys/{id}'],
    ['post', '/v1/customers'], ['get', '/v1/customers'], ['get', '/v1/customers/{id}'], ['patch', '/v1/customers/{id}'], ['delete', '/v1/customers/{id}'],
    ['post', '/v1/customers/import'], ['get', '/v1/customers/{id}/export'], ['post', '/v1/events'], ['post', '/v1/orders'], ['get', '/v1/orders'],
    ['post', '/v1/locations'], ['get', '/v1/locations'], ['post', '/v1/geofences'], ['get', '/v1/geofences'], ['post', '/v1/location-pings'],
    ['post', '/v1/segments'], ['get', '/v1/segments'], ['post', '/v1/segments/preview'], ['get', '/v1/segments/{id}/members'],
    ['post', '/v1/templates'], ['get', '/v1/templates'], ['get', '/v1/templates/{id}'], ['patch', '/v1/templates/{id}'], ['delete', '/v1/templates/{id}'],
    ['post', '/v1/templates/{id}/preview'],
    ['post', '/v1/campaigns'], ['get', '/v1/campaigns'], ['get', '/v1/campaigns/{id}'], ['patch', '/v1/campaigns/{id}'], ['post', '/v1/campaigns/from-preset'],
    ['post', '/v1/campaigns/{id}/activate'], ['post', '/v1/campaigns/{id}/pause'], ['post', '/v1/campaigns/{id}/archive'],
    ['get', '/v1/settings'], ['patch', '/v1/settings'], ['post', '/v1/settings/sender/email/confirmation'],
    ['get', '/sender-confirmation/{token}'], ['post', '/sender-confirmation/{token}'], ['post', '/webhooks/twilio/status'], ['post', '/webhooks/twilio/inbound'],
    ['get', '/t/o/{token}'], ['get', '/t/c/{token}'], ['get', '/u/{token}'], ['post', '/u/{token}'],
    ['get', '/v1/reports/campaigns/{id}'], ['get', '/v1/reports/campaigns/{id}/experiment'], ['get', '/v1/reports/overview'], ['get', '/v1/reports/churn-risk'],
    ['get', '/v1/demo/clock'], ['post', '/v1/demo/clock/advance'], ['get', '/health'], ['get', '/ready'], ['get', '/metrics'],
  ];

  it.each(ENDPOINTS)('%s %s is documented', async (method, path) => {
    const doc = (await api.http().get('/docs-json')).body as { paths: Record<string, Record<string, { summary?: string; responses?: object }>> };
    const operation = doc.paths[path]?.[method];
    expect({ path, method, documented: operation !== undefined }).toEqual({ path, method, documented: true });
    expect(Boolean(operation.summary) || Object.keys(operation.responses ?? {}).length > 0).toBe(true);
  });
});
