import { bearer, signUpBusiness, startApi, type ApiHarness } from './support/api-harness';

/** POST /v1/customers/import over HTTP: streamed CSV/NDJSON, mapping, row errors, idempotency, limits, isolation. */
describe('customer import over HTTP', () => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await startApi({ MAX_IMPORT_BYTES: '200000' });
  });
  afterAll(() => api.close());

  const csv = [
    'E-mail,Mobile,First,Tier,Visits,Tags,SMS',
    'ana@example.com,(217) 555-0101,Ana,gold,12,vip;newsletter,yes',
    'not-an-email,(217) 555-0102,Bad,silver,3,,no',
    'ben@example.com,12,Ben,bronze,x,,',
    'cy@example.com,(217) 555-0104,Cy,gold,7,,granted',
  ].join('\n');
  const mapping = JSON.stringify({ 'E-mail': 'email', Mobile: 'phone', First: 'firstName', Tier: 'attributes.tier', Visits: 'attributes.visits:number', Tags: 'tags', SMS: 'consent.sms' });
  const upload = (key: string, body: string, type = 'text/csv', query = `?mapping=${encodeURIComponent(mapping)}`) =>
    api.http().post(`/v1/customers/import${query}`).set(bearer(key)).set('content-type', type).send(body);

  it('lands good rows, reports bad ones by row and field, and a re-import changes nothing', async () => {
    const { apiKey } = await signUpBusiness(api);
    const first = await upload(apiKey, csv);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ received: 4, inserted: 2, updated: 0, failed: 2 });
    expect(first.body.errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ row: 2, field: 'email' }),
        expect.objectContaining({ row: 3, field: 'phone' }),
        expect.objectContaining({ row: 3, field: 'attributes.visits' }),
      ]),
    );
    const ana = (await api.http().get('/v1/customers?email=ana@example.com').set(bearer(apiKey))).body.items[0];
    expect(ana).toMatchObject({ phone: '+12175550101', firstName: 'Ana', attributes: { tier: 'gold', visits: 12 } });
    expect(ana.tags.sort()).toEqual(['newsletter', 'vip']);
    expect(ana.consent.sms).toMatchObject({ status: 'granted', source: 'import' });
    const again = await upload(apiKey, csv);
    expect(again.body).toMatchObject({ received: 4, inserted: 0, updated: 0, unchanged: 2, failed: 2 });
    const anaAgain = (await api.http().get(`/v1/customers/${ana.id}`).set(bearer(apiKey))).body;
    expect(anaAgain.updatedAt).toBe(ana.updatedAt);
  });

  it('takes NDJSON in the API shape', async () => {
    const { apiKey } = await signUpBusiness(api);
    const lines = [JSON.stringify({ externalId: 'n1', email: 'n1@example.com', tags: ['a'] }), '{ broken', JSON.stringify({ externalId: 'n2' })].join('\n');
    const res = await upload(apiKey, lines, 'application/x-ndjson', '');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ received: 3, inserted: 2, failed: 1 });
    expect(res.body.errors[0]).toMatchObject({ row: 2 });
  });

  it('rejects an unknown mapping target, a wrong content type and an oversized file with 4xx and writes nothing', async () => {
    const { apiKey, businessId } = await signUpBusiness(api);
    const badMapping = await upload(apiKey, csv, 'text/csv', `?mapping=${encodeURIComponent(JSON.stringify({ 'E-mail': 'mail' }))}`);
    expect(badMapping.status).toBe(422);
    expect(badMapping.body.details[0].field).toBe('mapping.E-mail');
    const wrongType = await upload(apiKey, csv, 'application/pdf');
    expect(wrongType.status).toBe(415);
    const big = 'email\n' + Array.from({ length: 12000 }, (_, i) => `big${i}@example.com`).join('\n');
    const tooBig = await upload(apiKey, big, 'text/csv', '');
    expect(tooBig.status).toBe(413);
    const [{ n }] = await api.dataSource.query(`SELECT count(*)::int AS n FROM customer WHERE business_id = $1`, [businessId]);
    expect(n).toBe(0);
  });

  it('matches only within the caller\'s business', async () => {
    const a = await signUpBusiness(api);
    const b = await signUpBusiness(api);
    await upload(a.apiKey, csv);
    const res = await upload(b.apiKey, csv);
    expect(res.body).toMatchObject({ inserted: 2, updated: 0 });
    const rows = await api.dataSource.query(`SELECT business_id FROM customer WHERE email = 'ana@example.com' AND business_id = ANY($1::uuid[])`, [[a.businessId, b.businessId]]);
    expect(rows.map((r: { business_id: string }) => r.business_id).sort()).toEqual([a.businessId, b.businessId].sort());
  });

  it('is not open to analysts', async () => {
    const { apiKey } = await signUpBusiness(api);
    const analyst = await api.http().post('/v1/api-keys').set(bearer(apiKey)).send({ name: 'ro', role: 'analyst' });
    const res = await upload(analyst.body.apiKey, csv);
    expect(res.status).toBe(403);
  });
});
