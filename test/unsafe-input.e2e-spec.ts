import { bearer, signUpBusiness, startApi, type ApiHarness } from './support/api-harness';
import { clientFor, expectError, expectStatus, type Client } from './support/e2e-helpers';

const TABLES = ['customer', 'event', 'orders', 'location', 'segment', 'template', 'campaign', 'geofence', 'api_key'] as const;

/**
 * Bytes no validator should meet (NUL and other controls, lone surrogates,
 * prototype keys, Infinity, 5,000-deep nesting, oversized arrays) answer 400
 * naming the field on every kind of endpoint, and nothing is written.
 */
describe('hostile input at the boundary', () => {
  let api: ApiHarness;
  let key: string;
  let businessId: string;
  let client: Client;
  beforeAll(async () => {
    api = await startApi();
    ({ apiKey: key, businessId } = await signUpBusiness(api));
    client = clientFor(api, key);
  });
  afterAll(() => api.close());

  const rowCounts = async () => {
    const counts: Record<string, number> = {};
    for (const table of TABLES) {
      const rows = await api.dataSource.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM ${table} WHERE business_id = $1`, [businessId]);
      counts[table] = rows[0].n;
    }
    return counts;
  };
  const rawJson = (method: 'post' | 'patch', path: string, text: string) =>
    api.http()[method](path).set(bearer(key)).set('Content-Type', 'application/json').send(text);
  const deep = (depth: number) => '{"not":'.repeat(depth) + '{"type":"tag","tag":"vip","present":true}' + '}'.repeat(depth);

  const CASES: [string, () => Promise<import('supertest').Response>, string][] = [
    ['NUL in a customer name', () => client.post('/v1/customers', { email: 'nul@example.com', firstName: 'Ana\u0000' }), 'firstName'],
    ['escape sequence in a customer name', () => client.post('/v1/customers', { email: 'esc@example.com', lastName: '\u001b[2J' }), 'lastName'],
    ['lone surrogate in a name', () => rawJson('post', '/v1/customers', '{"email":"s@example.com","firstName":"\\ud800x"}'), 'firstName'],
    ['__proto__ in attributes', () => rawJson('post', '/v1/customers', '{"email":"p@example.com","attributes":{"__proto__":{"admin":true}}}'), 'attributes.__proto__'],
    ['Infinity latitude', () => rawJson('post', '/v1/customers', '{"email":"i@example.com","lat":1e999,"lng":2}'), 'lat'],
    ['NUL in an event property', () => client.post('/v1/events', { type: 'visit', customer: { email: 'e@example.com' }, properties: { note: '\u0000' } }), 'properties.note'],
    ['NUL deep in an event batch', () => client.post('/v1/events', { events: [{ type: 'a', customer: { email: 'x@example.com' } }, { type: 'b\u0000', customer: { email: 'y@example.com' } }] }), 'events[1].type'],
    ['constructor key in an order item', () => rawJson('post', '/v1/orders', '{"externalId":"o1","customer":{"email":"o@example.com"},"total":5,"currency":"USD","channel":"online","items":[{"constructor":1}]}'), 'items[0].constructor'],
    ['a store name with a control character', () => client.post('/v1/locations', { name: 'Main\u0007', lat: 1, lng: 2 }), 'name'],
    ['a segment nested 5,000 deep', () => rawJson('post', '/v1/segments', `{"name":"deep","definition":${deep(5000)}}`), 'definition.not.not'],
    ['a preview nested 5,000 deep', () => rawJson('post', '/v1/segments/preview', `{"definition":${deep(5000)}}`), 'definition.not'],
    ['an array of 10,001 tags', () => client.post('/v1/customers', { email: 't@example.com', tags: Array.from({ length: 10_001 }, (_, i) => `t${i}`) }), 'tags'],
    ['NUL in a template', () => client.post('/v1/templates', { name: 'x', channel: 'sms', body: 'Hi\u0000' }), 'body'],
    ['constructor in an update step', () => rawJson('post', '/v1/campaigns', '{"name":"c","trigger":{"type":"customer_created"},"steps":[{"id":"u","type":"update","attributes":{"constructor":"x"}}]}'), 'steps[0].attributes.constructor'],
    ['prototype in settings', () => rawJson('patch', '/v1/settings', '{"prototype":{"x":1}}'), 'prototype'],
    ['NUL in a geofence name', () => client.post('/v1/geofences', { name: '\u0000', shape: { type: 'circle', lat: 1, lng: 2, radiusMeters: 100 } }), 'name'],
    ['NUL in an API key name', () => client.post('/v1/api-keys', { name: 'k\u0000', role: 'analyst' }), 'name'],
    ['NUL in a query string', () => client.get('/v1/customers?email=%00'), 'email'],
    ['DEL in a repeated query parameter', () => client.get('/v1/customers?tag=a&tag=%7F'), 'tag[1]'],
    ['NUL in a path id', () => client.get('/v1/customers/%00'), 'id'],
    ['NUL in a path id on a write', () => client.patch('/v1/segments/%00', { name: 'x' }), 'id'],
    ['broken percent-encoding in a path', () => client.get('/v1/campaigns/%E0%A4%A'), 'path'],
  ];

  it.each(CASES)('%s answers 400 naming the field and writes nothing', async (_name, send, field) => {
    const before = await rowCounts();
    const res = await send();
    expectError(res, 400);
    expect(res.body.details.map((d: { field: string }) => d.field).some((f: string) => f.startsWith(field))).toBe(true);
    expect(await rowCounts()).toEqual(before);
  });

  it('sign-up (no key) is held to the same rule', async () => {
    const res = await api.http().post('/v1/businesses').send({ name: 'Bad\u0000', timezone: 'UTC', currency: 'USD', country: 'US', address: {} });
    expectError(res, 400, ['name']);
  });

  it('text with tabs, new lines, accents and emoji is stored as sent', async () => {
    const res = await client.post('/v1/customers', { email: 'ok@example.com', firstName: 'Zoë 🎉', attributes: { note: 'line one\n\tline two\r\n' } });
    expectStatus(res, 201);
    expect(res.body).toMatchObject({ firstName: 'Zoë 🎉', attributes: { note: 'line one\n\tline two\r\n' } });
    const template = await client.post('/v1/templates', { name: 'Multi-line', channel: 'sms', body: 'Hi {{customer.firstName}} 👋\nSee you soon' });
    expectStatus(template, 201);
  });

  it('an import row with a NUL cell is reported by row and field; the other rows land', async () => {
    const csv = 'email,first_name\nfine@example.com,Fine\nbroken@example.com,Bro\u0000ken\n';
    const res = await api.http().post('/v1/customers/import').set(bearer(key)).set('content-type', 'text/csv').send(csv);
    expectStatus(res, 200);
    expect(res.body).toMatchObject({ received: 2, inserted: 1, failed: 1 });
    expect(res.body.errors).toEqual([expect.objectContaining({ row: 2, field: 'firstName' })]);
  });

  it('an NDJSON import row with a prototype key or deep nesting is a row error', async () => {
    const lines = [
      '{"email":"nd1@example.com","attributes":{"__proto__":{"x":1}}}',
      `{"email":"nd2@example.com","attributes":${'{"a":'.repeat(3000)}1${'}'.repeat(3000)}}`,
      '{"email":"nd3@example.com"}',
    ].join('\n');
    const res = await api.http().post('/v1/customers/import').set(bearer(key)).set('content-type', 'application/x-ndjson').send(lines);
    expectStatus(res, 200);
    expect(res.body).toMatchObject({ received: 3, inserted: 1, failed: 2 });
    expect(res.body.errors.map((e: { row: number; field: string }) => [e.row, e.field.split('.').slice(0, 2).join('.')])).toEqual([
      [1, 'attributes.__proto__'],
      [2, 'attributes.a'],
    ]);
  });
});
