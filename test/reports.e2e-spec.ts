import { parse } from 'csv-parse/sync';
import { EngagementRecorder } from '../libs/analytics/src';
import { JourneyService, TriggerService } from '../libs/campaigns/src';
import { CLOCK, type Clock } from '../libs/core/src';
import { bearer, signUpBusiness } from './support/api-harness';
import { expectStatus, seedKey } from './support/e2e-helpers';
import { startDeliveryHarness, type DeliveryHarness } from './support/delivery-harness';

const CHROME = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36';
const GMAIL_PROXY = 'Mozilla/5.0 (Windows NT 5.1; rv:11.0) Gecko Firefox/11.0 (via ggpht.com GoogleImageProxy)';
const HOUR = 3_600_000;
const CUSTOMERS = 30;

interface Funnel { level: string; stepId: string | null; variant: string | null; [k: string]: unknown }

/**
 * The owner's story: an A/B campaign with a holdout, sent through the real SMTP server; a
 * customer clicks the tracked link in the mail they received (twice) and buys; the campaign
 * report shows the sale, the cost, the ROI and the A/B verdict, in JSON and CSV.
 */
describe('reports end to end', () => {
  let h: DeliveryHarness;
  let key: string;
  let businessId: string;
  let campaignId: string;
  let buyer: { email: string; variant: string };
  let holdouts: number;

  const get = (path: string, k = key) => h.api.http().get(path).set(bearer(k));
  const post = (path: string, body: unknown) => h.api.http().post(path).set(bearer(key)).send(body as object);

  async function runWorker(): Promise<void> {
    for (let round = 0; round < 10; round++) {
      const moved = (await h.api.app.get(TriggerService).drainInbox(500)) + (await h.api.app.get(JourneyService).runDue(500)) + (await h.delivery.runOnce(500)).claimed;
      if (moved === 0) return;
    }
  }

  beforeAll(async () => {
    h = await startDeliveryHarness('2026-03-02T15:00:00Z');
    h.api.app.get<Clock>(CLOCK).now = () => h.clock.now();
    ({ apiKey: key, businessId } = await signUpBusiness(h.api, { name: 'Elm Street Bakery' }));
    const template = async (name: string) => {
      const res = await post('/v1/templates', { name, channel: 'email', subject: `${name} for you`, html: `<p>${name}</p><a href="https://shop.example/menu">Menu</a>` });
      expectStatus(res, 201);
      return res.body.id as string;
    };
    const [a, b] = [await template('Croissants'), await template('Baguettes')];
    const created = await post('/v1/campaigns', {
      name: 'Spring A/B',
      trigger: { type: 'event', eventType: 'spring' },
      steps: [
        { id: 'ab', type: 'split', branches: [{ name: 'A', weight: 1, next: 'mail-a' }, { name: 'B', weight: 1, next: 'mail-b' }] },
        { id: 'mail-a', type: 'email', templateId: a },
        { id: 'mail-b', type: 'email', templateId: b },
      ],
      goal: { type: 'order', within: 'P7D' },
      holdoutPercent: 20,
    });
    expectStatus(created, 201);
    campaignId = created.body.id;
    expectStatus(await post(`/v1/campaigns/${campaignId}/activate`, {}), 200);
    const emails = Array.from({ length: CUSTOMERS }, (_, i) => `guest${i}@example.com`);
    for (const email of emails) expectStatus(await post('/v1/customers', { email }), 201);
    expect((await post('/v1/events', { events: emails.map((email) => ({ type: 'spring', customer: { email } })) })).body.accepted).toBe(CUSTOMERS);
    await runWorker();
    const [{ n }] = await h.db.query(`SELECT count(*) FILTER (WHERE holdout)::int AS n FROM enrollment WHERE campaign_id = $1`, [campaignId]);
    holdouts = n;
    // An hour later the customer reads the mail: the click is not "seconds after the send" (machine).
    h.clock.advance(HOUR);
    const mail = h.smtp.messages.find((m) => m.envelopeTo.some((to) => emails.includes(to)))!;
    const [row] = await h.db.query(`SELECT m.variant FROM message m JOIN customer c ON c.id = m.customer_id WHERE c.email = $1`, [mail.envelopeTo[0]]);
    buyer = { email: mail.envelopeTo[0], variant: row.variant };
    const path = /\/t\/c\/[\w-]+/.exec(String(mail.html))![0];
    for (let i = 0; i < 2; i++) expect((await h.api.http().get(path).set('User-Agent', CHROME).redirects(0)).status).toBe(302);
    // Another recipient's mail is fetched by Gmail's image proxy: a machine open, counted apart.
    const other = h.smtp.messages.find((m) => m.envelopeTo.some((to) => emails.includes(to) && to !== buyer.email))!;
    const pixel = /\/t\/o\/[\w-]+/.exec(String(other.html))![0];
    expect((await h.api.http().get(pixel).set('User-Agent', GMAIL_PROXY)).status).toBe(200);
    await h.api.app.get(EngagementRecorder).flush();
    expectStatus(await post('/v1/orders', { externalId: 'pos-1', customer: { email: buyer.email }, total: 40, currency: 'USD', channel: 'in_store', occurredAt: h.clock.now().toISOString() }), 201);
  });
  afterAll(() => h.close());

  it('the campaign report shows the sale, the cost, the ROI, the holdout and the A/B verdict', async () => {
    const res = await get(`/v1/reports/campaigns/${campaignId}`);
    expectStatus(res, 200);
    const sent = CUSTOMERS - holdouts;
    const cost = sent * 0.001;
    const [total] = res.body.funnel as Funnel[];
    expect(total).toMatchObject({
      level: 'campaign', enrolled: CUSTOMERS, holdout: holdouts, sent, delivered: sent, clickedUnique: 1, clickedTotal: 2, converted: 1, orders: 1,
      revenue: 40, openedHuman: 1, openedMachine: 1, unsubscribed: 0, failed: 0,
    });
    expect(total.cost).toBe(Math.round(cost * 100) / 100);
    expect(total.roi).toBeCloseTo((40 - cost) / cost, 6);
    const buyerVariant = (res.body.funnel as Funnel[]).find((r) => r.level === 'variant' && r.variant === buyer.variant);
    expect(buyerVariant).toMatchObject({ clickedUnique: 1, clickedTotal: 2, converted: 1, revenue: 40 });
    const buyerStep = (res.body.funnel as Funnel[]).find((r) => r.level === 'step' && r.variant === buyer.variant);
    expect(buyerStep).toMatchObject({ stepId: `mail-${buyer.variant.toLowerCase()}`, channel: 'email', revenue: 40 });
    expect(res.body.holdout.treated).toMatchObject({ n: sent, conversions: 1, revenueSum: 40 });
    expect(res.body.holdout.control).toMatchObject({ n: holdouts, conversions: 0 });
    expect(res.body.holdout.uplift.incrementalRevenue.estimate).toBeCloseTo(40, 6);
    expect(res.body.holdout.incrementalRoi.estimate).toBeCloseTo((40 - cost) / cost, 6);
    const byVariant = res.body.holdout.byVariant as { variant: string; treated: { n: number; conversions: number; revenueSum: number }; control: { n: number } }[];
    expect(byVariant.map((v) => v.variant)).toEqual(['A', 'B']);
    expect(byVariant.reduce((n, v) => n + v.treated.n, 0)).toBe(sent);
    expect(byVariant.reduce((n, v) => n + v.control.n, 0)).toBe(holdouts);
    expect(byVariant.find((v) => v.variant === buyer.variant)?.treated).toMatchObject({ conversions: 1, revenueSum: 40 });
    const [split] = res.body.experiments;
    expect(split).toMatchObject({ stepId: 'ab', controlKey: 'A' });
    expect(split.verdict.variants.map((v: { key: string }) => v.key)).toEqual(['A', 'B']);
    expect(split.verdict.recommendedWinner).toBeNull();
    expect(split.verdict.winnerMetric).toBe('conversion_rate');
    // Sent at 09:00 and clicked / bought at 10:00 in Chicago on 2 March: one day, summing to the funnel.
    expect(res.body.series.granularity).toBe('day');
    expect(res.body.series.points).toEqual([{ day: '2026-03-02', sent, clicks: 2, conversions: 1, revenue: 40, spend: expect.any(Number) }]);
    expect(res.body.series.points[0].spend).toBe(Math.round(cost * 100) / 100);
  });

  it('the campaign report as CSV: a header and one line per funnel row', async () => {
    const json = await get(`/v1/reports/campaigns/${campaignId}`);
    const res = await get(`/v1/reports/campaigns/${campaignId}?format=csv`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    const rows = parse(res.text, { columns: true }) as Record<string, string>[];
    expect(rows).toHaveLength(json.body.funnel.length);
    expect(rows[0]).toMatchObject({ campaign_id: campaignId, currency: 'USD', level: 'campaign', clicked_unique: '1', clicked_total: '2', revenue: '40' });
  });

  it('the holdout and the days as CSV (part=holdout, part=series); an unknown part is refused at its field', async () => {
    const json = (await get(`/v1/reports/campaigns/${campaignId}`)).body;
    const holdout = await get(`/v1/reports/campaigns/${campaignId}?format=csv&part=holdout`);
    expect(holdout.status).toBe(200);
    expect(holdout.headers['content-disposition']).toContain(`campaign-${campaignId}-holdout.csv`);
    const lines = parse(holdout.text, { columns: true }) as Record<string, string>[];
    expect(lines.map((l) => l.variant)).toEqual(['', 'A', 'B']);
    expect(lines[0]).toMatchObject({ treated_n: String(CUSTOMERS - holdouts), treated_conversions: '1', treated_revenue: '40', control_n: String(holdouts), control_conversions: '0' });
    expect(Number(lines[0].incremental_revenue)).toBeCloseTo(40, 6);
    expect(Number(lines[0].incremental_roi)).toBeCloseTo(json.holdout.incrementalRoi.estimate, 6);
    const days = parse((await get(`/v1/reports/campaigns/${campaignId}?format=csv&part=series`)).text, { columns: true }) as Record<string, string>[];
    expect(days).toEqual([expect.objectContaining({ day: '2026-03-02', sent: String(CUSTOMERS - holdouts), clicks: '2', conversions: '1', revenue: '40' })]);
    const refused = await get(`/v1/reports/campaigns/${campaignId}?format=csv&part=everything`);
    expect(refused.status).toBe(400);
    expect(refused.body.details).toEqual([expect.objectContaining({ field: 'part' })]);
  });

  it('the experiment report: per variant rates with intervals and the sample-ratio check; CSV one line per variant and metric', async () => {
    const res = await get(`/v1/reports/campaigns/${campaignId}/experiment`);
    expectStatus(res, 200);
    const [split] = res.body.experiments;
    const recipients = split.arms.reduce((n: number, a: { recipients: number }) => n + a.recipients, 0);
    expect(recipients).toBe(CUSTOMERS - holdouts);
    const arm = split.arms.find((a: { variant: string }) => a.variant === buyer.variant);
    expect(arm).toMatchObject({ clicks: 1, conversions: 1, revenueSum: 40, humanOpens: 1, weight: 1 });
    expect(split.arms.reduce((n: number, a: { machineOnlyOpens: number }) => n + a.machineOnlyOpens, 0)).toBe(1);
    expect(split.verdict.sampleRatio).toHaveProperty('pValue');
    // The always-valid verdict beside the fixed-horizon one; no automatic-winner pass ran, so this look alone.
    expect(split.alwaysValid).toMatchObject({ decidedBy: 'always_valid', winnerMetric: 'conversion_rate', confidence: 0.95, mixingRelativeEffect: 0.1,
      continuedFromStoredLooks: false, recommendedWinner: null, reason: 'no_winner_yet' });
    const challenger = split.alwaysValid.metrics.conversion_rate.arms[1];
    expect(challenger).toMatchObject({ key: 'B', isControl: false, adjustedPValue: expect.any(Number) });
    expect(challenger.pValue).toBeGreaterThan(0.05);
    const csv = parse((await get(`/v1/reports/campaigns/${campaignId}/experiment?format=csv`)).text, { columns: true }) as Record<string, string>[];
    expect(csv).toHaveLength(2 * 5);
    expect(csv.find((r) => r.variant === 'B' && r.metric === 'conversion_rate')).toMatchObject({
      decided_by: 'always_valid', always_valid_p_value: String(challenger.pValue), always_valid_verdict: challenger.verdict,
    });
    expect(new Set(csv.map((r) => r.metric))).toEqual(new Set(['click_rate', 'conversion_rate', 'revenue_per_recipient', 'human_open_rate', 'machine_only_open_rate']));
    expect(csv.find((r) => r.variant === 'A' && r.metric === 'click_rate')).toMatchObject({ step_id: 'ab', is_control: 'true' });
  });

  it('the overview: revenue and ROI by campaign and channel, the store, new customers, cohorts and churn risk; CSV parses', async () => {
    const q = '?from=2026-03-01T00:00:00Z&to=2026-03-10T00:00:00Z';
    const res = await get(`/v1/reports/overview${q}`);
    expectStatus(res, 200);
    expect(res.body.byCampaign).toEqual([expect.objectContaining({ campaignId, name: 'Spring A/B', orders: 1, revenue: 40, sent: CUSTOMERS - holdouts })]);
    expect(res.body.byChannel).toEqual([expect.objectContaining({ channel: 'email', orders: 1, revenue: 40 })]);
    expect(res.body.byStore).toEqual([expect.objectContaining({ locationId: null, orders: 1, revenue: 40, attributedRevenue: 40 })]);
    expect(res.body.customers).toEqual({ new: { customers: 1, orders: 1, revenue: 40 }, returning: { customers: 0, orders: 0, revenue: 0 } });
    expect(res.body.cohorts).toEqual([{ cohort: '2026-03', customers: 1, retention: [], revenue: 40, revenuePerCustomer: 40 }]);
    expect(res.body.churnRisk).toHaveLength(1);
    // churnLimit=0 leaves the list out and nothing else.
    const without = await get(`/v1/reports/overview${q}&churnLimit=0`);
    expectStatus(without, 200);
    expect(without.body).toEqual({ ...res.body, churnRisk: [] });
    const csv = parse((await get(`/v1/reports/overview${q}&format=csv`)).text, { columns: true }) as Record<string, string>[];
    expect(csv.find((r) => r.section === 'campaign' && r.metric === 'revenue')).toMatchObject({ key: campaignId, value: '40' });
    const churn = await get('/v1/reports/churn-risk?format=csv');
    expect(parse(churn.text, { columns: true })).toEqual([expect.objectContaining({ email: buyer.email, score: '20', level: 'low' })]);
  });

  it('reads are for every role of the business and nobody else: another business gets 404', async () => {
    const analyst = await seedKey(h.api, businessId, 'analyst');
    expectStatus(await get(`/v1/reports/campaigns/${campaignId}`, analyst.apiKey), 200);
    const other = await signUpBusiness(h.api);
    for (const path of [`/v1/reports/campaigns/${campaignId}`, `/v1/reports/campaigns/${campaignId}/experiment`, `/v1/reports/campaigns/${campaignId}?format=csv`]) {
      expect((await get(path, other.apiKey)).status).toBe(404);
    }
    expect((await get(`/v1/reports/overview`, other.apiKey)).body.byCampaign).toEqual([]);
    expect((await get('/v1/reports/campaigns/not-a-uuid')).status).toBe(404);
  });

  it('recipients: who got what (step, channel, send, open, click, credited orders) with each one\'s trace; every one as CSV', async () => {
    interface Row { enrollmentId: string; customer: { email: string }; holdout: boolean; variant: string | null; stepId: string | null; channel: string | null;
      sentAt: string | null; clickedAt: string | null; conversions: number; revenue: number; reason: string | null }
    const res = await get(`/v1/campaigns/${campaignId}/recipients?limit=100`);
    expectStatus(res, 200);
    const rows = res.body.items as Row[];
    expect(rows).toHaveLength(CUSTOMERS);
    const bought = rows.find((r) => r.customer.email === buyer.email)!;
    expect(bought).toMatchObject({ variant: buyer.variant, stepId: `mail-${buyer.variant.toLowerCase()}`, channel: 'email', conversions: 1, revenue: 40 });
    expect(bought.sentAt).toBe('2026-03-02T15:00:00.000Z');
    expect(bought.clickedAt).toBe('2026-03-02T16:00:00.000Z');
    const held = rows.filter((r) => r.holdout);
    expect(held).toHaveLength(holdouts);
    expect(held.every((r) => r.stepId === null && r.channel === null && r.sentAt === null && r.reason === 'holdout' && r.revenue === 0)).toBe(true);
    expect(rows.filter((r) => r.revenue > 0)).toHaveLength(1);

    const trace = await get(`/v1/campaigns/${campaignId}/recipients/${bought.enrollmentId}`);
    expectStatus(trace, 200);
    expect(trace.body).toMatchObject({ enrollmentId: bought.enrollmentId, holdout: false, variant: buyer.variant });
    const steps = trace.body.steps as { stepId: string; outcome: string; reason: string | null; message: { clickedAt: string | null } | null }[];
    expect(steps.map((s) => [s.stepId, s.outcome])).toEqual([['ab', 'split'], [`mail-${buyer.variant.toLowerCase()}`, 'clicked']]);
    expect(steps[0].reason).toBe(`variant:${buyer.variant}`);
    expect(steps[1].message?.clickedAt).toBe('2026-03-02T16:00:00.000Z');

    const csv = await get(`/v1/campaigns/${campaignId}/recipients/export.csv`);
    expect(csv.status).toBe(200);
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    const lines = parse(csv.text, { columns: true }) as Record<string, string>[];
    expect(lines).toHaveLength(CUSTOMERS);
    expect(lines.find((l) => l.email === buyer.email)).toMatchObject({ enrollment_id: bought.enrollmentId, variant: buyer.variant, channel: 'email', conversions: '1', revenue: '40', holdout: 'false' });
    const onlyHeld = parse((await get(`/v1/campaigns/${campaignId}/recipients/export.csv?reason=holdout`)).text, { columns: true }) as Record<string, string>[];
    expect(onlyHeld).toHaveLength(holdouts);

    const analyst = await seedKey(h.api, businessId, 'analyst');
    expectStatus(await get(`/v1/campaigns/${campaignId}/recipients/${bought.enrollmentId}`, analyst.apiKey), 200);
    expect((await get(`/v1/campaigns/${campaignId}/recipients/export.csv`, analyst.apiKey)).status).toBe(200);
    const other = await signUpBusiness(h.api);
    expect((await get(`/v1/campaigns/${campaignId}/recipients/${bought.enrollmentId}`, other.apiKey)).status).toBe(404);
    expect((await get(`/v1/campaigns/${campaignId}/recipients/export.csv`, other.apiKey)).status).toBe(404);
    const notHere = await get(`/v1/campaigns/${campaignId}/recipients/${campaignId}`);
    expect(notHere.status).toBe(404);
    const malformed = await get(`/v1/campaigns/${campaignId}/recipients/nope`);
    expect(malformed.status).toBe(400);
    expect(malformed.body.details).toEqual([expect.objectContaining({ field: 'enrollmentId' })]);
  });

  // Last: it moves sends in time. Days are Chicago's (UTC−6 in March), gaps are filled, and nothing counts before the first send.
  it('the days are local days of the business, empty ones included', async () => {
    const ids = (await h.db.query(`SELECT id FROM message WHERE campaign_id = $1 AND sent_at IS NOT NULL ORDER BY id`, [campaignId])).map((r: { id: string }) => r.id);
    const at = async (id: string, instant: string) => h.db.query(`UPDATE message SET sent_at = $2 WHERE id = $1`, [id, instant]);
    await at(ids[0], '2026-02-28T05:59:00Z'); // 27 Feb, 23:59 in Chicago
    await at(ids[1], '2026-02-28T06:00:00Z'); // 28 Feb, 00:00
    await at(ids[2], '2026-03-03T05:59:00Z'); // 2 March, 23:59
    const res = await get(`/v1/reports/campaigns/${campaignId}`);
    expectStatus(res, 200);
    const points = res.body.series.points as { day: string; sent: number; clicks: number }[];
    expect(points.map((p) => [p.day, p.sent])).toEqual([['2026-02-27', 1], ['2026-02-28', 1], ['2026-03-01', 0], ['2026-03-02', CUSTOMERS - holdouts - 2]]);
    expect(points.reduce((n, p) => n + p.clicks, 0)).toBe(2);
  });
});
