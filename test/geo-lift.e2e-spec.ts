import { parse } from 'csv-parse/sync';
import { bearer, signUpBusiness, startApi, type ApiHarness } from './support/api-harness';
import { expectError, expectStatus, seedKey } from './support/e2e-helpers';

const DAY = 86_400_000;
const STORE_A = { lat: 40.0, lng: -75.0 };
const STORE_B = { lat: 40.2, lng: -75.0 }; // ~22 km north
const TREATED = 120;
const COMPARISON = 240;
const EFFECT_TOTAL = 25; // every customer in the area buys one extra $25 order after the start

/** Deterministic uniform numbers (an LCG): the seeded data are the same on every run. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** A point `distance` metres from `center` at `bearing` radians (flat approximation, plenty at 3 km). */
function offset(center: { lat: number; lng: number }, distance: number, bearing: number): { lat: number; lng: number } {
  const dLat = (distance * Math.cos(bearing)) / 111_195;
  const dLng = (distance * Math.sin(bearing)) / (111_195 * Math.cos((center.lat * Math.PI) / 180));
  return { lat: center.lat + dLat, lng: center.lng + dLng };
}

interface Seeded { id: string; treated: boolean; lat: number; lng: number; orders: { at: number; total: number }[] }

/**
 * The owner's story: a nearby offer around store A (a 1 km geofence) with no control group.
 * Customers around A and around B (22 km away) order at the same seeded rates before and after
 * the start; inside the fence everyone also buys one extra $25 order after it. The report
 * estimates that injected effect (120 orders, $3,000) with an interval covering it, and its
 * point estimate equals a difference in differences computed here from the seeded rows.
 */
