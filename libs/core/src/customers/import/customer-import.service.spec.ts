import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import type { CountryCode } from 'libphonenumber-js';
import type { DataSource } from 'typeorm';
import { openTestDataSource } from '../../../../../test/support/test-database';
import { AuditRepository } from '../../audit/audit.repository';
import { AuditTrail } from '../../audit/audit-trail';
import { SegmentStalenessRepository } from '../../ops/segment-staleness.repository';
import { loadConfig } from '../../config/app-config';
import { DomainError } from '../../errors/domain-error';
import type { Tenant } from '../../tenancy/tenant';
import { CustomerRepository } from '../customer.repository';
import { CustomerService } from '../customer.service';
import { CustomerErasureRepository } from '../erasure/customer-erasure.repository';
import { CustomerErasureService } from '../erasure/customer-erasure.service';
import { IdentityHashKey } from '../erasure/identity-hash';
import { systemClock } from '../../clock';
import { CustomerImportRepository } from './customer-import.repository';
import { CustomerImportService } from './customer-import.service';
import type { CustomerImportReport, ImportOptions } from './import.types';

const NOW = new Date('2025-06-01T12:00:00Z');

let dataSource: DataSource;
let imports: CustomerImportService;
let customers: CustomerService;
let erasure: CustomerErasureService;

beforeAll(async () => {
  ({ dataSource } = await openTestDataSource());
  imports = new CustomerImportService(dataSource, new SegmentStalenessRepository(), loadConfig({ NODE_ENV: 'test' }), new AuditTrail(dataSource, new AuditRepository()));
  const config = loadConfig({ NODE_ENV: 'test' });
  const identityKey = new IdentityHashKey(config);
  customers = new CustomerService(dataSource, new CustomerRepository(dataSource), new SegmentStalenessRepository(), new CustomerErasureRepository(), identityKey, new AuditTrail(dataSource, new AuditRepository()));
  erasure = new CustomerErasureService(
    dataSource, new CustomerRepository(dataSource), new CustomerErasureRepository(), identityKey, new AuditRepository(), new SegmentStalenessRepository(), systemClock(),
  );
});

afterAll(async () => {
  await dataSource?.destroy();
});

async function createTenant(country: CountryCode = 'US', timezone = 'America/New_York'): Promise<Tenant> {
  const [{ id }] = await dataSource.query<{ id: string }[]>(
    `INSERT INTO business (name, timezone, currency, country, address) VALUES ($1, $2, 'USD', $3, $4) RETURNING id`,
    [`Shop ${randomUUID().slice(0, 8)}`, timezone, country, JSON.stringify({ line1: '1 Main St', city: 'Springfield', postalCode: '12345', country })],
  );
  return { businessId: id, keyId: null, role: 'owner', business: { name: 'Shop', timezone, currency: 'USD', country } };
}

function stream(text: string): Readable {
  // Small files come in tiny chunks: records and UTF-8 characters split across reads.
  const bytes = Buffer.from(text);
  const chunkSize = bytes.length < 10_000 ? 7 : 64 * 1024;
  const chunks: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += chunkSize) chunks.push(bytes.subarray(i, i + chunkSize));
  return Readable.from(chunks);
}

function run(tenant: Tenant, text: string, options: ImportOptions, now = NOW): Promise<CustomerImportReport> {
  return imports.import(tenant, stream(text), options, now);
}

interface StoredCustomer {
  id: string;
  external_id: string | null;
  email: string | null;
  phone: string | null;
  first_name: string | null;
  last_name: string | null;
  birthday: string | null;
  timezone: string | null;
  lat: number | null;
  lng: number | null;
  address: Record<string, string> | null;
  attributes: Record<string, unknown>;
  tags: string[];
  consent_email: string | null;
  consent_email_at: Date | null;
  consent_email_source: string | null;
  consent_sms: string | null;
  consent_sms_at: Date | null;
  consent_location: string | null;
  updated_at: Date;
}

async function stored(tenant: Tenant): Promise<StoredCustomer[]> {
  return dataSource.query(
    `SELECT id, external_id, email, phone, first_name, last_name, to_char(birthday, 'YYYY-MM-DD') AS birthday, timezone, lat, lng, address,
            attributes, tags, consent_email, consent_email_at, consent_email_source, consent_sms, consent_sms_at, consent_location, updated_at
       FROM customer WHERE business_id = $1 ORDER BY external_id NULLS LAST, email NULLS LAST, phone`,
    [tenant.businessId],
  );
}

function counts(report: CustomerImportReport) {
  const { received, inserted, updated, unchanged, duplicatesInFile, failed } = report;
  return { received, inserted, updated, unchanged, duplicatesInFile, failed };
}

