import { parse } from 'csv-parse/sync';
import { bearer, signUpBusiness, startApi, type ApiHarness } from './support/api-harness';
import { insertCustomer } from './support/delivery-factories';
import { expectStatus } from './support/e2e-helpers';
import { historyFactories } from './support/history-factories';

/**
 * An owner read "2 conversions, $80" in the campaign report and "5 conversions, $191.50" in the experiment
 * report of the same campaign: the funnel counts orders credited to the campaign, the experiment every
 * order in the goal window, one of them credited to another campaign. Here four recipients of an A/B split
 * (A1, A2 in A; B1, B2 in B) order within the 7-day goal: A1 50 and B1 30 credited to this campaign; A2
 * 41.50 credited to another campaign; B2 70 credited to none. Each report names what it counts, and the
 * experiment report carries the attributed figures that are the campaign report's.
 */
describe('one definition of conversion per report', () => {
  let api: ApiHarness;

  beforeAll(async () => {
    api = await startApi();
  });
  afterAll(() => api.close());

  it('the campaign report and the experiment report name their definitions and agree on the attributed figures', async () => {
    const { apiKey, businessId } = await signUpBusiness(api);
    const post = (path: string, body: object) => api.http().post(path).set(bearer(apiKey)).send(body);
    const get = (path: string) => api.http().get(path).set(bearer(apiKey));
    const template = await post('/v1/templates', { name: 'Offer', channel: 'email', subject: 'Offer', html: '<p>Offer</p>' });
    expectStatus(template, 201);
    const created = await post('/v1/campaigns', {
      name: 'Spring A/B', trigger: { type: 'event', eventType: 'spring' }, goal: { type: 'order', within: 'P7D' },
      steps: [
        { id: 'ab', type: 'split', branches: [{ name: 'A', weight: 1, next: 'mail-a' }, { name: 'B', weight: 1, next: 'mail-b' }] },
        { id: 'mail-a', type: 'email', templateId: template.body.id },
        { id: 'mail-b', type: 'email', templateId: template.body.id },
      ],
    });
    expectStatus(created, 201);
    const campaign = created.body.id as string;
    const f = historyFactories(api.dataSource, businessId);
    const other = await f.campaign('Weekend offer');
    const db = api.dataSource;
    const enrolled = new Date('2026-03-02T15:00:00Z');
    const at = (hours: number) => new Date(enrolled.getTime() + hours * 3_600_000);

    /** Credits the order to the message as attribution does (order_attribution and a converted engagement). */
    const credit = async (orderId: string, messageId: string, total: number, when: Date) => {
      await db.query(`INSERT INTO order_attribution (order_id, business_id, message_id, campaign_id, step_id, variant, channel, attribution, touched_at)
                      SELECT $1, business_id, id, campaign_id, step_id, variant, channel, 'click', $3 FROM message WHERE id = $2`, [orderId, messageId, when]);
      await db.query(`INSERT INTO engagement (business_id, message_id, customer_id, campaign_id, step_id, variant, type, occurred_at, revenue)
                      SELECT business_id, id, customer_id, campaign_id, step_id, variant, 'converted', $2, $3 FROM message WHERE id = $1`, [messageId, when, total]);
    };
    const recipient = async (variant: 'A' | 'B', order: { total: number; creditTo: 'this' | 'other' | null }, n: number) => {
      const customer = await insertCustomer(db, businessId, {});
      const enrolment = await f.enrollment(customer, campaign, enrolled);
      await db.query(`UPDATE enrollment SET variants = $2, goal_deadline = $3 WHERE id = $1`, [enrolment, JSON.stringify({ ab: variant, '@last': variant }), at(7 * 24)]);
      const message = await f.message(customer, { campaignId: campaign, enrollmentId: enrolment, stepId: `mail-${variant.toLowerCase()}`, createdAt: at(0), sentAt: at(0), cost: 0.001 });
      await db.query(`UPDATE message SET variant = $2 WHERE id = $1`, [message, variant]);
      const orderId = await f.order(customer, `o${n}`, order.total, at(24));
      if (order.creditTo === 'this') await credit(orderId, message, order.total, at(24));
      if (order.creditTo === 'other') await credit(orderId, await f.message(customer, { campaignId: other, createdAt: at(20), sentAt: at(20), cost: 0.001 }), order.total, at(24));
    };
    await recipient('A', { total: 50, creditTo: 'this' }, 1);
    await recipient('A', { total: 41.5, creditTo: 'other' }, 2);
    await recipient('B', { total: 30, creditTo: 'this' }, 3);
    await recipient('B', { total: 70, creditTo: null }, 4);

    const report = await get(`/v1/reports/campaigns/${campaign}`);
    expectStatus(report, 200);
    const experiment = await get(`/v1/reports/campaigns/${campaign}/experiment`);
    expectStatus(experiment, 200);

    // The campaign report counts credited orders: 2 and 80, and says so.
    expect(report.body.conversionDefinition.key).toBe('attributed');
    expect(report.body.funnel[0]).toMatchObject({ level: 'campaign', orders: 2, revenue: 80 });
    // The experiment report counts goal-window orders: 4 recipients, 191.50 (A2's order credited to another campaign included), and says so.
    expect(experiment.body.conversionDefinition.key).toBe('goal_window');
    expect(experiment.body.conversionDefinition.description).toMatch(/whichever campaign/);
    const [split] = experiment.body.experiments;
    expect(split.conversionDefinition.key).toBe('goal_window');
    const sum = (key: string) => split.arms.reduce((s: number, a: Record<string, number>) => s + a[key], 0);
    expect([sum('conversions'), sum('revenueSum')]).toEqual([4, 191.5]);
    // Its attributed figures are the campaign report's, per variant too.
    expect([sum('attributedOrders'), sum('attributedRevenue')]).toEqual([2, 80]);
    const variantLine = (v: string) => report.body.funnel.find((r: { level: string; variant: string }) => r.level === 'variant' && r.variant === v);
    for (const arm of split.arms) expect([arm.attributedOrders, arm.attributedRevenue]).toEqual([variantLine(arm.variant).orders, variantLine(arm.variant).revenue]);
    // The campaign report's own experiment section counts as the experiment report does, and its holdout names its definition.
    const [inReport] = report.body.experiments;
    expect(inReport.conversionDefinition.key).toBe('goal_window');
    expect(inReport.arms.map((a: Record<string, number>) => [a.conversions, a.revenueSum, a.attributedOrders, a.attributedRevenue]))
      .toEqual(split.arms.map((a: Record<string, number>) => [a.conversions, a.revenueSum, a.attributedOrders, a.attributedRevenue]));
    // The CSVs name them too.
    const csv = async (path: string) => parse((await get(path)).text, { columns: true }) as Record<string, string>[];
    expect((await csv(`/v1/reports/campaigns/${campaign}?format=csv`))[0]).toMatchObject({ level: 'campaign', orders: '2', revenue: '80', conversion_definition: 'attributed' });
    const abLines = (await csv(`/v1/reports/campaigns/${campaign}/experiment?format=csv`)).filter((r) => r.metric === 'conversion_rate');
    expect(abLines.map((r) => [r.variant, r.conversion_definition, r.attributed_orders, r.attributed_revenue])).toEqual([['A', 'goal_window', '1', '50'], ['B', 'goal_window', '1', '30']]);
  });
});
