import { randomUUID } from 'node:crypto';
import { signUpBusiness, startApi, type ApiHarness } from './support/api-harness';
import { clientFor, expectError, expectStatus, seedKey, type Client } from './support/e2e-helpers';

const SPRINGFIELD = { lat: 39.7817, lng: -89.6501 };
const SQUARE = { type: 'Polygon', coordinates: [[[-89.652, 39.781], [-89.648, 39.781], [-89.648, 39.784], [-89.652, 39.784], [-89.652, 39.781]]] };
const BOW_TIE = { type: 'Polygon', coordinates: [[[-89.65, 39.78], [-89.64, 39.79], [-89.64, 39.78], [-89.65, 39.79], [-89.65, 39.78]]] };

describe('geofences', () => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await startApi();
  });
  afterAll(() => api.close());

  const newBusiness = async (): Promise<{ c: Client; businessId: string }> => {
    const { apiKey, businessId } = await signUpBusiness(api);
    return { c: clientFor(api, apiKey), businessId };
  };
  const circle = (overrides: Record<string, unknown> = {}) => ({ name: 'Elm Street', center: SPRINGFIELD, radiusMeters: 150, ...overrides });

  describe('CRUD', () => {
    let c: Client;
    let businessId: string;
    let storeId: string;
    beforeAll(async () => {
      ({ c, businessId } = await newBusiness());
      storeId = (await c.post('/v1/locations', { name: 'Elm Street', ...SPRINGFIELD })).body.id;
    });

    it('creates a circle tied to a store, with defaults, and reads it back', async () => {
      const res = await c.post('/v1/geofences', circle({ storeId, dwellSeconds: 300 }));
      expectStatus(res, 201);
      expect(res.body).toEqual({
        id: expect.any(String), name: 'Elm Street', kind: 'circle', center: SPRINGFIELD, radiusMeters: 150, polygon: null,
        storeId, dwellSeconds: 300, cooldownSeconds: 0, createdAt: expect.any(String), updatedAt: expect.any(String),
      });
      const got = await c.get(`/v1/geofences/${res.body.id}`);
      expectStatus(got, 200);
      expect(got.body).toEqual(res.body);
    });

    it('stores a box covering the circle (GiST-searchable) and no area', async () => {
      const { id } = (await c.post('/v1/geofences', circle({ radiusMeters: 1000 }))).body;
      // 990 m due north of the centre: 990 / 111195.08 = 0.0089033° of latitude.
      const [row] = await api.dataSource.query(
        `SELECT area IS NULL AS "noArea",
                bbox @> point(6378137 * radians($2::float8), 6378137 * ln(tan(pi() / 4 + radians($3::float8) / 2))) AS "northInside",
                bbox @> point(6378137 * radians($2::float8), 6378137 * ln(tan(pi() / 4 + radians($4::float8) / 2))) AS "farOutside"
           FROM geofence WHERE business_id = $1 AND id = $5`,
        [businessId, SPRINGFIELD.lng, SPRINGFIELD.lat + 0.0089033, SPRINGFIELD.lat + 0.0099, id],
      );
      expect(row).toEqual({ noArea: true, northInside: true, farOutside: false });
      const plan = await api.dataSource.query(`SELECT indexdef FROM pg_indexes WHERE indexname = 'geofence_bbox_gist'`);
      expect(plan[0].indexdef).toMatch(/USING gist \(bbox\)/);
    });

    it('creates a polygon whose projected area contains its middle and not a point outside', async () => {
      const res = await c.post('/v1/geofences', { name: 'Old Town', polygon: SQUARE, cooldownSeconds: 3600 });
      expectStatus(res, 201);
      expect(res.body).toMatchObject({ kind: 'polygon', center: null, radiusMeters: null, polygon: SQUARE, cooldownSeconds: 3600, dwellSeconds: null });
      const project = (lat: number, lng: number) => `point(${6378137 * (lng * Math.PI / 180)}, ${6378137 * Math.log(Math.tan(Math.PI / 4 + (lat * Math.PI / 180) / 2))})`;
      const [row] = await api.dataSource.query(
        `SELECT ${project(39.7825, -89.65)} <@ area AS middle, ${project(39.79, -89.65)} <@ area AS outside FROM geofence WHERE business_id = $1 AND id = $2`,
        [businessId, res.body.id],
      );
      expect(row).toEqual({ middle: true, outside: false });
    });

    it('patches fields, switches circle ↔ polygon, and deletes', async () => {
      const { id } = (await c.post('/v1/geofences', circle())).body;
      const patched = await c.patch(`/v1/geofences/${id}`, { radiusMeters: 250, dwellSeconds: 600, name: 'Elm Street (wide)' });
      expectStatus(patched, 200);
      expect(patched.body).toMatchObject({ kind: 'circle', radiusMeters: 250, dwellSeconds: 600, name: 'Elm Street (wide)', center: SPRINGFIELD });
      const toPolygon = await c.patch(`/v1/geofences/${id}`, { polygon: SQUARE });
      expectStatus(toPolygon, 200);
      expect(toPolygon.body).toMatchObject({ kind: 'polygon', center: null, radiusMeters: null, polygon: SQUARE, dwellSeconds: 600 });
      const back = await c.patch(`/v1/geofences/${id}`, { center: SPRINGFIELD, radiusMeters: 80, dwellSeconds: null });
      expect(back.body).toMatchObject({ kind: 'circle', polygon: null, radiusMeters: 80, dwellSeconds: null });
      const [row] = await api.dataSource.query(`SELECT area IS NULL AS "noArea" FROM geofence WHERE id = $1`, [id]);
      expect(row.noArea).toBe(true);

      expectStatus(await c.delete(`/v1/geofences/${id}`), 204);
      expectError(await c.get(`/v1/geofences/${id}`), 404);
      expectError(await c.delete(`/v1/geofences/${id}`), 404);
      expectError(await c.patch(`/v1/geofences/${id}`, { name: 'x' }), 404);
    });

    it('lists in cursor pages without repeats or gaps', async () => {
      const { c: fresh } = await newBusiness();
      const ids: string[] = [];
      for (let i = 0; i < 5; i++) ids.push((await fresh.post('/v1/geofences', circle({ name: `g${i}` }))).body.id);
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const page = await fresh.get(`/v1/geofences?limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
        expectStatus(page, 200);
        expect(page.body.items.length).toBeLessThanOrEqual(2);
        seen.push(...page.body.items.map((g: { id: string }) => g.id));
        cursor = page.body.nextCursor;
      } while (cursor);
      expect(seen).toEqual(ids);
      expectError(await fresh.get('/v1/geofences?cursor=not-a-cursor'), 422, ['cursor']);
    });

    it('an unknown or malformed id is a 404', async () => {
      expectError(await c.get(`/v1/geofences/${randomUUID()}`), 404);
      expectError(await c.get('/v1/geofences/not-a-uuid'), 404);
    });
  });

  describe('validation names every field', () => {
    let c: Client;
    beforeAll(async () => {
      ({ c } = await newBusiness());
    });

    it.each<[string, Record<string, unknown>, string[]]>([
      ['no name', { center: SPRINGFIELD, radiusMeters: 100 }, ['name']],
      ['radius below 50 m', circle({ radiusMeters: 49 }), ['radiusMeters']],
      ['radius above 50 km', circle({ radiusMeters: 50_001 }), ['radiusMeters']],
      ['centre beyond the Mercator limit', circle({ center: { lat: 86, lng: 0 } }), ['center.lat']],
      ['centre longitude out of range', circle({ center: { lat: 0, lng: 181 } }), ['center.lng']],
      ['centre that is not an object', circle({ center: [39.78, -89.65] }), ['center']],
      ['unknown field in centre', circle({ center: { ...SPRINGFIELD, alt: 3 } }), ['center.alt']],
      ['circle over the antimeridian', circle({ center: { lat: 0, lng: 179.9999 } }), ['center.lng']],
      ['neither circle nor polygon', { name: 'x' }, ['center', 'polygon']],
      ['both circle and polygon', circle({ polygon: SQUARE }), ['polygon']],
      ['a self-intersecting polygon', { name: 'x', polygon: BOW_TIE }, ['polygon.coordinates[0]']],
      ['a polygon latitude out of range', { name: 'x', polygon: { type: 'Polygon', coordinates: [[[0, 0], [1, 0], [1, 95], [0, 0]]] } }, ['polygon.coordinates[0][2][1]']],
      ['a polygon beyond ±85°', { name: 'x', polygon: { type: 'Polygon', coordinates: [[[0, 80], [1, 80], [1, 86], [0, 80]]] } }, ['polygon.coordinates[0][2][1]']],
      ['a polygon with a hole', { name: 'x', polygon: { type: 'Polygon', coordinates: [SQUARE.coordinates[0], SQUARE.coordinates[0]] } }, ['polygon.coordinates']],
      ['dwell below 60 s', circle({ dwellSeconds: 59 }), ['dwellSeconds']],
      ['dwell not whole', circle({ dwellSeconds: 90.5 }), ['dwellSeconds']],
      ['cooldown over 30 days', circle({ cooldownSeconds: 30 * 86400 + 1 }), ['cooldownSeconds']],
      ['negative cooldown', circle({ cooldownSeconds: -1 }), ['cooldownSeconds']],
      ['storeId not a UUID', circle({ storeId: 'elm' }), ['storeId']],
      ['storeId of no store', circle({ storeId: randomUUID() }), ['storeId']],
      ['an unknown field', circle({ colour: 'blue' }), ['colour']],
      // The store check needs the database: it runs once the fields themselves are valid ('storeId of no store').
      ['several at once', { name: '', radiusMeters: 10, center: { lat: 100, lng: 0 }, cooldownSeconds: 'soon', storeId: 'elm' }, ['name', 'radiusMeters', 'center.lat', 'cooldownSeconds', 'storeId']],
    ])('%s → 422', async (_name, body, fields) => {
      const res = await c.post('/v1/geofences', body);
      expectError(res, 422, fields);
      expect(res.body.code).toBe('INVALID_GEOFENCE');
    });

    it('a body that is not an object', async () => {
      expectError(await c.post('/v1/geofences', [1, 2]), 422, ['body']);
    });

    it('PATCH validates the merged result', async () => {
      const { id } = (await c.post('/v1/geofences', circle())).body;
      expectError(await c.patch(`/v1/geofences/${id}`, { radiusMeters: 10 }), 422, ['radiusMeters']);
      expectError(await c.patch(`/v1/geofences/${id}`, { center: null, radiusMeters: null }), 422, ['center', 'polygon']);
      expect((await c.get(`/v1/geofences/${id}`)).body.radiusMeters).toBe(150);
    });
  });

  it('documents the endpoints in OpenAPI, with examples', async () => {
    const doc = (await api.http().get('/docs-json')).body;
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/v1/geofences', '/v1/geofences/{id}', '/v1/location-pings']));
    expect(Object.keys(doc.paths['/v1/geofences'])).toEqual(expect.arrayContaining(['get', 'post']));
    expect(Object.keys(doc.paths['/v1/geofences/{id}'])).toEqual(expect.arrayContaining(['get', 'patch', 'delete']));
    expect(Object.keys(doc.paths['/v1/geofences'].post.requestBody.content['application/json'].examples)).toEqual(['circle', 'polygon']);
    expect(doc.components.schemas.GeofenceDto.properties).toEqual(expect.objectContaining({ radiusMeters: expect.any(Object), polygon: expect.any(Object) }));
    expect(doc.paths['/v1/location-pings'].post.responses['202']).toBeDefined();
  });

  describe('tenant isolation and roles', () => {
    it("business B gets 404 for A's geofence, never sees it listed, and cannot tie a geofence to A's store", async () => {
      const a = await newBusiness();
      const b = await newBusiness();
      const aStore = (await a.c.post('/v1/locations', { name: 'A store', ...SPRINGFIELD })).body.id;
      const aFence = (await a.c.post('/v1/geofences', circle({ storeId: aStore }))).body;

      expectError(await b.c.get(`/v1/geofences/${aFence.id}`), 404);
      expectError(await b.c.patch(`/v1/geofences/${aFence.id}`, { name: 'mine now' }), 404);
      expectError(await b.c.delete(`/v1/geofences/${aFence.id}`), 404);
      expect((await b.c.get('/v1/geofences')).body.items).toEqual([]);
      expect((await a.c.get(`/v1/geofences/${aFence.id}`)).body).toEqual(aFence);

      expectError(await b.c.post('/v1/geofences', circle({ storeId: aStore })), 422, ['storeId']);
      const bFence = (await b.c.post('/v1/geofences', circle())).body.id;
      expectError(await b.c.patch(`/v1/geofences/${bFence}`, { storeId: aStore }), 422, ['storeId']);
    });

    it('an analyst may read geofences but not change them', async () => {
      const { c, businessId } = await newBusiness();
      const { id } = (await c.post('/v1/geofences', circle())).body;
      const analyst = clientFor(api, (await seedKey(api, businessId, 'analyst')).apiKey);
      expectStatus(await analyst.get(`/v1/geofences/${id}`), 200);
      expectError(await analyst.post('/v1/geofences', circle()), 403);
      expectError(await analyst.delete(`/v1/geofences/${id}`), 403);
    });

    it('requires an API key', async () => {
      expectError(await api.http().get('/v1/geofences'), 401);
    });
  });
});
