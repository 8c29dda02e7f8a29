import { randomUUID } from 'node:crypto';
import { signUpBusiness, startApi, type ApiHarness } from './support/api-harness';
import { clientFor, expectError, expectStatus, type Client } from './support/e2e-helpers';

const CENTER = { lat: 39.7817, lng: -89.6501 };
// 0.0045° of latitude ≈ 500 m north: outside a 100 m circle and its box.
const AWAY = { lat: CENTER.lat + 0.0045, lng: CENTER.lng };
const T0 = Date.parse('2026-03-01T15:00:00Z');
const at = (seconds: number) => new Date(T0 + seconds * 1000).toISOString();

interface Step {
  t: number;
  where: { lat: number; lng: number };
  accuracy?: number;
}
const IN = (t: number, accuracy?: number): Step => ({ t, where: CENTER, accuracy });
const OUT = (t: number): Step => ({ t, where: AWAY });

describe('location pings', () => {
  let api: ApiHarness;
  let c: Client;
  let businessId: string;
  let storeId: string;
  let fence: { id: string; name: string };
  let customerCounter = 0;

  beforeAll(async () => {
    // Room for the concurrency gate's connection next to ten concurrent requests.
    api = await startApi({ DATABASE_POOL_SIZE: '20' });
    const signUp = await signUpBusiness(api);
    c = clientFor(api, signUp.apiKey);
    businessId = signUp.businessId;
    storeId = (await c.post('/v1/locations', { name: 'Elm Street', ...CENTER })).body.id;
    fence = (await c.post('/v1/geofences', { name: 'Elm Street door', center: CENTER, radiusMeters: 100, storeId, dwellSeconds: 300, cooldownSeconds: 3600 })).body;
  });
  afterAll(() => api.close());

  /** Factory: a customer with location consent granted (or as given). */
  async function newCustomer(client: Client = c, consent: 'granted' | 'denied' | null = 'granted'): Promise<{ id: string; externalId: string }> {
    customerCounter += 1;
    const externalId = `app-user-${customerCounter}`;
    const body: Record<string, unknown> = { externalId };
    if (consent) body.consent = { location: { status: consent, source: 'form' } };
    const res = await client.post('/v1/customers', body);
    expectStatus(res, 201);
    return { id: res.body.id, externalId };
  }

  const pingBody = (externalId: string, s: Step) => ({ customer: { externalId }, ...s.where, occurredAt: at(s.t), ...(s.accuracy === undefined ? {} : { accuracy: s.accuracy }) });

  /** Sends each step as its own request and returns the emitted events as [type, second]. */
  async function walk(externalId: string, steps: Step[], client: Client = c): Promise<[string, number][]> {
    const events: [string, number][] = [];
    for (const s of steps) {
      const res = await client.post('/v1/location-pings', pingBody(externalId, s));
      expectStatus(res, 202);
      for (const e of res.body.events) events.push([e.type, (Date.parse(e.occurredAt) - T0) / 1000]);
    }
    return events;
  }

  const storedEvents = (customerId: string) =>
    api.dataSource.query(
      `SELECT type, properties, occurred_at AS "occurredAt", source FROM event WHERE business_id = $1 AND customer_id = $2 ORDER BY occurred_at, id`,
      [businessId, customerId],
    );

  describe('scenario table (circle r = 100 m, dwell 300 s, cooldown 3600 s)', () => {
    it.each<[string, Step[], [string, number][]]>([
      ['enter → dwell after 300 s → exit', [IN(0), IN(120), IN(300), IN(360), OUT(400)], [['geofence_entered', 0], ['geofence_dwelled', 300], ['geofence_exited', 400]]],
      ['a ping 299 s in is not yet a dwell', [IN(0), IN(299), OUT(320)], [['geofence_entered', 0], ['geofence_exited', 320]]],
      ['cooldown suppresses a re-entry (and its dwell) within 3600 s', [IN(0), OUT(60), IN(120), IN(900), OUT(1000)], [['geofence_entered', 0], ['geofence_exited', 60], ['geofence_exited', 1000]]],
      ['after the cooldown a re-entry is announced again', [IN(0), OUT(60), IN(3600)], [['geofence_entered', 0], ['geofence_exited', 60], ['geofence_entered', 3600]]],
      ['an out-of-order ping is ignored', [IN(100), OUT(50), IN(150)], [['geofence_entered', 100]]],
      ['low accuracy (150 m > max(100 m, radius)) changes nothing', [IN(0, 150), IN(10, 100), OUT(20)], [['geofence_entered', 10], ['geofence_exited', 20]]],
      ['never inside: nothing', [OUT(0), OUT(60)], []],
    ])('%s', async (_name, steps, expected) => {
      const customer = await newCustomer();
      expect(await walk(customer.externalId, steps)).toEqual(expected);
      const stored = await storedEvents(customer.id);
      expect(stored.map((e: { type: string; occurredAt: Date }) => [e.type, (e.occurredAt.getTime() - T0) / 1000])).toEqual(expected);
    });

    it('stores events with the geofence, store, coarsened position, ping time and source "location"', async () => {
      const customer = await newCustomer();
      await walk(customer.externalId, [IN(0)]);
      const [event] = await storedEvents(customer.id);
      expect(event).toEqual({
        type: 'geofence_entered',
        properties: { geofenceId: fence.id, geofenceName: 'Elm Street door', storeId, lat: expect.any(Number), lng: expect.any(Number) },
        occurredAt: new Date(at(0)),
        source: 'location',
      });
      // Default precision 100 m: the stored position is within ~71 m (half a cell diagonal) but not exact.
      expect(Math.abs(event.properties.lat - CENTER.lat)).toBeLessThan(0.00065);
      const [presence] = await api.dataSource.query(`SELECT inside, entered_at, dwelled FROM geofence_presence WHERE business_id = $1 AND customer_id = $2`, [businessId, customer.id]);
      expect(presence).toEqual({ inside: true, entered_at: new Date(at(0)), dwelled: false });
    });

    it('a batch is applied in time order whatever order it arrives in', async () => {
      const customer = await newCustomer();
      const res = await c.post('/v1/location-pings', { pings: [OUT(400), IN(0), IN(300)].map((s) => pingBody(customer.externalId, s)) });
      expectStatus(res, 202);
      expect(res.body).toMatchObject({ accepted: 3, ignored: 0 });
      expect(res.body.events.map((e: { type: string; geofenceId: string; customerId: string }) => [e.type, e.geofenceId, e.customerId])).toEqual([
        ['geofence_entered', fence.id, customer.id], ['geofence_dwelled', fence.id, customer.id], ['geofence_exited', fence.id, customer.id],
      ]);
    });
  });

  describe('consent and identity', () => {
    it('pings of customers without location consent are ignored and nothing is stored', async () => {
      const denied = await newCustomer(c, 'denied');
      const silent = await newCustomer(c, null);
      const granted = await newCustomer();
      const res = await c.post('/v1/location-pings', {
        pings: [pingBody(denied.externalId, IN(0)), pingBody(silent.externalId, IN(0)), pingBody(granted.externalId, IN(0)), { customer: { email: 'stranger@example.com' }, ...CENTER }],
      });
      expectStatus(res, 202);
      expect(res.body).toEqual({
        accepted: 1,
        ignored: 3,
        pings: [
          { index: 0, status: 'ignored', reason: 'no_consent' },
          { index: 1, status: 'ignored', reason: 'no_consent' },
          { index: 2, status: 'accepted' },
          { index: 3, status: 'ignored', reason: 'unknown_customer' },
        ],
        events: [expect.objectContaining({ type: 'geofence_entered', customerId: granted.id })],
      });
      for (const ignored of [denied, silent]) {
        const [counts] = await api.dataSource.query(
          `SELECT (SELECT count(*)::int FROM location_ping WHERE customer_id = $1) AS pings,
                  (SELECT count(*)::int FROM event WHERE customer_id = $1) AS events,
                  (SELECT count(*)::int FROM geofence_presence WHERE customer_id = $1) AS presence`,
          [ignored.id],
        );
        expect(counts).toEqual({ pings: 0, events: 0, presence: 0 });
      }
      expect((await c.get('/v1/customers?email=stranger%40example.com')).body.items).toEqual([]);
    });

    it('accepts any customer reference: id, externalId', async () => {
      const customer = await newCustomer();
      const res = await c.post('/v1/location-pings', { customer: { id: customer.id }, ...AWAY, occurredAt: at(0) });
      expectStatus(res, 202);
      expect(res.body).toMatchObject({ accepted: 1, ignored: 0, events: [] });
    });
  });

  describe('storage precision', () => {
    it('stores pings coarsened to settings.locationPrecisionMeters but matches geofences on the exact ping', async () => {
      const b = await signUpBusiness(api);
      const bc = clientFor(api, b.apiKey);
      await api.dataSource.query(`UPDATE business SET settings = settings || '{"locationPrecisionMeters": 1000}' WHERE id = $1`, [b.businessId]);
      await bc.post('/v1/geofences', { name: 'small', center: { lat: 39.7841, lng: -89.6501 }, radiusMeters: 60 });
      const customer = await newCustomer(bc);
      // 1 km grid: latitude steps of 1000 / 111195.08 = 0.0089932°; 39.7841 snaps to 4424 steps = 39.7859... (≈ 200 m away, outside the 60 m circle).
      const res = await bc.post('/v1/location-pings', { customer: { externalId: customer.externalId }, lat: 39.7841, lng: -89.6501, accuracy: 5, occurredAt: at(0) });
      expect(res.body.events.map((e: { type: string }) => e.type)).toEqual(['geofence_entered']);
      const [stored] = await api.dataSource.query(`SELECT lat, lng, accuracy_m FROM location_ping WHERE business_id = $1`, [b.businessId]);
      expect(stored.lat).toBeCloseTo(4424 * (1000 / 111195.0797), 6);
      expect(Math.abs(stored.lat - 39.7841)).toBeGreaterThan(0.0015);
      expect(stored.accuracy_m).toBe(5);

      await api.dataSource.query(`UPDATE business SET settings = settings || '{"locationPrecisionMeters": 0}' WHERE id = $1`, [b.businessId]);
      await bc.post('/v1/location-pings', { customer: { externalId: customer.externalId }, lat: 39.78412345, lng: -89.65012345, occurredAt: at(10) });
      const exact = await api.dataSource.query(`SELECT lat, lng FROM location_ping WHERE business_id = $1 ORDER BY occurred_at DESC LIMIT 1`, [b.businessId]);
      expect(exact[0]).toEqual({ lat: 39.78412345, lng: -89.65012345 });
    });
  });

  describe('geometry', () => {
    it('overlapping geofences each see the customer enter and leave', async () => {
      const b = await signUpBusiness(api);
      const bc = clientFor(api, b.apiKey);
      const small = (await bc.post('/v1/geofences', { name: 'door', center: CENTER, radiusMeters: 50 })).body.id;
      const square = (await bc.post('/v1/geofences', {
        name: 'block',
        polygon: { type: 'Polygon', coordinates: [[[-89.652, 39.781], [-89.648, 39.781], [-89.648, 39.784], [-89.652, 39.784], [-89.652, 39.781]]] },
      })).body.id;
      const customer = await newCustomer(bc);
      const events = async (s: Step) => {
        const res = await bc.post('/v1/location-pings', pingBody(customer.externalId, s));
        return res.body.events.map((e: { type: string; geofenceId: string }) => [e.type, e.geofenceId]).sort();
      };
      expect(await events(IN(0))).toEqual([['geofence_entered', small], ['geofence_entered', square]].sort());
      // 0.0015° north (≈ 167 m): outside the 50 m door, still inside the block.
      expect(await events({ t: 60, where: { lat: CENTER.lat + 0.0015, lng: CENTER.lng } })).toEqual([['geofence_exited', small]]);
      expect(await events(OUT(120))).toEqual([['geofence_exited', square]]);
    });

    it('a polygon uses the exact shape, not its box: a corner of the box outside a triangle is outside', async () => {
      const b = await signUpBusiness(api);
      const bc = clientFor(api, b.apiKey);
      // Right triangle with the right angle at the south-west; the box's north-east corner is not in it.
      await bc.post('/v1/geofences', { name: 'triangle', polygon: { type: 'Polygon', coordinates: [[[-89.66, 39.78], [-89.64, 39.78], [-89.66, 39.80], [-89.66, 39.78]]] } });
      const customer = await newCustomer(bc);
      const ping = async (lat: number, lng: number, t: number) =>
        (await bc.post('/v1/location-pings', { customer: { externalId: customer.externalId }, lat, lng, occurredAt: at(t) })).body.events.map((e: { type: string }) => e.type);
      expect(await ping(39.798, -89.642, 0)).toEqual([]); // in the box, beyond the hypotenuse
      expect(await ping(39.782, -89.658, 10)).toEqual(['geofence_entered']);
    });

    it('the box prefilter is GiST-indexable (box @> box; PostgreSQL has no GiST support for box @> point)', async () => {
      const plan = (sql: string) =>
        api.dataSource.transaction(async (tx) => {
          await tx.query('SET LOCAL enable_seqscan = off');
          const rows: { 'QUERY PLAN': string }[] = await tx.query(`EXPLAIN ${sql}`);
          return rows.map((r) => r['QUERY PLAN']).join('\n');
        });
      expect(await plan(`SELECT id FROM geofence WHERE bbox @> box(point(0, 0), point(0, 0))`)).toMatch(/geofence_bbox_gist/);
      expect(await plan(`SELECT id FROM geofence WHERE bbox @> point(0, 0)`)).not.toMatch(/geofence_bbox_gist/);
    });

    it('a deleted geofence emits nothing more', async () => {
      const b = await signUpBusiness(api);
      const bc = clientFor(api, b.apiKey);
      const id = (await bc.post('/v1/geofences', { name: 'gone', center: CENTER, radiusMeters: 100 })).body.id;
      const customer = await newCustomer(bc);
      expect(await walk(customer.externalId, [IN(0)], bc)).toEqual([['geofence_entered', 0]]);
      expectStatus(await bc.delete(`/v1/geofences/${id}`), 204);
      expect(await walk(customer.externalId, [OUT(60), IN(7200)], bc)).toEqual([]);
    });
  });

  describe('concurrency', () => {
    /**
     * Sends requests that all start their transactions before any finishes:
     * the test holds a lock every ping transaction needs (inserting into
     * location_ping) until all of them are waiting on some lock, then lets go.
     * Without the per-customer row lock they would all read "outside" at once.
     */
    async function simultaneously(bodies: unknown[]) {
      const gate = api.dataSource.createQueryRunner();
      await gate.connect();
      await gate.startTransaction();
      await gate.query('LOCK TABLE location_ping IN SHARE MODE');
      const pending = Promise.all(bodies.map((body) => c.post('/v1/location-pings', body).then((res) => res)));
      try {
        for (let waited = 0; ; waited += 20) {
          const [{ n }] = await api.dataSource.query(
            `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`,
          );
          if (n >= bodies.length) break;
          if (waited > 5000) throw new Error(`only ${n} of ${bodies.length} requests reached the gate`);
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
      } finally {
        await gate.commitTransaction();
        await gate.release();
      }
      return pending;
    }

    it('10 identical pings at once emit one geofence_entered', async () => {
      const customer = await newCustomer();
      const results = await simultaneously(Array.from({ length: 10 }, () => pingBody(customer.externalId, IN(0))));
      for (const res of results) expectStatus(res, 202);
      expect(results.reduce((n, res) => n + res.body.events.length, 0)).toBe(1);
      const stored = await storedEvents(customer.id);
      expect(stored.map((e: { type: string }) => e.type)).toEqual(['geofence_entered']);
      const [{ n }] = await api.dataSource.query(`SELECT count(*)::int AS n FROM location_ping WHERE customer_id = $1`, [customer.id]);
      expect(n).toBe(10);
    });

    it('10 pings a second apart, arriving at once, still enter once (the row lock, not just the idempotency key)', async () => {
      const customer = await newCustomer();
      const results = await simultaneously(Array.from({ length: 10 }, (_, i) => pingBody(customer.externalId, IN(i))));
      const events = results.flatMap((res) => res.body.events.map((e: { type: string }) => e.type));
      expect(events).toEqual(['geofence_entered']);
    });

    it('concurrent batches naming the same customers in opposite orders: one entry each, no deadlock', async () => {
      const x = await newCustomer();
      const y = await newCustomer();
      const batch = (first: string, second: string) => ({ pings: [pingBody(first, IN(0)), pingBody(second, IN(0))] });
      const results = await simultaneously(Array.from({ length: 6 }, (_, i) => (i % 2 ? batch(x.externalId, y.externalId) : batch(y.externalId, x.externalId))));
      for (const res of results) expectStatus(res, 202);
      expect(results.reduce((n, res) => n + res.body.events.length, 0)).toBe(2);
    });
  });

  describe('validation (all or nothing, every field named)', () => {
    const count = async () => (await api.dataSource.query(`SELECT count(*)::int AS n FROM location_ping WHERE business_id = $1`, [businessId]))[0].n;

    it('names each bad field with its index and writes nothing', async () => {
      const customer = await newCustomer();
      const before = await count();
      const res = await c.post('/v1/location-pings', {
        pings: [
          pingBody(customer.externalId, IN(0)),
          { lat: 1, lng: 2 },
          { customer: { externalId: customer.externalId }, lat: 91, lng: -181, accuracy: -1, occurredAt: 'yesterday', speed: 3 },
          { customer: { externalId: customer.externalId }, lat: '39.78', lng: CENTER.lng },
        ],
      });
      expectError(res, 422, ['pings[1].customer', 'pings[2].lat', 'pings[2].lng', 'pings[2].accuracy', 'pings[2].occurredAt', 'pings[2].speed', 'pings[3].lat']);
      expect(res.body.details.some((d: { field: string }) => d.field.startsWith('pings[0]'))).toBe(false);
      expect(await count()).toBe(before);
    });

    it('single pings name plain fields; a ping from the future is rejected', async () => {
      expectError(await c.post('/v1/location-pings', { customer: { externalId: 'x' }, lat: 100, lng: 0 }), 422, ['lat']);
      const future = new Date(Date.now() + 3600_000).toISOString();
      expectError(await c.post('/v1/location-pings', { customer: { externalId: 'x' }, ...CENTER, occurredAt: future }), 422, ['occurredAt']);
    });

    it('batch size: empty and 1,001 are rejected, 1,000 accepted', async () => {
      const customer = await newCustomer();
      expectError(await c.post('/v1/location-pings', { pings: [] }), 422, ['pings']);
      const many = (n: number) => ({ pings: Array.from({ length: n }, (_, i) => ({ customer: { externalId: customer.externalId }, ...AWAY, occurredAt: at(i) })) });
      expectError(await c.post('/v1/location-pings', many(1001)), 422, ['pings']);
      const ok = await c.post('/v1/location-pings', many(1000));
      expectStatus(ok, 202);
      expect(ok.body.accepted).toBe(1000);
    });

    it("another business's customers and geofences are out of reach", async () => {
      const b = await signUpBusiness(api);
      const bc = clientFor(api, b.apiKey);
      const mine = await newCustomer();
      const res = await bc.post('/v1/location-pings', { customer: { id: mine.id }, ...CENTER, occurredAt: at(0) });
      expectStatus(res, 202);
      expect(res.body).toMatchObject({ accepted: 0, ignored: 1, pings: [{ index: 0, status: 'ignored', reason: 'unknown_customer' }] });
      const theirs = await newCustomer(bc);
      const inside = await bc.post('/v1/location-pings', { customer: { id: theirs.id }, ...CENTER, occurredAt: at(0) });
      expect(inside.body).toMatchObject({ accepted: 1, events: [] }); // A's geofence is at this spot, B has none
      expect(randomUUID()).not.toBe(fence.id);
    });
  });
});
