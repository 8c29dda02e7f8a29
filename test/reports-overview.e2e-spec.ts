import { parse } from 'csv-parse/sync';
import { bearer, signUpBusiness, startApi, type ApiHarness } from './support/api-harness';
import { insertCustomer, insertLocation } from './support/delivery-factories';
import { historyFactories } from './support/history-factories';
import { holdoutUplift } from '../libs/analytics/src/statistics/holdout';
import { expectError, expectStatus } from './support/e2e-helpers';

/**
 * The overview over a hand-made order history (figures worked out by hand in the comments):
 * P orders Jan 10, Feb 15, Mar 20 (10, 20, 30; at the store); Q Jan 20, Mar 5 (15, 25); S Feb 3 (50);
 * R Dec 1 2025 and Mar 10 (5, 35). Period: Jan 1 – Apr 1 2026.
 */
describe('overview report', () => {
  let api: ApiHarness;
  let key: string;
  let store: string;
  const PERIOD = 'from=2026-01-01T06:00:00Z&to=2026-04-01T05:00:00Z';
  const get = (path: string, k = key) => api.http().get(path).set(bearer(k));

  beforeAll(async () => {
    api = await startApi();
    const signed = await signUpBusiness(api);
    key = signed.apiKey;
    store = await insertLocation(api.dataSource, signed.businessId, 'Elm Street');
    const orders: [string, string, number, boolean][] = [
      ['p', '2026-01-10', 10, true], ['p', '2026-02-15', 20, true], ['p', '2026-03-20', 30, true],
      ['q', '2026-01-20', 15, false], ['q', '2026-03-05', 25, false], ['s', '2026-02-03', 50, false],
      ['r', '2025-12-01', 5, false], ['r', '2026-03-10', 35, false],
    ];
    let n = 0;
    for (const [who, day, total, atStore] of orders) {
      const res = await api.http().post('/v1/orders').set(bearer(key)).send({
        externalId: `o${(n += 1)}`, customer: { email: `${who}@example.com` }, total, currency: 'USD', channel: atStore ? 'in_store' : 'online',
        ...(atStore ? { locationId: store } : {}), occurredAt: `${day}T12:00:00Z`,
      });
      expectStatus(res, 201);
    }
  });
  afterAll(() => api.close());

  it('stores, new vs returning, cohorts with retention and CLTV', async () => {
    const res = await get(`/v1/reports/overview?${PERIOD}`);
    expectStatus(res, 200);
    expect(res.body.byCampaign).toEqual([]);
    // No store: Q 40 + S 50 + R 35 (its March order) = 125 from 4 orders by 3 customers; the store: P's 60.
    expect(res.body.byStore).toEqual([
      { locationId: null, name: 'Online', orders: 4, customers: 3, revenue: 125, attributedRevenue: 0, messagesSent: 0, spend: 0, roi: null, roiPercent: null, incrementalRevenue: null, incrementalRoi: null, incrementalReason: 'No campaign held anyone out of this store\'s enrolments in the period.' },
      { locationId: store, name: 'Elm Street', orders: 3, customers: 1, revenue: 60, attributedRevenue: 0, messagesSent: 0, spend: 0, roi: null, roiPercent: null, incrementalRevenue: null, incrementalRoi: null, incrementalReason: 'No campaign held anyone out of this store\'s enrolments in the period.' },
    ]);
    // R ordered before the period: returning. P, Q, S: new, 6 orders, 150.
    expect(res.body.customers).toEqual({ new: { customers: 3, orders: 6, revenue: 150 }, returning: { customers: 1, orders: 1, revenue: 35 } });
    // January cohort P, Q: in February only P (1/2), in March both (2/2); February cohort S; R's cohort (December) is before the period.
    expect(res.body.cohorts).toEqual([
      { cohort: '2026-01', customers: 2, retention: [0.5, 1], revenue: 100, revenuePerCustomer: 50 },
      { cohort: '2026-02', customers: 1, retention: [], revenue: 50, revenuePerCustomer: 50 },
    ]);
    expect(res.body.cltv).toBe(50);
  });

  it('totals, the previous period beside them, and revenue over time in the business\'s weeks, days or months', async () => {
    const res = await get(`/v1/reports/overview?${PERIOD}`);
    expectStatus(res, 200);
    // All 7 orders of the period: 185 from 4 buyers; no campaign sent or earned.
    expect(res.body.totals).toEqual({ revenue: 185, orders: 7, buyers: 4, conversions: 0, attributedRevenue: 0, messagesSent: 0, spend: 0, roi: null, roiPercent: null, incrementalRevenue: null });
    // The 89 days 23 hours before: R's December order.
    expect(res.body.previous).toEqual({
      period: { from: '2025-10-03T07:00:00.000Z', to: '2026-01-01T06:00:00.000Z' },
      totals: { revenue: 5, orders: 1, buyers: 1, conversions: 0, attributedRevenue: 0, messagesSent: 0, spend: 0, roi: null, roiPercent: null, incrementalRevenue: null },
    });
    // 90 days: weeks (Monday first, Chicago). Jan 1 is a Thursday: from the week of Dec 29 to the week of Mar 30, 14 weeks.
    expect(res.body.series.granularity).toBe('week');
    const weeks = Object.fromEntries(res.body.series.points.filter((p: { revenue: number }) => p.revenue > 0).map((p: { start: string; revenue: number }) => [p.start, p.revenue]));
    expect(res.body.series.points).toHaveLength(14);
    expect([res.body.series.points[0].start, res.body.series.points[13].start]).toEqual(['2025-12-29', '2026-03-30']);
    expect(weeks).toEqual({ '2026-01-05': 10, '2026-01-19': 15, '2026-02-02': 50, '2026-02-09': 20, '2026-03-02': 25, '2026-03-09': 35, '2026-03-16': 30 });

    const months = await get(`/v1/reports/overview?${PERIOD}&granularity=month`);
    expect(months.body.series.points.map((p: { start: string; revenue: number; orders: number }) => [p.start, p.revenue, p.orders])).toEqual([
      ['2026-01-01', 25, 2], ['2026-02-01', 70, 2], ['2026-03-01', 90, 3],
    ]);
    const days = await get(`/v1/reports/overview?${PERIOD}&granularity=day`);
    // Jan 1 – Mar 31 in Chicago (the period's ends are local midnights, DST included).
    expect(days.body.series.points).toHaveLength(90);
    expect(days.body.series.points.reduce((sum: number, p: { revenue: number }) => sum + p.revenue, 0)).toBe(185);
    expect(days.body.series.points.find((p: { start: string }) => p.start === '2026-02-15').revenue).toBe(20);
    expectError(await get(`/v1/reports/overview?${PERIOD}&granularity=hour`), 400, ['granularity']);
    expectError(await get('/v1/reports/overview?from=2020-01-01&to=2026-01-01&granularity=day'), 422, ['granularity']);
  });

  it('spend per store: the enrolment\'s store, else the recipient\'s nearest store; the same as grouping the messages directly', async () => {
    const { apiKey, businessId } = await signUpBusiness(api);
    const [north, south] = [await insertLocation(api.dataSource, businessId, 'North'), await insertLocation(api.dataSource, businessId, 'South')];
    const f = historyFactories(api.dataSource, businessId);
    const campaign = await f.campaign('Nearby');
    const nearNorth = await insertCustomer(api.dataSource, businessId, { nearestLocationId: north });
    const nearSouth = await insertCustomer(api.dataSource, businessId, { nearestLocationId: south });
    const nowhere = await insertCustomer(api.dataSource, businessId, {});
    // An enrolment about South (a geofence's store) for a customer whose nearest store is North.
    const aboutSouth = await f.enrollment(nearNorth, campaign, new Date('2026-03-01T00:00:00Z'));
    await api.dataSource.query(`UPDATE enrollment SET context = jsonb_build_object('storeId', $2::text) WHERE id = $1`, [aboutSouth, south]);
    const sent = (day: string) => new Date(`2026-03-${day}T15:00:00Z`);
    await f.message(nearNorth, { campaignId: campaign, createdAt: sent('02'), sentAt: sent('02'), cost: 1.25 });
    await f.message(nearNorth, { campaignId: campaign, enrollmentId: aboutSouth, createdAt: sent('03'), sentAt: sent('03'), cost: 0.79, channel: 'sms' });
    await f.message(nearSouth, { campaignId: campaign, createdAt: sent('04'), sentAt: sent('04'), cost: 0.79, channel: 'sms' });
    await f.message(nowhere, { campaignId: campaign, createdAt: sent('05'), sentAt: sent('05'), cost: 0.2 });
    await f.message(nearSouth, { campaignId: campaign, createdAt: sent('06'), status: 'queued' }); // not sent: no spend
    await f.message(nearSouth, { campaignId: campaign, createdAt: sent('07'), sentAt: new Date('2026-04-02T15:00:00Z'), cost: 1 }); // after the period

    const res = await get(`/v1/reports/overview?${PERIOD}`, apiKey);
    expectStatus(res, 200);
    const byStore = Object.fromEntries(res.body.byStore.map((r: { locationId: string | null; messagesSent: number; spend: number; roi: number | null }) => [r.locationId ?? 'none', [r.messagesSent, Math.round(r.spend * 1e6) / 1e6, r.roi]]));
    // By hand: North 1 email (1.25); South the SMS about it and the SMS to its customer (1.58); no store 1 email (0.20).
    expect(byStore).toEqual({ [north]: [1, 1.25, -1], [south]: [2, 1.58, -1], none: [1, 0.2, -1] });
    // The same grouping straight from the messages.
    const direct: { store: string | null; sent: number; cost: string }[] = await api.dataSource.query(
      `SELECT coalesce((e.context->>'storeId')::uuid, c.nearest_location_id)::text AS store, count(*)::int AS sent, sum(m.cost)::text AS cost
         FROM message m LEFT JOIN enrollment e ON e.id = m.enrollment_id JOIN customer c ON c.id = m.customer_id
        WHERE m.business_id = $1 AND m.sent_at >= '2026-01-01T06:00:00Z' AND m.sent_at < '2026-04-01T05:00:00Z' GROUP BY 1`, [businessId]);
    expect(Object.fromEntries(direct.map((d) => [d.store ?? 'none', [d.sent, Number(d.cost), -1]]))).toEqual(byStore);
    expect(res.body.totals.spend).toBe(3.03);
    // The line with no store is "Online"; ROI also as a percentage.
    expect(res.body.byStore.map((r: { name: string; roiPercent: number }) => [r.name, r.roiPercent]).sort()).toEqual([['North', -100], ['Online', -100], ['South', -100]]);
  });

  it('incremental revenue: the campaigns\' holdout comparisons over the period\'s enrolments, as the campaign report computes it', async () => {
    const { apiKey, businessId } = await signUpBusiness(api);
    const f = historyFactories(api.dataSource, businessId);
    const campaign = await f.campaign('Win-back');
    const main = await insertLocation(api.dataSource, businessId, 'Main');
    const enrolled = new Date('2026-02-01T12:00:00Z');
    // Treated: 10, nothing, 20, 30 → 15 per recipient. Held out: 10, nothing, nothing, nothing → 2.5. 12.5 × 4 treated = 50.
    const revenues: [boolean, number | null][] = [[false, 10], [false, null], [false, 20], [false, 30], [true, 10], [true, null], [true, null], [true, null]];
    for (const [i, [holdout, revenue]] of revenues.entries()) {
      // Every enrolment is about Main: the treated by their nearest store, the held out by the enrolment's context.
      const customer = await insertCustomer(api.dataSource, businessId, holdout ? {} : { nearestLocationId: main });
      const id = await f.enrollment(customer, campaign, enrolled);
      await api.dataSource.query(`UPDATE enrollment SET holdout = $2 WHERE id = $1`, [id, holdout]);
      if (holdout) await api.dataSource.query(`UPDATE enrollment SET context = jsonb_build_object('storeId', $2::text) WHERE id = $1`, [id, main]);
      else if (i === 0) await f.message(customer, { campaignId: campaign, enrollmentId: id, createdAt: enrolled, sentAt: enrolled, cost: 10 });
      if (revenue !== null) await f.order(customer, `h${i}`, revenue, new Date('2026-02-03T12:00:00Z'));
    }
    const res = await get(`/v1/reports/overview?${PERIOD}`, apiKey);
    expectStatus(res, 200);
    const inc = res.body.totals.incrementalRevenue;
    expect({ campaigns: inc.campaigns, estimate: inc.estimate }).toEqual({ campaigns: 1, estimate: 50 });
    expect(inc.low).toBeLessThan(50);
    expect(inc.high).toBeGreaterThan(50);
    // One campaign: its holdout uplift from the arms summed by hand (treated n 4, 3 orders, Σ 60, Σ² 1,400; held out n 4, 1 order, Σ 10, Σ² 100).
    const byHand = holdoutUplift({ n: 4, conversions: 3, revenueSum: 60, revenueSumOfSquares: 1400 }, { n: 4, conversions: 1, revenueSum: 10, revenueSumOfSquares: 100 }).incrementalRevenue;
    // Money in cents in the response.
    expect([inc.estimate, inc.low, inc.high]).toEqual([byHand.estimate, byHand.low, byHand.high].map((x) => Math.round((x as number) * 100) / 100));
    // Per store: all of it is Main's; its incremental ROI on the 10 the campaign spent there: (50 − 10) / 10 = 4.
    const mainLine = res.body.byStore.find((r: { locationId: string }) => r.locationId === main);
    expect(mainLine.incrementalRevenue).toEqual(inc);
    expect(mainLine.spend).toBe(10);
    expect(mainLine.incrementalRoi.estimate).toBe(4);
    expect(mainLine.incrementalRoi.low).toBeCloseTo(((byHand.low as number) - 10) / 10, 9);
    expect(mainLine.incrementalRoi.high).toBeCloseTo(((byHand.high as number) - 10) / 10, 9);
    expect(mainLine.roiPercent).toBe(-100);
    // Outside the period's enrolments: nothing to compare.
    expect((await get('/v1/reports/overview?from=2026-03-01T00:00:00Z&to=2026-04-01T00:00:00Z', apiKey)).body.totals.incrementalRevenue).toBeNull();
  });

  it('churn risk: S (one order, 56.5 days ago against a typical gap of 44 days) is the most at risk', async () => {
    // Repeat customers' average gaps: P 69/2 = 34.5, Q 44, R 99 → typical gap 44.
    // S: expected (0 + 44) / 1 = 44; 56.5 / 44 = 1.284× → 80 · (1 − 2^−0.284) = 14.3; + 20 / 1 → 34, medium.
    // P: (69 + 44) / 3 = 37.7, 11.5 days → 0 + 6.7 → 7; Q: 26.5 of 44 → 10; R: 21.5 of 71.5 → 10.
    const res = await get('/v1/reports/churn-risk?asOf=2026-04-01T00:00:00Z&limit=1');
    expectStatus(res, 200);
    expect(res.body.items).toEqual([expect.objectContaining({ email: 's@example.com', score: 34, level: 'medium', orders: 1, expectedGapDays: 44, daysSinceLastOrder: 56.5 })]);
    expect(res.body.items[0].reasons).toEqual([
      '56.5 days since the last order, 1.3× the expected 44-day gap', '1 order in total', 'average order value 50 (what is at stake, not how likely)',
    ]);
    const csv = parse((await get('/v1/reports/churn-risk?asOf=2026-04-01T00:00:00Z&format=csv')).text, { columns: true }) as Record<string, string>[];
    expect(csv.map((r) => r.email)).toHaveLength(4);
    // Highest first; Q and R tie at 10 (their order is by customer id).
    const lines = csv.map((r) => [r.email, r.score, r.level]);
    expect([lines[0], lines[3]]).toEqual([['s@example.com', '34', 'medium'], ['p@example.com', '7', 'low']]);
    expect(lines.slice(1, 3).sort()).toEqual([['q@example.com', '10', 'low'], ['r@example.com', '10', 'low']]);
  });

  it('churn risk: the top scored in the database is the full list scored in the API, cut to the limit, per level too', async () => {
    const asOf = 'asOf=2026-04-01T00:00:00Z';
    const csv = parse((await get(`/v1/reports/churn-risk?${asOf}&format=csv`)).text, { columns: true }) as Record<string, string>[];
    const full = csv.map((r) => [r.email, Number(r.score), r.level]);
    const top = async (query: string) => {
      const res = await get(`/v1/reports/churn-risk?${asOf}&${query}`);
      expectStatus(res, 200);
      return (res.body.items as { email: string; score: number; level: string }[]).map((i) => [i.email, i.score, i.level]);
    };
    expect(await top('limit=4')).toEqual(full);
    expect(await top('limit=2')).toEqual(full.slice(0, 2));
    expect(await top('limit=10&level=low')).toEqual(full.filter((line) => line[2] === 'low'));
    expect(await top('limit=10&level=high')).toEqual([]);
  });

  it('CSV: one line per figure', async () => {
    const res = await get(`/v1/reports/overview?${PERIOD}&format=csv`);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    const rows = parse(res.text, { columns: true }) as Record<string, string>[];
    expect(rows).toEqual(expect.arrayContaining([
      { section: 'store', key: store, name: 'Elm Street', metric: 'revenue', value: '60' },
      { section: 'cohort', key: '2026-01', name: '2026-01', metric: 'retention_month_1', value: '0.5' },
      { section: 'customers', key: 'new', name: 'new', metric: 'customers', value: '3' },
    ]));
  });

  it('a yen shop in Tokyo: money in whole yen in JSON and CSV, and a date-only period from its own midnight', async () => {
    const { apiKey, businessId } = await signUpBusiness(api, { timezone: 'Asia/Tokyo', currency: 'JPY', country: 'JP' });
    const f = historyFactories(api.dataSource, businessId);
    // Three first-time buyers on 1 December, Tokyo: 1000, 2000, 2002 → 5002 / 3 = 1667.33… per customer, 1667 yen.
    // The first order is at 01:00 Tokyo, 16:00 UTC on 30 November: inside a period from Tokyo's 1 December, outside UTC's.
    const times = ['2026-11-30T16:00:00Z', '2026-12-01T03:00:00Z', '2026-12-01T05:00:00Z'];
    for (const [i, total] of [1000, 2000, 2002].entries()) await f.order(await insertCustomer(api.dataSource, businessId, {}), `y${i}`, total, new Date(times[i]));
    await api.dataSource.query(`UPDATE orders SET currency = 'JPY' WHERE business_id = $1`, [businessId]);
    const res = await get('/v1/reports/overview?from=2026-12-01&to=2026-12-02&granularity=day', apiKey);
    expectStatus(res, 200);
    expect(res.body.period).toEqual({ from: '2026-11-30T15:00:00.000Z', to: '2026-12-01T15:00:00.000Z' });
    expect(res.body.totals).toMatchObject({ orders: 3, revenue: 5002 });
    expect(res.body.series.points).toEqual([expect.objectContaining({ start: '2026-12-01', orders: 3 })]);
    expect(res.body.cohorts).toEqual([{ cohort: '2026-12', customers: 3, retention: [], revenue: 5002, revenuePerCustomer: 1667 }]);
    expect(res.body.cltv).toBe(1667);
    const csv = parse((await get('/v1/reports/overview?from=2026-12-01&to=2026-12-02&format=csv', apiKey)).text, { columns: true }) as Record<string, string>[];
    expect(csv.find((r) => r.section === 'total' && r.metric === 'cltv')?.value).toBe('1667');
    // The same bounds as instants with Z are taken as given: UTC's 1 December leaves out the 01:00 Tokyo order.
    expect((await get('/v1/reports/overview?from=2026-12-01T00:00:00Z&to=2026-12-02T00:00:00Z', apiKey)).body.totals.orders).toBe(2);
  });

  it('rejects a bad period, and shows another business nothing', async () => {
    expectError(await get('/v1/reports/overview?from=2026-05-01&to=2026-04-01'), 422, ['from']);
    expectError(await get('/v1/reports/overview?from=yesterday'), '4xx', ['from']);
    const other = await signUpBusiness(api);
    const res = await get(`/v1/reports/overview?${PERIOD}`, other.apiKey);
    expect(res.body).toMatchObject({ byStore: [], cohorts: [], churnRisk: [], customers: { new: { customers: 0 } } });
  });
});
