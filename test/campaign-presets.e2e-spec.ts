import { CLOCK, type Clock } from '../libs/core/src';
import { JourneyService, ScheduledTriggerService, TriggerService } from '../libs/campaigns/src';
import { SegmentService } from '../libs/segmentation/src';
import { bearer, signUpBusiness } from './support/api-harness';
import { expectStatus } from './support/e2e-helpers';
import { startDeliveryHarness, type DeliveryHarness } from './support/delivery-harness';

/**
 * Every preset through its whole path, over HTTP, with the real loopback SMTP
 * server (mails parsed) and the Twilio stand-in through the twilio SDK, on
 * one controllable clock shared by the API, the journey passes and delivery.
 */
describe('campaign presets end to end', () => {
  let h: DeliveryHarness;
  let key: string;
  const HOUR = 3_600_000;
  const DAY = 24 * HOUR;

  beforeAll(async () => {
    // Monday 2026-03-02 15:00Z = 09:00 in Chicago.
    h = await startDeliveryHarness('2026-03-02T15:00:00Z');
    const apiClock = h.api.app.get<Clock>(CLOCK);
    apiClock.now = () => h.clock.now();
  });
  // Each preset runs in its own business, so one campaign never sees another's customers.
  beforeEach(async () => {
    ({ apiKey: key } = await signUpBusiness(h.api, { name: 'Elm Street Bakery' }));
  });
  afterAll(() => h.close());

  const post = (path: string, body: unknown) => h.api.http().post(path).set(bearer(key)).send(body as object);

  /** One worker round on the shared clock: triggers, journeys, sends, until nothing moves. */
  async function runWorker(): Promise<void> {
    for (let round = 0; round < 10; round++) {
      const moved = (await h.api.app.get(TriggerService).drainInbox(500)) + (await h.api.app.get(JourneyService).runDue(500))
        + (await h.api.app.get(ScheduledTriggerService).runScans()) + (await h.delivery.runOnce(500)).claimed;
      if (moved === 0) return;
    }
  }

  async function advance(ms: number, stepMs = HOUR): Promise<void> {
    for (let done = 0; done < ms; done += stepMs) {
      h.clock.advance(Math.min(stepMs, ms - done));
      await runWorker();
    }
  }

  const mailsTo = (email: string) => h.smtp.messages.filter((m) => m.envelopeTo.includes(email));
  const smsTo = (phone: string) => h.twilio.messages.filter((m) => m.to === phone);

  async function fromPreset(preset: string, params?: Record<string, unknown>): Promise<string> {
    const created = await post('/v1/campaigns/from-preset', params ? { preset, params } : { preset });
    expectStatus(created, 201);
    expectStatus(await post(`/v1/campaigns/${created.body.id}/activate`, {}), 200);
    return created.body.id;
  }

  it('welcome series: three emails over seven days with tracked links, unsubscribe headers and a coupon', async () => {
    await fromPreset('welcome_series');
    await post('/v1/customers', { email: 'ada@example.com', firstName: 'Ada' });
    await runWorker();
    expect(mailsTo('ada@example.com')).toHaveLength(1);
    const [first] = mailsTo('ada@example.com');
    expect(first.subject).toBe('Welcome to Elm Street Bakery, Ada!');
    expect(first.headers['list-unsubscribe']).toMatch(/^<http:\/\/127\.0\.0\.1:\d+\/u\/[\w-]+>$/);
    expect(first.headers['list-unsubscribe-post']).toBe('List-Unsubscribe=One-Click');
    expect(first.html).toMatch(/\/t\/o\/[\w-]+/);
    expect(first.text).toContain('Ada');
    await advance(3 * DAY);
    expect(mailsTo('ada@example.com')).toHaveLength(2);
    await advance(4 * DAY);
    const mails = mailsTo('ada@example.com');
    expect(mails).toHaveLength(3);
    expect(mails[2].text).toMatch(/WELCOME-[0-9A-Z]{8}/);
    await advance(7 * DAY, DAY);
    expect(mailsTo('ada@example.com')).toHaveLength(3);
  });

  it('abandoned cart: email after an hour; the SMS a day later waits out quiet hours; an order exits', async () => {
    await post('/v1/customers', { email: 'late@example.com', phone: '+13125550161', consent: { sms: { status: 'granted' } } });
    await post('/v1/customers', { email: 'buyer@example.com', phone: '+13125550162', consent: { sms: { status: 'granted' } } });
    await fromPreset('abandoned_cart');
    // 20:30 in Chicago (CDT since Mar 8, UTC−5) = 01:30Z.
    h.clock.set('2026-03-20T01:30:00Z');
    await post('/v1/events', { events: [
      { type: 'cart_abandoned', customer: { email: 'late@example.com' }, properties: { value: 42 } },
      { type: 'cart_abandoned', customer: { email: 'buyer@example.com' }, properties: { value: 18 } },
    ] });
    await runWorker();
    await advance(HOUR, 15 * 60_000);
    expect(mailsTo('late@example.com')).toHaveLength(1);
    expect(mailsTo('buyer@example.com')).toHaveLength(1);
    await post('/v1/orders', { externalId: 'cart-1', customer: { email: 'buyer@example.com' }, total: 18, currency: 'USD', channel: 'online', occurredAt: h.clock.now().toISOString() });
    // A day later it is 21:30 in Chicago: outside the SMS window (08:00–21:00), so the SMS is held.
    await advance(DAY);
    expect(smsTo('+13125550161')).toHaveLength(0);
    const [held] = await h.db.query(`SELECT status, held_reason, next_attempt_at FROM message WHERE channel = 'sms' AND status = 'held'`);
    expect(held).toMatchObject({ status: 'held', held_reason: 'quiet_hours' });
    // The window opens at 08:00 CDT on Mar 21 = 13:00Z.
    expect(held.next_attempt_at).toEqual(new Date('2026-03-21T13:00:00Z'));
    await advance(12 * HOUR);
    const sms = smsTo('+13125550161');
    expect(sms).toHaveLength(1);
    expect(sms[0].body).toMatch(/Reply STOP to opt out\.$/);
    expect(smsTo('+13125550162')).toHaveLength(0);
  });

  it('birthday offer: seven days ahead at 10:00 local with a unique coupon', async () => {
    h.clock.set('2026-05-01T12:00:00Z');
    await post('/v1/customers', { email: 'bday@example.com', firstName: 'Bea', birthday: '1991-05-20', timezone: 'America/New_York' });
    await fromPreset('birthday_offer');
    await advance(12 * DAY);
    expect(mailsTo('bday@example.com')).toHaveLength(0);
    await advance(DAY);
    const mails = mailsTo('bday@example.com');
    expect(mails).toHaveLength(1);
    // May 13, 10:00 EDT = 14:00Z; the hourly steps land exactly on it.
    expect(mails[0].receivedAt.getTime()).toBeGreaterThanOrEqual(new Date('2026-05-13T14:00:00Z').getTime() - 60_000);
    expect(mails[0].text).toMatch(/BDAY-[0-9A-Z]{8}/);
    await advance(30 * DAY, DAY);
    expect(mailsTo('bday@example.com')).toHaveLength(1);
    // About 320 worker passes (twelve days hour by hour): 6 s alone, 18 s with the machine busy.
  }, 90_000);

  it('nearby offer: SMS on entering the fence while the store is open, once per seven days', async () => {
    const store = await post('/v1/locations', {
      name: 'Elm Street', lat: 41.8781, lng: -87.6298,
      openingHours: { mon: [['07:00', '19:00']], tue: [['07:00', '19:00']], wed: [['07:00', '19:00']], thu: [['07:00', '19:00']], fri: [['07:00', '19:00']], sat: [['08:00', '14:00']] },
    });
    expectStatus(store, 201);
    // A short fence cooldown, so the campaign's own 7-day re-entry rule is what stops the second SMS.
    const fence = await post('/v1/geofences', { name: 'Elm Street 200 m', storeId: store.body.id, center: { lat: 41.8781, lng: -87.6298 }, radiusMeters: 200, cooldownSeconds: 60 });
    expectStatus(fence, 201);
    const phone = '+13125550177';
    const walker = (await post('/v1/customers', { phone, firstName: 'Wes', consent: { sms: { status: 'granted' }, location: { status: 'granted' } } })).body.id;
    await fromPreset('nearby_offer', { geofenceId: fence.body.id });
    const ping = async (inside: boolean) => {
      expectStatus(await post('/v1/location-pings', { customer: { id: walker }, lat: inside ? 41.8781 : 41.9, lng: -87.6298, accuracy: 10, occurredAt: h.clock.now().toISOString() }), 202);
      await runWorker();
    };
    h.clock.set('2026-06-01T16:00:00Z'); // Monday 11:00 in Chicago: open
    await ping(true);
    const sms = smsTo(phone);
    expect(sms).toHaveLength(1);
    expect(sms[0].body).toContain('Elm Street');
    await advance(HOUR);
    await ping(false);
    await advance(HOUR);
    await ping(true); // within the 7-day cooldown: nothing
    expect(smsTo(phone)).toHaveLength(1);
    h.clock.set('2026-06-10T03:00:00Z'); // Tuesday 22:00: closed
    await ping(false);
    await ping(true);
    expect(smsTo(phone)).toHaveLength(1);
  });

  it('win-back: a customer whose last order is 60 days old gets one email', async () => {
    h.clock.set('2026-07-01T15:00:00Z');
    const c = (await post('/v1/customers', { email: 'regular@example.com', firstName: 'Rae' })).body.id;
    await post('/v1/orders', { externalId: 'wb-1', customer: { id: c }, total: 25, currency: 'USD', channel: 'in_store', occurredAt: h.clock.now().toISOString() });
    await fromPreset('win_back');
    const segments = h.api.app.get(SegmentService);
    await segments.refreshDue(0, 50);
    await advance(59 * DAY, DAY);
    await segments.refreshDue(0, 50);
    await runWorker();
    expect(mailsTo('regular@example.com')).toHaveLength(0);
    await advance(2 * DAY, DAY);
    await segments.refreshDue(0, 50);
    await runWorker();
    const mails = mailsTo('regular@example.com');
    expect(mails).toHaveLength(1);
    expect(mails[0].text).toMatch(/COMEBACK-[0-9A-Z]{8}/);
  });
});
