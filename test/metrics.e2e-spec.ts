import { randomUUID } from 'node:crypto';
import { CLOCK, DATABASE_GAUGES_TTL_MS, OpsGaugesRepository, type Clock } from '../libs/core/src';
import { TemplateRepository } from '../libs/campaigns/src';
import { bearer, signUpBusiness } from './support/api-harness';
import { expectStatus } from './support/e2e-helpers';
import { runWorkerUntilIdle, startDeliveryHarness, type DeliveryHarness } from './support/delivery-harness';
import { insertCustomer, insertEmailTemplate, insertMessage } from './support/delivery-factories';

// A Tuesday, 10:00 in Chicago: inside the default SMS window.
const START = '2026-03-10T15:00:00Z';
const DAY = 86_400_000;
const TOKEN = 'metrics-e2e-token-0123456789abcdef';

/** Every sample of a metric family in a Prometheus text body: labels → value. */
function samples(body: string, name: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const line of body.split('\n')) {
    const match = /^(\S+?)(\{[^}]*\})? (\S+)$/.exec(line);
    if (match && match[1] === name) out[match[2] ?? ''] = Number(match[3]);
  }
  return out;
}

/**
 * GET /metrics after a journey: the sends it made by channel (as many as the
 * SMTP server and the Twilio stand-in received, and the message table
 * holds), the latency histogram of the routes it called under their
 * templates, the queue gauges equal to the rows counted in SQL, and the
 * token. The worker of the harness runs in this process, so the API's
 * registry (one per process) holds its sends, as a worker's own would.
 */
