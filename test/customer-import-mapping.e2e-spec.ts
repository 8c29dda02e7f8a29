import { IMPORT_HEADER_TARGETS } from '../libs/core/src';
import { bearer, signUpBusiness, startApi, type ApiHarness } from './support/api-harness';
import { clientFor, countRows, expectError, expectStatus, type Client } from './support/e2e-helpers';

/** Issue 17 over HTTP: header matching, mapping that adds to it, conflicts instead of overwrites, dry runs. */
describe('customer import: columns, conflicts and dry runs over HTTP', () => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await startApi();
  });
  afterAll(() => api.close());

  const upload = (key: string, body: string, query: Record<string, string> = {}) => {
    const qs = new URLSearchParams(query).toString();
    return api.http().post(`/v1/customers/import${qs ? `?${qs}` : ''}`).set(bearer(key)).set('content-type', 'text/csv').send(body);
  };
  const business = async (): Promise<{ key: string; c: Client; businessId: string }> => {
    const { apiKey, businessId } = await signUpBusiness(api);
    return { key: apiKey, c: clientFor(api, apiKey), businessId };
  };
  const byEmail = async (c: Client, email: string) => (await c.get(`/v1/customers?email=${encodeURIComponent(email)}`)).body.items[0];

  // The newcomer's file, exactly as their POS exported it.
  const NEWCOMER_CSV = [
    'Email,First Name,Last Name,Phone,Latitude,Longitude,Email Consent,Loyalty Points',
    'ana@example.com,Ana,Lopez,(217) 555-0101,39.7817,-89.6501,Yes,120',
    'ben@example.com,Ben,Ng,,39.80,-89.64,No,',
  ].join('\n');

  it('the Latitude, Longitude and Email Consent columns land without a mapping; the unread column is reported', async () => {
    const { key, c } = await business();
    const res = await upload(key, NEWCOMER_CSV);
    expectStatus(res, 200);
    expect(res.body).toMatchObject({ dryRun: false, received: 2, inserted: 2, failed: 0, errors: [] });
    expect(res.body.columns).toEqual([
      { column: 'Email', target: 'email', match: 'exact' },
      { column: 'First Name', target: 'firstName', match: 'exact' },
      { column: 'Last Name', target: 'lastName', match: 'exact' },
      { column: 'Phone', target: 'phone', match: 'exact' },
      { column: 'Latitude', target: 'lat', match: 'alias' },
      { column: 'Longitude', target: 'lng', match: 'alias' },
      { column: 'Email Consent', target: 'consent.email', match: 'alias' },
    ]);
    expect(res.body.ignoredColumns).toEqual([{ column: 'Loyalty Points', reason: 'unrecognised', message: expect.stringContaining('attributes.loyaltyPoints') }]);
    expect(await byEmail(c, 'ana@example.com')).toMatchObject({ lat: 39.7817, lng: -89.6501, phone: '+12175550101', consent: { email: { status: 'granted', source: 'import' } } });
    expect(await byEmail(c, 'ben@example.com')).toMatchObject({ lat: 39.8, lng: -89.64, consent: { email: { status: 'denied' } } });
  });

  it('a mapping for three columns keeps the automatic matching for the rest (it used to answer 422 "no column maps to...")', async () => {
    const { key, c } = await business();
    const mapping = { 'Loyalty Points': 'attributes.points:number', 'Last Name': 'attributes.family', 'Email Consent': 'consent.sms' };
    const res = await upload(key, NEWCOMER_CSV, { mapping: JSON.stringify(mapping) });
    expectStatus(res, 200);
    expect(res.body).toMatchObject({ inserted: 2, failed: 0, ignoredColumns: [] });
    expect(res.body.columns.filter((col: { match: string }) => col.match === 'explicit').map((col: { column: string }) => col.column)).toEqual(['Last Name', 'Email Consent', 'Loyalty Points']);
    const ana = await byEmail(c, 'ana@example.com');
    expect(ana).toMatchObject({ firstName: 'Ana', lastName: null, lat: 39.7817, attributes: { points: 120, family: 'Lopez' }, consent: { sms: { status: 'granted' } } });
    expect(ana.consent.email).toBeUndefined();
  });

  it('null or "ignore" in the mapping drops a column', async () => {
    const { key, c } = await business();
    const res = await upload(key, NEWCOMER_CSV, { mapping: JSON.stringify({ Latitude: null, Longitude: 'ignore', 'Loyalty Points': null }) });
    expectStatus(res, 200);
    expect(res.body.ignoredColumns.map((col: { column: string; reason: string }) => `${col.column}: ${col.reason}`)).toEqual([
      'Latitude: dropped', 'Longitude: dropped', 'Loyalty Points: dropped',
    ]);
    expect(await byEmail(c, 'ana@example.com')).toMatchObject({ lat: null, lng: null, consent: { email: { status: 'granted' } } });
  });

  it('a row matched by phone no longer replaces another customer\'s email, name and birthday: a conflict, both customers unchanged', async () => {
    const { key, c, businessId } = await business();
    const ana = await c.post('/v1/customers', { email: 'ana@example.com', phone: '+12175550101', firstName: 'Ana', birthday: '1990-02-14' });
    const ben = await c.post('/v1/customers', { email: 'ben@example.com', firstName: 'Benjamin' });
    const before = [(await c.get(`/v1/customers/${ana.body.id}`)).body, (await c.get(`/v1/customers/${ben.body.id}`)).body];
    // Ben is a customer by email, and the row's phone is Ana's: identifiers of two customers.
    const benRow = await upload(key, 'email,phone,firstName,birthday\nben@example.com,(217) 555-0101,Ben,1985-07-01\n');
    expectStatus(benRow, 200);
    expect(benRow.body).toMatchObject({ received: 1, inserted: 0, updated: 0, failed: 1, matches: [], matchesTruncated: false });
    expect(benRow.body.errors).toEqual([
      { row: 1, field: 'phone', code: 'IDENTITY_CONFLICT', customerId: ben.body.id, otherCustomerId: ana.body.id, reason: expect.any(String) },
    ]);
    // Cleo is not a customer and shares Ana's phone: matched by phone, her email would replace Ana's.
    const cleoRow = await upload(key, 'email,phone,firstName,birthday\ncleo@example.com,(217) 555-0101,Cleo,1988-03-03\n');
    expect(cleoRow.body).toMatchObject({ received: 1, inserted: 0, updated: 0, failed: 1, matches: [] });
    expect(cleoRow.body.errors).toEqual([
      { row: 1, field: 'email', code: 'IDENTIFIER_CHANGE', customerId: ana.body.id, reason: expect.stringContaining('matched by phone') },
    ]);
    expect([(await c.get(`/v1/customers/${ana.body.id}`)).body, (await c.get(`/v1/customers/${ben.body.id}`)).body]).toEqual(before);
    expect(await countRows(api, 'customer', businessId)).toBe(2);

    const named = await upload(key, 'phone,lastName\n(217) 555-0101,Lopez\n');
    expect(named.body).toMatchObject({ updated: 1, matches: [{ row: 1, customerId: ana.body.id, matchedBy: ['phone'] }] });
  });

  it('?dryRun=true answers what the import would do, with the detected columns and a preview, and writes nothing', async () => {
    const { key, c, businessId } = await business();
    const ana = await c.post('/v1/customers', { email: 'ana@example.com', firstName: 'Ana' });
    const rows = async () => ({ customers: await countRows(api, 'customer', businessId), events: await countRows(api, 'event', businessId) });
    const before = await rows();
    const anaBefore = (await c.get(`/v1/customers/${ana.body.id}`)).body;
    const csv = `${NEWCOMER_CSV}\nnot-an-email,Bad,,,,,,\n`;
    const dry = await upload(key, csv, { dryRun: 'true' });
    expectStatus(dry, 200);
    expect(dry.body).toMatchObject({ dryRun: true, received: 3, inserted: 1, updated: 1, unchanged: 0, failed: 1 });
    expect(dry.body.columns.map((col: { column: string; target: string; match: string }) => `${col.column}→${col.target} (${col.match})`)).toContain('Latitude→lat (alias)');
    expect(dry.body.ignoredColumns.map((col: { column: string }) => col.column)).toEqual(['Loyalty Points']);
    expect(dry.body.preview.map((p: { row: number; outcome: string }) => [p.row, p.outcome])).toEqual([[1, 'update'], [2, 'insert'], [3, 'failed']]);
    expect(dry.body.preview[0]).toMatchObject({
      customerId: ana.body.id, matchedBy: ['email'],
      customer: { email: 'ana@example.com', firstName: 'Ana', lastName: 'Lopez', lat: 39.7817, consent: { email: { status: 'granted', source: 'import', at: expect.any(String) } } },
    });
    expect(dry.body.preview[2]).toMatchObject({ customer: null, errors: [{ row: 3, field: 'email', code: 'INVALID_VALUE', column: 'Email' }] });
    expect(await rows()).toEqual(before);
    expect((await c.get(`/v1/customers/${ana.body.id}`)).body).toEqual(anaBefore);

    const real = await upload(key, csv, { dryRun: 'false' });
    expect(real.body).toMatchObject({ dryRun: false, inserted: 1, updated: 1, failed: 1 });
    expect(real.body.preview).toBeUndefined();
    expect((await rows()).customers).toBe(before.customers + 1);
  });

  it('refuses bad query values with 4xx naming the field, before reading the file', async () => {
    const { key, businessId } = await business();
    expectError(await upload(key, NEWCOMER_CSV, { dryRun: 'yes' }), 400, ['dryRun']);
    expectError(await upload(key, NEWCOMER_CSV, { mapping: JSON.stringify({ Email: 3 }) }), 422, ['mapping']);
    expectError(await upload(key, NEWCOMER_CSV, { mapping: JSON.stringify({ Mobile: 'phone' }) }), 422, ['mapping.Mobile']);
    expectError(await upload(key, NEWCOMER_CSV, { delimiter: '#' }), 400, ['delimiter']);
    expect(await countRows(api, 'customer', businessId)).toBe(0);
  });

  it('documents the recognised headers (from the list the matcher uses) and the dryRun parameter', async () => {
    const doc = (await api.http().get('/docs-json')).body;
    const operation = doc.paths['/v1/customers/import'].post;
    for (const { target, aliases } of IMPORT_HEADER_TARGETS) {
      expect(operation.description).toContain(`\`${target}\``);
      for (const alias of aliases) expect(operation.description).toContain(`"${alias}"`);
    }
    expect(operation.parameters.find((p: { name: string }) => p.name === 'dryRun')).toMatchObject({ in: 'query', required: false, schema: { type: 'boolean' } });
  });
});
