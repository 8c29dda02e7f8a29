import { randomUUID } from 'node:crypto';
import { signUpBusiness, startApi, type ApiHarness } from './support/api-harness';
import { clientFor, countRows, expectError, expectStatus, GB_BUSINESS, sleep, type Client } from './support/e2e-helpers';

describe('customers', () => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await startApi();
  });
  afterAll(() => api.close());

  /** A fresh business per scenario: counts and lists then only hold that scenario's rows. */
  const newBusiness = async (overrides: Record<string, unknown> = {}): Promise<{ client: Client; businessId: string }> => {
    const { apiKey, businessId } = await signUpBusiness(api, overrides);
    return { client: clientFor(api, apiKey), businessId };
  };

  describe('upsert matching', () => {
    let c: Client;
    beforeAll(async () => {
      ({ client: c } = await newBusiness());
    });

    it('creates (201), then matches by externalId, email and phone (200, same id)', async () => {
      const created = await c.post('/v1/customers', { externalId: 'pos-1', email: 'First.Last@Example.COM' });
      expectStatus(created, 201);
      const id = created.body.id as string;
      expect(created.body).toMatchObject({ externalId: 'pos-1', email: 'first.last@example.com' });

      const byExternalId = await c.post('/v1/customers', { externalId: 'pos-1', firstName: 'Ana' });
      expectStatus(byExternalId, 200);
      expect(byExternalId.body).toMatchObject({ id, firstName: 'Ana', email: 'first.last@example.com' });

      const byEmail = await c.post('/v1/customers', { email: '  FIRST.LAST@example.com ', lastName: 'Lopez', phone: '(217) 555-0142' });
      expectStatus(byEmail, 200);
      expect(byEmail.body).toMatchObject({ id, firstName: 'Ana', lastName: 'Lopez', phone: '+12175550142', externalId: 'pos-1' });

      const byPhone = await c.post('/v1/customers', { phone: '+1 217 555 0142', timezone: 'America/Chicago' });
      expectStatus(byPhone, 200);
      expect(byPhone.body).toMatchObject({ id, timezone: 'America/Chicago', email: 'first.last@example.com' });

      const byNationalPhone = await c.post('/v1/customers', { phone: '217.555.0142' });
      expectStatus(byNationalPhone, 200);
      expect(byNationalPhone.body.id).toBe(id);
    });

    it('prefers externalId over email: a new email on a known externalId updates that customer', async () => {
      const created = await c.post('/v1/customers', { externalId: 'pos-3', email: 'three@example.com' });
      expectStatus(created, 201);
      const res = await c.post('/v1/customers', { externalId: 'pos-3', email: 'three.new@example.com' });
      expectStatus(res, 200);
      expect(res.body).toMatchObject({ id: created.body.id, email: 'three.new@example.com' });
    });

    it('prefers email over phone: a new phone on a known email updates that customer', async () => {
      const created = await c.post('/v1/customers', { email: 'four@example.com', phone: '+12175550104' });
      expectStatus(created, 201);
      const res = await c.post('/v1/customers', { email: 'four@example.com', phone: '+12175550105' });
      expectStatus(res, 200);
      expect(res.body).toMatchObject({ id: created.body.id, phone: '+12175550105' });
    });

    it('does not merge two customers: externalId of one plus the email of another → 409, both unchanged', async () => {
      const one = await c.post('/v1/customers', { externalId: 'pos-5' });
      const two = await c.post('/v1/customers', { email: 'six@example.com' });
      expectStatus(one, 201);
      expectStatus(two, 201);
      const res = await c.post('/v1/customers', { externalId: 'pos-5', email: 'six@example.com' });
      expectError(res, 409);
      expect((await c.get(`/v1/customers/${one.body.id}`)).body).toMatchObject({ externalId: 'pos-5', email: null });
      expect((await c.get(`/v1/customers/${two.body.id}`)).body).toMatchObject({ externalId: null, email: 'six@example.com' });
    });
  });

  describe('phone normalisation uses the business country', () => {
    it('US business: national and international forms become E.164', async () => {
      const { client } = await newBusiness();
      const res = await client.post('/v1/customers', { phone: '(212) 555-0199' });
      expectStatus(res, 201);
      expect(res.body.phone).toBe('+12125550199');
      // A UK national number is not a US number.
      expectError(await client.post('/v1/customers', { phone: '020 7946 0018' }), '4xx', ['phone']);
      const intl = await client.post('/v1/customers', { phone: '+44 20 7946 0018' });
      expectStatus(intl, 201);
      expect(intl.body.phone).toBe('+442079460018');
    });

    it("GB business: '020 7946 0018' → '+442079460018'", async () => {
      const { client } = await newBusiness(GB_BUSINESS);
      const res = await client.post('/v1/customers', { phone: '020 7946 0018' });
      expectStatus(res, 201);
      expect(res.body.phone).toBe('+442079460018');
      const us = await client.post('/v1/customers', { phone: '+1 (212) 555-0199' });
      expectStatus(us, 201);
      expect(us.body.phone).toBe('+12125550199');
      // The same number written another way matches the same customer.
      const again = await client.post('/v1/customers', { phone: '+44 (0)20 7946 0018', firstName: 'Gwen' });
      expect(again.body.id).toBe(res.body.id);
    });
  });

  describe('invalid input → 4xx naming each field, never 500, nothing written', () => {
    let c: Client;
    let businessId: string;
    beforeAll(async () => {
      ({ client: c, businessId } = await newBusiness());
    });
    const nextYear = new Date().getUTCFullYear() + 1;
    const manyKeys = Object.fromEntries(Array.from({ length: 101 }, (_, i) => [`k${i}`, i]));

    const cases: { name: string; body: Record<string, unknown>; fields: string[] }[] = [
      { name: 'bad email', body: { email: 'not-an-email' }, fields: ['email'] },
      { name: 'email without a dotted domain', body: { email: 'ana@localhost' }, fields: ['email'] },
      { name: 'bad phone', body: { email: 'p1@example.com', phone: '12345' }, fields: ['phone'] },
      { name: 'phone with letters', body: { email: 'p2@example.com', phone: 'call me' }, fields: ['phone'] },
      { name: 'birthday in the future', body: { email: 'b1@example.com', birthday: `${nextYear}-01-01` }, fields: ['birthday'] },
      { name: 'birthday 2023-02-29', body: { email: 'b2@example.com', birthday: '2023-02-29' }, fields: ['birthday'] },
      { name: 'birthday month 13', body: { email: 'b3@example.com', birthday: '1990-13-01' }, fields: ['birthday'] },
      { name: 'birthday not YYYY-MM-DD', body: { email: 'b4@example.com', birthday: '14/02/1990' }, fields: ['birthday'] },
      { name: 'bad time zone', body: { email: 't1@example.com', timezone: 'Mars/Olympus_Mons' }, fields: ['timezone'] },
      { name: 'lat out of range', body: { email: 'l1@example.com', lat: 90.5, lng: 10 }, fields: ['lat'] },
      { name: 'lng out of range', body: { email: 'l2@example.com', lat: 10, lng: -180.5 }, fields: ['lng'] },
      { name: 'lat without lng', body: { email: 'l3@example.com', lat: 10 }, fields: ['lng'] },
      { name: 'attributes over 16 KB', body: { email: 'a1@example.com', attributes: { blob: 'x'.repeat(17 * 1024) } }, fields: ['attributes'] },
      { name: 'attributes with 101 keys', body: { email: 'a2@example.com', attributes: manyKeys }, fields: ['attributes'] },
      { name: 'attribute key with a dash', body: { email: 'a3@example.com', attributes: { 'bad-key': 1 } }, fields: ['attributes.bad-key'] },
      { name: 'attribute key starting with a digit', body: { email: 'a4@example.com', attributes: { '1st': 1 } }, fields: ['attributes.1st'] },
      { name: 'attributes not an object', body: { email: 'a5@example.com', attributes: ['x'] }, fields: ['attributes'] },
      { name: 'unknown field', body: { email: 'u1@example.com', favouriteColour: 'red' }, fields: ['favouriteColour'] },
      { name: 'empty tag', body: { email: 'g1@example.com', tags: ['ok', ''] }, fields: ['tags[1]'] },
      { name: 'bad consent status', body: { email: 'c1@example.com', consent: { email: { status: 'maybe' } } }, fields: ['consent.email.status'] },
      { name: 'unknown consent channel', body: { email: 'c2@example.com', consent: { fax: { status: 'granted' } } }, fields: ['consent.fax'] },
      { name: 'consent source not allowed from the API', body: { email: 'c3@example.com', consent: { sms: { status: 'granted', source: 'psychic' } } }, fields: ['consent.sms.source'] },
      { name: 'consent time in the future', body: { email: 'c4@example.com', consent: { email: { status: 'granted', at: `${nextYear}-01-01T00:00:00Z` } } }, fields: ['consent.email.at'] },
      {
        name: 'many problems at once',
        body: { email: 'bad', phone: 'bad', birthday: '2023-02-29', timezone: 'Nowhere/Land', lat: 100, lng: 0, attributes: { 'no way': true } },
        fields: ['email', 'phone', 'birthday', 'timezone', 'lat', 'attributes.no way'],
      },
    ];

    it.each(cases)('$name → $fields', async ({ body, fields }) => {
      const res = await c.post('/v1/customers', body);
      expectError(res, '4xx', fields);
      expect(await countRows(api, 'customer', businessId)).toBe(0);
    });

    it('no identifier at all → 4xx naming an identifier field', async () => {
      const res = await c.post('/v1/customers', { firstName: 'Nobody' });
      expectError(res, '4xx');
      expect(res.body.details.some((d: { field: string }) => ['externalId', 'email', 'phone'].includes(d.field))).toBe(true);
      expect(await countRows(api, 'customer', businessId)).toBe(0);
    });

    it('a JSON array body → 4xx', async () => {
      expectError(await c.post('/v1/customers', [{ email: 'arr@example.com' }]), '4xx');
      expect(await countRows(api, 'customer', businessId)).toBe(0);
    });

    it('the same problems on PATCH leave the customer unchanged', async () => {
      const created = await c.post('/v1/customers', { email: 'valid@example.com', birthday: '1990-02-14' });
      expectStatus(created, 201);
      const res = await c.patch(`/v1/customers/${created.body.id}`, { email: 'nope', birthday: '2023-02-29', lat: -91, lng: 0 });
      expectError(res, '4xx', ['email', 'birthday', 'lat']);
      const after = await c.get(`/v1/customers/${created.body.id}`);
      expect(after.body).toEqual({ ...created.body, nearestStore: null });
      await c.delete(`/v1/customers/${created.body.id}`);
    });
  });

  describe('field rules', () => {
    let c: Client;
    beforeAll(async () => {
      ({ client: c } = await newBusiness());
    });

    it('accepts Feb 29 in a leap year (2024-02-29)', async () => {
      const res = await c.post('/v1/customers', { email: 'leap@example.com', birthday: '2024-02-29' });
      expectStatus(res, 201);
      expect(res.body.birthday).toBe('2024-02-29');
    });

    it('merges attributes shallowly; a null value deletes the key', async () => {
      const created = await c.post('/v1/customers', { email: 'attrs@example.com', attributes: { tier: 'gold', visits: 3, prefs: { a: 1, b: 2 } } });
      expectStatus(created, 201);
      const patched = await c.patch(`/v1/customers/${created.body.id}`, { attributes: { visits: 4, tier: null, prefs: { c: 3 } } });
      expectStatus(patched, 200);
      expect(patched.body.attributes).toEqual({ visits: 4, prefs: { c: 3 } });
      const upserted = await c.post('/v1/customers', { email: 'attrs@example.com', attributes: { city: 'Springfield' } });
      expectStatus(upserted, 200);
      expect(upserted.body.attributes).toEqual({ visits: 4, prefs: { c: 3 }, city: 'Springfield' });
      const stored = await api.dataSource.query(`SELECT attributes FROM customer WHERE id = $1`, [created.body.id]);
      expect(stored[0].attributes).toEqual({ visits: 4, prefs: { c: 3 }, city: 'Springfield' });
    });

    it('replaces tags (and keeps them when tags are not sent)', async () => {
      const created = await c.post('/v1/customers', { email: 'tags@example.com', tags: ['a', 'b'] });
      expectStatus(created, 201);
      expect([...created.body.tags].sort()).toEqual(['a', 'b']);
      const replaced = await c.patch(`/v1/customers/${created.body.id}`, { tags: ['c'] });
      expectStatus(replaced, 200);
      expect(replaced.body.tags).toEqual(['c']);
      const untouched = await c.patch(`/v1/customers/${created.body.id}`, { firstName: 'Tess' });
      expectStatus(untouched, 200);
      expect(untouched.body.tags).toEqual(['c']);
      const cleared = await c.patch(`/v1/customers/${created.body.id}`, { tags: [] });
      expectStatus(cleared, 200);
      expect(cleared.body.tags).toEqual([]);
    });

    it('records consent per channel with source and time; the time stays when the status does not change', async () => {
      const before = Date.now();
      const created = await c.post('/v1/customers', {
        email: 'consent@example.com',
        consent: { email: { status: 'granted', source: 'form', at: '2025-01-02T03:04:05Z' }, sms: { status: 'denied' } },
      });
      expectStatus(created, 201);
      const id = created.body.id as string;
      expect(created.body.consent.email).toEqual({ status: 'granted', source: 'form', at: '2025-01-02T03:04:05.000Z' });
      expect(created.body.consent.sms).toMatchObject({ status: 'denied', source: 'api' });
      expect(Date.parse(created.body.consent.sms.at)).toBeGreaterThanOrEqual(before - 1000);
      expect(created.body.consent.location).toBeUndefined();

      const same = await c.patch(`/v1/customers/${id}`, { consent: { email: { status: 'granted', source: 'pos' } }, firstName: 'Cora' });
      expectStatus(same, 200);
      expect(same.body.consent.email.status).toBe('granted');
      expect(same.body.consent.email.at).toBe('2025-01-02T03:04:05.000Z');

      await sleep(5);
      const changed = await c.patch(`/v1/customers/${id}`, { consent: { email: { status: 'denied', source: 'form' } } });
      expectStatus(changed, 200);
      expect(changed.body.consent.email).toMatchObject({ status: 'denied', source: 'form' });
      expect(Date.parse(changed.body.consent.email.at)).toBeGreaterThan(Date.parse('2025-01-02T03:04:05Z'));
      expect(Date.parse(changed.body.consent.email.at)).toBeGreaterThanOrEqual(before - 1000);
      // Channels not mentioned stay as they were.
      expect(changed.body.consent.sms).toEqual(created.body.consent.sms);
    });

    it('PATCH with null clears fields', async () => {
      const created = await c.post('/v1/customers', {
        email: 'clear@example.com', phone: '+12175550150', firstName: 'Cleo', lastName: 'Clear', birthday: '1985-06-01', timezone: 'America/Chicago',
        lat: 39.78, lng: -89.65, address: { line1: '1 Elm St', city: 'Springfield' },
      });
      expectStatus(created, 201);
      const res = await c.patch(`/v1/customers/${created.body.id}`, {
        phone: null, firstName: null, lastName: null, birthday: null, timezone: null, lat: null, lng: null, address: null,
      });
      expectStatus(res, 200);
      expect(res.body).toMatchObject({
        email: 'clear@example.com', phone: null, firstName: null, lastName: null, birthday: null, timezone: null, lat: null, lng: null, address: null,
      });
      const row = await api.dataSource.query(`SELECT phone, first_name, birthday, lat, lng, address FROM customer WHERE id = $1`, [created.body.id]);
      expect(row[0]).toEqual({ phone: null, first_name: null, birthday: null, lat: null, lng: null, address: null });
    });

    it('PATCH removing the last identifier → 422, customer unchanged', async () => {
      const created = await c.post('/v1/customers', { email: 'last-id@example.com', phone: '+12175550160' });
      expectStatus(created, 201);
      expectError(await c.patch(`/v1/customers/${created.body.id}`, { email: null, phone: null }), 422);
      const onlyEmail = await c.patch(`/v1/customers/${created.body.id}`, { phone: null });
      expectStatus(onlyEmail, 200);
      expectError(await c.patch(`/v1/customers/${created.body.id}`, { email: null }), 422);
      const after = await c.get(`/v1/customers/${created.body.id}`);
      expect(after.body).toMatchObject({ email: 'last-id@example.com', phone: null });
    });
  });

  describe('listing', () => {
    it('pages 25 customers by 10: 3 pages, no duplicates, no gaps, creation order', async () => {
      const { client } = await newBusiness();
      const created: string[] = [];
      for (let i = 0; i < 25; i++) {
        const res = await client.post('/v1/customers', { email: `page${i}@example.com` });
        expectStatus(res, 201);
        created.push(res.body.id);
      }
      const pages: string[][] = [];
      let cursor: string | null = null;
      do {
        const res = await client.get(`/v1/customers?limit=10${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
        expectStatus(res, 200);
        pages.push(res.body.items.map((c: { id: string }) => c.id));
        cursor = res.body.nextCursor;
      } while (cursor && pages.length < 10);
      const all = pages.flat();
      expect({ sizes: pages.map((p) => p.length), duplicates: all.filter((id, i) => all.indexOf(id) !== i) }).toEqual({ sizes: [10, 10, 5], duplicates: [] });
      expect(all).toEqual(created);
    });

    describe('filters', () => {
      let c: Client;
      const ids: Record<string, string> = {};
      beforeAll(async () => {
        ({ client: c } = await newBusiness());
        const make = async (key: string, body: Record<string, unknown>) => {
          const res = await c.post('/v1/customers', body);
          expectStatus(res, 201);
          ids[key] = res.body.id;
        };
        await make('ana', { email: 'ana@example.com', phone: '+12175550171', tags: ['vip', 'newsletter'], externalId: 'pos-ana' });
        await make('ben', { email: 'ben@example.com', phone: '+12175550172', tags: ['newsletter'] });
        await make('cy', { email: 'cy@example.com', tags: [] });
      });
      const idsOf = (res: { body: { items: { id: string }[] } }) => res.body.items.map((i) => i.id).sort();

      it('by email, case-insensitively', async () => {
        expect(idsOf(await c.get('/v1/customers?email=ana%40example.com'))).toEqual([ids.ana]);
        expect(idsOf(await c.get('/v1/customers?email=ANA%40Example.com'))).toEqual([ids.ana]);
        expect(idsOf(await c.get('/v1/customers?email=nobody%40example.com'))).toEqual([]);
      });

      it('by phone in E.164', async () => {
        expect(idsOf(await c.get(`/v1/customers?phone=${encodeURIComponent('+12175550172')}`))).toEqual([ids.ben]);
      });

      it('by phone written in national format (normalised like stored phones)', async () => {
        expect(idsOf(await c.get(`/v1/customers?phone=${encodeURIComponent('(217) 555-0172')}`))).toEqual([ids.ben]);
      });

      it('by tag and by externalId', async () => {
        expect(idsOf(await c.get('/v1/customers?tag=newsletter'))).toEqual([ids.ana, ids.ben].sort());
        expect(idsOf(await c.get('/v1/customers?tag=vip'))).toEqual([ids.ana]);
        expect(idsOf(await c.get('/v1/customers?tag=nope'))).toEqual([]);
        expect(idsOf(await c.get('/v1/customers?externalId=pos-ana'))).toEqual([ids.ana]);
      });

      it('by updatedSince: only customers changed at or after the time', async () => {
        await sleep(20);
        const patched = await c.patch(`/v1/customers/${ids.cy}`, { firstName: 'Cy' });
        expectStatus(patched, 200);
        const since = patched.body.updatedAt as string;
        expect(idsOf(await c.get(`/v1/customers?updatedSince=${encodeURIComponent(since)}`))).toEqual([ids.cy]);
        expect(idsOf(await c.get('/v1/customers?updatedSince=2000-01-01T00:00:00Z'))).toEqual([ids.ana, ids.ben, ids.cy].sort());
        expectError(await c.get('/v1/customers?updatedSince=yesterday'), '4xx', ['updatedSince']);
      });

      it.each([
        ['garbage', 'not-a-cursor!!'],
        ['well-formed JSON with wrong values', Buffer.from(JSON.stringify(['not-a-date', 'not-a-uuid'])).toString('base64url')],
        ['wrong arity', Buffer.from(JSON.stringify(['2025-01-01T00:00:00.000Z'])).toString('base64url')],
      ])('rejects an invalid cursor (%s) with 4xx naming cursor', async (_name, cursor) => {
        expectError(await c.get(`/v1/customers?cursor=${encodeURIComponent(cursor)}`), '4xx', ['cursor']);
      });

      it.each(['0', '501', 'ten', '-1'])('rejects limit=%s with 4xx naming limit', async (limit) => {
        expectError(await c.get(`/v1/customers?limit=${limit}`), '4xx', ['limit']);
      });
    });
  });

  describe('ids that are not customers', () => {
    let c: Client;
    beforeAll(async () => {
      ({ client: c } = await newBusiness());
    });
    const ids = ['not-a-uuid', '12345', randomUUID(), "1' OR '1'='1"];
    it.each(ids)('%s → 404 on GET, PATCH, DELETE and export', async (id) => {
      const path = `/v1/customers/${encodeURIComponent(id)}`;
      expectError(await c.get(path), 404);
      expectError(await c.patch(path, { firstName: 'X' }), 404);
      expectError(await c.delete(path), 404);
      expectError(await c.get(`${path}/export`), 404);
    });
  });

  describe('erase (DELETE)', () => {
    let c: Client;
    let businessId: string;
    beforeAll(async () => {
      ({ client: c, businessId } = await newBusiness());
    });

    it('removes personal data, keeps orders and events (emptied), and frees the email', async () => {
      const created = await c.post('/v1/customers', {
        externalId: 'pos-erase', email: 'erase.me@example.com', phone: '+12175550180', firstName: 'Eve', lastName: 'Erased', birthday: '1980-01-01',
        attributes: { tier: 'gold' }, tags: ['vip'], consent: { email: { status: 'granted' } },
      });
      expectStatus(created, 201);
      const id = created.body.id as string;
      expectStatus(await c.post('/v1/events', { type: 'viewed', customer: { id }, properties: { page: '/secret', note: 'personal' } }), 202);
      expectStatus(await c.post('/v1/orders', { externalId: 'erase-o1', customer: { id }, total: 10.5, currency: 'USD', channel: 'online', couponCode: 'EVE10' }), 201);
      expectStatus(await c.post('/v1/orders', { externalId: 'erase-o2', customer: { id }, total: 4.25, currency: 'USD', channel: 'online' }), 201);
      const totals = async () =>
        (await api.dataSource.query(`SELECT count(*)::int AS n, sum(total)::text AS s FROM orders WHERE business_id = $1`, [businessId]))[0];
      expect(await totals()).toEqual({ n: 2, s: '14.75' });

      expectStatus(await c.delete(`/v1/customers/${id}`), 204);

      expectError(await c.get(`/v1/customers/${id}`), 404);
      expectError(await c.get(`/v1/customers/${id}/export`), 404);
      expectError(await c.patch(`/v1/customers/${id}`, { firstName: 'Back' }), 404);
      expectError(await c.delete(`/v1/customers/${id}`), 404);
      expect((await c.get('/v1/customers')).body.items.map((x: { id: string }) => x.id)).not.toContain(id);

      const [row] = await api.dataSource.query(
        `SELECT external_id, email, phone, first_name, last_name, birthday, attributes, tags, consent_email, erased_at FROM customer WHERE id = $1`, [id],
      );
      expect(row).toMatchObject({ external_id: null, email: null, phone: null, first_name: null, last_name: null, birthday: null, attributes: {}, tags: [], consent_email: null });
      expect(row.erased_at).toBeInstanceOf(Date);

      expect(await totals()).toEqual({ n: 2, s: '14.75' });
      const events = await api.dataSource.query(`SELECT type, properties FROM event WHERE customer_id = $1`, [id]);
      expect(events).toEqual([{ type: 'viewed', properties: {} }]);

      const reused = await c.post('/v1/customers', { email: 'erase.me@example.com' });
      expectStatus(reused, 201);
      expect(reused.body.id).not.toBe(id);
      const reusedExternal = await c.post('/v1/customers', { externalId: 'pos-erase', phone: '+12175550180' });
      expectStatus(reusedExternal, 201);
      expect([id, reused.body.id]).not.toContain(reusedExternal.body.id);
    });
  });

  describe('export', () => {
    it('returns the customer with their events, orders and history', async () => {
      const { client: c, businessId } = await newBusiness();
      const created = await c.post('/v1/customers', { email: 'export@example.com', firstName: 'Exa', consent: { email: { status: 'granted', source: 'form', at: '2025-01-01T09:00:00Z' } } });
      expectStatus(created, 201);
      const id = created.body.id as string;
      expectStatus(await c.patch(`/v1/customers/${id}`, { consent: { email: { status: 'denied', source: 'api', at: '2025-02-01T09:00:00Z' } } }), 200);
      const other = await c.post('/v1/customers', { email: 'other@example.com' });
      expectStatus(
        await c.post('/v1/events', {
          events: [
            { type: 'visit', customer: { id }, properties: { store: 'elm' }, occurredAt: '2025-01-01T10:00:00Z' },
            { type: 'visit', customer: { id: other.body.id } },
            { type: 'cart_abandoned', customer: { email: 'export@example.com' }, occurredAt: '2025-01-02T10:00:00Z' },
          ],
        }),
        202,
      );
      expectStatus(await c.post('/v1/orders', { externalId: 'exp-1', customer: { id }, total: 20, currency: 'USD', channel: 'in_store' }), 201);
      expectStatus(await c.post('/v1/orders', { externalId: 'exp-2', customer: { id: other.body.id }, total: 7, currency: 'USD', channel: 'online' }), 201);

      const res = await c.get(`/v1/customers/${id}/export`);
      expectStatus(res, 200);
      expect(Number.isNaN(Date.parse(res.body.exportedAt))).toBe(false);
      expect(res.body.business.id).toBe(businessId);
      expect(res.body.customer).toMatchObject({ id, email: 'export@example.com', firstName: 'Exa' });
      expect(res.body.events.map((e: { type: string }) => e.type)).toEqual(['visit', 'cart_abandoned']);
      expect(res.body.events[0].properties).toEqual({ store: 'elm' });
      expect(res.body.orders.map((o: { externalId: string }) => o.externalId)).toEqual(['exp-1']);
      expect(Array.isArray(res.body.history)).toBe(true);
      expect(res.body.consentHistory.map((h: { channel: string; status: string; source: string; at: string }) => [h.channel, h.status, h.source, h.at])).toEqual([
        ['email', 'granted', 'form', '2025-01-01T09:00:00.000Z'],
        ['email', 'denied', 'api', '2025-02-01T09:00:00.000Z'],
      ]);
    });
  });

  describe('concurrency', () => {
    it('10 concurrent upserts of the same new email make exactly one customer', async () => {
      const { client: c, businessId } = await newBusiness();
      const results = await Promise.all(
        Array.from({ length: 10 }, (_, i) => c.post('/v1/customers', { email: 'Race@Example.com', attributes: { [`n${i}`]: i } })),
      );
      const statuses = results.map((r) => r.status);
      expect(results.filter((r) => r.status !== 200 && r.status !== 201).map((r) => `${r.status} ${JSON.stringify(r.body)}`)).toEqual([]);
      expect(statuses.filter((s) => s === 201)).toHaveLength(1);
      expect(new Set(results.map((r) => r.body.id)).size).toBe(1);
      expect(await countRows(api, 'customer', businessId)).toBe(1);
      const [row] = await api.dataSource.query(`SELECT attributes FROM customer WHERE business_id = $1`, [businessId]);
      // Every request's attribute landed: none was lost to the race.
      expect(Object.keys(row.attributes).sort()).toEqual(Array.from({ length: 10 }, (_, i) => `n${i}`).sort());
    });
  });
});
