import { loadConfig } from '../libs/core/src';
import { bearer, startApi, type ApiHarness } from './support/api-harness';
import { expectError, expectStatus } from './support/e2e-helpers';

/**
 * Limits per client address (sign-up, failed authentication, public pages)
 * and per API key, answered 429 with Retry-After in the one error shape; the
 * client address comes from X-Forwarded-For only behind a configured proxy.
 */
const LIMITS = { RATE_LIMIT_SIGNUPS_PER_HOUR: '3', RATE_LIMIT_AUTH_FAILURES_PER_MINUTE: '5', RATE_LIMIT_API_PER_MINUTE: '10', RATE_LIMIT_PUBLIC_PER_MINUTE: '5' };

let signUps = 0;
const signUpBody = () => ({
  name: `Limited Bakery ${(signUps += 1)}`, timezone: 'UTC', currency: 'USD', country: 'US',
  address: { line1: '1 Main St', city: 'Springfield', postalCode: '62701', country: 'US' },
});

function expectLimited(res: { status: number; headers: Record<string, string>; body: { code?: string } }, code: string, maxSeconds: number): void {
  expectError(res as never, 429);
  expect(res.body.code).toBe(code);
  const retryAfter = Number(res.headers['retry-after']);
  expect(retryAfter).toBeGreaterThan(0);
  expect(retryAfter).toBeLessThanOrEqual(maxSeconds);
}

describe('rate limits', () => {
  let api: ApiHarness;
  afterEach(() => api?.close());

  it('sign-ups per address per hour: the fourth is 429 RATE_LIMITED, whatever X-Forwarded-For says without a trusted proxy', async () => {
    api = await startApi(LIMITS);
    for (let i = 0; i < 3; i++) expectStatus(await api.http().post('/v1/businesses').set('x-forwarded-for', `203.0.113.${i}`).send(signUpBody()), 201);
    const refused = await api.http().post('/v1/businesses').set('x-forwarded-for', '203.0.113.99').send(signUpBody());
    expectLimited(refused, 'RATE_LIMITED', 3600);
    expect(refused.body.details).toEqual([{ field: 'request', message: 'at most 3 sign-ups per hour from this address' }]);
    expect((await api.dataSource.query(`SELECT count(*)::int AS n FROM business`))[0].n).toBe(3);
  });

  it('behind a trusted proxy, each forwarded client address has its own sign-up limit', async () => {
    api = await startApi({ ...LIMITS, TRUST_PROXY: 'loopback' });
    for (let i = 0; i < 3; i++) expectStatus(await api.http().post('/v1/businesses').set('x-forwarded-for', '198.51.100.7').send(signUpBody()), 201);
    expectLimited(await api.http().post('/v1/businesses').set('x-forwarded-for', '198.51.100.7').send(signUpBody()), 'RATE_LIMITED', 3600);
    expectStatus(await api.http().post('/v1/businesses').set('x-forwarded-for', '198.51.100.8').send(signUpBody()), 201);
  });

  it('failed authentication per address: after five, the address is refused for a minute, even with a valid key', async () => {
    api = await startApi(LIMITS);
    const { apiKey } = (await api.http().post('/v1/businesses').send(signUpBody())).body as { apiKey: string };
    expectStatus(await api.http().get('/v1/customers').set(bearer(apiKey)), 200);
    for (let i = 0; i < 4; i++) expectError(await api.http().get('/v1/customers').set(bearer(`lr_guess${i}_${'x'.repeat(30)}`)), 401);
    expectError(await api.http().get('/v1/customers'), 401);
    expectLimited(await api.http().get('/v1/customers').set(bearer('lr_guess5_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxx')), 'AUTH_RATE_LIMITED', 60);
    expectLimited(await api.http().get('/v1/customers').set(bearer(apiKey)), 'AUTH_RATE_LIMITED', 60);
  });

  it('requests per API key per minute: one key\'s eleventh is refused, another key of the same business is not', async () => {
    api = await startApi(LIMITS);
    const { apiKey } = (await api.http().post('/v1/businesses').send(signUpBody())).body as { apiKey: string };
    const second = await api.http().post('/v1/api-keys').set(bearer(apiKey)).send({ name: 'POS', role: 'marketer' });
    expectStatus(second, 201);
    // The key creation above was the first of ten.
    for (let i = 0; i < 9; i++) expectStatus(await api.http().get(i % 2 ? '/v1/customers' : '/v1/segments').set(bearer(apiKey)), 200);
    expectLimited(await api.http().get('/v1/locations').set(bearer(apiKey)), 'RATE_LIMITED', 60);
    expectStatus(await api.http().get('/v1/locations').set(bearer(second.body.apiKey)), 200);
  });

  it('public pages per address per minute: the sixth unsubscribe or sender confirmation page is refused', async () => {
    api = await startApi(LIMITS);
    for (let i = 0; i < 3; i++) expect((await api.http().get(`/u/not-a-token-${i}`)).status).toBe(404);
    for (let i = 3; i < 5; i++) expect((await api.http().post(`/sender-confirmation/not-a-token-${i}`).type('form').send({ action: 'confirm' })).status).toBe(404);
    const refused = await api.http().get('/sender-confirmation/not-a-token-5');
    expect(refused.status).toBe(429);
    expect(refused.headers['retry-after']).toBeDefined();
  });

  it('readiness probes are never limited: /ready answers past the public limit that refuses /health', async () => {
    api = await startApi(LIMITS);
    for (let i = 0; i < 5; i++) expectStatus(await api.http().get('/health'), 200);
    expect((await api.http().get('/health')).status).toBe(429);
    for (let i = 0; i < 10; i++) expect(await api.http().get('/ready').then((r) => r.status)).toBe(200);
  });

  it('limits are configuration: 0 turns one off; TRUST_PROXY names proxies or is refused', () => {
    expect(loadConfig({ NODE_ENV: 'production', TRACKING_SECRET: 'x'.repeat(32) }).rateLimits).toEqual({
      signUpsPerHour: 10, authFailuresPerMinute: 30, apiRequestsPerMinute: 6000, publicRequestsPerMinute: 6000,
    });
    expect(loadConfig({ NODE_ENV: 'test' }).rateLimits.apiRequestsPerMinute).toBe(0);
    expect(loadConfig({ NODE_ENV: 'test', TRUST_PROXY: '10.0.0.0/8, loopback' }).trustProxy).toBe('10.0.0.0/8,loopback');
    expect(loadConfig({ NODE_ENV: 'test' }).trustProxy).toBe(false);
    expect(() => loadConfig({ NODE_ENV: 'test', TRUST_PROXY: 'everyone' })).toThrow(/TRUST_PROXY/);
    expect(() => loadConfig({ NODE_ENV: 'test', RATE_LIMIT_API_PER_MINUTE: '-1' })).toThrow(/RATE_LIMIT_API_PER_MINUTE/);
  });
});
