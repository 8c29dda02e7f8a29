import { signUpBusiness, startApi, type ApiHarness } from './support/api-harness';
import { clientFor, expectError, expectStatus, type Client } from './support/e2e-helpers';

/** A segment rule may name only its own business's stores, geofences and campaigns (engagement with a campaign). */
describe('segment references', () => {
  let api: ApiHarness;
  let a: Client;
  let b: Client;
  let aCampaign: string;
  let bCampaign: string;

  const engagedWith = (campaignId: string) => ({ type: 'engagement', action: 'opened', within: 'P30D', campaignId });
  async function campaignOf(c: Client): Promise<string> {
    const mail = (await c.post('/v1/templates', { name: 'M', channel: 'email', subject: 'S', html: '<p>x</p>' })).body.id;
    const res = await c.post('/v1/campaigns', { name: 'C', trigger: { type: 'customer_created' }, steps: [{ id: 'm', type: 'email', templateId: mail }] });
    expectStatus(res, 201);
    return res.body.id;
  }

  beforeAll(async () => {
    api = await startApi();
    a = clientFor(api, (await signUpBusiness(api)).apiKey);
    b = clientFor(api, (await signUpBusiness(api)).apiKey);
    aCampaign = await campaignOf(a);
    bCampaign = await campaignOf(b);
  });
  afterAll(() => api.close());

  it('an engagement condition on the business\'s own campaign is taken', async () => {
    expectStatus(await a.post('/v1/segments/preview', { definition: engagedWith(aCampaign) }), 200);
    expectStatus(await a.post('/v1/segments', { name: 'Opened C', definition: { all: [engagedWith(aCampaign)] } }), 201);
  });

  it('another business\'s campaign, or none, is a 422 naming the field, writing nothing', async () => {
    const [{ count: before }] = await api.dataSource.query(`SELECT count(*)::int AS count FROM segment`);
    expectError(await a.post('/v1/segments/preview', { definition: engagedWith(bCampaign) }), 422, ['definition.campaignId']);
    expectError(await a.post('/v1/segments', { name: 'X', definition: { any: [engagedWith('00000000-0000-4000-8000-000000000000')] } }), 422, ['definition.any[0].campaignId']);
    expectError(
      await b.post('/v1/campaigns', {
        name: 'Branchy', trigger: { type: 'customer_created' },
        steps: [{ id: 'w', type: 'wait', duration: 'P1D', next: 'br' }, { id: 'br', type: 'branch', condition: engagedWith(aCampaign), yes: 'x', no: 'x' }, { id: 'x', type: 'exit' }],
      }),
      422, ['steps[1].condition.campaignId'],
    );
    const [{ count: after }] = await api.dataSource.query(`SELECT count(*)::int AS count FROM segment`);
    expect(after).toBe(before);
  });
});
