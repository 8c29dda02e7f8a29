import type { DataSource } from 'typeorm';
import { openTestDataSource } from '../../../../test/support/test-database';
import type { CustomerMatch, CustomerOrdering, KeysetPosition } from './customer-search';
import { customerCountSql, customerPageSql, type PageStrategy } from './customer-search.sql';

/**
 * The folding the migration installs (localreach_search_fold and the generated
 * keys), against values worked out by hand, and the plan of a search: the
 * prefix must become an index range, or search over a million customers scans.
 */
describe('customer search keys in PostgreSQL', () => {
  let dataSource: DataSource;
  let businessId: string;
  beforeAll(async () => {
    ({ dataSource } = await openTestDataSource());
    const rows = await dataSource.query<{ id: string }[]>(
      `INSERT INTO business (name, timezone, currency, country, address) VALUES ('Fold', 'UTC', 'USD', 'US', '{}') RETURNING id`,
    );
    businessId = rows[0].id;
  });
  afterAll(() => dataSource.destroy());

  it.each([
    ['Élodie', 'elodie'],
    ['  Ana   LOPEZ ', 'ana lopez'],
    ['Łukasz Żółć', 'lukasz zolc'],
    ['Straße', 'strasse'],
    ['ẞ', 'ss'],
    ['Ærøskøbing', 'aeroskobing'],
    ['Œuvre', 'oeuvre'],
    ['Þór', 'thor'],
    ['O’Brien', "o'brien"],
    ['Nguyễn', 'nguyen'],
    ['ＡＢＣ', 'abc'],
    ['ﬁnn', 'finn'],
    ['Đorđe', 'dorde'],
    ['Дмитрий', 'дмитрии'],
    ['Ёлка', 'елка'],
    ['ΆΣΟΣ', 'ασοσ'],
    ['a\tb\u00a0c', 'a b c'],
    ['100%_\\', '100%_\\'],
    ['', null],
    ['   ', null],
    [null, null],
  ])('localreach_search_fold(%j) = %j', async (input, expected) => {
    const rows = await dataSource.query<{ folded: string | null }[]>('SELECT localreach_search_fold($1) AS folded', [input]);
    expect(rows[0].folded).toBe(expected);
  });

  it('keys: first then last name, last then first, the email, the phone digits; U+10FFFF when the field is missing', async () => {
    const rows = await dataSource.query<Record<string, string | null>[]>(
      `INSERT INTO customer (business_id, first_name, last_name, email, phone) VALUES
         ($1, 'Élodie', 'Durand', 'elodie@example.com', '+33612345678'), ($1, NULL, 'Solo', NULL, NULL), ($1, 'Cher', NULL, NULL, NULL)
       RETURNING first_name_key, last_name_key, email_key, phone_digits`,
      [businessId],
    );
    expect(rows).toEqual([
      { first_name_key: 'elodie durand', last_name_key: 'durand elodie', email_key: 'elodie@example.com', phone_digits: '33612345678' },
      { first_name_key: '\u{10FFFF}', last_name_key: 'solo', email_key: '\u{10FFFF}', phone_digits: null },
      { first_name_key: 'cher', last_name_key: '\u{10FFFF}', email_key: '\u{10FFFF}', phone_digits: null },
    ]);
  });

  it('a search is an index range on each key, the pattern folded and escaped before planning', async () => {
    await dataSource.query(
      `INSERT INTO customer (business_id, first_name, last_name, email, phone)
       SELECT $1, 'First' || i, 'Last' || i, 'user' || i || '@example.com', '+1312555' || lpad(i::text, 4, '0') FROM generate_series(1, 3000) i`,
      [businessId],
    );
    await dataSource.query('ANALYZE customer');
    const count = customerCountSql(businessId, { search: { text: 'ÉLO_%', phonePrefixes: ['3361'] } }, 10_001);
    const rows = await dataSource.query<{ 'QUERY PLAN': string }[]>(`EXPLAIN ${count.sql}`, count.params);
    const plan = rows.map((r) => r['QUERY PLAN']).join('\n');
    // "ÉLO_%" folds to "elo_%"; escaped, the LIKE prefix is that literal text: the range [elo_%, elo_&).
    for (const key of ['first_name_key', 'last_name_key', 'email_key']) {
      expect(plan).toContain(`(${key} >= 'elo_%'::text) AND (${key} < 'elo_&'::text)`);
    }
    expect(plan).toContain(`(phone_digits >= '3361'::text) AND (phone_digits < '3362'::text)`);
  });

  it('a search page from its hits lists what the walk lists, page after page, in every order; the walk is not in its plan', async () => {
    // 3,000 customers above, and a few more whose phone or name matches, made first so a newest-first walk meets them last.
    await dataSource.query(
      `INSERT INTO customer (business_id, first_name, last_name, email, phone, created_at)
       SELECT $1, CASE WHEN i % 2 = 0 THEN 'Zoë' ELSE 'Zed' END, 'Old' || i, 'old' || i || '@example.com', '+1415000' || lpad(i::text, 4, '0'),
              now() - interval '10 years' + interval '1 hour' * (i % 7)
         FROM generate_series(1, 40) i`,
      [businessId],
    );
    await dataSource.query('ANALYZE customer');
    const pageOf = async (match: CustomerMatch, ordering: CustomerOrdering, strategy: PageStrategy) => {
      const ids: string[] = [];
      for (let after: KeysetPosition | undefined; ;) {
        const page = customerPageSql(businessId, match, ordering, after, 7, 'c.id', strategy);
        const rows = await dataSource.query<{ id: string; sort_key: string }[]>(page.sql, page.params);
        ids.push(...rows.map((r) => r.id));
        if (rows.length < 7) return ids;
        after = { key: rows[rows.length - 1].sort_key, id: rows[rows.length - 1].id };
      }
    };
    const searches: CustomerMatch[] = [
      { search: { text: '(415) 000', phonePrefixes: ['1415000'] } },
      { search: { text: 'zo', phonePrefixes: [] } },
      { search: { text: 'z', phonePrefixes: [] }, tag: undefined },
      { search: { text: 'first29', phonePrefixes: [] } },
    ];
    const orderings: CustomerOrdering[] = [
      { sort: 'createdAt', order: 'desc' }, { sort: 'createdAt', order: 'asc' }, { sort: 'firstName', order: 'asc' }, { sort: 'email', order: 'desc' },
    ];
    const lengths: number[] = [];
    for (const match of searches) {
      for (const ordering of orderings) {
        const walked = await pageOf(match, ordering, { kind: 'walk' });
        expect(await pageOf(match, ordering, { kind: 'hits', cap: 10_001 })).toEqual(walked);
        lengths.push(walked.length);
      }
    }
    // Each search found something, across several pages (worked out: 40 phones, 20 Zoë, 40 Z…, First29, First290–299 and First2900–2999: 111).
    expect(lengths).toEqual([40, 40, 40, 40, 20, 20, 20, 20, 40, 40, 40, 40, 111, 111, 111, 111]);
    const hits = customerPageSql(businessId, searches[0], orderings[0], undefined, 26, 'c.id', { kind: 'hits', cap: 10_001 });
    const plan = (await dataSource.query<{ 'QUERY PLAN': string }[]>(`EXPLAIN ${hits.sql}`, hits.params)).map((r) => r['QUERY PLAN']).join('\n');
    expect(plan).not.toContain('customer_list_created_idx');
    expect(plan).toContain(`(phone_digits >= '1415000'::text) AND (phone_digits < '1415001'::text)`);
  });
});
