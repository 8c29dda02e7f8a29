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

  it('events and orders take their default time and their "not in the future" check from the same clock', async () => {
    // The clock is 3 days ahead of the wall clock (the test above).
    const demoNow = api.app.get<Clock>(CLOCK).now().getTime();
    const soon = new Date(demoNow + 3_600_000).toISOString();
    const event = await api.http().post('/v1/events').set(bearer(key)).send({ type: 'store_visit', customer: { email: 'timely@example.com' }, occurredAt: soon });
    expectStatus(event, 202);
    const order = await api.http().post('/v1/orders').set(bearer(key)).send({ externalId: 'demo-1', customer: { email: 'timely@example.com' }, total: 12.5, currency: 'USD', channel: 'in_store' });
    expectStatus(order, 201);
    const [row] = await api.dataSource.query(`SELECT occurred_at FROM orders WHERE id = $1`, [order.body.id]);
    expect(Math.abs((row.occurred_at as Date).getTime() - demoNow)).toBeLessThan(60_000);
    // More than a day past the demo clock is still refused.
    const late = new Date(demoNow + 2 * 86_400_000).toISOString();
    expectError(await api.http().post('/v1/events').set(bearer(key)).send({ type: 'store_visit', customer: { email: 'timely@example.com' }, occurredAt: late }), 422, ['occurredAt']);
  });

  it('customers created by the API, by an event and by an import, and their updates, are stamped with the demo clock', async () => {
    const demoNow = api.app.get<Clock>(CLOCK).now().getTime();
    const near = (value: string | Date) => Math.abs(new Date(value).getTime() - demoNow) < 60_000;
    const created = await api.http().post('/v1/customers').set(bearer(key)).send({ email: 'stamped@example.com' });
    expectStatus(created, 201);
    expect({ createdAt: near(created.body.createdAt), updatedAt: near(created.body.updatedAt) }).toEqual({ createdAt: true, updatedAt: true });
    const patched = await api.http().patch(`/v1/customers/${created.body.id}`).set(bearer(key)).send({ firstName: 'Stamp' });
    expectStatus(patched, 200);
    expect(near(patched.body.updatedAt)).toBe(true);
    expectStatus(await api.http().post('/v1/events').set(bearer(key)).send({ type: 'store_visit', customer: { email: 'by-event@example.com' } }), 202);
    const imported = await api.http().post('/v1/customers/import').set(bearer(key)).set('content-type', 'text/csv').send('email\nby-import@example.com\nstamped@example.com\n');
    expectStatus(imported, 200);
    const rows: { email: string; created_at: Date; updated_at: Date }[] = await api.dataSource.query(
      `SELECT email, created_at, updated_at FROM customer WHERE email IN ('stamped@example.com', 'by-event@example.com', 'by-import@example.com') ORDER BY email`,
    );
    expect(rows.map((r) => [r.email, near(r.created_at), near(r.updated_at)])).toEqual([
      ['by-event@example.com', true, true],
      ['by-import@example.com', true, true],
      ['stamped@example.com', true, true],
    ]);
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
