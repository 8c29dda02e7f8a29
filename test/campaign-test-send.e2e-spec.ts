import { JourneyService, TriggerService } from '../libs/campaigns/src';
import { CLOCK, type Clock } from '../libs/core/src';
import { bearer, signUpBusiness } from './support/api-harness';
import { clientFor, expectError, expectStatus, seedKey, type Client } from './support/e2e-helpers';
import { DEFAULT_SMS_FROM, startDeliveryHarness, type DeliveryHarness } from './support/delivery-harness';

// A Monday, 09:00 in Chicago.
const START = '2026-03-02T15:00:00Z';
const HOUR = 3_600_000;

/**
 * POST /v1/campaigns/:id/test through the real SMTP server and the Twilio
 * stand-in: what arrives, that it is marked, and that nothing a report,
 * frequency cap, attribution or enrolment reads has moved.
 */
describe('campaign test sends', () => {
  let h: DeliveryHarness;
  let owner: Client;
  let businessId: string;
  let campaignId: string;
  let jo: string;

  async function runWorker(): Promise<void> {
    for (let round = 0; round < 10; round++) {
      const moved = (await h.api.app.get(TriggerService).drainInbox(500)) + (await h.api.app.get(JourneyService).runDue(500)) + (await h.delivery.runOnce(500)).claimed;
      if (moved === 0) return;
    }
  }
  const count = async (sql: string, params: unknown[]) => (await h.db.query<{ n: number }[]>(sql, params))[0].n;
  const mailTo = (to: string) => h.smtp.messages.filter((m) => m.envelopeTo.includes(to));
  const smsTo = (to: string) => h.twilio.messages.filter((m) => m.to === to);

  beforeAll(async () => {
    h = await startDeliveryHarness(START);
    h.api.app.get<Clock>(CLOCK).now = () => h.clock.now();
    const signed = await signUpBusiness(h.api, { name: 'Elm Street Bakery' });
    businessId = signed.businessId;
    owner = clientFor(h.api, signed.apiKey);
    expectStatus(await owner.patch('/v1/settings', { frequencyCap: { perDay: 1, perWeek: null } }), 200);
    jo = (await owner.post('/v1/customers', { email: 'jo@example.com', phone: '+13125550101', firstName: 'Jo', consent: { sms: { status: 'granted' } } })).body.id;
    const mail = await owner.post('/v1/templates', {
      name: 'Welcome', channel: 'email', subject: 'Hi {{customer.firstName}}',
      html: '<p>Hello {{customer.firstName}}, code {{offer.couponCode}}. <a href="https://shop.example/menu">Menu</a></p>',
    });
    const sms = await owner.post('/v1/templates', { name: 'Welcome SMS', channel: 'sms', body: '{{business.name}}: hi {{customer.firstName}}!' });
    const created = await owner.post('/v1/campaigns', {
      name: 'Welcome',
      trigger: { type: 'event', eventType: 'joined' },
      steps: [
        { id: 'hello', type: 'email', templateId: mail.body.id, offer: { couponPrefix: 'WELCOME', validDays: 14 }, next: 'wait' },
        { id: 'wait', type: 'wait', duration: 'P1D', next: 'text' },
        { id: 'text', type: 'sms', templateId: sms.body.id },
      ],
    });
    expectStatus(created, 201);
    campaignId = created.body.id;
  });

  it('works on a draft; the campaign is then activated for the rest', async () => {
    expectStatus(await test({ stepId: 'hello', to: 'draft@example.com' }), 201);
    expect(mailTo('draft@example.com')).toHaveLength(1);
    expectStatus(await owner.post(`/v1/campaigns/${campaignId}/activate`, {}), 200);
  });
  afterAll(() => h.close());

  const test = (body: unknown, client: Client = owner, id = campaignId) => client.post(`/v1/campaigns/${id}/test`, body);

  it('sends an email step to the SMTP server rendered for a customer: [TEST] subject, test header, links untracked, TEST coupon; nothing else moves', async () => {
    const [messages, enrollments] = [await count(`SELECT count(*)::int AS n FROM message WHERE business_id = $1`, [businessId]), await count(`SELECT count(*)::int AS n FROM enrollment WHERE business_id = $1`, [businessId])];
    const res = await test({ stepId: 'hello', to: 'Marketing@Example.com', customerId: jo });
    expectStatus(res, 201);
    expect(res.body).toMatchObject({
      campaignId, version: 1, stepId: 'hello', channel: 'email', to: 'marketing@example.com', customerId: jo, status: 'sent',
      subject: '[TEST] Hi Jo', body: null, errorCode: null, remaining: 18,
    });
    expect(res.body.providerId).toBe(`<test-${res.body.id}@localreach.invalid>`);
    const [received] = mailTo('marketing@example.com');
    expect(received.subject).toBe('[TEST] Hi Jo');
    expect(received.headers['x-localreach-test']).toBe(res.body.id);
    expect(received.headers['list-unsubscribe']).toBeUndefined();
    expect(received.html).toContain('Hello Jo, code WELCOME-TEST.');
    expect(received.html).toContain('href="https://shop.example/menu"');
    expect(received.html).not.toMatch(/\/t\/[oc]\//);
    expect(await count(`SELECT count(*)::int AS n FROM message WHERE business_id = $1`, [businessId])).toBe(messages);
    expect(await count(`SELECT count(*)::int AS n FROM enrollment WHERE business_id = $1`, [businessId])).toBe(enrollments);
    expect(await h.db.query(`SELECT status, channel, to_address, step_id FROM campaign_test_send WHERE id = $1`, [res.body.id]))
      .toEqual([{ status: 'sent', channel: 'email', to_address: 'marketing@example.com', step_id: 'hello' }]);
  });

  it('sends an SMS step through the Twilio stand-in with the sample customer: [TEST] first, STOP text last', async () => {
    const res = await test({ stepId: 'text', to: '+1 312 555 0199' });
    expectStatus(res, 201);
    expect(res.body).toMatchObject({ channel: 'sms', to: '+13125550199', customerId: null, status: 'sent', subject: null });
    const [sms] = smsTo('+13125550199');
    expect(sms.body).toBe('[TEST] Elm Street Bakery: hi Jamie!\nReply STOP to opt out.');
    expect(sms.from).toBe(DEFAULT_SMS_FROM);
    expect(res.body).toMatchObject({ body: sms.body, providerId: sms.sid });
  });

  it('leaves report figures, the frequency cap and attribution as they were', async () => {
    await owner.post('/v1/events', { type: 'joined', customer: { id: jo } });
    await runWorker();
    expect(mailTo('jo@example.com')).toHaveLength(1);
    // Twelve hours later (21:00 in Chicago: tests ignore quiet hours, they go to the marketer), two tests rendered for Jo.
    h.clock.advance(12 * HOUR);
    const from = '?from=2026-03-01T00:00:00Z&to=2026-03-10T00:00:00Z';
    const reports = async () => [(await owner.get(`/v1/reports/campaigns/${campaignId}`)).body, (await owner.get(`/v1/reports/overview${from}`)).body];
    const before = await reports();
    expect(before[0].funnel[0]).toMatchObject({ level: 'campaign', sent: 1 });
    for (const [stepId, to] of [['hello', 'me@example.com'], ['text', '+13125550199']]) {
      expectStatus(await test({ stepId, to, customerId: jo }), 201);
    }
    expect(await reports()).toEqual(before);
    // Jo's cap is one message a day. At +24 h the real email has left the day; the tests of +12 h would hold the SMS if they counted.
    h.clock.advance(12 * HOUR);
    await runWorker();
    expect(smsTo('+13125550101')).toHaveLength(1);
    // Sent, not held (the stand-in may already have reported it delivered).
    expect(await h.db.query(`SELECT status IN ('sent', 'delivered') AS sent, held_reason FROM message WHERE business_id = $1 AND step_id = 'text'`, [businessId]))
      .toEqual([{ sent: true, held_reason: null }]);
    // A coupon or a click from a test can never be attributed: no message carries a TEST coupon or the test's id.
    expect(await count(`SELECT count(*)::int AS n FROM message WHERE business_id = $1 AND (coupon_code LIKE '%-TEST' OR id IN (SELECT id FROM campaign_test_send))`, [businessId])).toBe(0);
    h.clock.set(START);
  });

  it('reports a provider refusal as the result (status failed with its code), suppressing nothing', async () => {
    h.smtp.setRecipientRejection('bounce@example.com', 550, 'No such user');
    h.twilio.failNumber('+13125550198', { status: 400, code: 21211, message: "The 'To' number is not a valid phone number." });
    try {
      const mail = await test({ stepId: 'hello', to: 'bounce@example.com' });
      expectStatus(mail, 201);
      expect(mail.body).toMatchObject({ status: 'failed', errorCode: '550', providerId: null, sentAt: null });
      const sms = await test({ stepId: 'text', to: '+13125550198' });
      expect(sms.body).toMatchObject({ status: 'failed', errorCode: '21211' });
      expect(await count(`SELECT count(*)::int AS n FROM suppression WHERE business_id = $1`, [businessId])).toBe(0);
    } finally {
      h.smtp.clearRecipientRejections();
      h.twilio.clearFailures();
    }
  });

  it('names the field of every bad request', async () => {
    expectError(await test({ stepId: 'wait', to: 'me@example.com' }), 422, ['stepId']);
    expectError(await test({ stepId: 'nope', to: 'me@example.com' }), 422, ['stepId']);
    expectError(await test({ stepId: 'text', to: 'me@example.com' }), 422, ['to']);
    expectError(await test({ stepId: 'hello', to: '+13125550199' }), 422, ['to']);
    expectError(await test({ stepId: 'hello', to: 'me@example.com', customerId: '5e7a1c2d-0000-4000-8000-0000000000ff' }), 422, ['customerId']);
    expectError(await test({ stepId: 'hello' }), 400, ['to']);
    expectError(await test({ stepId: 'hello', to: 'me@example.com', channel: 'email' }), 400, ['channel']);
    expectError(await test({ stepId: 'hello', to: 'me@example.com', customerId: 'jo' }), 400, ['customerId']);
    expectError(await test({ stepId: 'hello', to: 'me@example.com' }, owner, 'not-a-uuid'), 400, ['id']);
    expectError(await test({ stepId: 'hello', to: 'me@example.com' }, owner, '5e7a1c2d-0000-4000-8000-0000000000ff'), 404);
  });

  it('never sends to an address on the suppression list (409 naming to)', async () => {
    await h.db.query(`INSERT INTO suppression (business_id, channel, address, reason) VALUES ($1, 'email', 'gone@example.com', 'bad_address')`, [businessId]);
    const res = await test({ stepId: 'hello', to: 'Gone@example.com' });
    expectError(res, 409, ['to']);
    expect(res.body.code).toBe('TEST_RECIPIENT_SUPPRESSED');
    expect(mailTo('gone@example.com')).toEqual([]);
  });

  it('is for owners and marketers of the campaign\'s business', async () => {
    const analyst = clientFor(h.api, (await seedKey(h.api, businessId, 'analyst')).apiKey);
    const marketer = clientFor(h.api, (await seedKey(h.api, businessId, 'marketer')).apiKey);
    expectError(await test({ stepId: 'hello', to: 'me@example.com' }, analyst), 403);
    expectStatus(await test({ stepId: 'hello', to: 'me@example.com' }, marketer), 201);
    const other = await signUpBusiness(h.api);
    expectError(await test({ stepId: 'hello', to: 'me@example.com' }, clientFor(h.api, other.apiKey)), 404);
    const theirCustomer = (await clientFor(h.api, other.apiKey).post('/v1/customers', { email: 'theirs@example.com' })).body.id;
    expectError(await test({ stepId: 'hello', to: 'me@example.com', customerId: theirCustomer }), 422, ['customerId']);
  });

  it('allows 20 a rolling hour per business: the 21st is 429 with Retry-After until the first leaves the hour', async () => {
    const { apiKey } = await signUpBusiness(h.api);
    const mine = clientFor(h.api, apiKey);
    const template = (await mine.post('/v1/templates', { name: 'T', channel: 'email', subject: 'S', html: '<p>x</p>' })).body.id;
    const id = (await mine.post('/v1/campaigns', { name: 'C', trigger: { type: 'customer_created' }, steps: [{ id: 'm', type: 'email', templateId: template }] })).body.id;
    for (let i = 0; i < 20; i++) {
      const res = await test({ stepId: 'm', to: `limit${i}@example.com` }, mine, id);
      expect({ i, status: res.status, remaining: res.body.remaining }).toEqual({ i, status: 201, remaining: 19 - i });
      h.clock.advance(60_000);
    }
    // The first was at START; now is START + 20 min: it leaves the hour in 40 min.
    const refused = await test({ stepId: 'm', to: 'limit20@example.com' }, mine, id);
    expectError(refused, 429, ['campaign']);
    expect(refused.body.code).toBe('TEST_SEND_RATE_LIMITED');
    expect(refused.headers['retry-after']).toBe(String(40 * 60));
    // Another business is not limited by this one.
    expectStatus(await test({ stepId: 'hello', to: 'me@example.com' }), 201);
    h.clock.advance(40 * 60_000);
    expectStatus(await test({ stepId: 'm', to: 'limit20@example.com' }, mine, id), 201);
    expect(mailTo('limit20@example.com')).toHaveLength(1);
    h.clock.set(START);
  });

  it('documents the key in the bearer header like every /v1 route', async () => {
    expectError(await h.api.http().post(`/v1/campaigns/${campaignId}/test`).send({ stepId: 'hello', to: 'me@example.com' }), 401);
    expectError(await h.api.http().post(`/v1/campaigns/${campaignId}/test`).set(bearer('lr_nope')).send({ stepId: 'hello', to: 'me@example.com' }), 401);
  });
});
