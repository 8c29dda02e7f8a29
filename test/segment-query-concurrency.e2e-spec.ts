import { Client } from 'pg';
import { bearer, signUpBusiness, startApi, type ApiHarness } from './support/api-harness';

/** One business cannot run more than SEGMENT_QUERIES_PER_BUSINESS segment previews at once (each may scan every customer). */
describe('concurrent segment previews', () => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await startApi({ SEGMENT_QUERIES_PER_BUSINESS: '2' });
  });
  afterAll(() => api.close());

  it('the third preview at once is 429 SEGMENT_QUERIES_BUSY; the first two finish; another business previews meanwhile', async () => {
    const { apiKey } = await signUpBusiness(api);
    const other = await signUpBusiness(api);
    const preview = (key: string) => api.http().post('/v1/segments/preview').set(bearer(key)).send({ definition: { type: 'tag', tag: 'vip', present: true } });
    const holder = new Client({ connectionString: api.config.databaseUrl });
    await holder.connect();
    try {
      // Slow previews: the members query waits for the lock.
      await holder.query('BEGIN');
      await holder.query('LOCK TABLE customer IN ACCESS EXCLUSIVE MODE');
      const running = [preview(apiKey).then((r) => r), preview(apiKey).then((r) => r)];
      await new Promise((resolve) => setTimeout(resolve, 300));
      const third = await preview(apiKey);
      expect(third.status).toBe(429);
      expect(third.body).toMatchObject({ code: 'SEGMENT_QUERIES_BUSY', details: [{ field: 'definition' }] });
      expect(third.headers['retry-after']).toBe('2');
      const elsewhere = preview(other.apiKey).then((r) => r);
      await holder.query('ROLLBACK');
      expect((await Promise.all(running)).map((r) => r.status)).toEqual([200, 200]);
      expect((await elsewhere).status).toBe(200);
    } finally {
      await holder.end();
    }
    expect((await preview(apiKey)).status).toBe(200);
  });
});
