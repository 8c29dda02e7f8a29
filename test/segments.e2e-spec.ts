import { CLOCK, type Clock } from '../libs/core/src';
import { SegmentRepository, SegmentService } from '../libs/segmentation/src';
import { bearer, signUpBusiness, startApi, type ApiHarness } from './support/api-harness';

/** Segments over HTTP: CRUD, preview, materialised membership with entered/exited events, CSV, isolation. */
describe('segments', () => {
  let api: ApiHarness;
  let key: string;
  let clock: Clock;
  const realNow = () => new Date();

  beforeAll(async () => {
    api = await startApi();
    ({ apiKey: key } = await signUpBusiness(api));
    clock = api.app.get<Clock>(CLOCK);
  });
  afterEach(() => {
    clock.now = realNow;
  });
  afterAll(() => api.close());

  const post = (path: string, body: unknown, k = key) => api.http().post(path).set(bearer(k)).send(body as object);
  const refreshDue = () => api.app.get(SegmentService).refreshDue(600, 50);
  const segmentEvents = async (type: string, segmentId: string) =>
    (await api.dataSource.query(`SELECT customer_id FROM event WHERE type = $1 AND properties->>'segmentId' = $2`, [type, segmentId])).length;

  it('materialises members, emits entered/exited events and follows ingest', async () => {
    const vip = await post('/v1/customers', { email: 'vip1@example.com', tags: ['vip'] });
    await post('/v1/customers', { email: 'plain@example.com', tags: ['regular'] });
    const created = await post('/v1/segments', { name: 'VIPs', definition: { all: [{ type: 'tag', tag: 'vip', present: true }] } });
    expect(created.status).toBe(201);
    expect(created.body.refreshPending).toBe(true);
    expect(await refreshDue()).toBeGreaterThanOrEqual(1);
    const segment = await api.http().get(`/v1/segments/${created.body.id}`).set(bearer(key));
    expect(segment.body).toMatchObject({ memberCount: 1, refreshPending: false });
    const members = await api.http().get(`/v1/segments/${created.body.id}/members`).set(bearer(key));
    expect(members.body.items.map((c: { id: string }) => c.id)).toEqual([vip.body.id]);
    // The first fill records membership but no events: nobody just entered, the segment just began.
    expect(await segmentEvents('segment_entered', created.body.id)).toBe(0);
    const [membership] = await api.dataSource.query(`SELECT entered_at FROM segment_membership WHERE segment_id = $1`, [created.body.id]);
    expect(membership.entered_at).toBeInstanceOf(Date);

    // New data marks the segment stale; the next pass picks it up.
    await post('/v1/customers', { email: 'vip2@example.com', tags: ['vip'] });
    await api.http().patch(`/v1/customers/${vip.body.id}`).set(bearer(key)).send({ tags: [] });
    expect((await api.http().get(`/v1/segments/${created.body.id}`).set(bearer(key))).body.refreshPending).toBe(true);
    await refreshDue();
    const after = await api.http().get(`/v1/segments/${created.body.id}/members`).set(bearer(key));
    expect(after.body.items.map((c: { email: string }) => c.email)).toEqual(['vip2@example.com']);
    expect(await segmentEvents('segment_entered', created.body.id)).toBe(1);
    expect(await segmentEvents('segment_exited', created.body.id)).toBe(1);

    // A refresh with no change emits nothing.
    await api.http().post(`/v1/segments/${created.body.id}/refresh`).set(bearer(key)).expect(200, { entered: 0, exited: 0, members: 1 });
  });

  it('marks stale only the segments whose rules read what a write changed', async () => {
    const c = await post('/v1/customers', { email: 'stale@example.com' });
    const defs = {
      profile: { type: 'tag', tag: 'vip', present: true },
      orders: { type: 'orders', metric: 'count', op: 'gte', value: 1 },
      viewed: { type: 'event', eventType: 'product_view', within: 'P30D' },
      entered: { type: 'event', eventType: 'segment_entered', within: 'P30D' },
    };
    const ids: Record<string, string> = {};
    for (const [name, definition] of Object.entries(defs)) ids[name] = (await post('/v1/segments', { name, definition })).body.id;
    await refreshDue();
    const stale = async () => {
      const rows = await api.dataSource.query(`SELECT id FROM segment WHERE stale_since IS NOT NULL AND id = ANY($1)`, [Object.values(ids)]);
      const names = Object.entries(ids).filter(([, id]) => rows.some((r: { id: string }) => r.id === id)).map(([name]) => name);
      await api.dataSource.query(`UPDATE segment SET stale_since = NULL WHERE id = ANY($1)`, [Object.values(ids)]);
      return names.sort();
    };
    expect(await stale()).toEqual([]);
    await post('/v1/events', { type: 'checkout_started', customer: { id: c.body.id } });
    expect(await stale()).toEqual([]);
    await post('/v1/events', { type: 'product_view', customer: { id: c.body.id } });
    expect(await stale()).toEqual(['viewed']);
    await api.http().patch(`/v1/customers/${c.body.id}`).set(bearer(key)).send({ firstName: 'Renamed' });
    // Every segment reads the customer row (erasure, profile rules).
    expect(await stale()).toEqual(['entered', 'orders', 'profile', 'viewed']);
    await post('/v1/orders', { externalId: 'stale-1', customer: { id: c.body.id }, total: 10, currency: 'USD', channel: 'online' });
    expect(await stale()).toEqual(['orders']);
    // A brand-new customer can match any rule ("no orders"), so creation marks everything.
    await post('/v1/customers', { email: 'stale2@example.com' });
    expect(await stale()).toEqual(['entered', 'orders', 'profile', 'viewed']);
    // A refresh that emits segment_entered marks segments reading those events.
    await post('/v1/customers', { email: 'stale3@example.com', tags: ['vip'] });
    await api.dataSource.query(`UPDATE segment SET stale_since = NULL WHERE id <> $1`, [ids.profile]);
    await api.http().post(`/v1/segments/${ids.profile}/refresh`).set(bearer(key)).expect(200);
    // (A manual refresh leaves its own stale mark: a write racing it may not have been seen.)
    expect(await stale()).toEqual(['entered', 'profile']);
  });

  it('windows slide with the clock: an event leaves a P1D window a day later', async () => {
    const c = await post('/v1/customers', { email: 'window@example.com' });
    const t0 = new Date('2026-06-01T12:00:00Z');
    await post('/v1/events', { type: 'visited', customer: { id: c.body.id }, occurredAt: t0.toISOString() });
    clock.now = () => new Date(t0.getTime() + 3600_000);
    const seg = await post('/v1/segments', { name: 'Visited today', definition: { type: 'event', eventType: 'visited', within: 'P1D' } });
    await refreshDue();
    expect((await api.http().get(`/v1/segments/${seg.body.id}`).set(bearer(key))).body.memberCount).toBe(1);
    clock.now = () => new Date(t0.getTime() + 25 * 3600_000);
    await api.http().post(`/v1/segments/${seg.body.id}/refresh`).set(bearer(key)).expect(200, { entered: 0, exited: 1, members: 0 });
  });

  it('refreshAged (the worker\'s aged-segments job) refreshes every segment not refreshed for 10 minutes, one claim at a time, and stops when the worker stops', async () => {
    const ids: string[] = [];
    for (const name of ['Aged one', 'Aged two']) ids.push((await post('/v1/segments', { name, definition: { type: 'tag', tag: 'aged', present: true } })).body.id);
    await refreshDue();
    await api.dataSource.query(`UPDATE segment SET refreshed_at = now() - interval '11 minutes', refresh_claimed_at = NULL WHERE id = ANY($1)`, [ids]);
    const refreshedAt = async () => (await api.dataSource.query(`SELECT refreshed_at FROM segment WHERE id = ANY($1)`, [ids])).map((r: { refreshed_at: Date }) => r.refreshed_at.getTime());
    const stopped = new AbortController();
    stopped.abort();
    expect(await api.app.get(SegmentService).refreshAged(stopped.signal)).toBe(0);
    const before = Math.max(...(await refreshedAt()));
    expect(await api.app.get(SegmentService).refreshAged(new AbortController().signal)).toBeGreaterThanOrEqual(2);
    expect((await refreshedAt()).every((t: number) => t > before)).toBe(true);
    expect(await api.app.get(SegmentService).refreshAged()).toBe(0);
  });

  it('previews an unsaved definition with a count and a sample', async () => {
    for (let i = 0; i < 25; i++) await post('/v1/customers', { email: `pre${i}@example.com`, attributes: { visits: i } });
    const res = await post('/v1/segments/preview', { definition: { type: 'attribute', field: 'attributes.visits', op: 'gte', value: 20 } });
    expect(res.status).toBe(200);
    expect(res.body.count).toBe(5);
    expect(res.body.sample).toHaveLength(5);
    expect(res.body.sample.every((c: { attributes: { visits: number } }) => c.attributes.visits >= 20)).toBe(true);
  });

  it('exports members as CSV', async () => {
    await post('/v1/customers', { email: 'csv@example.com', phone: '+12175550199', firstName: '=HYPERLINK("x")', tags: ['csv'] });
    const seg = await post('/v1/segments', { name: 'CSV', definition: { type: 'tag', tag: 'csv', present: true } });
    await refreshDue();
    const res = await api.http().get(`/v1/segments/${seg.body.id}/members?format=csv`).set(bearer(key));
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toContain('text/csv');
    const lines = res.text.trim().split('\r\n');
    expect(lines[0]).toBe('id,externalId,email,phone,firstName,lastName,birthday,timezone,lat,lng,tags');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain(',csv@example.com,+12175550199,');
    expect(lines[1]).toContain(`"'=HYPERLINK(""x"")"`);
  });

  it('names every invalid field of a definition and writes nothing', async () => {
    const before = (await api.dataSource.query(`SELECT count(*)::int AS n FROM segment`))[0].n;
    const res = await post('/v1/segments', {
      name: '',
      definition: { all: [{ type: 'tag', tag: 'x', present: true }, { type: 'near', lat: 10, lng: 10, radiusMeters: 0 }, { type: 'nope' }] },
    });
    expect(res.status).toBe(422);
    const fields = res.body.details.map((d: { field: string }) => d.field);
    expect(fields).toEqual(expect.arrayContaining(['name', 'definition.all[1].radiusMeters', 'definition.all[2].type']));
    expect((await api.dataSource.query(`SELECT count(*)::int AS n FROM segment`))[0].n).toBe(before);
  });

  it('keeps businesses apart', async () => {
    const other = await signUpBusiness(api);
    const store = await post('/v1/locations', { name: 'A store', lat: 41.88, lng: -87.63 });
    const seg = await post('/v1/segments', { name: 'Near A', definition: { type: 'near', storeId: store.body.id, radiusMeters: 1000 } });
    expect(seg.status).toBe(201);
    await api.http().get(`/v1/segments/${seg.body.id}`).set(bearer(other.apiKey)).expect(404);
    await api.http().get(`/v1/segments/${seg.body.id}/members`).set(bearer(other.apiKey)).expect(404);
    await api.http().post(`/v1/segments/${seg.body.id}/refresh`).set(bearer(other.apiKey)).expect(404);
    await api.http().delete(`/v1/segments/${seg.body.id}`).set(bearer(other.apiKey)).expect(404);
    const list = await api.http().get('/v1/segments').set(bearer(other.apiKey));
    expect(list.body.items).toEqual([]);
    const borrowed = await post('/v1/segments', { name: 'Borrowed', definition: { type: 'near', storeId: store.body.id, radiusMeters: 1000 } }, other.apiKey);
    expect(borrowed.status).toBe(422);
    expect(borrowed.body.details[0].field).toBe('definition.storeId');
  });

  it('claims the cheapest stale segment first (with ageing) and skips one whose refresh is in flight', async () => {
    const ids: Record<string, string> = {};
    for (const name of ['slow', 'quick', 'late']) ids[name] = (await post('/v1/segments', { name, definition: { type: 'tag', tag: name, present: true } })).body.id;
    await api.dataSource.query(`UPDATE segment SET stale_since = NULL`);
    // slow: stale at t, 5 s to refresh; quick: stale at t + 1 s, 10 ms; late: stale at t + 10 s, 0 ms.
    const mark = (id: string, staleAfterS: number, refreshMs: number) => api.dataSource.query(
      `UPDATE segment SET stale_since = now() - interval '1 minute' + make_interval(secs => $2), refresh_ms = $3 WHERE id = $1`, [id, staleAfterS, refreshMs]);
    await mark(ids.slow, 0, 5_000);
    await mark(ids.quick, 1, 10);
    await mark(ids.late, 10, 0);
    const repo = api.app.get(SegmentRepository);
    const claim = async () => (await repo.claimDue(600, 1, 'stale')).map((s) => s.id);
    expect(await claim()).toEqual([ids.quick]); // by stale time alone, slow would come first
    expect(await claim()).toEqual([ids.slow]); // t + 5 s is still before late's t + 10 s
    // slow is stale again while another lane refreshes it (holds its lock): skipped, not waited for.
    await mark(ids.slow, 0, 5_000);
    const lane = api.dataSource.createQueryRunner();
    await lane.connect();
    await lane.startTransaction();
    await lane.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`segment-refresh:${ids.slow}`]);
    expect(await claim()).toEqual([ids.late]);
    expect(await claim()).toEqual([]);
    await lane.rollbackTransaction();
    await lane.release();
    expect(await claim()).toEqual([ids.slow]);
    // A refresh records how long it took.
    await api.http().post(`/v1/segments/${ids.late}/refresh`).set(bearer(key)).expect(200);
    const [row] = await api.dataSource.query(`SELECT refresh_ms FROM segment WHERE id = $1`, [ids.late]);
    expect(row.refresh_ms).toEqual(expect.any(Number));
  });
});
