import { request as httpRequest, type ClientRequest, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { bearer, signUpBusiness, startApi, type ApiHarness } from './support/api-harness';

/**
 * Slow uploads cannot take every database connection: a business runs at
 * most IMPORTS_PER_BUSINESS imports at once (429 IMPORT_BUSY beyond), other
 * businesses and requests go on, and the held imports finish normally.
 */
describe('concurrent imports', () => {
  let api: ApiHarness;
  let port: number;
  beforeAll(async () => {
    api = await startApi({ IMPORTS_PER_BUSINESS: '2' });
    const server = api.app.getHttpServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => api.close());

  /** An upload that sends its header and first row, then waits: like `curl --limit-rate` on a big file. */
  function slowUpload(key: string): { request: ClientRequest; response: Promise<{ status: number; body: string }> } {
    const request = httpRequest({ host: '127.0.0.1', port, method: 'POST', path: '/v1/customers/import', headers: { ...bearer(key), 'content-type': 'text/csv' } });
    const response = new Promise<{ status: number; body: string }>((resolve, reject) => {
      request.on('response', (res: IncomingMessage) => {
        let body = '';
        res.on('data', (chunk: Buffer) => (body += chunk.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      });
      request.on('error', reject);
    });
    request.write('email,first name\nslow1@example.com,Slow\n');
    return { request, response };
  }

  it('the third import of one business at once is 429 IMPORT_BUSY; another business and other requests are served; the held ones finish', async () => {
    const { apiKey } = await signUpBusiness(api);
    const other = await signUpBusiness(api);
    const held = [slowUpload(apiKey), slowUpload(apiKey)];
    await new Promise((resolve) => setTimeout(resolve, 300));

    const third = await api.http().post('/v1/customers/import').set(bearer(apiKey)).set('content-type', 'text/csv').send('email\nthird@example.com\n');
    expect(third.status).toBe(429);
    expect(third.body).toMatchObject({ code: 'IMPORT_BUSY', details: [{ field: 'body', message: 'at most 2 imports at once per business' }] });
    expect(third.headers['retry-after']).toBe('10');

    const elsewhere = await api.http().post('/v1/customers/import').set(bearer(other.apiKey)).set('content-type', 'text/csv').send('email\nother@example.com\n');
    expect(elsewhere.status).toBe(200);
    expect((await api.http().get('/v1/customers').set(bearer(apiKey))).status).toBe(200);

    held.forEach(({ request }, i) => request.end(`slow${i + 2}@example.com,Slow\n`));
    const done = await Promise.all(held.map(({ response }) => response));
    expect(done.map((d) => d.status)).toEqual([200, 200]);
    // Once they have finished, the business may import again.
    expect((await api.http().post('/v1/customers/import').set(bearer(apiKey)).set('content-type', 'text/csv').send('email\nafter@example.com\n')).status).toBe(200);
  });
});
