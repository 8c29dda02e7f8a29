import { EngagementRecorder } from '../libs/analytics/src';
import { JourneyService, TriggerService } from '../libs/campaigns/src';
import { CLOCK, type Clock } from '../libs/core/src';
import { signUpBusiness } from './support/api-harness';
import { clientFor, expectError, expectStatus, seedKey, type Client } from './support/e2e-helpers';
import { startDeliveryHarness, type DeliveryHarness } from './support/delivery-harness';

// Monday 2026-03-02, 09:00 in Chicago.
const T0 = Date.parse('2026-03-02T15:00:00Z');
const HOUR = 3_600_000;
const at = (hours: number) => new Date(T0 + hours * HOUR).toISOString();
const CHROME = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36';
const BUSINESS_NUMBER = '+13126660001';

type Step = [stepId: string, outcome: string, reason: string | null, until?: string];
interface Journey { campaign: { name: string }; state: string; endReason: string | null; holdout: boolean; outcome: string; reason: string | null; nextRunAt: string | null; steps: { stepId: string; outcome: string; reason: string | null; until: string | null; message: Record<string, unknown> | null }[] }

/**
 * "Why did or didn't they get it", from real journeys: customers go through
 * the journey pass, the real SMTP server and Twilio stand-in, click, order,
 * text STOP; then GET /v1/customers/:id/journeys and
 * GET /v1/campaigns/:id/recipients must tell each one's story with the right
 * outcome and reason code.
 *
 * Cart: wait-1h → check (tag vip? yes → done) → mail → wait-1d → text → done; goal: an order within 7 days.
 * The business caps messages at one a day.
 */