describe('geo lift end to end', () => {
  let api: ApiHarness;
  let key: string;
  let businessId: string;
  let campaignId: string;
  let storeA: string;
  let storeB: string;
  let start: number;
  let tinyCampaignId: string;
  const seeded: Seeded[] = [];

  const get = (path: string, k = key) => api.http().get(path).set(bearer(k));
  const post = (path: string, body: unknown) => api.http().post(path).set(bearer(key)).send(body as object);

  async function seedCustomers(rows: { lat: number; lng: number; store: string; createdAt: Date }[]): Promise<string[]> {
    const inserted = await api.dataSource.query<{ id: string }[]>(
      `INSERT INTO customer (business_id, email, lat, lng, nearest_location_id, created_at)
       SELECT $1, 'geo' || n || '@example.com', lat, lng, store, created
         FROM unnest($2::float8[], $3::float8[], $4::uuid[], $5::timestamptz[]) WITH ORDINALITY AS t(lat, lng, store, created, n)
       RETURNING id`,
      [businessId, rows.map((r) => r.lat), rows.map((r) => r.lng), rows.map((r) => r.store), rows.map((r) => r.createdAt)],
    );
    return inserted.map((r) => r.id);
  }

  beforeAll(async () => {
    api = await startApi();
    ({ apiKey: key, businessId } = await signUpBusiness(api, { name: 'Two Corners Deli' }));
    storeA = (await post('/v1/locations', { name: 'Corner A', ...STORE_A })).body.id;
    storeB = (await post('/v1/locations', { name: 'Corner B', ...STORE_B })).body.id;
    const fence = await post('/v1/geofences', { name: 'Around A', storeId: storeA, center: STORE_A, radiusMeters: 1000, cooldownSeconds: 3600 });
    expectStatus(fence, 201);
    const created = await post('/v1/campaigns/from-preset', { preset: 'nearby_offer', params: { geofenceId: fence.body.id } });
    expectStatus(created, 201);
    campaignId = created.body.id;
    // A 50 m fence holding only a couple of customers (created before any customer: SMS campaigns need an audience with phones otherwise).
    const tiny = await post('/v1/geofences', { name: 'Tiny', center: offset(STORE_A, 500, 0), radiusMeters: 50, cooldownSeconds: 0 });
    expectStatus(tiny, 201);
    const tinyCampaign = await post('/v1/campaigns/from-preset', { preset: 'nearby_offer', params: { geofenceId: tiny.body.id } });
    expectStatus(tinyCampaign, 201);
    tinyCampaignId = tinyCampaign.body.id;
    // The campaigns started 30 days ago: a full 28-day post-period, 28 pre-period days and 84 matching days before them.
    start = Date.now() - 30 * DAY;
    await api.dataSource.query(`UPDATE campaign SET status = 'active', activated_at = $2 WHERE id = ANY($1)`, [[campaignId, tinyCampaignId], new Date(start)]);

    const rnd = random(22);
    const createdAt = new Date(start - 200 * DAY);
    const located = [
      ...Array.from({ length: TREATED }, () => ({ ...offset(STORE_A, 950 * Math.sqrt(rnd()), 2 * Math.PI * rnd()), store: storeA, createdAt, treated: true })),
      ...Array.from({ length: COMPARISON }, () => ({ ...offset(STORE_B, 3000 * Math.sqrt(rnd()), 2 * Math.PI * rnd()), store: storeB, createdAt, treated: false })),
      // A's customers outside its fence: neither treated nor comparison.
      ...Array.from({ length: 30 }, () => ({ ...offset(STORE_A, 1200 + 1500 * rnd(), 2 * Math.PI * rnd()), store: storeA, createdAt, treated: null })),
    ];
    const ids = await seedCustomers(located);
    const orders: { customer: string; at: number; total: number }[] = [];
    located.forEach((c, i) => {
      const rate = [0.01, 0.03, 0.06, 0.1][Math.floor(rnd() * 4)]; // orders a day, same law in both groups
      const mine: Seeded = { id: ids[i], treated: c.treated === true, lat: c.lat, lng: c.lng, orders: [] };
      for (let day = -112; day < 28; day++) {
        if (rnd() < rate) mine.orders.push({ at: start + day * DAY + Math.floor(rnd() * DAY), total: Math.round(1000 + rnd() * 4000) / 100 });
      }
      if (c.treated) mine.orders.push({ at: start + Math.floor(rnd() * 27 * DAY), total: EFFECT_TOTAL });
      if (c.treated !== null) seeded.push(mine);
      orders.push(...mine.orders.map((o) => ({ customer: ids[i], ...o })));
    });
    await api.dataSource.query(
      `INSERT INTO orders (business_id, external_id, customer_id, total, currency, channel, location_id, occurred_at)
       SELECT $1, 'o' || n, customer, total, 'USD', 'in_store', NULL, at
         FROM unnest($2::uuid[], $3::numeric[], $4::timestamptz[]) WITH ORDINALITY AS t(customer, total, at, n)`,
      [businessId, orders.map((o) => o.customer), orders.map((o) => o.total), orders.map((o) => new Date(o.at))],
    );
  }, 60_000);
  afterAll(() => api.close());

  /** The DiD point estimate from the seeded rows: bins of matching-window orders, comparison weighted to the treated bins. */
  function expectedDid(measure: (o: { total: number }) => number): number {
    const sum = (c: Seeded, from: number, to: number) => c.orders.filter((o) => o.at >= start + from * DAY && o.at < start + to * DAY).reduce((s, o) => s + measure(o), 0);
    const bin = (c: Seeded) => Math.min([0, 1, 2, 3, 3, 4][Math.min(5, c.orders.filter((o) => o.at >= start - 112 * DAY && o.at < start - 28 * DAY).length)], 4);
    const delta = (c: Seeded) => sum(c, 0, 28) - sum(c, -28, 0);
    const treated = seeded.filter((c) => c.treated);
    const comparison = seeded.filter((c) => !c.treated);
    const bins = [0, 1, 2, 3, 4];
    const shared = bins.filter((b) => treated.some((c) => bin(c) === b) && comparison.some((c) => bin(c) === b));
    const t = treated.filter((c) => shared.includes(bin(c)));
    const k = comparison.filter((c) => shared.includes(bin(c)));
    const weight = (b: number) => (t.filter((c) => bin(c) === b).length / t.length) / (k.filter((c) => bin(c) === b).length / k.length);
    const treatedMean = t.reduce((s, c) => s + delta(c), 0) / t.length;
    const comparisonMean = k.reduce((s, c) => s + weight(bin(c)) * delta(c), 0) / k.reduce((s, c) => s + weight(bin(c)), 0);
    return (treatedMean - comparisonMean) * t.length;
  }

  it('estimates the injected lift around the store, with an interval covering it, against customers around the other store', async () => {
    const { apiKey: analyst } = await seedKey(api, businessId, 'analyst');
    const res = await get(`/v1/reports/campaigns/${campaignId}/geo-lift`, analyst);
    expectStatus(res, 200);
    const r = res.body;
    expect(r).toMatchObject({
      population: 'intent_to_treat', status: 'estimated', reasons: [], currency: 'USD',
      area: { shape: 'circle', radiusMeters: 1000, clusterCellMeters: 500, center: STORE_A },
      comparison: { mode: 'auto', stores: [{ id: storeB, name: 'Corner B' }] },
      windows: { start: new Date(start).toISOString(), preDays: 28, postDays: 28, matchDays: 84, postDaysObserved: 28 },
      groups: { treatedCustomers: TREATED - r.groups.unmatchedTreated, enrolledTreated: 0 },
    });
    expect(r.groups.treatedCustomers + r.groups.unmatchedTreated).toBe(TREATED);
    expect(r.groups.comparisonCustomers + r.groups.unusedComparison).toBe(COMPARISON);
    expect(r.groups.treatedClusters).toBeGreaterThanOrEqual(4);
    const injected = r.groups.treatedCustomers; // one extra order each
    expect(r.incrementalOrders.estimate).toBeCloseTo(expectedDid(() => 1), 2);
    expect(r.incrementalRevenue.estimate).toBeCloseTo(expectedDid((o) => o.total), 1);
    expect(r.incrementalOrders.low).toBeLessThan(injected);
    expect(r.incrementalOrders.high).toBeGreaterThan(injected);
    expect(r.incrementalOrders.low).toBeGreaterThan(0);
    expect(r.incrementalRevenue.low).toBeLessThan(injected * EFFECT_TOTAL);
    expect(r.incrementalRevenue.high).toBeGreaterThan(injected * EFFECT_TOTAL);
    expect(r.preTrend.parallel).toBe(true);
    expect(r.caveats[0]).toMatch(/whether or not the campaign reached them/);

    // The same figures as CSV; naming store B explicitly is the same comparison as auto.
    const csv = await get(`/v1/reports/campaigns/${campaignId}/geo-lift?format=csv&comparison=${storeB}`).buffer(true).parse((r2, cb) => { let s = ''; r2.on('data', (d: Buffer) => (s += d)); r2.on('end', () => cb(null, s)); });
    expectStatus(csv, 200);
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    const lines = parse(csv.body as string, { columns: true }) as Record<string, string>[];
    expect(lines.map((l) => l.metric)).toEqual(['incremental_orders', 'incremental_revenue', 'pre_trend_orders', 'pre_trend_revenue']);
    expect(Number(lines[0].estimate)).toBe(r.incrementalOrders.estimate);
    expect(lines[0].comparison_stores).toBe('Corner B');
  });

  it('says it is too small instead of a bare null when the area holds too few customers', async () => {
    const res = await get(`/v1/reports/campaigns/${tinyCampaignId}/geo-lift?preDays=14&postDays=14`);
    expectStatus(res, 200);
    expect(res.body).toMatchObject({ status: 'too_small', incrementalOrders: null, incrementalRevenue: null, preTrend: null, windows: { preDays: 14, postDays: 14 } });
    expect(res.body.reasons.join(' ')).toMatch(/matched customers in the area; at least 30 are needed/);
    expect(res.body.comparison.stores.map((s: { id: string }) => s.id)).toEqual([storeA, storeB]);
  });

  it("reads the area from a segment's radius or polygon condition as well", async () => {
    const template = (await post('/v1/templates', { name: 'Hello', channel: 'email', subject: 'Hello', html: '<p>Hello</p>' })).body.id as string;
    const segmentCampaign = async (definition: unknown) => {
      const segment = await post('/v1/segments', { name: `area ${Math.random()}`, definition });
      expectStatus(segment, 201);
      const created = await post('/v1/campaigns', { name: 'Segment area', trigger: { type: 'segment', segmentId: segment.body.id }, steps: [{ id: 'hi', type: 'email', templateId: template }] });
      expectStatus(created, 201);
      await api.dataSource.query(`UPDATE campaign SET status = 'active', activated_at = $2 WHERE id = $1`, [created.body.id, new Date(start)]);
      const res = await get(`/v1/reports/campaigns/${created.body.id}/geo-lift`);
      expectStatus(res, 200);
      return res.body;
    };
    const fence = (await get(`/v1/reports/campaigns/${campaignId}/geo-lift`)).body;
    // Within 1 km of store A: the fence's circle, so the same customers and the same estimate.
    const near = await segmentCampaign({ all: [{ type: 'consent', channel: 'email', status: 'granted' }, { type: 'near', storeId: storeA, radiusMeters: 1000 }] });
    expect(near.area).toMatchObject({ shape: 'circle', radiusMeters: 1000, description: 'within 1000 m of store "Corner A", from the trigger\'s segment' });
    expect(near.groups.treatedCustomers).toBe(fence.groups.treatedCustomers);
    expect(near.incrementalOrders).toEqual(fence.incrementalOrders);
    // A square of ±0.008° around store A (≈ ±890 m north-south): inside the fence's circle except its corners.
    const d = 0.008;
    const ring = [[STORE_A.lng - d, STORE_A.lat - d], [STORE_A.lng + d, STORE_A.lat - d], [STORE_A.lng + d, STORE_A.lat + d], [STORE_A.lng - d, STORE_A.lat + d], [STORE_A.lng - d, STORE_A.lat - d]];
    const square = await segmentCampaign({ type: 'inside', polygon: { type: 'Polygon', coordinates: [ring] } });
    expect(square.area).toMatchObject({ shape: 'polygon', polygon: ring });
    // Store A is inside the square, so only B is compared; everyone seeded inside the square is treated.
    expect(square.comparison.stores.map((s: { id: string }) => s.id)).toEqual([storeB]);
    const inSquare = seeded.filter((c) => Math.abs(c.lat - STORE_A.lat) < d && Math.abs(c.lng - STORE_A.lng) < d).length;
    expect(inSquare).toBeGreaterThan(50);
    expect(square.groups.treatedCustomers + square.groups.unmatchedTreated).toBe(inSquare);
  });

  it("answers 404 for another business's campaign and 422 naming the field for a campaign not aimed at an area or bad parameters", async () => {
    const other = await signUpBusiness(api, { name: 'Elsewhere' });
    expectError(await get(`/v1/reports/campaigns/${campaignId}/geo-lift`, other.apiKey), 404, ['id']);
    expectError(await get('/v1/reports/campaigns/not-a-uuid/geo-lift'), 404, ['id']);
    const plain = await post('/v1/campaigns/from-preset', { preset: 'welcome_series' });
    expectStatus(plain, 201);
    const notArea = await get(`/v1/reports/campaigns/${plain.body.id}/geo-lift`);
    expectError(notArea, 422, ['id']);
    expect(notArea.body.code).toBe('CAMPAIGN_NOT_AREA');
    // Aimed at an area but never activated: no start to measure from.
    const fence = (await get('/v1/geofences')).body.items[0].id as string;
    const template = (await post('/v1/templates', { name: 'Draft', channel: 'email', subject: 'Draft', html: '<p>Draft</p>' })).body.id as string;
    const draft = await post('/v1/campaigns', { name: 'Draft nearby', trigger: { type: 'geofence', geofenceId: fence, on: 'entered' }, steps: [{ id: 'hi', type: 'email', templateId: template }] });
    expectStatus(draft, 201);
    const notStarted = await get(`/v1/reports/campaigns/${draft.body.id}/geo-lift`);
    expectError(notStarted, 422, ['id']);
    expect(notStarted.body.code).toBe('CAMPAIGN_NOT_STARTED');
    // Query shapes are checked by the validation pipe (400, as on every route); what only the report can judge is 422.
    expectError(await get(`/v1/reports/campaigns/${campaignId}/geo-lift?preDays=3`), 400, ['preDays']);
    expectError(await get(`/v1/reports/campaigns/${campaignId}/geo-lift?postDays=0`), 400, ['postDays']);
    expectError(await get(`/v1/reports/campaigns/${campaignId}/geo-lift?comparison=nearby`), 400, ['comparison']);
    const ownStore = await get(`/v1/reports/campaigns/${campaignId}/geo-lift?comparison=${storeA}`);
    expectError(ownStore, 422, ['comparison[0]']);
    const foreign = await get(`/v1/reports/campaigns/${campaignId}/geo-lift?comparison=${storeB},00000000-0000-4000-8000-000000000000`);
    expectError(foreign, 422, ['comparison[1]']);
  });
});
