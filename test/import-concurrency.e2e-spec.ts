import { request as httpRequest, type ClientRequest, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DataSource } from 'typeorm';
import type { Pool } from 'pg';
import { bearer, signUpBusiness, startApi, type ApiHarness } from './support/api-harness';

/**
 * Slow uploads cannot take every database connection: an upload is spooled to
 * disk and takes a connection only once it has ended; a business runs at most
 * IMPORTS_PER_BUSINESS imports at once (429 IMPORT_BUSY beyond), other
 * businesses and requests go on, and the held imports finish normally.
 */
describe('concurrent imports', () => {
  let api: ApiHarness;
  let port: number;
  beforeAll(async () => {
    // A pool of 2: imports write through one connection at a time, the other serves everything else.
    api = await startApi({ IMPORTS_PER_BUSINESS: '2', DATABASE_POOL_SIZE: '2' });
    const server = api.app.getHttpServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => api.close());

  /**
   * Waits for the API to have no pooled connection checked out (each upload's key check takes one
   * briefly as it starts); fails if one stays checked out, as an import waiting for its upload's end would.
   */
  async function expectNoConnectionHeld(): Promise<void> {
    const deadline = Date.now() + 5_000;
    while (connectionsInUse() > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(connectionsInUse()).toBe(0);
  }

  /** Pooled connections checked out by the API right now. */
  function connectionsInUse(): number {
    const pool = (api.app.get(DataSource).driver as unknown as { master: Pool }).master;
    return pool.totalCount - pool.idleCount;
  }

  /** An upload that sends its header and first row, then waits: like `curl --limit-rate` on a big file. */
  function slowUpload(key: string, first = 'slow1@example.com'): { request: ClientRequest; response: Promise<{ status: number; body: string }> } {
    const request = httpRequest({ host: '127.0.0.1', port, method: 'POST', path: '/v1/customers/import', headers: { ...bearer(key), 'content-type': 'text/csv' } });
    const response = new Promise<{ status: number; body: string }>((resolve, reject) => {
      request.on('response', (res: IncomingMessage) => {
        let body = '';
        res.on('data', (chunk: Buffer) => (body += chunk.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      });
      request.on('error', reject);
    });
    request.write(`email,first name\n${first},Slow\n`);
    return { request, response };
  }

  it('the third import of one business at once is 429 IMPORT_BUSY; another business and other requests are served; the held ones finish', async () => {
    const { apiKey } = await signUpBusiness(api);
    const other = await signUpBusiness(api);
    const held = [slowUpload(apiKey), slowUpload(apiKey)];
    await new Promise((resolve) => setTimeout(resolve, 300));
    // Uploads in progress hold no database connection.
    await expectNoConnectionHeld();

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

  it('ten slow uploads of five businesses hold no connection: other requests and /health answer at once, and all ten import once they end', async () => {
    const businesses = await Promise.all(Array.from({ length: 5 }, () => signUpBusiness(api)));
    const bystander = await signUpBusiness(api);
    const held = businesses.flatMap(({ apiKey }, b) => [0, 1].map((i) => ({ apiKey, upload: slowUpload(apiKey, `b${b}-${i}-first@example.com`) })));
    await new Promise((resolve) => setTimeout(resolve, 300));
    await expectNoConnectionHeld();

    const started = Date.now();
    const [list, health] = await Promise.all([api.http().get('/v1/customers').set(bearer(bystander.apiKey)), api.http().get('/health')]);
    expect([list.status, health.status]).toEqual([200, 200]);
    expect(Date.now() - started).toBeLessThan(2000);

    held.forEach(({ upload }, i) => upload.request.end(`b-${i}-last@example.com,Slow\n`));
    const done = await Promise.all(held.map(({ upload }) => upload.response));
    expect(done.map((d) => [d.status, JSON.parse(d.body).inserted])).toEqual(held.map(() => [200, 2]));
    for (const { apiKey } of businesses) {
      const customers = await api.http().get('/v1/customers?limit=10').set(bearer(apiKey));
      expect(customers.body.total).toBe(4);
    }
  });
});
