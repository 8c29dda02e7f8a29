import { JourneyService, ScheduledTriggerService, TemplateRepository, TriggerService } from '../libs/campaigns/src';
import { CLOCK, type Clock } from '../libs/core/src';
import { signUpBusiness } from './support/api-harness';
import { clientFor, expectError, expectStatus, type Client } from './support/e2e-helpers';
import { startDeliveryHarness, type DeliveryHarness } from './support/delivery-harness';

// Tuesday 2026-03-10, 10:00 in Chicago (CDT, UTC−5 since March 8), the business's and customers' zone.
const T = Date.parse('2026-03-10T15:00:00Z');
const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const iso = (ms: number) => new Date(ms).toISOString();

interface Journey {
  campaign: { id: string; name: string };
  state: string;
  endReason: string | null;
  outcome: string;
  reason: string | null;
  anchoredAt: string;
  steps: { stepId: string; outcome: string; reason: string | null }[];
}

/**
 * Late and out-of-order data: a shop's POS posts its hourly batch, a worker
 * is down overnight. Scenario tables over a controllable clock: ingest with
 * occurredAt in the past → run triggers, journeys and delivery (real SMTP
 * server) → assert what went out and what the customer's "why" trace says.
 */
describe('late and out-of-order data', () => {
  let h: DeliveryHarness;

  beforeAll(async () => {
    h = await startDeliveryHarness(iso(T));
    h.api.app.get<Clock>(CLOCK).now = () => h.clock.now();
  });
  afterAll(() => h.close());
  beforeEach(() => h.clock.set(iso(T)));

  async function business(): Promise<{ owner: Client; businessId: string }> {
    const signed = await signUpBusiness(h.api);
    return { owner: clientFor(h.api, signed.apiKey), businessId: signed.businessId };
  }

  async function emailTemplate(businessId: string, name: string): Promise<string> {
    const t = await h.api.app.get(TemplateRepository).insert(h.db, businessId, name, { channel: 'email', subject: `${name}`, html: '<p>Hello {{customer.firstName}}</p>' });
    return t.id;
  }

  async function activeCampaign(owner: Client, body: Record<string, unknown>): Promise<string> {
    const res = await owner.post('/v1/campaigns', body);
    expectStatus(res, 201);
    expectStatus(await owner.post(`/v1/campaigns/${res.body.id}/activate`, {}), 200);
    return res.body.id;
  }

  async function customer(owner: Client, body: Record<string, unknown>): Promise<string> {
    const res = await owner.post('/v1/customers', body);
    expectStatus(res, 201);
    return res.body.id;
  }

  /** The worker's passes (triggers, journeys, delivery) until nothing moves. */
  async function runWorker(): Promise<void> {
    for (let round = 0; round < 10; round++) {
      const moved = (await h.api.app.get(TriggerService).drainInbox(500)) + (await h.api.app.get(JourneyService).runDue(500)) + (await h.delivery.runOnce(500)).claimed;
      if (moved === 0) return;
    }
  }

  const journeysOf = async (owner: Client, customerId: string) => {
    const res = await owner.get(`/v1/customers/${customerId}/journeys`);
    expectStatus(res, 200);
    return res.body as { items: Journey[]; skippedTriggers: { campaignId: string; reason: string; detail: string; eventType: string; occurredAt: string }[] };
  };
  const messagesOf = async (campaignId: string): Promise<{ customer_id: string; step_id: string; status: string; error_code: string | null }[]> =>
    h.db.query(`SELECT customer_id, step_id, status, error_code FROM message WHERE campaign_id = $1 ORDER BY created_at, customer_id`, [campaignId]);
  const mailTo = (email: string) => h.smtp.messages.filter((m) => m.envelopeTo.includes(email));
  const enrollmentOf = async (campaignId: string, customerId: string) => {
    const rows = await h.db.query(`SELECT * FROM enrollment WHERE campaign_id = $1 AND customer_id = $2`, [campaignId, customerId]);
    return rows[0] as { state: string; end_reason: string | null; next_run_at: Date | null; anchored_at: Date } | undefined;
  };

  it('a cart abandoned 10 minutes ago and an order 5 minutes ago, posted together: no reminder; waits count from the cart', async () => {
    const { owner, businessId } = await business();
    const mail = await emailTemplate(businessId, 'reminder');
    const ordered = { type: 'orders', metric: 'count', op: 'gte', value: 1, sinceEnrollment: true };
    const withGoal = await activeCampaign(owner, {
      name: 'Cart (goal)',
      trigger: { type: 'event', eventType: 'cart_abandoned' },
      goal: { type: 'order', within: 'P1D' },
      steps: [{ id: 'wait-1h', type: 'wait', duration: 'PT1H', next: 'mail' }, { id: 'mail', type: 'email', templateId: mail }],
    });
    const withBranch = await activeCampaign(owner, {
      name: 'Cart (branch)',
      trigger: { type: 'event', eventType: 'cart_abandoned' },
      steps: [
        { id: 'wait-1h', type: 'wait', duration: 'PT1H', next: 'check' },
        { id: 'check', type: 'branch', condition: ordered, yes: 'done', no: 'mail' },
        { id: 'mail', type: 'email', templateId: mail },
        { id: 'done', type: 'exit' },
      ],
    });
    const c = {
      buyer: await customer(owner, { email: 'buyer@example.com' }),
      fresh: await customer(owner, { email: 'fresh@example.com' }),
      old: await customer(owner, { email: 'old@example.com' }),
    };
    // The POS batch, posted now: carts 10 minutes and 3 hours ago, the buyer's order 5 minutes ago.
    expectStatus(await owner.post('/v1/events', { events: [
      { type: 'cart_abandoned', customer: { id: c.buyer }, occurredAt: iso(T - 10 * MIN) },
      { type: 'cart_abandoned', customer: { id: c.fresh }, occurredAt: iso(T - 10 * MIN) },
      { type: 'cart_abandoned', customer: { id: c.old }, occurredAt: iso(T - 3 * HOUR) },
    ] }), 202);
    expectStatus(await owner.post('/v1/orders', { externalId: 'pos-1', customer: { id: c.buyer }, total: 40, currency: 'USD', channel: 'in_store', occurredAt: iso(T - 5 * MIN) }), 201);

    // [minutes after posting, messages of the goal campaign, of the branch campaign] as [customer, step]
    const timeline: [number, string[], string[]][] = [
      // The 3-hour-old cart has waited its hour already: reminded at once, not an hour from now.
      [0, ['old'], ['old']],
      [49, ['old'], ['old']],
      // A 1-hour wait for a cart abandoned 10 minutes before it arrived ends 50 minutes after.
      [50, ['old', 'fresh'], ['old', 'fresh']],
      [24 * 60, ['old', 'fresh'], ['old', 'fresh']],
    ];
    const name = new Map(Object.entries(c).map(([k, v]) => [v, k]));
    for (const [minutes, goalSends, branchSends] of timeline) {
      h.clock.set(iso(T + minutes * MIN));
      await runWorker();
      expect((await messagesOf(withGoal)).map((m) => name.get(m.customer_id))).toEqual(goalSends);
      expect((await messagesOf(withBranch)).map((m) => name.get(m.customer_id))).toEqual(branchSends);
    }
    expect(mailTo('buyer@example.com')).toEqual([]);
    expect(await enrollmentOf(withGoal, c.buyer)).toMatchObject({ state: 'converted', end_reason: 'goal_reached', anchored_at: new Date(T - 10 * MIN) });
    expect(await enrollmentOf(withBranch, c.buyer)).toMatchObject({ state: 'exited', end_reason: 'exit_step' });

    const trace = await journeysOf(owner, c.buyer);
    const byCampaign = new Map(trace.items.map((j) => [j.campaign.id, j]));
    expect(byCampaign.get(withGoal)).toMatchObject({ outcome: 'skipped', reason: 'goal_reached', anchoredAt: iso(T - 10 * MIN) });
    expect(byCampaign.get(withGoal)!.steps).toMatchObject([{ stepId: 'wait-1h', outcome: 'skipped', reason: 'goal_reached' }]);
    expect(byCampaign.get(withBranch)).toMatchObject({ outcome: 'skipped', reason: 'branch_taken:yes' });
    expect(byCampaign.get(withBranch)!.steps.map((s) => [s.stepId, s.outcome, s.reason])).toEqual([
      ['wait-1h', 'waited', null], ['check', 'branched', 'branch_taken:yes'], ['done', 'exited', null],
    ]);
  });

  it("ignores an event older than one day by default, saying why in the customer's trace", async () => {
    const { owner, businessId } = await business();
    const mail = await emailTemplate(businessId, 'browse');
    const campaign = await activeCampaign(owner, { name: 'Browse', trigger: { type: 'event', eventType: 'browsed' }, steps: [{ id: 'mail', type: 'email', templateId: mail }] });
    const ana = await customer(owner, { email: 'ana@example.com' });
    const bo = await customer(owner, { email: 'bo@example.com' });
    expectStatus(await owner.post('/v1/events', { events: [
      { type: 'browsed', customer: { id: ana }, occurredAt: iso(T - 2 * DAY - 3 * HOUR) },
      { type: 'browsed', customer: { id: bo }, occurredAt: iso(T - 23 * HOUR) },
    ] }), 202);
    await runWorker();
    expect([await enrollmentOf(campaign, ana), (await enrollmentOf(campaign, bo))?.state]).toEqual([undefined, 'completed']);
    expect([mailTo('ana@example.com').length, mailTo('bo@example.com').length]).toEqual([0, 1]);
    const trace = await journeysOf(owner, ana);
    expect(trace.items).toEqual([]);
    expect(trace.skippedTriggers).toEqual([expect.objectContaining({
      campaignId: campaign, eventType: 'browsed', reason: 'event_too_old', occurredAt: iso(T - 2 * DAY - 3 * HOUR),
      detail: "event occurred 2 days, 3 hours before it reached the campaign; older than the campaign's 1 day limit (trigger.maxEventAge)",
    })]);
    expect((await journeysOf(owner, bo)).skippedTriggers).toEqual([]);
  });

  it('a campaign sets its own maxEventAge (validated as an ISO-8601 duration of at most a year)', async () => {
    const { owner, businessId } = await business();
    const mail = await emailTemplate(businessId, 'visit');
    const steps = [{ id: 'mail', type: 'email', templateId: mail }];
    const strict = await activeCampaign(owner, { name: 'Visit (6 hours)', trigger: { type: 'event', eventType: 'visited', maxEventAge: 'PT6H' }, steps });
    const lenient = await activeCampaign(owner, { name: 'Visit (3 days)', trigger: { type: 'event', eventType: 'visited', maxEventAge: 'P3D' }, steps });
    const cy = await customer(owner, { email: 'cy@example.com' });
    expectStatus(await owner.post('/v1/events', { type: 'visited', customer: { id: cy }, occurredAt: iso(T - 2 * DAY) }), 202);
    await runWorker();
    expect([(await enrollmentOf(strict, cy))?.state, (await enrollmentOf(lenient, cy))?.state]).toEqual([undefined, 'completed']);
    expect((await journeysOf(owner, cy)).skippedTriggers).toEqual([expect.objectContaining({
      campaignId: strict, detail: "event occurred 2 days before it reached the campaign; older than the campaign's 6 hours limit (trigger.maxEventAge)",
    })]);
    for (const maxEventAge of ['P2Y', 'soon', 'PT0S', 3600]) {
      expectError(await owner.post('/v1/campaigns', { name: 'x', trigger: { type: 'event', eventType: 'visited', maxEventAge }, steps }), 422, ['trigger.maxEventAge']);
    }
  });

  it('a birthday email due at 09:00 is not sent at 01:16 the next morning after the worker was down overnight; the trace says why', async () => {
    // 08:30 in Chicago: the campaign starts and its scan enrols the birthday due at 09:00 (14:00Z); then the worker stops.
    h.clock.set('2026-03-10T13:30:00Z');
    const { owner, businessId } = await business();
    const mail = await emailTemplate(businessId, 'birthday');
    const campaign = await activeCampaign(owner, {
      name: 'Birthday', trigger: { type: 'date', field: 'birthday', offsetDays: 0, localTime: '09:00' }, steps: [{ id: 'offer', type: 'email', templateId: mail }],
    });
    const cake = await customer(owner, { email: 'cake@example.com', birthday: '1990-03-10' });
    await h.api.app.get(ScheduledTriggerService).runScans();
    expect(await enrollmentOf(campaign, cake)).toMatchObject({ state: 'active', next_run_at: new Date('2026-03-10T14:00:00Z') });
    // Back at 01:16 the next day, local time.
    h.clock.set('2026-03-11T06:16:00Z');
    await runWorker();
    expect(await messagesOf(campaign)).toEqual([]);
    expect(mailTo('cake@example.com')).toEqual([]);
    expect(await enrollmentOf(campaign, cake)).toMatchObject({ state: 'exited', end_reason: 'missed_local_day' });
    const [journey] = (await journeysOf(owner, cake)).items;
    expect(journey).toMatchObject({ outcome: 'skipped', reason: 'missed_local_day', anchoredAt: '2026-03-10T14:00:00.000Z' });
    expect(journey.steps.map((s) => [s.stepId, s.outcome, s.reason])).toEqual([['offer', 'skipped', 'missed_local_day']]);
  });

  it("'wait until' steps and broadcasts at each recipient's local time follow the same policy", async () => {
    h.clock.set('2026-03-10T12:00:00Z');
    const { owner, businessId } = await business();
    const mail = await emailTemplate(businessId, 'morning');
    const ny = await customer(owner, { email: 'ny@example.com', timezone: 'America/New_York', tags: ['news'] });
    const la = await customer(owner, { email: 'la@example.com', timezone: 'America/Los_Angeles', tags: ['news'] });
    const segment = await owner.post('/v1/segments', { name: 'News', definition: { type: 'tag', tag: 'news', present: true } });
    expectStatus(segment, 201);
    const news = await activeCampaign(owner, {
      name: 'News at 10', trigger: { type: 'broadcast', segmentId: segment.body.id, at: '2026-03-10T10:00', recipientLocalTime: true },
      steps: [{ id: 'news', type: 'email', templateId: mail }],
    });
    const signup = await activeCampaign(owner, {
      name: 'Tip at 09:00', trigger: { type: 'event', eventType: 'signed_up' },
      steps: [{ id: 'morning', type: 'waitUntil', localTime: '09:00', next: 'tip' }, { id: 'tip', type: 'email', templateId: mail }],
    });
    await h.api.app.get(ScheduledTriggerService).runScans();
    expectStatus(await owner.post('/v1/events', { events: [{ type: 'signed_up', customer: { id: ny } }, { type: 'signed_up', customer: { id: la } }] }), 202);
    await h.api.app.get(TriggerService).drainInbox(500);
    await h.api.app.get(JourneyService).runDue(500);
    const dayEnds = async (campaignId: string) => (await h.db.query(
      `SELECT c.email, e.next_run_at, e.local_day_ends_at FROM enrollment e JOIN customer c ON c.id = e.customer_id WHERE e.campaign_id = $1 ORDER BY c.email`, [campaignId],
    )) as { email: string; next_run_at: Date; local_day_ends_at: Date }[];
    // 10:00 EDT = 14:00Z, its day ends at 04:00Z; 10:00 PDT = 17:00Z, its day ends at 07:00Z.
    expect(await dayEnds(news)).toEqual([
      { email: 'la@example.com', next_run_at: new Date('2026-03-10T17:00:00Z'), local_day_ends_at: new Date('2026-03-11T07:00:00Z') },
      { email: 'ny@example.com', next_run_at: new Date('2026-03-10T14:00:00Z'), local_day_ends_at: new Date('2026-03-11T04:00:00Z') },
    ]);
    // At 08:00 EDT / 05:00 PDT the sign-ups wait until 09:00 today in their zones.
    expect(await dayEnds(signup)).toEqual([
      { email: 'la@example.com', next_run_at: new Date('2026-03-10T16:00:00Z'), local_day_ends_at: new Date('2026-03-11T07:00:00Z') },
      { email: 'ny@example.com', next_run_at: new Date('2026-03-10T13:00:00Z'), local_day_ends_at: new Date('2026-03-11T04:00:00Z') },
    ]);
    // The worker is down until 05:00Z on Mar 11: 01:00 the next day in New York (skipped), still 22:00 the same day in Los Angeles (sent).
    h.clock.set('2026-03-11T05:00:00Z');
    await runWorker();
    expect([mailTo('ny@example.com').length, mailTo('la@example.com').length]).toEqual([0, 2]);
    const reasons = await h.db.query(
      `SELECT k.name, c.email, e.state, e.end_reason FROM enrollment e JOIN customer c ON c.id = e.customer_id JOIN campaign k ON k.id = e.campaign_id
        WHERE e.business_id = $1 ORDER BY k.name, c.email`, [businessId],
    );
    expect(reasons).toEqual([
      { name: 'News at 10', email: 'la@example.com', state: 'completed', end_reason: 'journey_end' },
      { name: 'News at 10', email: 'ny@example.com', state: 'exited', end_reason: 'missed_local_day' },
      { name: 'Tip at 09:00', email: 'la@example.com', state: 'completed', end_reason: 'journey_end' },
      { name: 'Tip at 09:00', email: 'ny@example.com', state: 'exited', end_reason: 'missed_local_day' },
    ]);
  });

  it('catch-up sends go out the same local day, deferred to the end of quiet hours, or are skipped when quiet hours last past the day', async () => {
    h.clock.set('2026-03-10T11:30:00Z');
    const { owner, businessId } = await business();
    expectStatus(await owner.patch('/v1/settings', { quietHours: { email: { start: '08:00', end: '21:00' } } }), 200);
    const mail = await emailTemplate(businessId, 'dated');
    const morning = await activeCampaign(owner, {
      name: 'Renewal 07:00', trigger: { type: 'date', field: 'attributes.renewal', offsetDays: 0, localTime: '07:00' }, steps: [{ id: 'note', type: 'email', templateId: mail }],
    });
    const evening = await activeCampaign(owner, {
      name: 'Birthday 20:00', trigger: { type: 'date', field: 'birthday', offsetDays: 0, localTime: '20:00' }, steps: [{ id: 'offer', type: 'email', templateId: mail }],
    });
    await customer(owner, { email: 'early@example.com', attributes: { renewal: '2020-03-10' } });
    const late = await customer(owner, { email: 'late@example.com', birthday: '1991-03-10' });
    const scans = h.api.app.get(ScheduledTriggerService);

    // [UTC time, what the worker does, expected emails to early@, to late@]
    const table: [string, 'scan' | 'work', number, number][] = [
      ['2026-03-10T11:30:00Z', 'scan', 0, 0], // 06:30: the 07:00 renewal note is enrolled, then the worker is down
      ['2026-03-10T12:30:00Z', 'work', 0, 0], // 07:30: half an hour late, inside quiet hours: held until 08:00 the same day
      ['2026-03-10T13:00:00Z', 'work', 1, 0], // 08:00: quiet hours over, sent
      ['2026-03-11T00:30:00Z', 'scan', 1, 0], // 19:30: the 20:00 birthday is enrolled, then the worker is down
      ['2026-03-11T03:30:00Z', 'work', 1, 0], // 22:30: the same local day, but quiet hours last until tomorrow 08:00: skipped
      ['2026-03-11T13:00:00Z', 'work', 1, 0], // 08:00 the next day: nothing goes out a day late
    ];
    for (const [at, action, toEarly, toLate] of table) {
      h.clock.set(at);
      if (action === 'scan') await scans.runScans();
      else await runWorker();
      expect([at, mailTo('early@example.com').length, mailTo('late@example.com').length]).toEqual([at, toEarly, toLate]);
    }
    const [note] = await h.db.query(`SELECT status, held_reason, sent_at, send_by FROM message WHERE campaign_id = $1`, [morning]);
    // The catch-up's deadline is the end of its local day: midnight in Chicago.
    expect(note).toMatchObject({ status: 'sent', held_reason: 'quiet_hours', sent_at: new Date('2026-03-10T13:00:00Z'), send_by: new Date('2026-03-11T05:00:00Z') });
    expect(await messagesOf(evening)).toEqual([expect.objectContaining({ status: 'suppressed', error_code: 'missed_local_day' })]);
    const [journey] = (await journeysOf(owner, late)).items;
    expect(journey).toMatchObject({ outcome: 'skipped', reason: 'missed_local_day' });
    expect(journey.steps.map((s) => [s.stepId, s.outcome, s.reason])).toEqual([['offer', 'skipped', 'missed_local_day']]);
  });
});
