import { signUpBusiness, startApi, type ApiHarness } from './support/api-harness';
import { clientFor, expectError, expectStatus, seedKey, type Client } from './support/e2e-helpers';

interface Preset {
  key: string;
  params: { name: string; required: boolean; format: string | null }[];
  steps: { id: string; type: string; templateKey: string | null }[];
  templateKeys: string[];
  createsSegment: { name: string } | null;
}

/** GET /v1/presets and /v1/shipped-templates: a catalogue an integrator can create every preset from. */
describe('preset catalogue', () => {
  let api: ApiHarness;
  let owner: Client;
  let businessId: string;

  beforeAll(async () => {
    api = await startApi();
    const signed = await signUpBusiness(api);
    businessId = signed.businessId;
    owner = clientFor(api, signed.apiKey);
    // SMS presets need an audience with phones.
    expectStatus(await owner.post('/v1/customers', { email: 'p@example.com', phone: '+13125550001' }), 201);
  });
  afterAll(() => api.close());

  it('lists every preset with what it needs, its trigger and steps in brief', async () => {
    const res = await owner.get('/v1/presets');
    expectStatus(res, 200);
    const items = res.body.items as Preset[];
    expect(items.map((p) => p.key)).toEqual(['welcome_series', 'abandoned_cart', 'birthday_offer', 'nearby_offer', 'win_back']);
    const nearby = items.find((p) => p.key === 'nearby_offer')!;
    expect(nearby.params.filter((p) => p.required)).toEqual([expect.objectContaining({ name: 'geofenceId', format: 'uuid' })]);
    expect(nearby.steps).toEqual([expect.objectContaining({ id: 'nearby-offer', type: 'sms', templateKey: 'nearby-offer' })]);
    expect(items.find((p) => p.key === 'welcome_series')).toMatchObject({
      trigger: { type: 'customer_created', summary: 'When a customer is created' },
      templateKeys: ['welcome-1', 'welcome-2', 'welcome-3'],
      steps: [
        { id: 'welcome-1', summary: 'Send an email (template welcome-1) → wait-3d' }, { id: 'wait-3d', summary: 'Wait 3 days → welcome-2' },
        { id: 'welcome-2' }, { id: 'wait-4d', summary: 'Wait 4 days → welcome-3' },
        { id: 'welcome-3', summary: 'Send an email (template welcome-3) with a unique WELCOME-… coupon valid 14 days' },
      ],
    });
  });

  it('creating each preset from the catalogue\'s own params gives the steps and templates it listed', async () => {
    const geofence = (await owner.post('/v1/geofences', { name: 'Shop', center: { lat: 39.78, lng: -89.65 }, radiusMeters: 100 })).body.id;
    const values: Record<string, string> = { geofenceId: geofence };
    for (const preset of (await owner.get('/v1/presets')).body.items as Preset[]) {
      const params = Object.fromEntries(preset.params.filter((p) => p.required).map((p) => [p.name, values[p.name]]));
      const res = await owner.post('/v1/campaigns/from-preset', { preset: preset.key, params });
      expect({ preset: preset.key, status: res.status }).toEqual({ preset: preset.key, status: 201 });
      expect(res.body.definition.steps.map((s: { id: string }) => s.id)).toEqual(preset.steps.map((s) => s.id));
      const keys = await api.dataSource.query<{ preset_key: string }[]>(
        `SELECT preset_key FROM template WHERE business_id = $1 AND id = ANY($2::uuid[]) ORDER BY preset_key`,
        [businessId, res.body.definition.steps.filter((s: { templateId?: string }) => s.templateId).map((s: { templateId: string }) => s.templateId)],
      );
      expect(keys.map((k) => k.preset_key)).toEqual([...preset.templateKeys].sort());
    }
    // nearby_offer without the geofence it needs is refused naming it.
    expectError(await owner.post('/v1/campaigns/from-preset', { preset: 'nearby_offer' }), 422, ['params.geofenceId']);
  });

  it('lists the shipped templates with their sources and the presets that use them', async () => {
    const res = await owner.get('/v1/shipped-templates');
    expectStatus(res, 200);
    const byKey = new Map((res.body.items as { key: string }[]).map((t) => [t.key, t]));
    expect([...byKey.keys()]).toEqual([
      'abandoned-cart', 'abandoned-cart-sms', 'birthday-offer', 'birthday-offer-sms', 'nearby-offer', 'welcome-1', 'welcome-2', 'welcome-3', 'win-back',
    ]);
    expect(byKey.get('welcome-1')).toMatchObject({ channel: 'email', subject: "Welcome to {{business.name}}, {{default customer.firstName 'friend'}}!", body: null, usedBy: ['welcome_series'] });
    expect(byKey.get('welcome-1')).toHaveProperty('html', expect.stringContaining('{{#> layout}}'));
    expect(byKey.get('nearby-offer')).toMatchObject({ channel: 'sms', subject: null, html: null, usedBy: ['nearby_offer'], body: expect.stringContaining('{{business.name}}') });
    expect(byKey.get('birthday-offer-sms')).toMatchObject({ usedBy: [] });
  });

  it('is readable by every role and needs a key', async () => {
    const analyst = clientFor(api, (await seedKey(api, businessId, 'analyst')).apiKey);
    expectStatus(await analyst.get('/v1/presets'), 200);
    expectStatus(await analyst.get('/v1/shipped-templates'), 200);
    expectError(await api.http().get('/v1/presets'), 401);
  });
});
