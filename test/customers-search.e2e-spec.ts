import { parse } from 'csv-parse/sync';
import { signUpBusiness, startApi, type ApiHarness } from './support/api-harness';
import { clientFor, expectError, expectStatus, seedKey, type Client } from './support/e2e-helpers';

interface Item {
  id: string;
  externalId: string | null;
  email: string | null;
  phone: string | null;
  firstName: string | null;
  lastName: string | null;
  createdAt: string;
  updatedAt: string;
}
interface Page {
  items: Item[];
  nextCursor: string | null;
  total: number;
  totalIsEstimate: boolean;
}

const CSV_COLUMNS = [
  'id', 'externalId', 'email', 'phone', 'firstName', 'lastName', 'birthday', 'timezone', 'lat', 'lng', 'tags',
  'consentEmail', 'consentSms', 'consentLocation', 'address', 'attributes', 'createdAt', 'updatedAt',
];

/** Case- and accent-insensitive text for the names used here, written independently of the database's fold. */
const fold = (s: string) =>
  s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/ß/g, 'ss').replace(/[Łł]/g, 'l').replace(/[Øø]/g, 'o').toLowerCase().replace(/\s+/g, ' ').trim();

const query = (params: Record<string, string | number>) => new URLSearchParams(Object.entries(params).map(([k, v]): [string, string] => [k, String(v)])).toString();

