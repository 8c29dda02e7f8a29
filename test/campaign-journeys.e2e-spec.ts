import { CLOCK, type Clock } from '../libs/core/src';
import { JourneyService, ScheduledTriggerService, TemplateRepository, TriggerService } from '../libs/campaigns/src';
import { bearer, signUpBusiness, startApi, type ApiHarness } from './support/api-harness';
import { expectError, expectStatus } from './support/e2e-helpers';

/**
 * Journeys as data over a controllable clock: ingest → run the trigger and
 * journey passes → move the clock → assert the queued messages and the
 * enrolment state. Delivery is covered by its own specs; here a queued
 * message row is the observable outcome.
 */
describe('campaign journeys', () => {
  let api: ApiHarness;
  let key: string;
  let businessId: string;
  let clock: Clock;
  let now: Date;

  beforeAll(async () => {
    api = await startApi();
    ({ apiKey: key, businessId } = await signUpBusiness(api));
    clock = api.app.get<Clock>(CLOCK);
  });
  beforeEach(() => {
    now = new Date('2026-03-02T15:00:00Z'); // a Monday, 09:00 in Chicago
    clock.now = () => now;
  });
  afterAll(() => api.close());

  const post = (path: string, body: unknown, k = key) => api.http().post(path).set(bearer(k)).send(body as object);
  const advance = (ms: number) => {
    now = new Date(now.getTime() + ms);
  };
  const HOUR = 3_600_000;
  const DAY = 24 * HOUR;

  /** One worker round: triggers, then journeys until idle. */
  async function runWorker(): Promise<void> {
    for (let i = 0; i < 20 && (await api.app.get(TriggerService).drainInbox(500)) > 0; i++);
    for (let i = 0; i < 20; i++) {
      const n = await api.app.get(JourneyService).runDue(500);
      if (n === 0) break;
    }
  }

  async function template(channel: 'email' | 'sms', name: string): Promise<string> {
    const repo = api.app.get(TemplateRepository);
    const t = channel === 'email'
      ? await repo.insert(api.dataSource, businessId, name, { channel, subject: `${name} for {{customer.firstName}}`, html: '<p>Hello {{customer.firstName}}</p>' })
      : await repo.insert(api.dataSource, businessId, name, { channel, body: `${name}: hi {{customer.firstName}}` });
    return t.id;
  }

  async function messages(campaignId: string): Promise<{ customer_id: string; step_id: string; channel: string; variant: string | null }[]> {
    return api.dataSource.query(`SELECT customer_id, step_id, channel, variant FROM message WHERE campaign_id = $1 ORDER BY created_at, step_seq`, [campaignId]);
  }

  async function enrollment(campaignId: string, customerId: string): Promise<{ state: string; step_id: string | null; end_reason: string | null; next_run_at: Date | null }> {
    const rows = await api.dataSource.query(`SELECT state, step_id, end_reason, next_run_at FROM enrollment WHERE campaign_id = $1 AND customer_id = $2`, [campaignId, customerId]);
    expect(rows).toHaveLength(1);
    return rows[0];
  }

  async function activeCampaign(definition: Record<string, unknown>): Promise<string> {
    const created = await post('/v1/campaigns', definition);
    expectStatus(created, 201);
    expect(created.body).toMatchObject({ status: 'draft', version: 1 });
    expectStatus(await post(`/v1/campaigns/${created.body.id}/activate`, {}), 200);
    return created.body.id;
  }

  it('welcome series: three emails over seven days, each once, in order', async () => {
    const [w1, w2, w3] = [await template('email', 'w1'), await template('email', 'w2'), await template('email', 'w3')];
    const id = await activeCampaign({
      name: 'Welcome',
      trigger: { type: 'customer_created' },
      steps: [
        { id: 'w1', type: 'email', templateId: w1, next: 'wait-3d' },
        { id: 'wait-3d', type: 'wait', duration: 'P3D', next: 'w2' },
        { id: 'w2', type: 'email', templateId: w2, next: 'wait-4d' },
        { id: 'wait-4d', type: 'wait', duration: 'P4D', next: 'w3' },
        { id: 'w3', type: 'email', templateId: w3, offer: { couponPrefix: 'WELCOME', validDays: 14 } },
      ],
    });
    const customer = (await post('/v1/customers', { email: 'new@example.com', firstName: 'Ada' })).body.id;
    const timeline: [number, string[]][] = [
      [0, ['w1']],
      [3 * DAY - HOUR, ['w1']],
      [HOUR, ['w1', 'w2']],
      [4 * DAY, ['w1', 'w2', 'w3']],
      [30 * DAY, ['w1', 'w2', 'w3']],
    ];
    for (const [step, expected] of timeline) {
      advance(step);
      await runWorker();
      await runWorker(); // a second pass changes nothing
      expect((await messages(id)).map((m) => m.step_id)).toEqual(expected);
    }
    expect(await enrollment(id, customer)).toMatchObject({ state: 'completed', end_reason: 'journey_end' });
    const [coupon] = await api.dataSource.query(`SELECT coupon_code FROM message WHERE campaign_id = $1 AND step_id = 'w3'`, [id]);
    expect(coupon.coupon_code).toMatch(/^WELCOME-[0-9A-HJKMNP-TV-Z]{8}$/);
  });

  it('abandoned cart: exits on an order; otherwise email, then SMS a day later', async () => {
    // Customers with phones first: an SMS step needs an audience with phone numbers.
    const phone = (n: number) => `+1312555${String(1000 + n)}`;
    const buyer = (await post('/v1/customers', { email: 'buyer@example.com', phone: phone(1) })).body.id;
    const browser = (await post('/v1/customers', { email: 'browser@example.com', phone: phone(2) })).body.id;
    const small = (await post('/v1/customers', { email: 'small@example.com', phone: phone(3) })).body.id;
    const [email, sms] = [await template('email', 'cart'), await template('sms', 'cart-sms')];
    const ordered = { type: 'orders', metric: 'count', op: 'gte', value: 1, sinceEnrollment: true };
    const id = await activeCampaign({
      name: 'Cart',
      trigger: { type: 'event', eventType: 'cart_abandoned', where: [{ field: 'value', op: 'gte', value: 20 }] },
      steps: [
        { id: 'wait-1h', type: 'wait', duration: 'PT1H', next: 'check-1' },
        { id: 'check-1', type: 'branch', condition: ordered, yes: 'done', no: 'email' },
        { id: 'email', type: 'email', templateId: email, next: 'wait-1d' },
        { id: 'wait-1d', type: 'wait', duration: 'P1D', next: 'check-2' },
        { id: 'check-2', type: 'branch', condition: ordered, yes: 'done', no: 'sms' },
        { id: 'sms', type: 'sms', templateId: sms },
        { id: 'done', type: 'exit' },
      ],
      reentry: { policy: 'after', after: 'P1D' },
    });
    await post('/v1/events', { events: [
      { type: 'cart_abandoned', customer: { id: buyer }, properties: { value: 80 } },
      { type: 'cart_abandoned', customer: { id: browser }, properties: { value: 35 } },
      { type: 'cart_abandoned', customer: { id: small }, properties: { value: 5 } },
    ] });
    await runWorker();
    expect(await messages(id)).toEqual([]);
    advance(30 * 60_000);
    await post('/v1/orders', { externalId: 'o-1', customer: { id: buyer }, total: 80, currency: 'USD', channel: 'online', occurredAt: now.toISOString() });
    advance(30 * 60_000);
    await runWorker();
    expect((await messages(id)).map((m) => [m.customer_id, m.step_id])).toEqual([[browser, 'email']]);
    expect(await enrollment(id, buyer)).toMatchObject({ state: 'exited', end_reason: 'exit_step' });
    advance(DAY);
    await runWorker();
    expect((await messages(id)).map((m) => [m.customer_id, m.step_id])).toEqual([[browser, 'email'], [browser, 'sms']]);
    expect(await enrollment(id, browser)).toMatchObject({ state: 'completed' });
    // Below the trigger's value filter: never enrolled.
    expect(await api.dataSource.query(`SELECT 1 FROM enrollment WHERE campaign_id = $1 AND customer_id = $2`, [id, small])).toEqual([]);
  });

  it('waitUntil holds until the next allowed local time; update changes tags and attributes', async () => {
    const mail = await template('email', 'morning');
    const id = await activeCampaign({
      name: 'Morning',
      trigger: { type: 'event', eventType: 'morning_test' },
      steps: [
        { id: 'tag', type: 'update', tags: { add: ['morning-list'], remove: ['new'] }, attributes: { stage: 'nurture', legacy: null }, next: 'weekday-10' },
        { id: 'weekday-10', type: 'waitUntil', localTime: '10:00', weekdays: [1, 2, 3, 4, 5], next: 'mail' },
        { id: 'mail', type: 'email', templateId: mail },
      ],
    });
    const c = (await post('/v1/customers', { email: 'tokyo-morning@example.com', timezone: 'Asia/Tokyo', tags: ['new', 'vip'], attributes: { legacy: 1, visits: 3 } })).body.id;
    // Friday 2026-03-06 12:00 in Tokyo (03:00Z): 10:00 has passed, Saturday and Sunday are not allowed, so Monday 10:00 JST = 01:00Z on Mar 9.
    now = new Date('2026-03-06T03:00:00Z');
    await post('/v1/events', { type: 'morning_test', customer: { id: c } });
    await runWorker();
    const customer = (await api.http().get(`/v1/customers/${c}`).set(bearer(key))).body;
    expect(customer.tags).toEqual(['vip', 'morning-list']);
    expect(customer.attributes).toEqual({ visits: 3, stage: 'nurture' });
    expect(await enrollment(id, c)).toMatchObject({ state: 'active', step_id: 'mail', next_run_at: new Date('2026-03-09T01:00:00Z') });
    now = new Date('2026-03-09T00:59:00Z');
    await runWorker();
    expect(await messages(id)).toEqual([]);
    now = new Date('2026-03-09T01:00:00Z');
    await runWorker();
    expect((await messages(id)).map((m) => m.step_id)).toEqual(['mail']);
  });

  it('goal reached ends the enrolment as converted before the next message', async () => {
    const [a, b] = [await template('email', 'g1'), await template('email', 'g2')];
    const id = await activeCampaign({
      name: 'Goal',
      trigger: { type: 'event', eventType: 'signed_up' },
      steps: [
        { id: 'first', type: 'email', templateId: a, next: 'wait' },
        { id: 'wait', type: 'wait', duration: 'P2D', next: 'second' },
        { id: 'second', type: 'email', templateId: b },
      ],
      goal: { type: 'order', within: 'P7D' },
    });
    const c = (await post('/v1/customers', { email: 'goal@example.com' })).body.id;
    await post('/v1/events', { type: 'signed_up', customer: { id: c } });
    await runWorker();
    advance(DAY);
    await post('/v1/orders', { externalId: 'g-1', customer: { id: c }, total: 12, currency: 'USD', channel: 'in_store', occurredAt: now.toISOString() });
    advance(DAY);
    await runWorker();
    expect((await messages(id)).map((m) => m.step_id)).toEqual(['first']);
    expect(await enrollment(id, c)).toMatchObject({ state: 'converted', end_reason: 'goal_reached' });
  });

  it('A/B split keeps one variant per enrolment and tags messages with it; holdout gets no messages', async () => {
    const [a, b] = [await template('email', 'va'), await template('email', 'vb')];
    const id = await activeCampaign({
      name: 'Split',
      trigger: { type: 'event', eventType: 'split_me' },
      steps: [
        { id: 'ab', type: 'split', branches: [{ name: 'A', weight: 1, next: 'mail-a' }, { name: 'B', weight: 1, next: 'mail-b' }] },
        { id: 'mail-a', type: 'email', templateId: a },
        { id: 'mail-b', type: 'email', templateId: b },
      ],
      holdoutPercent: 50,
    });
    const ids: string[] = [];
    for (let i = 0; i < 40; i++) ids.push((await post('/v1/customers', { email: `split${i}@example.com` })).body.id);
    await post('/v1/events', { events: ids.map((cid) => ({ type: 'split_me', customer: { id: cid } })) });
    await runWorker();
    const rows: { holdout: boolean; variants: Record<string, string>; n: number }[] = await api.dataSource.query(
      `SELECT e.holdout, e.variants, (SELECT count(*)::int FROM message m WHERE m.enrollment_id = e.id) AS n FROM enrollment e WHERE e.campaign_id = $1`, [id],
    );
    expect(rows).toHaveLength(40);
    for (const r of rows) {
      expect(['A', 'B']).toContain(r.variants.ab);
      expect(r.n).toBe(r.holdout ? 0 : 1);
    }
    // 40 fair coin flips: all on one side has probability 2^-39.
    expect(new Set(rows.map((r) => r.holdout)).size).toBe(2);
    for (const m of await messages(id)) expect(m.variant).toBe(m.step_id === 'mail-a' ? 'A' : 'B');
  });

  it('pause holds enrolments where they are; resuming sends nothing twice', async () => {
    const [a, b] = [await template('email', 'p1'), await template('email', 'p2')];
    const id = await activeCampaign({
      name: 'Pausable',
      trigger: { type: 'event', eventType: 'pause_test' },
      steps: [
        { id: 'one', type: 'email', templateId: a, next: 'wait' },
        { id: 'wait', type: 'wait', duration: 'PT2H', next: 'two' },
        { id: 'two', type: 'email', templateId: b },
      ],
    });
    const c = (await post('/v1/customers', { email: 'pause@example.com' })).body.id;
    await post('/v1/events', { type: 'pause_test', customer: { id: c } });
    await runWorker();
    expectStatus(await post(`/v1/campaigns/${id}/pause`, {}), 200);
    advance(3 * HOUR);
    await runWorker();
    expect((await messages(id)).map((m) => m.step_id)).toEqual(['one']);
    expectError(await post(`/v1/campaigns/${id}/pause`, {}), 409, ['status']);
    expectStatus(await post(`/v1/campaigns/${id}/activate`, {}), 200);
    await runWorker();
    await runWorker();
    expect((await messages(id)).map((m) => m.step_id)).toEqual(['one', 'two']);
  });

  it('editing an active campaign makes a new version; running enrolments finish on theirs', async () => {
    const [a, b, c2] = [await template('email', 'v1a'), await template('email', 'v1b'), await template('email', 'v2b')];
    const id = await activeCampaign({
      name: 'Versioned',
      trigger: { type: 'event', eventType: 'version_test' },
      steps: [
        { id: 'one', type: 'email', templateId: a, next: 'wait' },
        { id: 'wait', type: 'wait', duration: 'P1D', next: 'two' },
        { id: 'two', type: 'email', templateId: b },
      ],
    });
    const early = (await post('/v1/customers', { email: 'early@example.com' })).body.id;
    await post('/v1/events', { type: 'version_test', customer: { id: early } });
    await runWorker();
    const campaign = (await api.http().get(`/v1/campaigns/${id}`).set(bearer(key))).body;
    const steps = campaign.definition.steps.map((s: { id: string }) => (s.id === 'two' ? { ...s, templateId: c2 } : s));
    const edited = await api.http().patch(`/v1/campaigns/${id}`).set(bearer(key)).send({ steps });
    expectStatus(edited, 200);
    expect(edited.body).toMatchObject({ status: 'active', version: 2 });
    const late = (await post('/v1/customers', { email: 'late@example.com' })).body.id;
    await post('/v1/events', { type: 'version_test', customer: { id: late } });
    await runWorker();
    advance(2 * DAY);
    await runWorker();
    const sent: { customer_id: string; template_id: string; campaign_version: number }[] = await api.dataSource.query(
      `SELECT customer_id, template_id, campaign_version FROM message WHERE campaign_id = $1 AND step_id = 'two'`, [id],
    );
    expect(sent.find((m) => m.customer_id === early)).toMatchObject({ template_id: b, campaign_version: 1 });
    expect(sent.find((m) => m.customer_id === late)).toMatchObject({ template_id: c2, campaign_version: 2 });
  });

  it('birthday: enrols once per year, seven days ahead at 10:00 in the customer zone (Feb 29 on Feb 28)', async () => {
    const mail = await template('email', 'bday');
    now = new Date('2027-02-15T12:00:00Z');
    const id = await activeCampaign({
      name: 'Birthday',
      trigger: { type: 'date', field: 'birthday', offsetDays: -7, localTime: '10:00' },
      steps: [{ id: 'offer', type: 'email', templateId: mail, offer: { couponPrefix: 'BDAY', validDays: 14 } }],
      reentry: { policy: 'after', after: 'P300D' },
    });
    const tokyo = (await post('/v1/customers', { email: 'tokyo@example.com', birthday: '1990-02-28', timezone: 'Asia/Tokyo' })).body.id;
    const leap = (await post('/v1/customers', { email: 'leap@example.com', birthday: '2000-02-29', timezone: 'America/New_York' })).body.id;
    const scheduled = api.app.get(ScheduledTriggerService);
    // Scan every 30 minutes (the scan looks an hour ahead) for two weeks of simulated time.
    for (let t = 0; t < 14 * 48; t++) {
      advance(30 * 60_000);
      await scheduled.runScans();
    }
    const rows: { customer_id: string; trigger_key: string; next_run_at: Date; enrolled_at: Date }[] = await api.dataSource.query(
      `SELECT customer_id, trigger_key, next_run_at, enrolled_at FROM enrollment WHERE campaign_id = $1 ORDER BY customer_id`, [id],
    );
    const byCustomer = new Map(rows.map((r) => [r.customer_id, r]));
    expect(rows).toHaveLength(2);
    // Feb 28 − 7 days = Feb 21, 10:00 in Tokyo (UTC+9) = 01:00Z.
    expect(byCustomer.get(tokyo)).toMatchObject({ trigger_key: 'date:2027-02-28', enrolled_at: new Date('2027-02-21T01:00:00Z') });
    // 2027 is not a leap year: the anchor is Feb 28; Feb 21 10:00 in New York (EST, UTC−5) = 15:00Z.
    expect(byCustomer.get(leap)).toMatchObject({ trigger_key: 'date:2027-02-28', enrolled_at: new Date('2027-02-21T15:00:00Z') });
  });

  it('broadcast at 10:00 in each recipient zone enrols everyone with their own start', async () => {
    const mail = await template('email', 'news');
    for (const [email, timezone] of [['ny@example.com', 'America/New_York'], ['la@example.com', 'America/Los_Angeles']]) {
      await post('/v1/customers', { email, timezone, tags: ['newsletter'] });
    }
    const seg = await post('/v1/segments', { name: 'Newsletter', definition: { type: 'tag', tag: 'newsletter', present: true } });
    const id = await activeCampaign({
      name: 'News',
      trigger: { type: 'broadcast', segmentId: seg.body.id, at: '2026-03-10T10:00', recipientLocalTime: true },
      steps: [{ id: 'news', type: 'email', templateId: mail }],
    });
    now = new Date('2026-03-10T00:00:00Z');
    await api.app.get(ScheduledTriggerService).runScans();
    const rows: { email: string; next_run_at: Date }[] = await api.dataSource.query(
      `SELECT c.email, e.next_run_at FROM enrollment e JOIN customer c ON c.id = e.customer_id WHERE e.campaign_id = $1 ORDER BY c.email`, [id],
    );
    // 10:00 EDT (DST began Mar 8) = 14:00Z; 10:00 PDT = 17:00Z.
    expect(rows).toEqual([
      { email: 'la@example.com', next_run_at: new Date('2026-03-10T17:00:00Z') },
      { email: 'ny@example.com', next_run_at: new Date('2026-03-10T14:00:00Z') },
    ]);
    await api.app.get(ScheduledTriggerService).runScans();
    expect(await api.dataSource.query(`SELECT count(*)::int AS n FROM enrollment WHERE campaign_id = $1`, [id])).toEqual([{ n: 2 }]);
  });

  it('rejects invalid campaigns naming every problem, writing nothing', async () => {
    const before = (await api.dataSource.query(`SELECT count(*)::int AS n FROM campaign`))[0].n;
    const sms = await template('sms', 'wrong-channel');
    const journey = {
      trigger: { type: 'event' },
      steps: [
        { id: 'a', type: 'email', templateId: sms, next: 'b' },
        { id: 'b', type: 'wait', duration: 'soon', next: 'zzz' },
        { id: 'orphan', type: 'exit' },
      ],
    };
    // The campaign's own fields are checked with the body; the trigger and steps, with the business's templates and segments, once those are valid.
    const fields = await post('/v1/campaigns', { name: '', ...journey, holdoutPercent: 80, colour: 'red' });
    expectError(fields, 422, ['name', 'holdoutPercent', 'colour']);
    const res = await post('/v1/campaigns', { name: 'Broken journey', ...journey, holdoutPercent: 10 });
    expectError(res, 422, ['trigger.eventType', 'steps[0].templateId', 'steps[1].duration', 'steps[1].next', 'steps[2]']);
    expect((await api.dataSource.query(`SELECT count(*)::int AS n FROM campaign`))[0].n).toBe(before);
  });

  it('keeps businesses apart', async () => {
    const mail = await template('email', 'iso');
    const id = await activeCampaign({ name: 'Mine', trigger: { type: 'customer_created' }, steps: [{ id: 'm', type: 'email', templateId: mail }] });
    const other = await signUpBusiness(api);
    for (const res of [
      await api.http().get(`/v1/campaigns/${id}`).set(bearer(other.apiKey)),
      await api.http().patch(`/v1/campaigns/${id}`).set(bearer(other.apiKey)).send({ name: 'Theirs' }),
      await post(`/v1/campaigns/${id}/pause`, {}, other.apiKey),
      await post(`/v1/campaigns/${id}/archive`, {}, other.apiKey),
    ]) expectError(res, 404);
    const list = await api.http().get('/v1/campaigns').set(bearer(other.apiKey));
    expect(list.body.items).toEqual([]);
    // B cannot use A's template either.
    expectError(await post('/v1/campaigns', { name: 'x', trigger: { type: 'customer_created' }, steps: [{ id: 'm', type: 'email', templateId: mail }] }, other.apiKey), 422, ['steps[0].templateId']);
    expect((await api.http().get(`/v1/campaigns/${id}`).set(bearer(key))).body).toMatchObject({ name: 'Mine', status: 'active' });
  });
});
