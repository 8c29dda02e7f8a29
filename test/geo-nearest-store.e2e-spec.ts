import { NearestStoreService } from '../libs/geo/src';
import { signUpBusiness, startApi, type ApiHarness } from './support/api-harness';
import { clientFor, expectStatus, type Client } from './support/e2e-helpers';

// Expected distances are worked independently of the haversine code under test:
// along a meridian, d = R · Δφ (R = 6371008.8 m), so 0.001° = 111.19508 m;
// elsewhere the spherical law of cosines.
const R = 6371008.8;
const rad = (d: number) => (d * Math.PI) / 180;
const lawOfCosines = (lat1: number, lng1: number, lat2: number, lng2: number) =>
  R * Math.acos(Math.sin(rad(lat1)) * Math.sin(rad(lat2)) + Math.cos(rad(lat1)) * Math.cos(rad(lat2)) * Math.cos(rad(lng2 - lng1)));

const S1 = { lat: 39.7817, lng: -89.6501 };
const S2 = { lat: 39.8017, lng: -89.6501 };

describe('nearest store', () => {
  let api: ApiHarness;
  let c: Client;
  let businessId: string;
  beforeAll(async () => {
    api = await startApi();
    const signUp = await signUpBusiness(api);
    c = clientFor(api, signUp.apiKey);
    businessId = signUp.businessId;
  });
  afterAll(() => api.close());

  const nearestOf = async (customerId: string) => {
    const [row] = await api.dataSource.query(
      `SELECT nearest_location_id AS "storeId", nearest_location_distance_m AS "distance" FROM customer WHERE business_id = $1 AND id = $2`,
      [businessId, customerId],
    );
    return row as { storeId: string | null; distance: number | null };
  };
  const customer = async (body: Record<string, unknown>) => {
    const res = await c.post('/v1/customers', body);
    expectStatus(res, 201);
    return res.body.id as string;
  };

  it('follows stores being added, moved and removed', async () => {
    const north = await customer({ externalId: 'n1', lat: S1.lat + 0.001, lng: S1.lng });
    const far = await customer({ externalId: 'f1', lat: S2.lat + 0.002, lng: S2.lng });
    const nowhere = await customer({ externalId: 'x1' });

    const s1 = (await c.post('/v1/locations', { name: 'S1', ...S1 })).body.id;
    expect(await nearestOf(north)).toEqual({ storeId: s1, distance: expect.closeTo(111.195, 2) });
    const s2 = (await c.post('/v1/locations', { name: 'S2', ...S2 })).body.id;
    expect(await nearestOf(north)).toEqual({ storeId: s1, distance: expect.closeTo(111.195, 2) });
    expect(await nearestOf(far)).toEqual({ storeId: s2, distance: expect.closeTo(222.390, 2) });
    expect(await nearestOf(nowhere)).toEqual({ storeId: null, distance: null });

    // S2 moves onto the first customer: 0 m for them; the far one is now 0.021° (2335.09 m) from S2.
    expectStatus(await c.patch(`/v1/locations/${s2}`, { lat: S1.lat + 0.001, lng: S1.lng }), 200);
    expect(await nearestOf(north)).toEqual({ storeId: s2, distance: expect.closeTo(0, 3) });
    expect(await nearestOf(far)).toEqual({ storeId: s2, distance: expect.closeTo(R * rad(0.021), 1) });

    expectStatus(await c.delete(`/v1/locations/${s2}`), 204);
    expect(await nearestOf(north)).toEqual({ storeId: s1, distance: expect.closeTo(111.195, 2) });
    expect(await nearestOf(far)).toEqual({ storeId: s1, distance: expect.closeTo(R * rad(0.022), 1) });
  });

  it('is in GET /v1/customers/:id: the live nearest store\'s id, name and distance, or null', async () => {
    const { apiKey } = await signUpBusiness(api);
    const bc = clientFor(api, apiKey);
    const located = (await bc.post('/v1/customers', { externalId: 'located', lat: S1.lat + 0.001, lng: S1.lng })).body.id;
    const unlocated = (await bc.post('/v1/customers', { externalId: 'unlocated' })).body.id;
    expect((await bc.get(`/v1/customers/${located}`)).body.nearestStore).toBeNull();

    const near = (await bc.post('/v1/locations', { name: 'Elm Street', ...S1 })).body.id;
    const farther = (await bc.post('/v1/locations', { name: 'Oak Avenue', ...S2 })).body.id;
    const res = await bc.get(`/v1/customers/${located}`);
    expectStatus(res, 200);
    expect(res.body.nearestStore).toEqual({ id: near, name: 'Elm Street', distanceMeters: expect.closeTo(111.195, 2) });
    expect((await bc.get(`/v1/customers/${unlocated}`)).body.nearestStore).toBeNull();

    // 0.019° along the meridian to the other store once the near one goes.
    expectStatus(await bc.delete(`/v1/locations/${near}`), 204);
    expect((await bc.get(`/v1/customers/${located}`)).body.nearestStore).toEqual({ id: farther, name: 'Oak Avenue', distanceMeters: expect.closeTo(R * rad(0.019), 1) });
    // Another business neither sees the customer nor learns its store.
    expectStatus(await c.get(`/v1/customers/${located}`), 404);
  });

  it('picks the exact nearest among many stores, east-west distances included', async () => {
    const { apiKey, businessId: b } = await signUpBusiness(api);
    const bc = clientFor(api, apiKey);
    const home = { lat: 39.79, lng: -89.65 };
    const res = await bc.post('/v1/customers', { externalId: 'home', ...home });
    const stores: { id: string; lat: number; lng: number }[] = [];
    for (let i = 0; i < 12; i++) {
      // A ring of stores at varying bearings and distances (0.004°..0.015° away).
      const angle = (i * 2 * Math.PI) / 12;
      const spot = { lat: home.lat + (0.004 + i * 0.001) * Math.sin(angle), lng: home.lng + (0.004 + i * 0.001) * Math.cos(angle) };
      stores.push({ id: (await bc.post('/v1/locations', { name: `s${i}`, ...spot })).body.id, ...spot });
    }
    const expected = stores.map((s) => ({ id: s.id, d: lawOfCosines(home.lat, home.lng, s.lat, s.lng) })).sort((x, y) => x.d - y.d)[0];
    const [row] = await api.dataSource.query(`SELECT nearest_location_id AS id, nearest_location_distance_m AS d FROM customer WHERE business_id = $1 AND id = $2`, [b, res.body.id]);
    expect(row.id).toBe(expected.id);
    expect(row.d).toBeCloseTo(expected.d, 2);
    expect(expected.id).toBe(stores[0].id); // due east, 0.004° of longitude ≈ 341.8 m at 39.79° N
  });

  it('is derived as a located customer is saved, and ignores other businesses\' stores', async () => {
    const other = await signUpBusiness(api);
    const closer = clientFor(api, other.apiKey);
    const late = await customer({ externalId: 'late', lat: S1.lat, lng: S1.lng + 0.01 });
    expectStatus(await closer.post('/v1/locations', { name: 'not yours', lat: S1.lat, lng: S1.lng + 0.01 }), 201);
    // Saving a located customer derives the nearest store of this business only (the other business's store is closer).
    const nearest = api.app.get(NearestStoreService);
    const s1 = (await c.get('/v1/locations')).body.items.find((s: { name: string }) => s.name === 'S1').id;
    expect(await nearestOf(late)).toEqual({ storeId: s1, distance: expect.closeTo(lawOfCosines(S1.lat, S1.lng, S1.lat, S1.lng + 0.01), 2) });
    expect(await nearest.refreshNearestStores(businessId, [late])).toBe(0); // unchanged rows are not rewritten
    expect(await nearest.refreshNearestStores(businessId)).toBe(0);
  });
});