describe('GET /v1/customers: search, filters, sorts, totals and the CSV export', () => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await startApi();
  });
  afterAll(() => api.close());

  async function newBusiness(): Promise<{ client: Client; businessId: string }> {
    const { apiKey, businessId } = await signUpBusiness(api);
    return { client: clientFor(api, apiKey), businessId };
  }

  async function create(client: Client, body: Record<string, unknown>): Promise<string> {
    const res = await client.post('/v1/customers', body);
    expectStatus(res, 201);
    return res.body.id as string;
  }

  /** Every page of a list query, following nextCursor. */
  async function allPages(client: Client, params: Record<string, string | number>, path = '/v1/customers'): Promise<Page[]> {
    const pages: Page[] = [];
    let cursor: string | null = null;
    do {
      const res = await client.get(`${path}?${query(cursor ? { ...params, cursor } : params)}`);
      expectStatus(res, 200);
      pages.push(res.body as Page);
      cursor = (res.body as Page).nextCursor;
    } while (cursor && pages.length < 100);
    return pages;
  }

  describe('prefix search', () => {
    let a: Client;
    let b: Client;
    const ids: Record<string, string> = {};
    let otherAna: string;

    beforeAll(async () => {
      ({ client: a } = await newBusiness());
      ({ client: b } = await newBusiness());
      const customers: Record<string, Record<string, unknown>> = {
        ana: { firstName: 'Ana', lastName: 'Lopez', email: 'ana.lopez@example.com', phone: '+13125550123', tags: ['vip'], consent: { email: { status: 'granted' }, sms: { status: 'denied' } } },
        anais: { firstName: 'Anaïs', lastName: 'Martin', email: 'anais@example.fr', phone: '+13125550188' },
        elodie: { firstName: 'Élodie', lastName: 'Durand', email: 'e.durand@example.com', phone: '(217) 555-0172' },
        lukasz: { firstName: 'Łukasz', lastName: 'Żółć', email: 'lukasz@example.pl', phone: '+33612345678' },
        maria: { firstName: 'María José', lastName: 'Lopez-Garcia', email: 'mj@example.com' },
        ben: { firstName: 'Ben', lastName: "O'Brien", email: 'ben@example.com', tags: ['vip'] },
        zed: { email: 'zed@example.com' },
        percent: { firstName: '50%', lastName: 'Off', email: 'fifty@example.com' },
        fiftyX: { firstName: '50X', lastName: 'Other', email: 'fiftyx@example.com' },
        underscore: { firstName: 'a_b', email: 'a_b@example.com' },
        axb: { firstName: 'axb', email: 'axb@example.com' },
        backslash: { lastName: 'Back\\slash', email: 'bs@example.com' },
        erased: { firstName: 'Anabel', email: 'anabel@example.com' },
      };
      for (const [key, body] of Object.entries(customers)) ids[key] = await create(a, body);
      expectStatus(await a.delete(`/v1/customers/${ids.erased}`), 204);
      otherAna = await create(b, { firstName: 'Ana', lastName: 'Lopez', email: 'ana.lopez@example.com', phone: '+13125550124' });
    });

    const namesOf = (page: Page) => page.items.map((i) => Object.keys(ids).find((k) => ids[k] === i.id) ?? `foreign:${i.id}`).sort();
    const search = async (q: string, extra: Record<string, string> = {}) => {
      const res = await a.get(`/v1/customers?${query({ q, ...extra })}`);
      expectStatus(res, 200);
      return res.body as Page;
    };

    it.each([
      ['first name prefix', 'ana', ['ana', 'anais']],
      ['full name, any case', 'ANA LO', ['ana']],
      ['accents ignored in the text', 'anai', ['anais']],
      ['accents ignored in the query', 'ANAÏS', ['anais']],
      ['an accented first letter', 'elo', ['elodie']],
      ['an accented full name', 'ÉLODIE D', ['elodie']],
      ['last name prefix', 'lopez', ['ana', 'maria']],
      ['last name then first name', 'durand é', ['elodie']],
      ['Polish letters (Ł, Ż, ó, ł, ć)', 'lukasz', ['lukasz']],
      ['a last name with Ż', 'zol', ['lukasz']],
      ['a first name with a space', 'maria jo', ['maria']],
      ['a straight apostrophe', "o'b", ['ben']],
      ['a curly apostrophe', 'o’brien', ['ben']],
      ['email prefix', 'ana.l', ['ana']],
      ['email prefix in capitals', 'E.DURAND@', ['elodie']],
      ['a prefix, not a substring', 'example', []],
      ['phone, national with punctuation', '(312) 555-01', ['ana', 'anais']],
      ['phone, national digits', '3125550123', ['ana']],
      ['phone, national, stored from national input', '217-555', ['elodie']],
      ['phone, international with plus', '+1 217', ['elodie']],
      ['phone, another country', '+33 6 12', ['lukasz']],
      ['phone, international digits without plus', '1312555', ['ana', 'anais']],
      ['phone, 00 prefix', '0033 612', ['lukasz']],
    ])('%s: q=%j', async (_name, q, expected) => {
      const page = await search(q);
      expect(namesOf(page)).toEqual(expected);
      expect({ total: page.total, totalIsEstimate: page.totalIsEstimate }).toEqual({ total: expected.length, totalIsEstimate: false });
    });

    it.each([
      ['% is a percent sign', '50%', ['percent']],
      ['the digits alone find both', '50', ['fiftyX', 'percent']],
      ['% alone is not "anything"', '%', []],
      ['_ alone is not "any character"', '_', []],
      ['_ matches only an underscore', 'a_', ['underscore']],
      ['_ in an email', 'a_b@', ['underscore']],
      ['a backslash matches itself', 'back\\', ['backslash']],
      ['a backslash alone', '\\', []],
      ['an escaped-looking percent', '\\%', []],
      ['SQL in the text is text', "'; DROP TABLE customer; --", []],
    ])('hostile text is matched literally: %s (q=%j)', async (_name, q, expected) => {
      expect(namesOf(await search(q))).toEqual(expected);
    });

    it('blank q means no search; erased customers never appear', async () => {
      const all = await search('   ');
      expect(all.total).toBe(Object.keys(ids).length - 1);
      expect(namesOf(all)).not.toContain('erased');
      expect(namesOf(await search('anab'))).toEqual([]);
    });

    it("another business's customers never appear, and its own search finds only its own", async () => {
      for (const q of ['ana', 'lopez', 'ana.lopez@', '(312) 555', '+1 312']) {
        const page = await search(q);
        expect(page.items.map((i) => i.id)).not.toContain(otherAna);
      }
      const theirs = await b.get(`/v1/customers?${query({ q: 'ana' })}`);
      expectStatus(theirs, 200);
      expect(theirs.body).toMatchObject({ total: 1, totalIsEstimate: false, nextCursor: null });
      expect(theirs.body.items.map((i: Item) => i.id)).toEqual([otherAna]);
    });

    it('combines search with tag, consent and exact filters (AND)', async () => {
      expect(namesOf(await search('ana', { tag: 'vip' }))).toEqual(['ana']);
      expect(namesOf(await search('ana', { consentEmail: 'granted' }))).toEqual(['ana']);
      expect(namesOf(await search('ana', { consentEmail: 'unknown' }))).toEqual(['anais']);
      expect(namesOf(await search('ana', { consentSms: 'denied', consentLocation: 'unknown' }))).toEqual(['ana']);
      expect(namesOf(await search('ana', { consentEmail: 'denied' }))).toEqual([]);
      expect(namesOf(await search('ana', { email: 'ANAIS@example.fr' }))).toEqual(['anais']);
      expect(namesOf(await search('lopez', { phone: '(312) 555-0123' }))).toEqual(['ana']);
      const vip = await a.get(`/v1/customers?${query({ tag: 'vip', consentSms: 'unknown' })}`);
      expect(namesOf(vip.body as Page)).toEqual(['ben']);
    });

    it("filters by a saved segment's members, and refuses another business's segment naming segmentId", async () => {
      const created = await a.post('/v1/segments', { name: 'VIPs', definition: { type: 'tag', tag: 'vip', present: true } });
      expectStatus(created, 201);
      expectStatus(await a.post(`/v1/segments/${created.body.id}/refresh`), 200);
      expect(namesOf(await search('', { segmentId: created.body.id }))).toEqual(['ana', 'ben']);
      expect(namesOf(await search('b', { segmentId: created.body.id }))).toEqual(['ben']);
      expect(namesOf(await search('ana', { segmentId: created.body.id, consentEmail: 'granted', tag: 'vip' }))).toEqual(['ana']);

      const foreign = await b.post('/v1/segments', { name: 'Theirs', definition: { type: 'tag', tag: 'vip', present: true } });
      expectStatus(foreign, 201);
      expectError(await a.get(`/v1/customers?segmentId=${foreign.body.id}`), 422, ['segmentId']);
      expectError(await a.get('/v1/customers?segmentId=3f2b8c1e-0d4a-4e7b-9c5d-1a2b3c4d5e6f'), 422, ['segmentId']);
      expectError(await a.get(`/v1/customers/export.csv?segmentId=${foreign.body.id}`), 422, ['segmentId']);
    });

    it.each([
      ['sort=bogus', 'sort'],
      ['order=up', 'order'],
      ['consentEmail=yes', 'consentEmail'],
      ['consentSms=GRANTED', 'consentSms'],
      ['consentLocation=', 'consentLocation'],
      ['segmentId=not-a-uuid', 'segmentId'],
      [`q=${'a'.repeat(101)}`, 'q'],
      ['q=a&q=b', 'q'],
      ['limit=0', 'limit'],
      ['cursor=%21%21', 'cursor'],
      ['page=2', 'page'],
    ])('refuses %s with 4xx naming %s', async (params, field) => {
      expectError(await a.get(`/v1/customers?${params}`), '4xx', [field]);
    });

    it('export.csv takes the same filters but no paging', async () => {
      expectError(await a.get('/v1/customers/export.csv?sort=bogus'), 400, ['sort']);
      expectError(await a.get('/v1/customers/export.csv?limit=5'), 400, ['limit']);
      expectError(await a.get('/v1/customers/export.csv?cursor=abc'), 400, ['cursor']);
    });
  });

  describe('sorted keyset pages', () => {
    let c: Client;
    let businessId: string;
    let customers: Item[];
    const FIRSTS = ['Ana', 'ana', 'Ángel', 'Zoë', 'Émile', 'Łucja', 'Bea', 'bea', 'Chloé', null, 'Ana', 'Žarko', 'Zoe'];
    const LASTS = ['Lopez', 'lópez', 'Ørsted', 'Dubois', null, 'Müller', 'Mueller', 'Straße', 'Strasse', 'Lopez', 'Zúñiga'];
    const EMAILS = ['zed', 'ana', 'bob', 'Ana.B', 'émile-no', 'carl', 'ana'];

    beforeAll(async () => {
      ({ client: c, businessId } = await newBusiness());
      const ids: string[] = [];
      for (let i = 0; i < 40; i++) {
        const body: Record<string, unknown> = { externalId: `sort-${i}` };
        const first = FIRSTS[i % FIRSTS.length];
        const last = LASTS[(i * 3) % LASTS.length];
        if (first) body.firstName = first;
        if (last) body.lastName = last;
        // Emails are unique in a business, so they never tie.
        if (i % 5 !== 4) body.email = `${EMAILS[i % EMAILS.length].replace('é', 'e')}${i}@example.com`;
        ids.push(await create(c, body));
      }
      // Times at millisecond precision (as the API prints them) with ties, so id must break them.
      const base = Date.parse('2026-01-01T00:00:00Z');
      await api.dataSource.query(
        `UPDATE customer c SET created_at = v.created_at, updated_at = v.updated_at
           FROM (SELECT unnest($1::uuid[]) AS id, unnest($2::timestamptz[]) AS created_at, unnest($3::timestamptz[]) AS updated_at) v
          WHERE c.id = v.id AND c.business_id = $4`,
        [ids, ids.map((_, i) => new Date(base + Math.floor(i / 3) * 1000)), ids.map((_, i) => new Date(base + ((i * 7) % 13) * 1000)), businessId],
      );
      const everyone = await allPages(c, { limit: 500 });
      customers = everyone[0].items;
      expect(customers).toHaveLength(40);
    });

    type Key = (x: Item) => string | null;
    const KEYS: Record<string, Key> = {
      createdAt: (x) => x.createdAt,
      updatedAt: (x) => x.updatedAt,
      firstName: (x) => (x.firstName ? fold(`${x.firstName} ${x.lastName ?? ''}`) : null),
      lastName: (x) => (x.lastName ? fold(`${x.lastName} ${x.firstName ?? ''}`) : null),
      email: (x) => x.email,
    };

    /** Missing values after every value, then by the key in code point order, then by id; desc is the exact reverse. */
    function expected(sort: string, order: 'asc' | 'desc', rows: Item[]): string[] {
      const key = KEYS[sort];
      const sorted = [...rows].sort((x, y) => {
        const [kx, ky] = [key(x), key(y)];
        if ((kx === null) !== (ky === null)) return kx === null ? 1 : -1;
        if (kx !== ky) return (kx ?? '') < (ky ?? '') ? -1 : 1;
        return x.id < y.id ? -1 : 1;
      });
      const ids = sorted.map((x) => x.id);
      return order === 'asc' ? ids : ids.reverse();
    }

    it('the data has ties and missing values for every sort', () => {
      for (const [sort, key] of Object.entries(KEYS)) {
        const keys = customers.map(key);
        const present = keys.filter((k): k is string => k !== null);
        if (sort !== 'email') expect({ sort, ties: new Set(present).size < present.length }).toEqual({ sort, ties: true });
        if (!sort.endsWith('At')) expect({ sort, missing: keys.includes(null) }).toEqual({ sort, missing: true });
      }
    });

    it.each(['createdAt', 'updatedAt', 'lastName', 'firstName', 'email'].flatMap((sort) => [[sort, 'asc'], [sort, 'desc']] as [string, 'asc' | 'desc'][]))(
      'sort=%s order=%s paged by 7: the independently sorted order, no duplicates, no gaps, the total on every page',
      async (sort, order) => {
        const pages = await allPages(c, { sort, order, limit: 7 });
        const ids = pages.flatMap((p) => p.items.map((i) => i.id));
        expect(pages.map((p) => p.items.length)).toEqual([7, 7, 7, 7, 7, 5]);
        expect(ids).toEqual(expected(sort, order, customers));
        expect(pages.map((p) => [p.total, p.totalIsEstimate])).toEqual(pages.map(() => [40, false]));
      },
    );

    it('the default order is createdAt ascending (and updatedAt with updatedSince), as before', async () => {
      const [page] = await allPages(c, { limit: 500 });
      expect(page.items.map((i) => i.id)).toEqual(expected('createdAt', 'asc', customers));
      const [since] = await allPages(c, { limit: 500, updatedSince: '2000-01-01T00:00:00Z' });
      expect(since.items.map((i) => i.id)).toEqual(expected('updatedAt', 'asc', customers));
    });

    it('search and sort together, paged by 3', async () => {
      const matches = (x: Item) => [KEYS.firstName(x), KEYS.lastName(x), x.email].some((k) => k?.startsWith('an'));
      const pages = await allPages(c, { q: 'AN', sort: 'lastName', order: 'desc', limit: 3 });
      const want = expected('lastName', 'desc', customers.filter(matches));
      expect(want.length).toBeGreaterThan(6);
      expect(pages.flatMap((p) => p.items.map((i) => i.id))).toEqual(want);
      expect(pages[0]).toMatchObject({ total: want.length, totalIsEstimate: false });
    });

    it('a cursor only continues the sort and order it came from', async () => {
      const first = await c.get(`/v1/customers?${query({ sort: 'email', limit: 7 })}`);
      const cursor = first.body.nextCursor as string;
      expectStatus(await c.get(`/v1/customers?${query({ sort: 'email', limit: 7, cursor })}`), 200);
      expectError(await c.get(`/v1/customers?${query({ sort: 'lastName', limit: 7, cursor })}`), 422, ['cursor']);
      expectError(await c.get(`/v1/customers?${query({ sort: 'email', order: 'desc', limit: 7, cursor })}`), 422, ['cursor']);
      const forged = Buffer.from(JSON.stringify(['createdAt:asc', '2026-02-30T00:00:00.000000Z', customers[0].id])).toString('base64url');
      expectError(await c.get(`/v1/customers?${query({ cursor: forged })}`), 422, ['cursor']);
    });
  });

  describe('totals above the exact limit', () => {
    let d: Client;
    beforeAll(async () => {
      const { client, businessId } = await newBusiness();
      d = client;
      await api.dataSource.query(
        `INSERT INTO customer (business_id, external_id, first_name, last_name, created_at)
         SELECT $1, 'bulk-' || i, 'Bulk', 'Number ' || i, timestamptz '2026-01-01' + i * interval '1 second' FROM generate_series(1, 12000) i`,
        [businessId],
      );
      await api.dataSource.query('ANALYZE customer');
    });

    it('12,000 customers: the total is the planner estimate, marked as one', async () => {
      const res = await d.get('/v1/customers?limit=5');
      expectStatus(res, 200);
      expect(res.body.totalIsEstimate).toBe(true);
      expect(res.body.total).toBeGreaterThan(10_000);
      expect(res.body.total).toBeLessThan(24_000);
    });

    it('a search narrowing it to fewer than 10,000 is counted exactly', async () => {
      // "number 1" starts 1, 10–19, 100–199, 1000–1999 and 10000–12000: 1 + 10 + 100 + 1,000 + 2,001.
      const res = await d.get(`/v1/customers?${query({ q: 'number 1', limit: 5 })}`);
      expectStatus(res, 200);
      expect(res.body).toMatchObject({ total: 3112, totalIsEstimate: false });
      const one = await d.get(`/v1/customers?${query({ q: 'Number 11999' })}`);
      expect(one.body).toMatchObject({ total: 1, totalIsEstimate: false });
    });

    it('the CSV export streams all 12,000 in order, past its internal pages', async () => {
      const res = await d.get('/v1/customers/export.csv');
      expectStatus(res, 200);
      const rows = parse(res.text, { columns: true }) as Record<string, string>[];
      expect(rows).toHaveLength(12_000);
      expect(new Set(rows.map((r) => r.id)).size).toBe(12_000);
      expect(rows.map((r) => r.externalId)).toEqual(Array.from({ length: 12_000 }, (_, i) => `bulk-${i + 1}`));
    });
  });

  describe('GET /v1/customers/export.csv', () => {
    let owner: Client;
    let businessId: string;
    beforeAll(async () => {
      ({ client: owner, businessId } = await newBusiness());
      await create(owner, { firstName: '=HYPERLINK("http://evil.example","click")', lastName: '+cmd', externalId: '@SUM(A1)', tags: ['-2+3', 'vip'], phone: '+13125550123' });
      await create(owner, { firstName: 'Nora', lastName: 'O"Neil, Jr', email: 'nora@example.com', attributes: { note: 'line one\nline two', tier: 'gold' }, address: { city: 'Chicago' } });
      await create(owner, { firstName: 'Noah', lastName: 'Ng', email: 'noah@example.com', consent: { sms: { status: 'granted' } } });
      const other = await newBusiness();
      await create(other.client, { firstName: 'Nobody', email: 'nobody@example.com' });
    });

    it('is the filtered, sorted list as RFC 4180 CSV with a header row, formula-safe', async () => {
      const res = await owner.get(`/v1/customers/export.csv?${query({ sort: 'lastName', order: 'desc' })}`);
      expectStatus(res, 200);
      expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
      expect(res.headers['content-disposition']).toBe('attachment; filename="customers.csv"');
      expect(res.text.split('\r\n')[0]).toBe(CSV_COLUMNS.join(','));
      const [header, ...rows] = parse(res.text) as string[][];
      expect(header).toEqual(CSV_COLUMNS);
      const list = await allPages(owner, { sort: 'lastName', order: 'desc' });
      expect(rows.map((r) => r[0])).toEqual(list[0].items.map((i) => i.id));
      const byName = Object.fromEntries(rows.map((r) => [r[5], Object.fromEntries(CSV_COLUMNS.map((col, i) => [col, r[i]]))]));
      expect(byName["'+cmd"]).toMatchObject({
        firstName: `'=HYPERLINK("http://evil.example","click")`, externalId: "'@SUM(A1)", tags: "'-2+3;vip", phone: '+13125550123', email: '',
      });
      expect(byName['O"Neil, Jr']).toMatchObject({ firstName: 'Nora', address: '{"city":"Chicago"}' });
      expect(JSON.parse(byName['O"Neil, Jr'].attributes)).toEqual({ note: 'line one\nline two', tier: 'gold' });
      expect(byName.Ng).toMatchObject({ consentSms: 'granted', consentEmail: '' });
      expect(rows.map((r) => r[4])).not.toContain('Nobody');
    });

    it('takes q and the filters like the list', async () => {
      const res = await owner.get(`/v1/customers/export.csv?${query({ q: 'no', consentSms: 'unknown' })}`);
      expectStatus(res, 200);
      const rows = parse(res.text, { columns: true }) as Record<string, string>[];
      expect(rows.map((r) => r.firstName)).toEqual(['Nora']);
      const none = await owner.get(`/v1/customers/export.csv?${query({ q: 'zzz' })}`);
      expect(none.text).toBe(`${CSV_COLUMNS.join(',')}\r\n`);
    });

    it('analysts may read and export (reads), but not write', async () => {
      const analyst = clientFor(api, (await seedKey(api, businessId, 'analyst')).apiKey);
      const list = await analyst.get('/v1/customers?q=no');
      expectStatus(list, 200);
      expect(list.body.total).toBe(2);
      const csv = await analyst.get('/v1/customers/export.csv?q=no');
      expectStatus(csv, 200);
      expect(parse(csv.text, { columns: true })).toHaveLength(2);
      expectError(await analyst.post('/v1/customers', { email: 'x@example.com' }), 403);
    });
  });

  it('the OpenAPI document types every parameter and both responses', async () => {
    const doc = (await api.http().get('/docs-json')).body;
    const list = doc.paths['/v1/customers'].get;
    const param = (name: string, op = list) => op.parameters.find((p: { name: string }) => p.name === name)?.schema;
    expect(param('sort')).toMatchObject({ type: 'string', enum: ['createdAt', 'updatedAt', 'lastName', 'firstName', 'email'], default: 'createdAt' });
    expect(param('order')).toMatchObject({ type: 'string', enum: ['asc', 'desc'], default: 'asc' });
    for (const name of ['consentEmail', 'consentSms', 'consentLocation']) expect(param(name)).toMatchObject({ type: 'string', enum: ['granted', 'denied', 'unknown'] });
    expect(param('segmentId')).toMatchObject({ type: 'string', format: 'uuid' });
    expect(param('q')).toMatchObject({ type: 'string', maxLength: 100 });
    expect(param('limit')).toMatchObject({ minimum: 1, maximum: 500 });
    const page = doc.components.schemas.CustomerListPageDto;
    expect(page.required).toEqual(expect.arrayContaining(['items', 'nextCursor', 'total', 'totalIsEstimate']));
    expect(page.properties.total).toMatchObject({ type: 'integer', minimum: 0 });
    expect(page.properties.totalIsEstimate).toMatchObject({ type: 'boolean' });
    const csv = doc.paths['/v1/customers/export.csv'].get;
    expect(csv.responses['200'].content['text/csv'].schema).toEqual({ type: 'string' });
    expect(csv.parameters.map((p: { name: string }) => p.name)).not.toContain('limit');
    expect(param('sort', csv)).toMatchObject({ enum: ['createdAt', 'updatedAt', 'lastName', 'firstName', 'email'] });
  });
});
