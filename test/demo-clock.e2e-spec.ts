import { CLOCK, ConfigError, loadConfig, type Clock } from '../libs/core/src';
import { bearer, signUpBusiness, startApi, type ApiHarness } from './support/api-harness';
import { expectError, expectStatus } from './support/e2e-helpers';

/** The demo time machine: a shared offset clock, on only when asked and never in production. */
describe('demo clock', () => {
  let api: ApiHarness;
  let key: string;

  beforeAll(async () => {
    api = await startApi({ DEMO_CLOCK: '1' });
    ({ apiKey: key } = await signUpBusiness(api));
  });
  afterAll(() => api.close());

  it('moves the clock forward for the API (and every worker reading the same row)', async () => {
    const before = await api.http().get('/v1/demo/clock').set(bearer(key));
    expectStatus(before, 200);
    expect(before.body.offsetMs).toBe(0);
    const moved = await api.http().post('/v1/demo/clock/advance').set(bearer(key)).send({ by: 'P3D' });
    expectStatus(moved, 200);
    expect(moved.body.offsetMs).toBe(3 * 86_400_000);
    const now = api.app.get<Clock>(CLOCK).now().getTime();
    expect(Math.abs(now - (Date.now() + 3 * 86_400_000))).toBeLessThan(5_000);
    const [row] = await api.dataSource.query(`SELECT offset_ms::bigint::text AS offset FROM demo_clock`);
    expect(row.offset).toBe(String(3 * 86_400_000));
  });

  it('rejects a bad duration naming the field, and changes nothing', async () => {
    const [before] = await api.dataSource.query(`SELECT offset_ms::text AS offset FROM demo_clock`);
    for (const by of ['soon', '-P1D', 'PT0S', 12]) {
      expectError(await api.http().post('/v1/demo/clock/advance').set(bearer(key)).send({ by }), 422, ['by']);
    }
    expect((await api.dataSource.query(`SELECT offset_ms::text AS offset FROM demo_clock`))[0]).toEqual(before);
  });

  it('is off unless DEMO_CLOCK is set, and refused in production', async () => {
    const plain = await startApi();
    try {
      const { apiKey } = await signUpBusiness(plain);
      expectError(await plain.http().get('/v1/demo/clock').set(bearer(apiKey)), 404);
    } finally {
      await plain.close();
    }
    expect(() => loadConfig({ NODE_ENV: 'production', DEMO_CLOCK: '1', TRACKING_SECRET: 'a-production-secret-value' })).toThrow(ConfigError);
    expect(() => loadConfig({ DEMO_CLOCK: 'yes' })).toThrow(/DEMO_CLOCK/);
  });
});
