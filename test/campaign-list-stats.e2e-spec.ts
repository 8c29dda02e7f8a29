import { compactMessageSpend } from '../libs/analytics/src';
import { signUpBusiness, startApi, type ApiHarness } from './support/api-harness';
import { insertCustomer } from './support/delivery-factories';
import { clientFor, expectError, expectStatus, seedKey, type Client } from './support/e2e-helpers';
import { historyFactories } from './support/history-factories';

const AT = new Date('2026-03-02T15:00:00Z');

interface ListItem { id: string; name: string; trigger: { type: string; summary: string }; stats?: Record<string, unknown> }

/**
 * GET /v1/campaigns?include=stats: each campaign's figures, worked out by hand from the rows
 * seeded here, equal to the campaign line of its report; other businesses' rows never count.
 */
describe('campaign list with figures', () => {
  let api: ApiHarness;
  let owner: Client;
  let analyst: Client;
  let businessId: string;
  let busy: string;
  let quiet: string;
  let segmentId: string;

  /** Enrolments, sent and unsent messages and converted orders for one campaign of a business. */
  async function seed(business: string, campaignId: string, sends: { cost: number; revenue?: number }[], extraEnrolments: number): Promise<void> {
    const f = historyFactories(api.dataSource, business);
    for (const [i, send] of sends.entries()) {
      const customer = await insertCustomer(api.dataSource, business);
      const enrollment = await f.enrollment(customer, campaignId, AT);
      const message = await f.message(customer, { campaignId, enrollmentId: enrollment, stepId: 'hello', createdAt: AT, sentAt: new Date(AT.getTime() + i * 86_400_000), cost: send.cost });
      if (send.revenue !== undefined) {
        await api.dataSource.query(
          `INSERT INTO engagement (business_id, message_id, customer_id, campaign_id, step_id, type, occurred_at, revenue)
           SELECT business_id, id, customer_id, campaign_id, step_id, 'converted', $2, $3 FROM message WHERE id = $1`,
          [message, AT, send.revenue],
        );
      }
      // Half the sends folded into the daily roll-up, half still deltas: both count.
      if (i === 0) await compactMessageSpend(api.dataSource);
    }
    for (let i = 0; i < extraEnrolments; i++) {
      const customer = await insertCustomer(api.dataSource, business);
      const enrollment = await f.enrollment(customer, campaignId, AT);
      // Queued, never sent: no send, no cost.
      await f.message(customer, { campaignId, enrollmentId: enrollment, stepId: 'hello', status: 'queued', createdAt: AT });
    }
  }

  beforeAll(async () => {
    api = await startApi();
    const signed = await signUpBusiness(api);
    businessId = signed.businessId;
    owner = clientFor(api, signed.apiKey);
    analyst = clientFor(api, (await seedKey(api, businessId, 'analyst')).apiKey);
    const mail = (await owner.post('/v1/templates', { name: 'Hello', channel: 'email', subject: 'Hi', html: '<p>Hi</p>' })).body.id;
    segmentId = (await owner.post('/v1/segments', { name: 'Regulars', definition: { type: 'tag', tag: 'regular', present: true } })).body.id;
    const create = async (name: string, trigger: object) => {
      const res = await owner.post('/v1/campaigns', { name, trigger, steps: [{ id: 'hello', type: 'email', templateId: mail }] });
      expectStatus(res, 201);
      return res.body.id as string;
    };
    busy = await create('Busy', { type: 'event', eventType: 'joined' });
    quiet = await create('Quiet', { type: 'broadcast', segmentId });
    await seed(businessId, busy, [{ cost: 0.01, revenue: 40 }, { cost: 0.02, revenue: 12.5 }, { cost: 0.005 }], 2);
    // Another business's campaign with figures of its own.
    const other = await signUpBusiness(api, { name: 'Other shop' });
    const otherOwner = clientFor(api, other.apiKey);
    const otherMail = (await otherOwner.post('/v1/templates', { name: 'Hello', channel: 'email', subject: 'Hi', html: '<p>Hi</p>' })).body.id;
    const otherCampaign = (await otherOwner.post('/v1/campaigns', { name: 'Theirs', trigger: { type: 'event', eventType: 'joined' }, steps: [{ id: 'hello', type: 'email', templateId: otherMail }] })).body.id;
    await seed(other.businessId, otherCampaign, [{ cost: 1, revenue: 1000 }], 5);
  });
  afterAll(() => api.close());

  it('each campaign has its figures, worked out from its rows', async () => {
    const res = await owner.get('/v1/campaigns?include=stats');
    expectStatus(res, 200);
    const items = res.body.items as ListItem[];
    expect(items.map((i) => i.name)).toEqual(['Busy', 'Quiet']);
    // 3 sent + 2 queued enrolments; 3 sends cost 0.01 + 0.02 + 0.005; two orders, 40 + 12.5.
    const busyStats = items[0].stats as Record<string, number>;
    expect(busyStats).toMatchObject({ enrolled: 5, sent: 3, orders: 2, revenue: 52.5, currency: 'USD' });
    // Money in cents, as the report writes it (0.035 → 0.04); ROI from the exact cost.
    expect(busyStats.cost).toBe(0.04);
    expect(busyStats.roi).toBeCloseTo((52.5 - 0.035) / 0.035, 6);
    expect(items[1].stats).toEqual({ enrolled: 0, sent: 0, cost: 0, orders: 0, revenue: 0, roi: null, currency: 'USD' });
  });

  it('agrees with the campaign line of the report', async () => {
    const list = (await owner.get('/v1/campaigns?include=stats')).body.items as ListItem[];
    const report = await owner.get(`/v1/reports/campaigns/${busy}`);
    expectStatus(report, 200);
    const [line] = report.body.funnel;
    expect(list[0].stats).toMatchObject({ enrolled: line.enrolled, sent: line.sent, orders: line.orders, revenue: line.revenue, cost: line.cost, roi: line.roi });
  });

  it('gives the trigger in words, with the segment\'s name; figures only when asked', async () => {
    const res = await owner.get('/v1/campaigns');
    expectStatus(res, 200);
    const items = res.body.items as ListItem[];
    expect(items[0]).not.toHaveProperty('stats');
    expect(items[0].trigger).toEqual({ type: 'event', summary: 'When event "joined" is received' });
    expect(items[1].trigger).toEqual({ type: 'broadcast', summary: 'Once, to every member of segment "Regulars", as soon as it is activated' });
  });

  it('analysts see the figures too; status filter and paging keep them', async () => {
    const res = await analyst.get('/v1/campaigns?include=stats&status=draft&limit=1');
    expectStatus(res, 200);
    expect(res.body.items).toHaveLength(1);
    expect(res.body.items[0].stats.sent).toBe(3);
    const next = await analyst.get(`/v1/campaigns?include=stats&status=draft&limit=1&cursor=${encodeURIComponent(res.body.nextCursor)}`);
    expect(next.body.items.map((i: ListItem) => i.id)).toEqual([quiet]);
  });

  it('refuses an unknown include, naming the field', async () => {
    expectError(await owner.get('/v1/campaigns?include=everything'), 400, ['include']);
  });
});
