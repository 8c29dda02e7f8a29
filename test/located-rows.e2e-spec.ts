import { toMercator } from '../libs/geo/src';
import { bearer, signUpBusiness, startApi, type ApiHarness } from './support/api-harness';

/** The stored Web-Mercator point of customers and stores equals the projection in libs/geo, and is indexed. */
describe('located rows', () => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await startApi();
  });
  afterAll(() => api.close());

  it.each([
    [41.8781, -87.6298],
    [-33.8688, 151.2093],
    [0, 0],
    [89.5, 10], // clamped to 85°
  ])('customer at %p, %p', async (lat, lng) => {
    const { apiKey } = await signUpBusiness(api);
    const res = await api.http().post('/v1/customers').set(bearer(apiKey)).send({ email: `p${lat}.${lng}@example.com`, lat, lng });
    expect(res.status).toBe(201);
    const [row] = await api.dataSource.query(`SELECT point[0] AS x, point[1] AS y FROM customer WHERE id = $1`, [res.body.id]);
    const expected = toMercator(lat, lng);
    expect(row.x).toBeCloseTo(expected.x, 3);
    expect(row.y).toBeCloseTo(expected.y, 3);
  });

  it('stores get the same point, and clearing coordinates clears it', async () => {
    const { apiKey } = await signUpBusiness(api);
    const store = await api.http().post('/v1/locations').set(bearer(apiKey)).send({ name: 'Loop', lat: 41.8781, lng: -87.6298 });
    expect(store.status).toBe(201);
    const [row] = await api.dataSource.query(`SELECT point[0] AS x, point[1] AS y FROM location WHERE id = $1`, [store.body.id]);
    expect(row.x).toBeCloseTo(toMercator(41.8781, -87.6298).x, 3);
    const cleared = await api.http().patch(`/v1/locations/${store.body.id}`).set(bearer(apiKey)).send({ lat: null, lng: null });
    expect(cleared.status).toBe(200);
    const [after] = await api.dataSource.query(`SELECT point FROM location WHERE id = $1`, [store.body.id]);
    expect(after.point).toBeNull();
  });

  it('has GiST indexes on the points', async () => {
    const rows = await api.dataSource.query(`SELECT indexname FROM pg_indexes WHERE indexdef ILIKE '%USING gist (point)%' ORDER BY indexname`);
    expect(rows.map((r: { indexname: string }) => r.indexname)).toEqual(['customer_point_covering_gist', 'location_point_gist']);
  });
});
