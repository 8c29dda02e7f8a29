import { JourneyService, TriggerService } from '../libs/campaigns/src';
import { CLOCK, type Clock } from '../libs/core/src';
import { signUpBusiness, startApi, type ApiHarness } from './support/api-harness';
import { clientFor, expectError, expectStatus, seedKey, type Client } from './support/e2e-helpers';

/** Clone, delete (drafts; archived campaigns soft-deleted when they ran, so history stays) and versions. */
describe('campaign lifecycle: clone, delete, versions', () => {
  let api: ApiHarness;
  let owner: Client;
  let businessId: string;
  let now: Date;
  let mail: string;

  beforeAll(async () => {
    api = await startApi();
    const signed = await signUpBusiness(api);
    businessId = signed.businessId;
    owner = clientFor(api, signed.apiKey);
    now = new Date('2026-03-02T15:00:00Z');
    api.app.get<Clock>(CLOCK).now = () => now;
    mail = (await owner.post('/v1/templates', { name: 'Hello', channel: 'email', subject: 'Hi', html: '<p>Hi</p>' })).body.id;
  });
  afterAll(() => api.close());

  async function runWorker(): Promise<void> {
    for (let i = 0; i < 10 && (await api.app.get(TriggerService).drainInbox(500)) > 0; i++);
    for (let i = 0; i < 10 && (await api.app.get(JourneyService).runDue(500)) > 0; i++);
  }
  const definition = (name: string, event = 'joined') => ({
    name, trigger: { type: 'event', eventType: event }, steps: [{ id: 'hello', type: 'email', templateId: mail }], holdoutPercent: 10, priority: 'high',
  });
  async function created(name: string, event?: string): Promise<string> {
    const res = await owner.post('/v1/campaigns', definition(name, event));
    expectStatus(res, 201);
    return res.body.id;
  }

  describe('PATCH', () => {
    it('null removes an optional field (goal, entry filter, holdout, re-entry, priority); name, trigger and steps cannot be null', async () => {
      const id = await created('Removable');
      const full = await owner.patch(`/v1/campaigns/${id}`, {
        goal: { type: 'order', within: 'P7D' }, entry: { type: 'tag', tag: 'vip', present: true }, reentry: { policy: 'never' },
      });
      expectStatus(full, 200);
      expect(full.body.definition).toMatchObject({ goal: { type: 'order', within: 'P7D' }, holdoutPercent: 10, priority: 'high' });
      const removed = await owner.patch(`/v1/campaigns/${id}`, { goal: null, entry: null, holdoutPercent: null, reentry: null, priority: null });
      expectStatus(removed, 200);
      expect(removed.body.definition).toEqual({ name: 'Removable', trigger: { type: 'event', eventType: 'joined' }, steps: [{ id: 'hello', type: 'email', templateId: mail }] });
      expectError(await owner.patch(`/v1/campaigns/${id}`, { name: null }), 422, ['name']);
      expectError(await owner.patch(`/v1/campaigns/${id}`, { trigger: null, steps: null }), 422, ['trigger', 'steps']);
      expect((await owner.get(`/v1/campaigns/${id}`)).body.definition).toEqual(removed.body.definition);
    });
  });

  describe('clone', () => {
    it('makes a new draft named "<name> (copy)" with the current definition as version 1', async () => {
      const id = await created('Spring', 'spring');
      expectStatus(await owner.post(`/v1/campaigns/${id}/activate`, {}), 200);
      expectStatus(await owner.patch(`/v1/campaigns/${id}`, { holdoutPercent: 20 }), 200);
      const res = await owner.post(`/v1/campaigns/${id}/clone`, {});
      expectStatus(res, 201);
      expect(res.body).toMatchObject({ name: 'Spring (copy)', status: 'draft', version: 1, activatedAt: null, preset: null });
      expect(res.body.id).not.toBe(id);
      expect(res.body.definition).toEqual({ ...definition('Spring (copy)', 'spring'), holdoutPercent: 20 });
      // The source is untouched.
      expect((await owner.get(`/v1/campaigns/${id}`)).body).toMatchObject({ name: 'Spring', status: 'active', version: 2 });
    });

    it('keeps the preset it was made from and cuts a long name to fit', async () => {
      const long = 'x'.repeat(200);
      const geofence = (await owner.post('/v1/geofences', { name: 'Shop', center: { lat: 39.78, lng: -89.65 }, radiusMeters: 100 })).body.id;
      const preset = await owner.post('/v1/campaigns/from-preset', { preset: 'nearby_offer', params: { geofenceId: geofence, name: long } });
      expectStatus(preset, 201);
      const copy = await owner.post(`/v1/campaigns/${preset.body.id}/clone`, {});
      expectStatus(copy, 201);
      expect(copy.body).toMatchObject({ name: `${'x'.repeat(193)} (copy)`, preset: 'nearby_offer' });
    });

    it('validates again: a template deleted since makes the clone 422 naming the step', async () => {
      const gone = (await owner.post('/v1/templates', { name: 'Gone', channel: 'email', subject: 'S', html: '<p>x</p>' })).body.id;
      const res = await owner.post('/v1/campaigns', { name: 'Old', trigger: { type: 'customer_created' }, steps: [{ id: 'm', type: 'email', templateId: gone }] });
      expectStatus(await owner.post(`/v1/campaigns/${res.body.id}/archive`, {}), 200);
      expectStatus(await owner.delete(`/v1/templates/${gone}`), 204);
      expectError(await owner.post(`/v1/campaigns/${res.body.id}/clone`, {}), 422, ['steps[0].templateId']);
    });
  });

  describe('delete', () => {
    it('deletes a draft for good', async () => {
      const id = await created('Draft');
      expect((await owner.delete(`/v1/campaigns/${id}`)).status).toBe(204);
      expectError(await owner.get(`/v1/campaigns/${id}`), 404);
      expect(await api.dataSource.query(`SELECT count(*)::int AS n FROM campaign_version WHERE campaign_id = $1`, [id])).toEqual([{ n: 0 }]);
      expectError(await owner.delete(`/v1/campaigns/${id}`), 404);
    });

    it.each(['active', 'paused'])('refuses a running (%s) campaign with 409 CAMPAIGN_NOT_DELETABLE naming status', async (status) => {
      const id = await created(`Running ${status}`);
      expectStatus(await owner.post(`/v1/campaigns/${id}/activate`, {}), 200);
      if (status === 'paused') expectStatus(await owner.post(`/v1/campaigns/${id}/pause`, {}), 200);
      const res = await owner.delete(`/v1/campaigns/${id}`);
      expectError(res, 409, ['status']);
      expect(res.body.code).toBe('CAMPAIGN_NOT_DELETABLE');
      expect((await owner.get(`/v1/campaigns/${id}`)).body.status).toBe(status);
    });

    it('deletes an archived campaign that never enrolled anyone for good', async () => {
      const id = await created('Quiet', 'never_happens');
      expectStatus(await owner.post(`/v1/campaigns/${id}/activate`, {}), 200);
      expectStatus(await owner.post(`/v1/campaigns/${id}/archive`, {}), 200);
      expect((await owner.delete(`/v1/campaigns/${id}`)).status).toBe(204);
      expect(await api.dataSource.query(`SELECT count(*)::int AS n FROM campaign WHERE id = $1`, [id])).toEqual([{ n: 0 }]);
    });

    it('soft-deletes an archived campaign that ran: gone from the campaign API, its enrolments, messages, report and journeys kept', async () => {
      const id = await created('Ran', 'ran');
      expectStatus(await owner.post(`/v1/campaigns/${id}/activate`, {}), 200);
      const customers: string[] = [];
      for (let i = 0; i < 4; i++) customers.push((await owner.post('/v1/customers', { email: `ran${i}@example.com` })).body.id);
      await owner.post('/v1/events', { events: customers.map((c) => ({ type: 'ran', customer: { id: c } })) });
      await runWorker();
      expectStatus(await owner.post(`/v1/campaigns/${id}/archive`, {}), 200);
      const report = (await owner.get(`/v1/reports/campaigns/${id}`)).body;
      const counts = async () => api.dataSource.query(
        `SELECT (SELECT count(*)::int FROM enrollment WHERE campaign_id = $1) AS enrollments, (SELECT count(*)::int FROM message WHERE campaign_id = $1) AS messages`, [id],
      );
      const before = await counts();
      expect(before[0].enrollments).toBe(4);
      expect((await owner.delete(`/v1/campaigns/${id}`)).status).toBe(204);
      expect(await counts()).toEqual(before);
      expectError(await owner.get(`/v1/campaigns/${id}`), 404);
      expect((await owner.get('/v1/campaigns?limit=500')).body.items.map((c: { id: string }) => c.id)).not.toContain(id);
      expectError(await owner.post(`/v1/campaigns/${id}/activate`, {}), 404);
      expectError(await owner.delete(`/v1/campaigns/${id}`), 404);
      expect((await owner.get(`/v1/reports/campaigns/${id}`)).body).toEqual(report);
      const journeys = (await owner.get(`/v1/customers/${customers[0]}/journeys`)).body.items;
      expect(journeys).toEqual([expect.objectContaining({ campaign: { id, name: 'Ran', status: 'archived', deleted: true } })]);
    });
  });

  describe('versions', () => {
    it('lists each version with its definition, when it was the one new enrolments got, and how many it enrolled', async () => {
      const id = await created('Versioned', 'versioned');
      let res = await owner.get(`/v1/campaigns/${id}/versions`);
      expectStatus(res, 200);
      expect(res.body.items).toEqual([
        expect.objectContaining({ version: 1, activeFrom: null, activeUntil: null, current: true, enrollments: 0, definition: definition('Versioned', 'versioned') }),
      ]);
      expectStatus(await owner.post(`/v1/campaigns/${id}/activate`, {}), 200);
      const customer = (await owner.post('/v1/customers', { email: 'v1@example.com' })).body.id;
      await owner.post('/v1/events', { type: 'versioned', customer: { id: customer } });
      await runWorker();
      expectStatus(await owner.patch(`/v1/campaigns/${id}`, { name: 'Versioned 2' }), 200);
      expectStatus(await owner.post(`/v1/campaigns/${id}/archive`, {}), 200);
      const campaign = (await owner.get(`/v1/campaigns/${id}`)).body;
      res = await owner.get(`/v1/campaigns/${id}/versions`);
      const [v1, v2] = res.body.items;
      expect(v1).toMatchObject({ version: 1, activeFrom: campaign.activatedAt, activeUntil: v2.createdAt, current: false, enrollments: 1 });
      expect(v1.definition.name).toBe('Versioned');
      expect(v2).toMatchObject({ version: 2, activeFrom: v2.createdAt, activeUntil: campaign.updatedAt, current: true, enrollments: 0 });
      expect(v2.definition.name).toBe('Versioned 2');
    });
  });

  it('analysts read versions but cannot clone or delete; other businesses see nothing; malformed ids are 400 naming id', async () => {
    const id = await created('Guarded');
    const analyst = clientFor(api, (await seedKey(api, businessId, 'analyst')).apiKey);
    expectStatus(await analyst.get(`/v1/campaigns/${id}/versions`), 200);
    expectError(await analyst.post(`/v1/campaigns/${id}/clone`, {}), 403);
    expectError(await analyst.delete(`/v1/campaigns/${id}`), 403);
    const other = clientFor(api, (await signUpBusiness(api)).apiKey);
    for (const res of [await other.post(`/v1/campaigns/${id}/clone`, {}), await other.delete(`/v1/campaigns/${id}`), await other.get(`/v1/campaigns/${id}/versions`)]) {
      expectError(res, 404);
    }
    expect((await owner.get(`/v1/campaigns/${id}`)).status).toBe(200);
    for (const res of [await owner.post('/v1/campaigns/nope/clone', {}), await owner.delete('/v1/campaigns/nope'), await owner.get('/v1/campaigns/nope/versions')]) {
      expectError(res, 400, ['id']);
    }
  });
});