describe('CustomerImportService', () => {
  it('imports a CSV through a mapping: typed attributes, tags, consent, address', async () => {
    const tenant = await createTenant();
    const csv = [
      'Customer ID,E-mail,Mobile,First,Last,Born,Zone,Lat,Lng,Tier,Visits,VIP,Labels,Email OK,SMS OK,City,Ignored',
      'c-1, Ann@Example.COM ,(415) 555-0101,Ann,Lee,1980-02-29,Europe/Paris,48.85,2.35,gold,12,yes,vip; newsletter |vip,granted,no,Paris,x',
      'c-2,bob@example.com,,Bob,,,,,,,3.5,false,,Y,,,',
    ].join('\n');
    const report = await run(tenant, csv, {
      format: 'csv',
      mapping: {
        'Customer ID': 'externalId', 'E-mail': 'email', Mobile: 'phone', First: 'firstName', Last: 'lastName', Born: 'birthday', Zone: 'timezone',
        Lat: 'lat', Lng: 'lng', Tier: 'attributes.tier', Visits: 'attributes.visits:number', VIP: 'attributes.vip:boolean', Labels: 'tags',
        'Email OK': 'consent.email', 'SMS OK': 'consent.sms', City: 'address.city',
      },
    });

    expect(report.errors).toEqual([]);
    expect(counts(report)).toEqual({ received: 2, inserted: 2, updated: 0, unchanged: 0, duplicatesInFile: 0, failed: 0 });
    const [ann, bob] = await stored(tenant);
    expect(ann).toMatchObject({
      external_id: 'c-1', email: 'ann@example.com', phone: '+14155550101', first_name: 'Ann', last_name: 'Lee', birthday: '1980-02-29',
      timezone: 'Europe/Paris', lat: 48.85, lng: 2.35, address: { city: 'Paris' }, attributes: { tier: 'gold', visits: 12, vip: true },
      tags: ['vip', 'newsletter'], consent_email: 'granted', consent_email_source: 'import', consent_sms: 'denied',
    });
    expect(ann.consent_email_at).toEqual(NOW);
    // Empty cells are "not provided": no attribute, no tags, no consent.
    expect(bob).toMatchObject({
      external_id: 'c-2', email: 'bob@example.com', phone: null, last_name: null, lat: null, address: null,
      attributes: { visits: 3.5, vip: false }, tags: [], consent_email: 'granted', consent_sms: null,
    });
  });

  it('reads CSV headers named like the targets when there is no mapping', async () => {
    const tenant = await createTenant();
    const csv = 'EXTERNAL_ID;first_name;Email;postal_code;address.postal_code;consent_sms;attributes.Plan;notes\n' + 'k-1;Kim;kim@example.com;x;75001;granted;pro;ignored\n';
    const report = await run(tenant, csv, { format: 'csv', delimiter: ';' });
    expect(report.errors).toEqual([]);
    // postal_code is another spelling of address.postalCode; the column named exactly like it wins.
    expect(report.ignoredColumns.map((c) => [c.column, c.reason])).toEqual([['postal_code', 'duplicate'], ['notes', 'unrecognised']]);
    expect(report.columns.map((c) => [c.column, c.target, c.match])).toEqual([
      ['EXTERNAL_ID', 'externalId', 'exact'], ['first_name', 'firstName', 'exact'], ['Email', 'email', 'exact'], ['address.postal_code', 'address.postalCode', 'exact'],
      ['consent_sms', 'consent.sms', 'exact'], ['attributes.Plan', 'attributes.Plan', 'exact'],
    ]);
    const [kim] = await stored(tenant);
    expect(kim).toMatchObject({ external_id: 'k-1', first_name: 'Kim', email: 'kim@example.com', address: { postalCode: '75001' }, consent_sms: 'granted', attributes: { Plan: 'pro' } });
  });

  it('imports NDJSON in the API shape, and NDJSON keys through a mapping', async () => {
    const tenant = await createTenant();
    const lines = [
      JSON.stringify({ externalId: 'n-1', email: 'n1@example.com', attributes: { score: 7, nested: { a: 1 } }, tags: ['a', 'b'], consent: { sms: { status: 'granted', source: 'form', at: '2025-05-01T00:00:00Z' } } }),
      '',
      '{"externalId": "n-2", "phone": "+33 6 12 34 56 78", "address": {"line1": "1 rue X", "city": "Lyon"}}',
    ].join('\r\n');
    const report = await run(tenant, `\uFEFF${lines}`, { format: 'ndjson' });
    expect(report.errors).toEqual([]);
    expect(counts(report)).toEqual({ received: 2, inserted: 2, updated: 0, unchanged: 0, duplicatesInFile: 0, failed: 0 });
    const [n1, n2] = await stored(tenant);
    expect(n1).toMatchObject({ attributes: { score: 7, nested: { a: 1 } }, tags: ['a', 'b'], consent_sms: 'granted', consent_sms_at: new Date('2025-05-01T00:00:00Z') });
    expect(n2).toMatchObject({ phone: '+33612345678', address: { line1: '1 rue X', city: 'Lyon' } });

    const mapped = await createTenant();
    const text = '{"id": 42, "mail": "m@example.com", "since": "2020", "optin": true, "kind": "x", "firstName": "Mo"}\n{"id": "43", "optin": "n", "kind": 1}\n';
    const mappedReport = await run(mapped, text, {
      format: 'ndjson',
      mapping: { id: 'externalId', mail: 'email', since: 'attributes.since:number', optin: 'consent.email', kind: null },
    });
    expect(mappedReport.errors).toEqual([]);
    expect(mappedReport.ignoredColumns).toEqual([{ column: 'kind', reason: 'dropped', message: expect.any(String) }]);
    expect(mappedReport.columns.map((c) => [c.column, c.target, c.match])).toEqual([
      ['id', 'externalId', 'explicit'], ['mail', 'email', 'explicit'], ['since', 'attributes.since:number', 'explicit'], ['optin', 'consent.email', 'explicit'],
    ]);
    // Keys the mapping does not name are read in the API shape, as without a mapping.
    const unmapped = await run(mapped, '{"id": "44", "kind": "x"}\n', { format: 'ndjson', mapping: { id: 'externalId' } });
    expect(unmapped.errors).toEqual([{ row: 1, field: 'kind', code: 'INVALID_VALUE', reason: 'is not a known field' }]);
    const [m42, m43] = await stored(mapped);
    expect(m42).toMatchObject({ external_id: '42', email: 'm@example.com', first_name: 'Mo', attributes: { since: 2020 }, consent_email: 'granted' });
    expect(m43).toMatchObject({ external_id: '43', consent_email: 'denied' });
  });

  it('reports bad rows with row number, field and column, and lands the good ones', async () => {
    const tenant = await createTenant();
    const csv = [
      'id,email,phone,born,visits,optin',
      'g-1,good1@example.com,,,,',
      'b-2,not-an-email,,,,',
      'b-3,,12,,,',
      'g-4,good4@example.com,,1990-01-01,5,yes',
      'b-5,b5@example.com,,2999-01-01,many,perhaps',
      'b-6,too,many,fields,here,now,extra',
      ',,,,,',
      'g-8,"quoted, with comma"@example.com,,,,',
      'g-9,good9@example.com,,,,',
      'b-10',
      'g-11,good11@example.com,,,,',
    ].join('\n');
    const report = await run(tenant, csv, {
      format: 'csv',
      mapping: { id: 'externalId', email: 'email', phone: 'phone', born: 'birthday', visits: 'attributes.visits:number', optin: 'consent.email' },
    });
    expect(counts(report)).toEqual({ received: 11, inserted: 4, updated: 0, unchanged: 0, duplicatesInFile: 0, failed: 7 });
    expect(report.errors.map((e) => [e.row, e.field, e.column])).toEqual([
      [2, 'email', 'email'],
      [3, 'phone', 'phone'],
      [5, 'attributes.visits', 'visits'],
      [5, 'consent.email', 'optin'],
      [5, 'birthday', 'born'],
      [6, 'row', undefined],
      [7, 'externalId', 'id'],
      [8, 'email', 'email'],
      [10, 'row', undefined],
    ]);
    expect(report.errors.find((e) => e.row === 6)?.reason).toMatch(/expect 6, got 7/);
    expect(report.errorsTruncated).toBe(false);
    expect((await stored(tenant)).map((c) => c.external_id)).toEqual(['g-1', 'g-11', 'g-4', 'g-9']);
  });

  it('reports unreadable NDJSON lines by line number', async () => {
    const tenant = await createTenant();
    const text = '{"externalId":"a"}\n{not json}\n[1,2]\n\n{"externalId":"b","email":"x"}\n{"externalId":"c","bogus":1}\n{"externalId":"d\\u0000"}\n';
    const report = await run(tenant, text, { format: 'ndjson' });
    expect(counts(report)).toMatchObject({ received: 6, inserted: 1, failed: 5 });
    expect(report.errors.map((e) => [e.row, e.field])).toEqual([
      [2, 'line'],
      [3, 'line'],
      [5, 'email'],
      [6, 'bogus'],
      [7, 'line'],
    ]);
  });

  it('is idempotent: a second run of the same file changes nothing', async () => {
    const tenant = await createTenant();
    const csv = [
      'externalId,email,phone,firstName,tags,consent.email,attributes.score:number,lat,lng,address.city',
      'i-1,i1@example.com,+14155550111,Ivy,a;b,granted,1,40.5,-73.25,NYC',
      'i-2,i2@example.com,,Ian,,denied,2.5,,,',
      ',i3@example.com,+14155550113,,b,,,,,',
      'i-4,,,Ida,"with ""quotes"" and \\ backslash",yes,,,,"Tab\there"',
    ].join('\n');
    const first = await run(tenant, csv, { format: 'csv' });
    expect(first.errors).toEqual([]);
    expect(counts(first)).toEqual({ received: 4, inserted: 4, updated: 0, unchanged: 0, duplicatesInFile: 0, failed: 0 });
    const before = await stored(tenant);

    const second = await run(tenant, csv, { format: 'csv' }, new Date(NOW.getTime() + 3_600_000));
    expect(counts(second)).toEqual({ received: 4, inserted: 0, updated: 0, unchanged: 4, duplicatesInFile: 0, failed: 0 });
    expect(await stored(tenant)).toEqual(before);
    expect(before.find((c) => c.external_id === 'i-4')).toMatchObject({ tags: ['with "quotes" and \\ backslash'], address: { city: 'Tab\there' } });
  });

  it('matches existing customers by externalId, then email, then phone, and merges like an upsert', async () => {
    const tenant = await createTenant();
    const byExt = await customers.upsert(tenant, {
      externalId: 'm-1', email: 'old1@example.com', firstName: 'Old', attributes: { keep: 1, tier: 'bronze' }, tags: ['x'],
      consent: { email: { status: 'granted', source: 'form', at: '2024-01-01T00:00:00Z' }, sms: { status: 'granted', source: 'form', at: '2024-01-01T00:00:00Z' } },
    });
    const byEmail = await customers.upsert(tenant, { email: 'm2@example.com', firstName: 'Mia' });
    const byPhone = await customers.upsert(tenant, { externalId: 'm-3', phone: '+14155550133' });
    const untouched = await customers.upsert(tenant, { externalId: 'm-4', email: 'm4@example.com' });
    const beforeUntouched = (await stored(tenant)).find((c) => c.id === untouched.customer.id)!;

    const csv = [
      'externalId,email,phone,firstName,tags,consent.email,consent.sms,attributes.tier',
      'm-1,,(415) 555-0101,,y;x,granted,denied,gold',
      'm-2,M2@example.com,,,,,,',
      ',,(415) 555-0133,Pat,,,,',
      'm-4,m4@example.com,,,,,,',
      'm-5,m5@example.com,,,,,,',
    ].join('\n');
    const report = await run(tenant, csv, { format: 'csv' });
    expect(report.errors).toEqual([]);
    expect(counts(report)).toEqual({ received: 5, inserted: 1, updated: 3, unchanged: 1, duplicatesInFile: 0, failed: 0 });

    const rows = await stored(tenant);
    expect(rows).toHaveLength(5);
    const one = rows.find((c) => c.id === byExt.customer.id)!;
    // A missing identifier is filled in; a stored one is never replaced (see the IDENTIFIER_CHANGE tests).
    expect(one).toMatchObject({ email: 'old1@example.com', phone: '+14155550101', first_name: 'Old', attributes: { keep: 1, tier: 'gold' }, tags: ['x', 'y'] });
    // Same consent status keeps its time and source; a new status takes the import's.
    expect(one).toMatchObject({ consent_email: 'granted', consent_email_at: new Date('2024-01-01T00:00:00Z'), consent_email_source: 'form' });
    expect(one).toMatchObject({ consent_sms: 'denied', consent_sms_at: NOW });
    expect(rows.find((c) => c.id === byEmail.customer.id)).toMatchObject({ external_id: 'm-2', first_name: 'Mia' });
    expect(rows.find((c) => c.id === byPhone.customer.id)).toMatchObject({ external_id: 'm-3', first_name: 'Pat' });
    expect(rows.find((c) => c.id === untouched.customer.id)).toEqual(beforeUntouched);
  });

  it('never matches erased customers', async () => {
    const tenant = await createTenant();
    const gone = await customers.upsert(tenant, { externalId: 'e-1', email: 'e1@example.com' });
    await erasure.erase(tenant, gone.customer.id);
    const report = await run(tenant, 'externalId,email\ne-1,e1@example.com\n', { format: 'csv' });
    expect(counts(report)).toMatchObject({ inserted: 1, updated: 0 });
    expect(await stored(tenant)).toHaveLength(2);
  });

  it('refuses a consent grant to an erased person\'s email or phone (new row or matched customer), stores them without it, and grants their own opt-in', async () => {
    const tenant = await createTenant();
    const gone = await customers.upsert(tenant, { email: 'gone@example.com', phone: '+14155550177', consent: { email: { status: 'granted', source: 'form' } } });
    await erasure.erase(tenant, gone.customer.id);
    const plain = await customers.upsert(tenant, { externalId: 'p-1' });
    const ndjson = (...rows: object[]) => run(tenant, rows.map((r) => JSON.stringify(r)).join('\n'), { format: 'ndjson' });

    const fresh = await ndjson(
      { email: 'GONE@example.com', consent: { email: { status: 'granted' } } },
      { phone: '+1 415 555 0177', consent: { sms: { status: 'granted', source: 'pos' } } },
    );
    expect(counts(fresh)).toMatchObject({ inserted: 0, failed: 2 });
    expect(fresh.errors.map((e) => [e.row, e.field, e.code, e.customerId])).toEqual([
      [1, 'consent.email', 'CONSENT_WITHDRAWN', undefined], [2, 'consent.sms', 'CONSENT_WITHDRAWN', undefined],
    ]);
    expect(fresh.errors[0].reason).toContain('erased');
    const matched = await ndjson({ externalId: 'p-1', email: 'gone@example.com', consent: { email: { status: 'granted', source: 'import' } } });
    expect(matched.errors.map((e) => [e.field, e.customerId])).toEqual([['consent.email', plain.customer.id]]);

    expect(counts(await ndjson({ email: 'gone@example.com', consent: { email: { status: 'denied' } } }))).toMatchObject({ inserted: 1, failed: 0 });
    // Their own opt-in (a form) may grant it.
    expect(counts(await ndjson({ email: 'gone@example.com', consent: { email: { status: 'granted', source: 'form' } } }))).toMatchObject({ updated: 1, failed: 0 });
    expect((await stored(tenant)).find((c) => c.email === 'gone@example.com')).toMatchObject({ consent_email: 'granted', consent_email_source: 'form' });
  });

  it('keeps the last of several rows for one customer and counts the others as duplicates', async () => {
    const tenant = await createTenant();
    const existing = await customers.upsert(tenant, { externalId: 'd-9', email: 'd9@example.com' });
    const csv = [
      'externalId,email,phone,firstName',
      'd-1,d1@example.com,,First',
      ',d1@example.com,+14155550144,Second',
      'd-2,,,Two',
      'd-1,,,Third',
      'd-9,,,Nine',
      ',d9@example.com,,NineAgain',
    ].join('\n');
    const report = await run(tenant, csv, { format: 'csv' });
    expect(report.errors).toEqual([]);
    // Rows 1, 2 and 4 are linked (email, then externalId): row 4 wins. Rows 5 and 6 land on one stored customer: row 6 wins.
    expect(counts(report)).toEqual({ received: 6, inserted: 2, updated: 1, unchanged: 0, duplicatesInFile: 3, failed: 0 });
    const rows = await stored(tenant);
    expect(rows.map((c) => [c.external_id, c.email, c.first_name])).toEqual([
      ['d-1', null, 'Third'],
      ['d-2', null, 'Two'],
      ['d-9', 'd9@example.com', 'NineAgain'],
    ]);
    expect(rows.find((c) => c.id === existing.customer.id)?.first_name).toBe('NineAgain');
  });

  it('fails rows whose identifiers belong to different customers and lands the rest', async () => {
    const tenant = await createTenant();
    const a = await customers.upsert(tenant, { externalId: 'x-a', email: 'a@example.com' });
    const b = await customers.upsert(tenant, { externalId: 'x-b', email: 'b@example.com', phone: '+14155550155' });
    const d = await customers.upsert(tenant, { externalId: 'x-d', email: 'd@example.com' });
    const e = await customers.upsert(tenant, { email: 'e@example.com' });
    const csv = [
      'externalId,email,phone,firstName',
      'x-a,b@example.com,,Steal',
      'x-c,d@example.com,,Other',
      ',e@example.com,+14155550155,Both',
      'x-f,,,New',
      'x-a,,,Fine',
    ].join('\n');
    const report = await run(tenant, csv, { format: 'csv' });
    // Row 1 is superseded by row 5 (same externalId), which lands.
    // Row 2: d@example.com is customer x-d's, whose externalId the row would change. Row 3: its email is e's, its phone b's.
    expect(report.errors).toEqual([
      { row: 2, field: 'externalId', code: 'IDENTIFIER_CHANGE', customerId: d.customer.id, reason: expect.stringMatching(/matched by email, has a different externalId \(x-d\)/) },
      { row: 3, field: 'phone', code: 'IDENTITY_CONFLICT', customerId: e.customer.id, otherCustomerId: b.customer.id, reason: expect.stringMatching(/not to customer .* matched by email/) },
    ]);
    expect(counts(report)).toEqual({ received: 5, inserted: 1, updated: 1, unchanged: 0, duplicatesInFile: 1, failed: 2 });
    expect((await stored(tenant)).find((c) => c.id === a.customer.id)).toMatchObject({ first_name: 'Fine', email: 'a@example.com' });

    const steal = await run(tenant, 'externalId,email\nx-a,b@example.com\n', { format: 'csv' });
    expect(steal.errors).toEqual([
      { row: 1, field: 'email', code: 'IDENTITY_CONFLICT', customerId: a.customer.id, otherCustomerId: b.customer.id, reason: `belongs to customer ${b.customer.id}, not to customer ${a.customer.id} matched by externalId` },
    ]);
  });

  it('keeps businesses apart: the same emails make separate customers', async () => {
    const shopA = await createTenant();
    const shopB = await createTenant('FR', 'Europe/Paris');
    const csv = 'email,phone,firstName\nsame@example.com,06 12 34 56 78,A\n';
    await run(shopA, 'email,phone,firstName\nsame@example.com,+33612345678,A\n', { format: 'csv' });
    const report = await run(shopB, csv.replace(',A', ',B'), { format: 'csv' });
    expect(counts(report)).toMatchObject({ inserted: 1, updated: 0 });
    expect((await stored(shopA)).map((c) => c.first_name)).toEqual(['A']);
    expect((await stored(shopB)).map((c) => [c.first_name, c.phone])).toEqual([['B', '+33612345678']]);
  });

  it('rejects a bad mapping before reading data', async () => {
    const tenant = await createTenant();
    const data = new Readable({ read() { throw new Error('must not be read'); } });
    const attempt = imports.import(tenant, data, { format: 'csv', mapping: { a: 'email', b: 'nickname', c: 'attributes.x:date', d: 'consent.fax' } }, NOW);
    await expect(attempt).rejects.toMatchObject({
      code: 'INVALID_MAPPING',
      details: [expect.objectContaining({ field: 'mapping.b' }), expect.objectContaining({ field: 'mapping.c' }), expect.objectContaining({ field: 'mapping.d' })],
    });
    const missing = run(tenant, 'email,name\na@example.com,A\n', { format: 'csv', mapping: { email: 'email', Surname: 'lastName' } });
    await expect(missing).rejects.toMatchObject({ code: 'INVALID_MAPPING', details: [{ field: 'mapping.Surname', message: expect.stringMatching(/not in the CSV header/) }] });
    const badDelimiter = run(tenant, 'email\na@example.com\n', { format: 'csv', delimiter: '"' });
    await expect(badDelimiter).rejects.toMatchObject({ code: 'INVALID_IMPORT_OPTIONS', details: [{ field: 'delimiter', message: expect.any(String) }] });
    const noIdentity = run(tenant, 'name\nA\n', { format: 'csv' });
    await expect(noIdentity).rejects.toMatchObject({ code: 'INVALID_MAPPING', details: [{ field: 'mapping', message: expect.any(String) }] });
  });

  it('rejects malformed or oversized files without writing anything', async () => {
    const tenant = await createTenant();
    const unclosed = run(tenant, 'externalId,email\nu-1,u1@example.com\nu-2,"u2@example.com\nu-3,u3@example.com\n', { format: 'csv' });
    await expect(unclosed).rejects.toMatchObject({ kind: 'invalid', code: 'INVALID_IMPORT_FILE', details: [{ field: 'file', message: expect.stringMatching(/Quote Not Closed/) }] });
    const huge = run(tenant, `externalId\n${'a'.repeat(2 * 1024 * 1024)}\n`, { format: 'csv' });
    await expect(huge).rejects.toMatchObject({ code: 'INVALID_IMPORT_FILE' });
    const tooLarge = run(tenant, 'externalId\nv-1\nv-2\nv-3\n', { format: 'csv', maxBytes: 20 });
    await expect(tooLarge).rejects.toMatchObject({ kind: 'too_large', code: 'IMPORT_TOO_LARGE' });
    const tooMany = run(tenant, 'externalId\nw-1\nw-2\nw-3\nw-4\n', { format: 'csv', maxRows: 3 });
    await expect(tooMany).rejects.toMatchObject({ kind: 'invalid', details: [{ field: 'file', message: 'has more than 3 data rows' }] });
    const tooManyLines = run(tenant, '{"externalId":"1"}\n{"externalId":"2"}\n', { format: 'ndjson', maxRows: 1 });
    await expect(tooManyLines).rejects.toBeInstanceOf(DomainError);
    const empty = run(tenant, '', { format: 'csv' });
    await expect(empty).rejects.toMatchObject({ code: 'INVALID_IMPORT_FILE' });
    expect(await stored(tenant)).toEqual([]);

    // The connection went back to the pool in a usable state.
    const after = await run(tenant, 'externalId\nok-1\n', { format: 'csv' });
    expect(after.inserted).toBe(1);
  });

  it('serialises imports of one business with an advisory lock, and not those of others', async () => {
    const tenant = await createTenant();
    const holder = dataSource.createQueryRunner();
    await holder.connect();
    await holder.query('BEGIN');
    await holder.query(`SELECT pg_advisory_xact_lock(hashtext('customer-import:' || $1::text))`, [tenant.businessId]);
    let finished = false;
    const blocked = run(tenant, 'externalId\nl-1\n', { format: 'csv' }).then((r) => {
      finished = true;
      return r;
    });
    const other = await run(await createTenant(), 'externalId\nl-1\n', { format: 'csv' });
    expect(other.inserted).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(finished).toBe(false);
    await holder.query('COMMIT');
    await holder.release();
    expect((await blocked).inserted).toBe(1);

    const file = (name: string) => ['externalId,firstName', ...Array.from({ length: 200 }, (_, i) => `s-${i},${name}`)].join('\n');
    const [one, two] = await Promise.all([run(tenant, file('one'), { format: 'csv' }), run(tenant, file('two'), { format: 'csv' })]);
    expect([one.inserted + two.inserted, one.updated + two.updated]).toEqual([200, 200]);
  });

  it('retries the merge once after a unique violation, then reports a conflict', async () => {
    const tenant = await createTenant();
    const merge = jest.spyOn(CustomerImportRepository.prototype, 'mergeStaging');
    const violation = Object.assign(new Error('duplicate key value violates unique constraint'), { code: '23505', constraint: 'customer_email_uq' });
    try {
      merge.mockRejectedValueOnce(violation);
      expect((await run(tenant, 'externalId\nr-1\n', { format: 'csv' })).inserted).toBe(1);
      expect(merge).toHaveBeenCalledTimes(2);
      merge.mockRejectedValueOnce(violation).mockRejectedValueOnce(violation);
      await expect(run(tenant, 'externalId\nr-2\n', { format: 'csv' })).rejects.toMatchObject({ kind: 'conflict', code: 'IMPORT_CONFLICT' });
      expect((await stored(tenant)).map((c) => c.external_id)).toEqual(['r-1']);
    } finally {
      merge.mockRestore();
    }
  });

  it('never clears stored values: empty cells and NDJSON nulls are "not provided"', async () => {
    const tenant = await createTenant();
    await customers.upsert(tenant, { externalId: 'k-1', email: 'k1@example.com', firstName: 'Kate', attributes: { keep: 1 }, tags: ['t'] });
    const before = await stored(tenant);
    const csv = await run(tenant, 'externalId,email,firstName,tags,attributes.keep\nk-1,,,,\n', { format: 'csv' });
    const ndjson = await run(tenant, '{"externalId":"k-1","email":null,"firstName":null,"attributes":{"keep":null},"tags":[]}\n', { format: 'ndjson' });
    expect([counts(csv), counts(ndjson)].map((c) => c.unchanged)).toEqual([1, 1]);
    expect(await stored(tenant)).toEqual(before);
  });

  // A minute of headroom: the shared CI machine runs two test files at once.
  it('imports a 20,000-row file and caps the error list at 1000', async () => {
    const tenant = await createTenant();
    const lines = ['externalId,email,phone,firstName,birthday,lat,lng,attributes.visits:number,tags,consent.sms'];
    for (let i = 0; i < 20_000; i++) {
      const bad = i % 15 === 0;
      const phone = `+1415${String(2_000_000 + i).padStart(7, '0')}`;
      lines.push(`big-${i},user${i}@example.com,${phone},Name${i},19${50 + (i % 50)}-0${1 + (i % 9)}-1${i % 10},${40 + (i % 100) / 100},-73.5,${bad ? 'NaN' : i % 40},t${i % 5};all,${i % 2 ? 'yes' : 'no'}`);
    }
    const report = await run(tenant, lines.join('\n'), { format: 'csv' });
    expect(counts(report)).toEqual({ received: 20_000, inserted: 18_666, updated: 0, unchanged: 0, duplicatesInFile: 0, failed: 1334 });
    expect(report.errors).toHaveLength(1000);
    expect(report.errorsTruncated).toBe(true);
    expect(report.errors[0]).toEqual({ row: 1, field: 'attributes.visits', code: 'INVALID_VALUE', reason: 'must be a number', column: 'attributes.visits:number' });
    const [{ n }] = await dataSource.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM customer WHERE business_id = $1`, [tenant.businessId]);
    expect(n).toBe(18_666);
  }, 60_000);
});

describe('CustomerImportService: columns, matches and dry runs (issue 17)', () => {
  const customerCount = async (tenant: Tenant) =>
    (await dataSource.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM customer WHERE business_id = $1`, [tenant.businessId]))[0].n;

  it('reads the newcomer\'s file without a mapping: Latitude, Longitude and Email Consent land, unread columns are reported', async () => {
    const tenant = await createTenant();
    const csv = [
      'Customer ID,First Name,Last Name,E-mail Address,Mobile,Latitude,Longitude,Email Consent,SMS Opt-in,Zip,Notes',
      'c-1,Ana,Lopez,ana@example.com,(415) 555-0101,41.88,-87.63,Yes,no,60601,likes rye',
      'c-2,Ben,Ng,ben@example.com,,40.71,-74.01,FALSE,,10001,',
    ].join('\n');
    const report = await run(tenant, csv, { format: 'csv' });
    expect(report.errors).toEqual([]);
    expect(counts(report)).toEqual({ received: 2, inserted: 2, updated: 0, unchanged: 0, duplicatesInFile: 0, failed: 0 });
    expect(report.columns).toEqual([
      { column: 'Customer ID', target: 'externalId', match: 'alias' },
      { column: 'First Name', target: 'firstName', match: 'exact' },
      { column: 'Last Name', target: 'lastName', match: 'exact' },
      { column: 'E-mail Address', target: 'email', match: 'alias' },
      { column: 'Mobile', target: 'phone', match: 'alias' },
      { column: 'Latitude', target: 'lat', match: 'alias' },
      { column: 'Longitude', target: 'lng', match: 'alias' },
      { column: 'Email Consent', target: 'consent.email', match: 'alias' },
      { column: 'SMS Opt-in', target: 'consent.sms', match: 'alias' },
      { column: 'Zip', target: 'address.postalCode', match: 'alias' },
    ]);
    expect(report.ignoredColumns).toEqual([{ column: 'Notes', reason: 'unrecognised', message: expect.stringContaining('"attributes.notes"') }]);
    const [ana, ben] = await stored(tenant);
    expect(ana).toMatchObject({
      external_id: 'c-1', first_name: 'Ana', last_name: 'Lopez', email: 'ana@example.com', phone: '+14155550101', lat: 41.88, lng: -87.63,
      consent_email: 'granted', consent_email_source: 'import', consent_sms: 'denied', address: { postalCode: '60601' },
    });
    expect(ben).toMatchObject({ external_id: 'c-2', lat: 40.71, lng: -74.01, consent_email: 'denied', consent_sms: null, phone: null });
  });

  it('a mapping for three columns adds to the automatic matching instead of replacing it', async () => {
    const tenant = await createTenant();
    const csv = ['Kundennummer,Email,Phone,Handy,First Name,Latitude,Longitude,Email Consent,Punkte', 'k-1,kim@example.com,(415) 555-0100,(415) 555-0199,Kim,48.1,11.6,yes,120'].join('\n');
    const report = await run(tenant, csv, { format: 'csv', mapping: { Kundennummer: 'externalId', Handy: 'phone', Punkte: 'attributes.points:number' } });
    expect(report.errors).toEqual([]);
    expect(report.inserted).toBe(1);
    expect(report.columns.map((c) => `${c.column}→${c.target} (${c.match})`)).toEqual([
      'Kundennummer→externalId (explicit)', 'Email→email (exact)', 'Handy→phone (explicit)', 'First Name→firstName (exact)', 'Latitude→lat (alias)',
      'Longitude→lng (alias)', 'Email Consent→consent.email (alias)', 'Punkte→attributes.points:number (explicit)',
    ]);
    // The mapped column wins over the column the header matching would have used.
    expect(report.ignoredColumns).toEqual([{ column: 'Phone', reason: 'duplicate', message: 'phone is read from column "Handy"' }]);
    expect((await stored(tenant))[0]).toMatchObject({
      external_id: 'k-1', email: 'kim@example.com', phone: '+14155550199', first_name: 'Kim', lat: 48.1, lng: 11.6, consent_email: 'granted', attributes: { points: 120 },
    });
  });

  it('a row matched by phone does not take over that customer: IDENTIFIER_CHANGE or IDENTITY_CONFLICT, both customers unchanged', async () => {
    const tenant = await createTenant();
    const ana = await customers.upsert(tenant, { email: 'ana@example.com', phone: '+14155550101', firstName: 'Ana', birthday: '1990-02-14' });
    const before = await stored(tenant);
    // Ben shares Ana's (family) phone and is not a customer yet.
    const first = await run(tenant, 'email,phone,firstName,birthday\nben@example.com,(415) 555-0101,Ben,1985-07-01\n', { format: 'csv' });
    expect(counts(first)).toEqual({ received: 1, inserted: 0, updated: 0, unchanged: 0, duplicatesInFile: 0, failed: 1 });
    expect(first.errors).toEqual([
      { row: 1, field: 'email', code: 'IDENTIFIER_CHANGE', customerId: ana.customer.id, reason: `customer ${ana.customer.id}, matched by phone, has a different email; an import never overwrites a stored externalId, email or phone` },
    ]);
    expect(first.matches).toEqual([]);
    expect(await stored(tenant)).toEqual(before);

    // Ben is a customer (by email) and the row's phone is Ana's.
    const ben = await customers.upsert(tenant, { email: 'ben@example.com', firstName: 'Benjamin' });
    const withBen = await stored(tenant);
    const second = await run(tenant, 'email,phone,firstName,birthday\nben@example.com,(415) 555-0101,Ben,1985-07-01\n', { format: 'csv' });
    expect(second.errors).toEqual([
      { row: 1, field: 'phone', code: 'IDENTITY_CONFLICT', customerId: ben.customer.id, otherCustomerId: ana.customer.id, reason: `belongs to customer ${ana.customer.id}, not to customer ${ben.customer.id} matched by email` },
    ]);
    expect(await stored(tenant)).toEqual(withBen);

    // What a phone match may do: fill in what is missing and change names.
    const third = await run(tenant, 'phone,firstName,lastName\n(415) 555-0101,Anita,Lopez\n', { format: 'csv' });
    expect(counts(third)).toMatchObject({ updated: 1, failed: 0 });
    expect(third.matches).toEqual([{ row: 1, customerId: ana.customer.id, matchedBy: ['phone'] }]);
  });

  it('says which row matched which customer and by what, for the first 1,000 rows', async () => {
    const tenant = await createTenant();
    const file = (name: string) => ['externalId,email,firstName', ...Array.from({ length: 1005 }, (_, i) => `m-${i},m${i}@example.com,${name}`)].join('\n');
    expect((await run(tenant, file('One'), { format: 'csv' })).inserted).toBe(1005);
    const [{ id: first }] = await dataSource.query<{ id: string }[]>(`SELECT id FROM customer WHERE business_id = $1 AND external_id = 'm-0'`, [tenant.businessId]);
    const report = await run(tenant, file('Two'), { format: 'csv' });
    expect(counts(report)).toMatchObject({ updated: 1005 });
    expect(report.matches).toHaveLength(1000);
    expect(report.matchesTruncated).toBe(true);
    expect(report.matches[0]).toEqual({ row: 1, customerId: first, matchedBy: ['externalId', 'email'] });
    expect(report.matches.map((m) => m.row)).toEqual(Array.from({ length: 1000 }, (_, i) => i + 1));
    const one = await run(tenant, 'email,firstName\nm3@example.com,Three\n', { format: 'csv' });
    expect([one.matches.length, one.matchesTruncated, one.matches[0].matchedBy]).toEqual([1, false, ['email']]);
  });

  it('a dry run reports what the import would do and previews the rows as they would be stored, writing nothing', async () => {
    const tenant = await createTenant();
    const ana = await customers.upsert(tenant, { externalId: 'a-1', email: 'ana@example.com', phone: '+14155550101', firstName: 'Ana', birthday: '1990-02-14' });
    const cy = await customers.upsert(tenant, { email: 'cy@example.com', firstName: 'Cy' });
    const before = await stored(tenant);
    const csv = [
      'externalId,email,phone,firstName,Latitude,Longitude,Email Consent,Notes',
      'n-1,new@example.com,,Nia,41.88,-87.63,yes,hello',
      ',ana@example.com,,Anna,,,,',
      ',cy@example.com,,Cy,,,,',
      ',ben@example.com,(415) 555-0101,Ben,,,,',
      'n-5,not-an-email,,Bad,,,,',
      'n-6,n6@example.com,,First,,,,',
      'n-6,,,Second,,,,',
    ].join('\n');
    const dry = await run(tenant, csv, { format: 'csv', dryRun: true });
    expect(dry.dryRun).toBe(true);
    expect(counts(dry)).toEqual({ received: 7, inserted: 2, updated: 1, unchanged: 1, duplicatesInFile: 1, failed: 2 });
    expect(dry.ignoredColumns.map((c) => c.column)).toEqual(['Notes']);
    expect(dry.matches).toEqual([
      { row: 2, customerId: ana.customer.id, matchedBy: ['email'] },
      { row: 3, customerId: cy.customer.id, matchedBy: ['email'] },
    ]);
    const preview = dry.preview!;
    expect(preview.map((p) => [p.row, p.outcome, p.customerId, p.errors.map((e) => e.code)])).toEqual([
      [1, 'insert', null, []],
      [2, 'update', ana.customer.id, []],
      [3, 'unchanged', cy.customer.id, []],
      [4, 'failed', ana.customer.id, ['IDENTIFIER_CHANGE']],
      [5, 'failed', null, ['INVALID_VALUE']],
      [6, 'duplicate', null, []],
      [7, 'insert', null, []],
    ]);
    expect(preview[0].customer).toEqual({
      externalId: 'n-1', email: 'new@example.com', phone: null, firstName: 'Nia', lastName: null, birthday: null, timezone: null, lat: 41.88, lng: -87.63,
      address: null, attributes: {}, tags: [], consent: { email: { status: 'granted', at: NOW, source: 'import' } },
    });
    // An update shows the customer after the merge: the row's new name over the stored fields.
    expect(preview[1].customer).toMatchObject({ externalId: 'a-1', email: 'ana@example.com', phone: '+14155550101', firstName: 'Anna', birthday: '1990-02-14', consent: {} });
    expect([preview[3].customer, preview[4].customer, preview[5].customer]).toEqual([null, null, null]);

    expect(await stored(tenant)).toEqual(before);
    const [{ n: inbox }] = await dataSource.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM trigger_inbox WHERE business_id = $1`, [tenant.businessId]);
    expect(inbox).toBe(0);

    // The import of the same file does what the dry run said.
    const real = await run(tenant, csv, { format: 'csv' });
    expect([counts(real), real.dryRun, real.preview]).toEqual([counts(dry), false, undefined]);
    expect(await customerCount(tenant)).toBe(4);
  });

  it('a dry run previews the first 20 rows by row number, NDJSON rows by line', async () => {
    const tenant = await createTenant();
    const csv = ['email', ...Array.from({ length: 25 }, (_, i) => (i === 2 ? 'broken' : `p${i + 1}@example.com`))].join('\n');
    const dry = await run(tenant, csv, { format: 'csv', dryRun: true });
    expect(dry.preview!.map((p) => p.row)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(dry.preview![2]).toMatchObject({ row: 3, outcome: 'failed', customer: null, errors: [{ row: 3, field: 'email', code: 'INVALID_VALUE', column: 'email' }] });
    expect(counts(dry)).toMatchObject({ received: 25, inserted: 24, failed: 1 });
    expect(await customerCount(tenant)).toBe(0);

    const ndjson = await run(tenant, '{"email":"a@example.com"}\n\n{oops\n{"email":"b@example.com","tags":["x"]}\n', { format: 'ndjson', dryRun: true });
    expect(ndjson.preview!.map((p) => [p.row, p.outcome, p.customer?.tags ?? null])).toEqual([[1, 'insert', []], [3, 'failed', null], [4, 'insert', ['x']]]);
    expect(await customerCount(tenant)).toBe(0);
  });
});