describe('why did or didn\'t they get it', () => {
  let h: DeliveryHarness;
  let owner: Client;
  let businessId: string;
  let cart: string;
  const c: Record<string, string> = {};

  async function runWorker(): Promise<void> {
    for (let round = 0; round < 10; round++) {
      const moved = (await h.api.app.get(TriggerService).drainInbox(500)) + (await h.api.app.get(JourneyService).runDue(500)) + (await h.delivery.runOnce(500)).claimed;
      if (moved === 0) return;
    }
  }
  const setTime = (hours: number) => h.clock.set(at(hours));
  const journeys = async (name: string, client = owner): Promise<Journey[]> => {
    const res = await client.get(`/v1/customers/${c[name]}/journeys`);
    expectStatus(res, 200);
    return res.body.items;
  };
  const brief = (j: Journey): Step[] => j.steps.map((s) => (s.until ? [s.stepId, s.outcome, s.reason, s.until] : [s.stepId, s.outcome, s.reason]));
  const mailOf = (email: string) => h.smtp.messages.find((m) => m.envelopeTo.includes(email))!;

  async function activeCampaign(body: Record<string, unknown>): Promise<string> {
    const res = await owner.post('/v1/campaigns', body);
    expectStatus(res, 201);
    expectStatus(await owner.post(`/v1/campaigns/${res.body.id}/activate`, {}), 200);
    return res.body.id;
  }

  beforeAll(async () => {
    h = await startDeliveryHarness(at(0));
    h.api.app.get<Clock>(CLOCK).now = () => h.clock.now();
    const signed = await signUpBusiness(h.api, { name: 'Elm Street Bakery' });
    businessId = signed.businessId;
    owner = clientFor(h.api, signed.apiKey);
    expectStatus(await owner.patch('/v1/settings', { frequencyCap: { perDay: 1, perWeek: null }, sender: { sms: { from: BUSINESS_NUMBER } } }), 200);
    const customer = async (name: string, body: Record<string, unknown>) => {
      const res = await owner.post('/v1/customers', { firstName: name, ...body });
      expectStatus(res, 201);
      c[name] = res.body.id;
    };
    const granted = { sms: { status: 'granted' } };
    let n = 0;
    const phone = () => `+1312555${String(2000 + (n += 1))}`;
    for (const name of ['vip', 'buyer0', 'buyer', 'clicker', 'opener', 'stopper', 'capped', 'badphone', 'carrierfail']) await customer(name, { email: `${name}@example.com`, phone: phone(), consent: granted });
    await customer('tokyo', { email: 'tokyo@example.com', phone: phone(), consent: granted, timezone: 'Asia/Tokyo' });
    await customer('noconsent', { email: 'noconsent@example.com', phone: phone(), consent: { email: { status: 'denied' }, sms: { status: 'denied' } } });
    await customer('bounce', { email: 'bounce@example.com' });
    await customer('nophone', { email: 'nophone@example.com' });
    await customer('suppressed', { email: 'suppressed@example.com', phone: '+13125559999', consent: granted });
    await h.db.query(
      `INSERT INTO suppression (business_id, channel, address, reason) VALUES ($1, 'email', 'suppressed@example.com', 'bad_address'), ($1, 'sms', '+13125559999', 'carrier_stop')`,
      [businessId],
    );
    const mail = (await owner.post('/v1/templates', { name: 'Cart', channel: 'email', subject: 'Your cart', html: '<p>Still thinking? <a href="https://shop.example/cart">Back to your cart</a></p>' })).body.id;
    const text = (await owner.post('/v1/templates', { name: 'Cart SMS', channel: 'sms', body: 'Your cart is waiting' })).body.id;
    const news = await activeCampaign({ name: 'News', trigger: { type: 'event', eventType: 'news' }, steps: [{ id: 'news', type: 'email', templateId: mail }] });
    cart = await activeCampaign({
      name: 'Cart',
      trigger: { type: 'event', eventType: 'cart' },
      steps: [
        { id: 'wait-1h', type: 'wait', duration: 'PT1H', next: 'check' },
        { id: 'check', type: 'branch', condition: { type: 'tag', tag: 'vip', present: true }, yes: 'done', no: 'mail' },
        { id: 'mail', type: 'email', templateId: mail, next: 'wait-1d' },
        { id: 'wait-1d', type: 'wait', duration: 'P1D', next: 'text' },
        { id: 'text', type: 'sms', templateId: text, next: 'done' },
        { id: 'done', type: 'exit' },
      ],
      goal: { type: 'order', within: 'P7D' },
    });
    expect(news).toBeDefined();
    h.smtp.setRecipientRejection('bounce@example.com', 550, 'No such user');
    h.twilio.failNumber(await phoneOf('badphone'), { status: 400, code: 21211, message: "The 'To' number is not a valid phone number." });
    h.twilio.setDeliveryOutcome(await phoneOf('carrierfail'), 'undelivered', 30003);

    // A minute before T0 capped gets the news (its one message of the day); at T0 everyone starts the cart journey.
    setTime(-1 / 60);
    expectStatus(await owner.post('/v1/events', { type: 'news', customer: { id: c.capped } }), 202);
    await runWorker();
    setTime(0);
    const cartNames = ['vip', 'buyer0', 'buyer', 'clicker', 'opener', 'stopper', 'capped', 'badphone', 'carrierfail', 'tokyo', 'noconsent', 'bounce', 'nophone', 'suppressed'];
    expectStatus(await owner.post('/v1/events', { events: cartNames.map((name) => ({ type: 'cart', customer: { id: c[name] } })) }), 202);
    await runWorker();
    // Within the hour: vip is tagged, buyer0 orders.
    setTime(0.5);
    expectStatus(await owner.patch(`/v1/customers/${c.vip}`, { tags: ['vip'] }), 200);
    expectStatus(await owner.post('/v1/orders', { externalId: 'o-0', customer: { id: c.buyer0 }, total: 20, currency: 'USD', channel: 'online', occurredAt: at(0.5) }), 201);
    setTime(1);
    await runWorker();
    // T0+3h: clicker opens and clicks, opener only opens; buyer orders; stopper texts STOP.
    setTime(3);
    expect((await h.api.http().get(/\/t\/o\/[\w-]+/.exec(String(mailOf('opener@example.com').html))![0]).set('User-Agent', CHROME)).status).toBe(200);
    const clickerMail = String(mailOf('clicker@example.com').html);
    expect((await h.api.http().get(/\/t\/o\/[\w-]+/.exec(clickerMail)![0]).set('User-Agent', CHROME)).status).toBe(200);
    expect((await h.api.http().get(/\/t\/c\/[\w-]+/.exec(clickerMail)![0]).set('User-Agent', CHROME).redirects(0)).status).toBe(302);
    await h.api.app.get(EngagementRecorder).flush();
    expectStatus(await owner.post('/v1/orders', { externalId: 'o-1', customer: { id: c.buyer }, total: 30, currency: 'USD', channel: 'in_store', occurredAt: at(3) }), 201);
    expect((await h.twilio.sendInbound({ from: await phoneOf('stopper'), to: BUSINESS_NUMBER, body: 'STOP', url: `${h.config.publicBaseUrl}/webhooks/twilio/inbound` })).status).toBe(200);
    // T0+25h: the SMS step.
    setTime(25);
    await runWorker();
    await reported(c.clicker);
    await reported(c.carrierfail);
    await reported(c.opener);
  });
  afterAll(() => h.close());

  async function phoneOf(name: string): Promise<string> {
    return (await h.db.query<{ phone: string }[]>(`SELECT phone FROM customer WHERE id = $1`, [c[name]]))[0].phone;
  }
  /** The stand-in reports delivery (or not) a few ms after accepting. */
  async function reported(customerId: string): Promise<void> {
    for (let i = 0; i < 100; i++) {
      const rows = await h.db.query(`SELECT 1 FROM message WHERE customer_id = $1 AND channel = 'sms' AND status IN ('delivered', 'undelivered')`, [customerId]);
      if (rows.length > 0) return;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    throw new Error('the stand-in never reported on the SMS');
  }

  const SENT_MAIL: Step[] = [['wait-1h', 'waited', null, at(1)], ['check', 'branched', 'branch_taken:no'], ['mail', 'sent', null], ['wait-1d', 'waited', null, at(25)]];
  const SCENARIOS: [name: string, headline: [string, string | null], state: string, steps: Step[]][] = [
    ['vip', ['skipped', 'branch_taken:yes'], 'exited', [['wait-1h', 'waited', null, at(1)], ['check', 'branched', 'branch_taken:yes'], ['done', 'exited', null]]],
    ['buyer0', ['skipped', 'goal_reached'], 'converted', [['wait-1h', 'waited', null, at(1)], ['check', 'skipped', 'goal_reached']]],
    ['buyer', ['sent', null], 'converted', [...SENT_MAIL, ['text', 'skipped', 'goal_reached']]],
    ['clicker', ['clicked', null], 'exited', [['wait-1h', 'waited', null, at(1)], ['check', 'branched', 'branch_taken:no'], ['mail', 'clicked', null], ['wait-1d', 'waited', null, at(25)], ['text', 'delivered', null], ['done', 'exited', null]]],
    ['opener', ['opened', null], 'exited', [['wait-1h', 'waited', null, at(1)], ['check', 'branched', 'branch_taken:no'], ['mail', 'opened', null], ['wait-1d', 'waited', null, at(25)], ['text', 'delivered', null], ['done', 'exited', null]]],
    ['stopper', ['sent', null], 'exited', [...SENT_MAIL, ['text', 'skipped', 'unsubscribed'], ['done', 'exited', null]]],
    // The mail was held by the cap (the news a minute before T0) for a day and went at the journey's next run; the SMS then meets the cap again.
    ['capped', ['sent', null], 'exited', [...SENT_MAIL, ['text', 'held', 'frequency_cap', at(49)], ['done', 'exited', null]]],
    ['badphone', ['sent', null], 'exited', [...SENT_MAIL, ['text', 'failed', '21211'], ['done', 'exited', null]]],
    // Accepted by Twilio, then the carrier could not deliver it (status callback).
    ['carrierfail', ['sent', null], 'exited', [...SENT_MAIL, ['text', 'failed', '30003'], ['done', 'exited', null]]],
    // 16:00Z is 01:00 in Tokyo: held until 08:00 there (23:00Z).
    ['tokyo', ['sent', null], 'exited', [...SENT_MAIL, ['text', 'held', 'quiet_hours', at(32)], ['done', 'exited', null]]],
    ['noconsent', ['skipped', 'no_consent'], 'exited', [['wait-1h', 'waited', null, at(1)], ['check', 'branched', 'branch_taken:no'], ['mail', 'skipped', 'no_consent'], ['wait-1d', 'waited', null, at(25)], ['text', 'skipped', 'no_consent'], ['done', 'exited', null]]],
    ['bounce', ['failed', '550'], 'exited', [['wait-1h', 'waited', null, at(1)], ['check', 'branched', 'branch_taken:no'], ['mail', 'failed', '550'], ['wait-1d', 'waited', null, at(25)], ['text', 'skipped', 'no_address'], ['done', 'exited', null]]],
    ['nophone', ['sent', null], 'exited', [...SENT_MAIL, ['text', 'skipped', 'no_address'], ['done', 'exited', null]]],
    ['suppressed', ['skipped', 'suppressed'], 'exited', [['wait-1h', 'waited', null, at(1)], ['check', 'branched', 'branch_taken:no'], ['mail', 'skipped', 'suppressed'], ['wait-1d', 'waited', null, at(25)], ['text', 'skipped', 'suppressed'], ['done', 'exited', null]]],
  ];

  it.each(SCENARIOS)('%s: headline %j, every step with its outcome and reason', async (name, [outcome, reason], state, steps) => {
    const [journey] = (await journeys(name)).filter((j) => j.campaign.name === 'Cart');
    expect({ name, outcome: journey.outcome, reason: journey.reason, state: journey.state }).toEqual({ name, outcome, reason, state });
    expect(brief(journey)).toEqual(steps);
  });

  it('messages carry what was sent, when, and what happened to them', async () => {
    const [clicker] = await journeys('clicker');
    const mail = clicker.steps.find((s) => s.stepId === 'mail')!.message!;
    expect(mail).toMatchObject({ channel: 'email', status: 'sent', to: 'clicker@example.com', subject: 'Your cart', sentAt: at(1), openedAt: at(3), clickedAt: at(3) });
    expect(clicker.steps.find((s) => s.stepId === 'text')!.message).toMatchObject({ channel: 'sms', status: 'delivered', sentAt: at(25) });
    const [capped] = (await journeys('capped')).filter((j) => j.campaign.name === 'Cart');
    // Held once by the cap, then sent when the hold ended.
    expect(capped.steps.find((s) => s.stepId === 'mail')!.message).toMatchObject({ status: 'sent', heldReason: 'frequency_cap', sentAt: at(25) });
    const [bounce] = await journeys('bounce');
    expect(bounce.steps.find((s) => s.stepId === 'mail')!.message).toMatchObject({ status: 'failed', errorCode: '550', sentAt: null });
  });

  it('recipients by outcome, reason and state, paged in enrolment order', async () => {
    const names = new Map(Object.entries(c).map(([name, id]) => [id, name]));
    const list = async (query: string) => {
      const res = await owner.get(`/v1/campaigns/${cart}/recipients${query}`);
      expectStatus(res, 200);
      return (res.body.items as { customer: { id: string }; outcome: string; reason: string | null }[]).map((r) => `${names.get(r.customer.id)}:${r.outcome}:${r.reason}`).sort();
    };
    expect(await list('?outcome=skipped')).toEqual(['buyer0:skipped:goal_reached', 'noconsent:skipped:no_consent', 'suppressed:skipped:suppressed', 'vip:skipped:branch_taken:yes']);
    expect(await list('?outcome=failed')).toEqual(['bounce:failed:550']);
    expect(await list('?outcome=clicked')).toEqual(['clicker:clicked:null']);
    expect(await list('?reason=branch_taken:yes')).toEqual(['vip:skipped:branch_taken:yes']);
    expect(await list('?state=converted')).toEqual(['buyer0:skipped:goal_reached', 'buyer:sent:null']);
    expect(await list('?outcome=sent')).toEqual(['badphone:sent:null', 'buyer:sent:null', 'capped:sent:null', 'carrierfail:sent:null', 'nophone:sent:null', 'stopper:sent:null', 'tokyo:sent:null']);
    expect(await list('?outcome=opened')).toEqual(['opener:opened:null']);
    expect(await list('?outcome=pending')).toEqual([]);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res = await owner.get(`/v1/campaigns/${cart}/recipients?limit=5${cursor ? `&cursor=${cursor}` : ''}`);
      expectStatus(res, 200);
      expect(res.body.items.length).toBeLessThanOrEqual(5);
      seen.push(...res.body.items.map((r: { enrollmentId: string }) => r.enrollmentId));
      cursor = res.body.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(14);
    expect(new Set(seen).size).toBe(14);
    expectError(await owner.get(`/v1/campaigns/${cart}/recipients?outcome=maybe`), 400, ['outcome']);
    expectError(await owner.get(`/v1/campaigns/${cart}/recipients?cursor=xyz`), 422, ['cursor']);
  });

  it('holdout and the A/B split: the control group walks the journey, its message steps skipped (holdout)', async () => {
    const mail = (await owner.post('/v1/templates', { name: 'Promo', channel: 'email', subject: 'Promo', html: '<p>Promo</p>' })).body.id;
    const promo = await activeCampaign({
      name: 'Promo',
      trigger: { type: 'event', eventType: 'promo' },
      steps: [
        { id: 'tag', type: 'update', tags: { add: ['promo'] }, next: 'ab' },
        { id: 'ab', type: 'split', branches: [{ name: 'A', weight: 1, next: 'mail-a' }, { name: 'B', weight: 1, next: 'mail-b' }] },
        { id: 'mail-a', type: 'email', templateId: mail },
        { id: 'mail-b', type: 'email', templateId: mail },
      ],
      holdoutPercent: 50,
    });
    setTime(100);
    const ids: string[] = [];
    for (let i = 0; i < 12; i++) ids.push((await owner.post('/v1/customers', { email: `promo${i}@example.com` })).body.id);
    await owner.post('/v1/events', { events: ids.map((id) => ({ type: 'promo', customer: { id } })) });
    await runWorker();
    const rows = (await owner.get(`/v1/campaigns/${promo}/recipients?limit=50`)).body.items as { customer: { id: string }; holdout: boolean; variant: string; outcome: string; reason: string | null }[];
    // 12 fair coin flips all alike: 2^-11.
    expect(new Set(rows.map((r) => r.holdout))).toEqual(new Set([true, false]));
    for (const r of rows) {
      expect({ outcome: r.outcome, reason: r.reason }).toEqual(r.holdout ? { outcome: 'skipped', reason: 'holdout' } : { outcome: 'sent', reason: null });
      c[`promo:${r.customer.id}`] = r.customer.id;
      const [journey] = await journeys(`promo:${r.customer.id}`);
      const mailStep = `mail-${r.variant.toLowerCase()}`;
      expect(brief(journey)).toEqual([['tag', 'updated', null], ['ab', 'split', `variant:${r.variant}`], [mailStep, r.holdout ? 'skipped' : 'sent', r.holdout ? 'holdout' : null]]);
      expect(journey).toMatchObject({ holdout: r.holdout, state: 'completed', endReason: 'journey_end' });
    }
    expect((await owner.get(`/v1/campaigns/${promo}/recipients?reason=holdout`)).body.items.every((r: { holdout: boolean }) => r.holdout)).toBe(true);
  });

  it('a paused campaign holds its queued message and its waiting enrolment (campaign_paused); resuming sends it', async () => {
    const mail = (await owner.post('/v1/templates', { name: 'P', channel: 'email', subject: 'P', html: '<p>P</p>' })).body.id;
    const id = await activeCampaign({
      name: 'Pausable', trigger: { type: 'event', eventType: 'pz' },
      steps: [{ id: 'first', type: 'email', templateId: mail, next: 'wait' }, { id: 'wait', type: 'wait', duration: 'PT1H', next: 'second' }, { id: 'second', type: 'email', templateId: mail }],
    });
    setTime(200);
    const customer = (await owner.post('/v1/customers', { email: 'pz@example.com' })).body.id;
    c.pz = customer;
    await owner.post('/v1/events', { type: 'pz', customer: { id: customer } });
    await h.api.app.get(TriggerService).drainInbox(500);
    await h.api.app.get(JourneyService).runDue(500);
    expectStatus(await owner.post(`/v1/campaigns/${id}/pause`, {}), 200);
    await runWorker();
    let [journey] = await journeys('pz');
    expect(journey).toMatchObject({ outcome: 'held', reason: 'campaign_paused', state: 'active', nextRunAt: null });
    expect(brief(journey)).toEqual([['first', 'held', 'campaign_paused'], ['wait', 'waiting', null, at(201)]]);
    expect((await owner.get(`/v1/campaigns/${id}/recipients?outcome=held&reason=campaign_paused`)).body.items).toHaveLength(1);
    expectStatus(await owner.post(`/v1/campaigns/${id}/activate`, {}), 200);
    await runWorker();
    [journey] = await journeys('pz');
    expect(journey).toMatchObject({ outcome: 'sent', state: 'active', nextRunAt: at(201) });
    expect(brief(journey)).toEqual([['first', 'sent', null], ['wait', 'waiting', null, at(201)]]);
  });

  it('archiving ends the enrolment: its queued message and the step it waited for are skipped (campaign_archived)', async () => {
    const mail = (await owner.post('/v1/templates', { name: 'A', channel: 'email', subject: 'A', html: '<p>A</p>' })).body.id;
    const id = await activeCampaign({
      name: 'Archivable', trigger: { type: 'event', eventType: 'ar' },
      steps: [{ id: 'first', type: 'email', templateId: mail, next: 'wait' }, { id: 'wait', type: 'wait', duration: 'P1D', next: 'second' }, { id: 'second', type: 'email', templateId: mail }],
    });
    setTime(300);
    c.ar = (await owner.post('/v1/customers', { email: 'ar@example.com' })).body.id;
    await owner.post('/v1/events', { type: 'ar', customer: { id: c.ar } });
    await h.api.app.get(TriggerService).drainInbox(500);
    await h.api.app.get(JourneyService).runDue(500);
    expectStatus(await owner.post(`/v1/campaigns/${id}/archive`, {}), 200);
    const [journey] = await journeys('ar');
    expect(journey).toMatchObject({ outcome: 'skipped', reason: 'campaign_archived', state: 'exited', endReason: 'campaign_archived', nextRunAt: null });
    expect(brief(journey)).toEqual([['first', 'skipped', 'campaign_archived'], ['wait', 'waited', null, at(324)], ['second', 'skipped', 'campaign_archived']]);
  });

  it('a journey that keeps failing gives up after five attempts: failed (journey_error) with the last error', async () => {
    const mail = (await owner.post('/v1/templates', { name: 'F', channel: 'email', subject: 'F', html: '<p>F</p>' })).body.id;
    const id = await activeCampaign({
      name: 'Fragile', trigger: { type: 'event', eventType: 'fragile' },
      steps: [{ id: 'pause', type: 'wait', duration: 'PT1H', next: 'mail' }, { id: 'mail', type: 'email', templateId: mail }],
    });
    setTime(400);
    c.fragile = (await owner.post('/v1/customers', { email: 'fragile@example.com' })).body.id;
    await owner.post('/v1/events', { type: 'fragile', customer: { id: c.fragile } });
    await h.api.app.get(TriggerService).drainInbox(500);
    // Data the API would never accept, as a bad import or a manual fix could leave it: every wait in this zone fails.
    await h.db.query(`UPDATE customer SET timezone = 'Mars/Olympus_Mons' WHERE id = $1`, [c.fragile]);
    for (const minutes of [0, 1, 2, 4, 8]) {
      h.clock.advance(minutes * 60_000);
      expect(await h.api.app.get(JourneyService).runDue(500)).toBe(1);
    }
    const [journey] = await journeys('fragile');
    expect(journey).toMatchObject({ outcome: 'failed', reason: 'journey_error', state: 'failed', endReason: 'error', lastError: 'zone: must be an IANA time zone such as Europe/London' });
    expect(brief(journey)).toEqual([['pause', 'failed', 'journey_error']]);
    expect((await owner.get(`/v1/campaigns/${id}/recipients?outcome=failed`)).body.items).toEqual([expect.objectContaining({ reason: 'journey_error', state: 'failed' })]);
  });

  it('lists a customer\'s enrolments newest first, paged; analysts may read; other businesses and unknown customers are 404', async () => {
    const all = await journeys('capped');
    expect(all.map((j) => j.campaign.name)).toEqual(['Cart', 'News']);
    const first = await owner.get(`/v1/customers/${c.capped}/journeys?limit=1`);
    expect(first.body.items.map((j: Journey) => j.campaign.name)).toEqual(['Cart']);
    const second = await owner.get(`/v1/customers/${c.capped}/journeys?limit=1&cursor=${first.body.nextCursor}`);
    expect(second.body).toMatchObject({ items: [expect.objectContaining({ campaign: expect.objectContaining({ name: 'News' }) })], nextCursor: null });
    const analyst = clientFor(h.api, (await seedKey(h.api, businessId, 'analyst')).apiKey);
    expect((await journeys('clicker', analyst))[0].outcome).toBe('clicked');
    expectStatus(await analyst.get(`/v1/campaigns/${cart}/recipients`), 200);
    const other = clientFor(h.api, (await signUpBusiness(h.api)).apiKey);
    expectError(await other.get(`/v1/customers/${c.clicker}/journeys`), 404);
    expectError(await other.get(`/v1/campaigns/${cart}/recipients`), 404);
    expectError(await owner.get('/v1/customers/5e7a1c2d-0000-4000-8000-0000000000ff/journeys'), 404);
    expectError(await owner.get('/v1/customers/nope/journeys'), 400, ['id']);
  });
});