describe('GET /metrics', () => {
  let h: DeliveryHarness;
  let key: string;
  let businessId: string;

  beforeAll(async () => {
    h = await startDeliveryHarness(START, { METRICS_TOKEN: TOKEN });
    h.api.app.get<Clock>(CLOCK).now = () => h.clock.now();
    ({ apiKey: key, businessId } = await signUpBusiness(h.api, { name: 'Metrics Bakery' }));
  });
  afterAll(() => h.close());

  const post = (path: string, body: object) => h.api.http().post(path).set(bearer(key)).send(body);
  const scrape = async () => {
    const res = await h.api.http().get('/metrics').set('Authorization', `Bearer ${TOKEN}`);
    expectStatus(res, 200);
    expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    return res.text;
  };

  it('counts the sends of a journey by channel, times the routes it called by template, and reports the queue as SQL counts it', async () => {
    const templates = h.api.app.get(TemplateRepository);
    const email = (await templates.insert(h.db, businessId, 'hello', { channel: 'email', subject: 'Hi {{customer.firstName}}', html: '<p>Hello</p>' })).id;
    const sms = (await templates.insert(h.db, businessId, 'hello-sms', { channel: 'sms', body: 'Hi {{customer.firstName}}' })).id;
    const created = await post('/v1/campaigns', {
      name: 'Visit', trigger: { type: 'event', eventType: 'visited' },
      steps: [{ id: 'mail', type: 'email', templateId: email, next: 'wait' }, { id: 'wait', type: 'wait', duration: 'P1D', next: 'sms' }, { id: 'sms', type: 'sms', templateId: sms }],
    });
    expectStatus(created, 201);
    expectStatus(await post(`/v1/campaigns/${created.body.id}/activate`, {}), 200);
    const customers = 3;
    const ids: string[] = [];
    for (let i = 0; i < customers; i++) {
      const res = await post('/v1/customers', { email: `m${i}@example.com`, phone: `+1312555${2000 + i}`, firstName: `M${i}`, consent: { sms: { status: 'granted' } } });
      expectStatus(res, 201);
      ids.push(res.body.id);
    }
    expectStatus(await post('/v1/events', { events: ids.map((id) => ({ type: 'visited', customer: { id } })) }), 202);
    await runWorkerUntilIdle(h);
    h.clock.advance(DAY + 60_000);
    await runWorkerUntilIdle(h);
    // Reads: one found, one unknown id under the same route, one URL no route matches.
    expectStatus(await h.api.http().get(`/v1/customers/${ids[0]}`).set(bearer(key)), 200);
    expectStatus(await h.api.http().get(`/v1/customers/${randomUUID()}`).set(bearer(key)), 404);
    expect((await h.api.http().get(`/no/such/route/${randomUUID()}`)).status).toBe(404);
    // An open pixel, answered by the fast path ahead of Express.
    const pixel = /\/t\/o\/[\w-]+/.exec(h.smtp.messages[0].html ?? '')?.[0];
    expect((await h.api.http().get(pixel as string)).status).toBe(200);

    // Work waiting: a message due, one waiting for tomorrow, one held by quiet hours, one leased and one whose lease ran out.
    const customerId = await insertCustomer(h.db, businessId, { email: 'queue@example.com' });
    const templateId = await insertEmailTemplate(h.db, businessId, { subject: 's', html: '<p>x</p>' });
    const queued = async (dueAt: Date) => insertMessage(h.db, { businessId, customerId, templateId, channel: 'email', dueAt });
    const now = h.clock.now();
    await queued(now);
    await queued(new Date(now.getTime() + DAY));
    const held = await queued(new Date(now.getTime() + 3_600_000));
    await h.db.query(`UPDATE message SET status = 'held', held_reason = 'quiet_hours' WHERE id = $1`, [held]);
    for (const [id, until] of [[await queued(now), now.getTime() + 60_000], [await queued(now), now.getTime() - 60_000]] as const) {
      await h.db.query(`UPDATE message SET status = 'sending', attempts = 1, claimed_until = $2 WHERE id = $1`, [id, new Date(until)]);
    }

    const body = await scrape();
    // Sends: what the providers received, what the table says, what the metrics say.
    const sent = await h.db.query<{ channel: string; n: number }[]>(`SELECT channel, count(*)::int AS n FROM message WHERE sent_at IS NOT NULL GROUP BY channel ORDER BY channel`);
    expect(sent).toEqual([{ channel: 'email', n: customers }, { channel: 'sms', n: customers }]);
    expect([h.smtp.messages.length, h.twilio.messages.length]).toEqual([customers, customers]);
    expect(samples(body, 'localreach_messages_sent_total')).toEqual({ '{channel="email",outcome="sent"}': customers, '{channel="sms",outcome="sent"}': customers });
    expect(samples(body, 'localreach_provider_errors_total')).toEqual({});

    // Requests, by route template and status (never the URL).
    const requests = samples(body, 'localreach_http_request_duration_seconds_count');
    expect(requests).toMatchObject({
      '{method="POST",route="/v1/customers",status="201"}': customers,
      '{method="POST",route="/v1/campaigns",status="201"}': 1,
      '{method="POST",route="/v1/campaigns/:id/activate",status="200"}': 1,
      '{method="POST",route="/v1/events",status="202"}': 1,
      '{method="GET",route="/v1/customers/:id",status="200"}': 1,
      '{method="GET",route="/v1/customers/:id",status="404"}': 1,
      '{method="GET",route="unmatched",status="404"}': 1,
      '{method="GET",route="/t/o/:token",status="200"}': 1,
    });
    expect(Object.keys(requests).filter((labels) => /[0-9a-f]{8}-[0-9a-f]{4}|\/no\/such/.test(labels))).toEqual([]);
    expect(body).not.toContain(businessId);

    // The queue, as the claim sees it, against the rows counted here.
    const counted = await h.db.query<{ state: string; reason: string; n: number }[]>(
      `SELECT CASE WHEN status = 'sending' THEN 'leased' WHEN next_attempt_at <= $1 THEN 'due' ELSE 'waiting' END AS state,
              CASE WHEN status = 'sending' THEN (CASE WHEN claimed_until > $1 THEN 'active' ELSE 'expired' END)
                   WHEN status = 'held' THEN held_reason ELSE 'queued' END AS reason, count(*)::int AS n
         FROM message WHERE status IN ('queued', 'held', 'sending') GROUP BY 1, 2`,
      [now],
    );
    expect(counted).toHaveLength(5);
    const reported = Object.entries(samples(body, 'localreach_messages_queued')).filter(([, n]) => n > 0);
    expect(Object.fromEntries(reported)).toEqual(Object.fromEntries(counted.map((r) => [`{state="${r.state}",reason="${r.reason}"}`, r.n])));
    expect(samples(body, 'localreach_database_up')).toEqual({ '': 1 });
    const [due] = await h.db.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM enrollment WHERE state = 'active' AND next_run_at <= $1`, [now]);
    expect(samples(body, 'localreach_enrollments_due')).toEqual({ '': due.n });
    // Both pools of this process: the API's and the harness worker's.
    expect(Object.keys(samples(body, 'localreach_database_pool_connections')).sort()).toEqual(['{pool="localreach-api"}', '{pool="test-delivery"}']);
    expect(body).toMatch(/^localreach_process_resident_memory_bytes \d+/m);
  });

  it('answers only the token: 401 without it or with another, naming the header', async () => {
    const missing = await h.api.http().get('/metrics');
    expect({ status: missing.status, code: missing.body.code, field: missing.body.details?.[0]?.field }).toEqual({ status: 401, code: 'METRICS_TOKEN_REQUIRED', field: 'authorization' });
    const wrong = await h.api.http().get('/metrics').set('Authorization', `Bearer ${TOKEN}-not`);
    expect({ status: wrong.status, code: wrong.body.code }).toEqual({ status: 401, code: 'INVALID_METRICS_TOKEN' });
    // An API key is not the metrics token.
    expect((await h.api.http().get('/metrics').set(bearer(key))).status).toBe(401);
  });

  it('serves scrape storms from one database read every few seconds', async () => {
    const read = jest.spyOn(h.api.app.get(OpsGaugesRepository), 'read');
    // Past the cache of the first test's scrape.
    await new Promise((resolve) => setTimeout(resolve, DATABASE_GAUGES_TTL_MS));
    const started = Date.now();
    await Promise.all(Array.from({ length: 20 }, () => scrape()));
    await scrape();
    // One read per interval begun (one in all unless a loaded machine stretched the storm past an interval).
    expect(read.mock.calls.length).toBeGreaterThanOrEqual(1);
    expect(read.mock.calls.length).toBeLessThanOrEqual(1 + Math.floor((Date.now() - started) / DATABASE_GAUGES_TTL_MS));
  });
});
