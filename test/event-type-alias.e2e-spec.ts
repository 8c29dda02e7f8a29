import { signUpBusiness, startApi, type ApiHarness } from './support/api-harness';
import { clientFor, expectError, expectStatus, type Client } from './support/e2e-helpers';

/**
 * One name for an event's type over HTTP: `eventType` in segment conditions,
 * campaign triggers and goals, as events say `type`; the deprecated alias
 * `name` is taken on input and answered (and stored) as `eventType`.
 */
describe('eventType and its deprecated alias name', () => {
  let api: ApiHarness;
  let owner: Client;
  let mail: string;

  beforeAll(async () => {
    api = await startApi();
    owner = clientFor(api, (await signUpBusiness(api)).apiKey);
    expectStatus(await owner.post('/v1/events', { type: 'store_visit', customer: { email: 'visitor@example.com' } }), 202);
    expectStatus(await owner.post('/v1/customers', { email: 'never@example.com' }), 201);
    mail = (await owner.post('/v1/templates', { name: 'M', channel: 'email', subject: 'S', html: '<p>x</p>' })).body.id;
  });
  afterAll(() => api.close());

  it('a segment condition matches the same customers whichever key names the type, and is stored with eventType', async () => {
    for (const condition of [{ type: 'event', eventType: 'store_visit' }, { type: 'event', name: 'store_visit' }]) {
      const preview = await owner.post('/v1/segments/preview', { definition: condition });
      expectStatus(preview, 200);
      expect(preview.body.count).toBe(1);
    }
    const created = await owner.post('/v1/segments', { name: 'Visitors', definition: { all: [{ type: 'event', name: 'store_visit', within: 'P30D' }] } });
    expectStatus(created, 201);
    expect(created.body.definition).toEqual({ all: [{ type: 'event', eventType: 'store_visit', within: 'P30D' }] });
    expect((await owner.get(`/v1/segments/${created.body.id}`)).body.definition).toEqual(created.body.definition);
  });

  it('a campaign trigger and goal given with name come back with eventType, and the campaign is keyed on that event type', async () => {
    const res = await owner.post('/v1/campaigns', {
      name: 'Cart',
      trigger: { type: 'event', name: 'cart_abandoned' },
      steps: [{ id: 'mail', type: 'email', templateId: mail }],
      goal: { type: 'event', name: 'purchase', within: 'P7D' },
    });
    expectStatus(res, 201);
    expect(res.body.definition.trigger).toEqual({ type: 'event', eventType: 'cart_abandoned' });
    expect(res.body.definition.goal).toEqual({ type: 'event', eventType: 'purchase', within: 'P7D' });
    const [{ trigger_key }] = await api.dataSource.query(`SELECT trigger_key FROM campaign WHERE id = $1`, [res.body.id]);
    expect(trigger_key).toBe('cart_abandoned');
  });

  it('both keys at once, or neither, is a 422 naming the field, writing nothing', async () => {
    const before = await api.dataSource.query(`SELECT (SELECT count(*) FROM segment) AS segments, (SELECT count(*) FROM campaign) AS campaigns`);
    expectError(await owner.post('/v1/segments', { name: 'Both', definition: { type: 'event', eventType: 'a', name: 'a' } }), 422, ['definition.name']);
    expectError(await owner.post('/v1/segments', { name: 'Neither', definition: { type: 'event' } }), 422, ['definition.eventType']);
    const campaign = { name: 'C', steps: [{ id: 'mail', type: 'email', templateId: mail }] };
    expectError(await owner.post('/v1/campaigns', { ...campaign, trigger: { type: 'event', eventType: 'a', name: 'b' } }), 422, ['trigger.name']);
    expectError(await owner.post('/v1/campaigns', { ...campaign, trigger: { type: 'customer_created' }, goal: { type: 'event', within: 'P1D' } }), 422, ['goal.eventType']);
    expect(await api.dataSource.query(`SELECT (SELECT count(*) FROM segment) AS segments, (SELECT count(*) FROM campaign) AS campaigns`)).toEqual(before);
  });
});
