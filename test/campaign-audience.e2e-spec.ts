import { signUpBusiness, startApi, type ApiHarness } from './support/api-harness';
import { clientFor, expectError, expectStatus, seedKey, type Client } from './support/e2e-helpers';

/**
 * GET /v1/campaigns/:id/audience on a business whose customers cover every
 * reachability case on both channels. Each customer's line:
 *   a  email ok, SMS granted                 → email ✓, sms ✓   (local)
 *   b  email opted out, no phone             → email no consent, sms no address
 *   c  email suppressed, SMS never granted   → email suppressed, sms no consent
 *   d  no email, SMS granted, phone suppressed → email no address, sms suppressed (local)
 *   f  email ok, no phone                    → email ✓, sms no address
 *   e  not in the segment
 */
describe('campaign audience estimate', () => {
  let api: ApiHarness;
  let owner: Client;
  let businessId: string;
  let segment: string;
  let mail: string;
  let sms: string;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    api = await startApi();
    const signed = await signUpBusiness(api);
    businessId = signed.businessId;
    owner = clientFor(api, signed.apiKey);
    const customer = async (key: string, body: Record<string, unknown>) => {
      const res = await owner.post('/v1/customers', { firstName: key.toUpperCase(), ...body });
      expectStatus(res, 201);
      ids[key] = res.body.id;
    };
    await customer('a', { email: 'a@example.com', phone: '+13125550001', consent: { sms: { status: 'granted' } }, tags: ['vip', 'local'], birthday: '1990-04-01' });
    await customer('b', { email: 'b@example.com', consent: { email: { status: 'denied' } }, tags: ['vip'], birthday: '1991-05-02' });
    await customer('c', { email: 'c@example.com', phone: '+13125550003', tags: ['vip'] });
    await customer('d', { phone: '+13125550004', consent: { sms: { status: 'granted' } }, tags: ['vip', 'local'] });
    await customer('f', { email: 'f@example.com', tags: ['vip'] });
    await customer('e', { email: 'e@example.com', phone: '+13125550005', consent: { sms: { status: 'granted' } } });
    await api.dataSource.query(
      `INSERT INTO suppression (business_id, channel, address, reason) VALUES ($1, 'email', 'c@example.com', 'bad_address'), ($1, 'sms', '+13125550004', 'carrier_stop')`,
      [businessId],
    );
    segment = (await owner.post('/v1/segments', { name: 'VIP', definition: { type: 'tag', tag: 'vip', present: true } })).body.id;
    mail = (await owner.post('/v1/templates', { name: 'M', channel: 'email', subject: 'S', html: '<p>x</p>' })).body.id;
    sms = (await owner.post('/v1/templates', { name: 'T', channel: 'sms', body: 'x' })).body.id;
  });
  afterAll(() => api.close());

  async function campaign(body: Record<string, unknown>): Promise<string> {
    const res = await owner.post('/v1/campaigns', {
      name: 'C', steps: [{ id: 'm', type: 'email', templateId: mail, next: 't' }, { id: 't', type: 'sms', templateId: sms }], ...body,
    });
    expectStatus(res, 201);
    return res.body.id;
  }
  const estimate = async (id: string, client = owner) => {
    const res = await client.get(`/v1/campaigns/${id}/audience`);
    expectStatus(res, 200);
    return res.body;
  };

  it('a broadcast: the segment now, and how each channel reaches it (address, consent, suppression), with a sample', async () => {
    const id = await campaign({ trigger: { type: 'broadcast', segmentId: segment, at: '2026-03-10T10:00' }, holdoutPercent: 10 });
    const body = await estimate(id);
    expect(body).toMatchObject({
      campaignId: id, basis: 'segment', audience: 5, reachable: 2, holdoutPercent: 10,
      trigger: { type: 'broadcast', summary: 'Once, to every member of segment "VIP", at 2026-03-10T10:00' },
      channels: [
        { channel: 'email', reachable: 2, noAddress: 1, noConsent: 1, suppressed: 1 },
        { channel: 'sms', reachable: 1, noAddress: 2, noConsent: 1, suppressed: 1 },
      ],
    });
    expect(body.sample.map((m: { firstName: string; reachableOn: string[] }) => [m.firstName, m.reachableOn])).toEqual([
      ['A', ['email', 'sms']], ['B', []], ['C', []], ['D', []], ['F', ['email']],
    ]);
    expect(body.sample[0]).toEqual({ id: ids.a, firstName: 'A', lastName: null, email: 'a@example.com', phone: '+13125550001', reachableOn: ['email', 'sms'] });
  });

  it('the entry filter narrows the audience; a single-channel campaign reports that channel only', async () => {
    const id = await campaign({ trigger: { type: 'segment', segmentId: segment }, entry: { type: 'tag', tag: 'local', present: true } });
    expect(await estimate(id)).toMatchObject({
      basis: 'segment', audience: 2, reachable: 1, trigger: { summary: 'When a customer enters segment "VIP"' },
      channels: [{ channel: 'email', reachable: 1, noAddress: 1 }, { channel: 'sms', reachable: 1, suppressed: 1 }],
    });
    const emailOnly = await owner.post('/v1/campaigns', { name: 'E', trigger: { type: 'segment', segmentId: segment }, steps: [{ id: 'm', type: 'email', templateId: mail }] });
    expect((await estimate(emailOnly.body.id)).channels.map((c: { channel: string }) => c.channel)).toEqual(['email']);
  });

  it('a date trigger counts the customers with that date; event and geofence triggers are described, not counted', async () => {
    const birthday = await campaign({ trigger: { type: 'date', field: 'birthday', offsetDays: -7, localTime: '10:00' } });
    expect(await estimate(birthday)).toMatchObject({
      basis: 'date_field', audience: 2, reachable: 1, channels: [{ channel: 'email', reachable: 1, noConsent: 1 }, { channel: 'sms', reachable: 1, noAddress: 1 }],
    });
    const event = await campaign({ trigger: { type: 'event', eventType: 'cart_abandoned', where: [{ field: 'value', op: 'gte', value: 20 }] } });
    expect(await estimate(event)).toEqual(expect.objectContaining({
      basis: 'none', audience: null, reachable: null, channels: [], sample: [],
      trigger: { type: 'event', summary: 'When event "cart_abandoned" is received where value ≥ 20' },
    }));
    const fence = (await owner.post('/v1/geofences', { name: 'Elm St', center: { lat: 39.78, lng: -89.65 }, radiusMeters: 100 })).body.id;
    const geo = await campaign({ trigger: { type: 'geofence', geofenceId: fence, on: 'entered' } });
    expect((await estimate(geo)).trigger.summary).toBe('When a customer enters geofence "Elm St"');
  });

  it('email opt-in required by the business: only granted email consent reaches', async () => {
    const id = await campaign({ trigger: { type: 'broadcast', segmentId: segment } });
    expectStatus(await owner.patch('/v1/settings', { consent: { emailRequiresOptIn: true } }), 200);
    try {
      // Nobody granted email consent: a, b, c and f have an address but no opt-in (consent is checked before the suppression list, as the send gate does).
      expect((await estimate(id)).channels[0]).toEqual({ channel: 'email', reachable: 0, noAddress: 1, noConsent: 4, suppressed: 0 });
    } finally {
      expectStatus(await owner.patch('/v1/settings', { consent: { emailRequiresOptIn: false } }), 200);
    }
  });

  it('a deleted segment is reported, not counted', async () => {
    const doomed = (await owner.post('/v1/segments', { name: 'Doomed', definition: { type: 'tag', tag: 'vip', present: true } })).body.id;
    const id = await campaign({ trigger: { type: 'broadcast', segmentId: doomed } });
    expectStatus(await owner.delete(`/v1/segments/${doomed}`), 204);
    expect(await estimate(id)).toMatchObject({ basis: 'none', audience: null, note: expect.stringContaining('no longer exists') });
  });

  it('analysts may read it; other businesses get 404; a malformed id is 400 naming id', async () => {
    const id = await campaign({ trigger: { type: 'broadcast', segmentId: segment } });
    const analyst = clientFor(api, (await seedKey(api, businessId, 'analyst')).apiKey);
    expect((await estimate(id, analyst)).audience).toBe(5);
    const other = clientFor(api, (await signUpBusiness(api)).apiKey);
    expectError(await other.get(`/v1/campaigns/${id}/audience`), 404);
    expectError(await owner.get('/v1/campaigns/123/audience'), 400, ['id']);
  });
});
