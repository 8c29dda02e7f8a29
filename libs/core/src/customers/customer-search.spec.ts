import { DomainError } from '../errors/domain-error';
import {
  COUNT_IF_ESTIMATE_AT_MOST, decodeCustomerCursor, encodeCustomerCursor, EXACT_TOTAL_LIMIT, orderingOf, phonePrefixesOf, totalFrom, type CustomerOrdering,
} from './customer-search';
import { customerCountSql, customerEstimateSql, customerPageSql } from './customer-search.sql';

const ID = '3f2b8c1e-0d4a-4e7b-9c5d-1a2b3c4d5e6f';
const BIZ = '00000000-0000-4000-8000-000000000001';
const cursorOf = (values: unknown) => Buffer.from(JSON.stringify(values)).toString('base64url');

function refusal(work: () => unknown): { code: string; fields: string[]; message: string } {
  try {
    work();
  } catch (error) {
    if (error instanceof DomainError) return { code: error.code, fields: error.details.map((d) => d.field), message: error.message };
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('orderingOf', () => {
  it.each([
    [{}, { sort: 'createdAt', order: 'asc' }],
    [{ updatedSince: new Date('2026-01-01T00:00:00Z') }, { sort: 'updatedAt', order: 'asc' }],
    [{ updatedSince: new Date('2026-01-01T00:00:00Z'), sort: 'lastName' as const }, { sort: 'lastName', order: 'asc' }],
    [{ sort: 'email' as const, order: 'desc' as const }, { sort: 'email', order: 'desc' }],
  ])('%j → %j', (query, expected) => {
    expect(orderingOf(query)).toEqual(expected);
  });
});

describe('phonePrefixesOf (E.164 digit prefixes of what was typed)', () => {
  it.each([
    // US: national digits 312555 behind country code 1; also the digits as typed, in case they were international.
    ['(312) 555', 'US', ['1312555', '312555']],
    ['312-555-01', 'US', ['131255501', '31255501']],
    // With a plus the digits are international already.
    ['+1 312 555', 'US', ['1312555']],
    ['+33 6 12', 'US', ['33612']],
    // 00 is the international prefix: dropped.
    ['0033 6 12', 'US', ['33612']],
    // France and Britain: the trunk 0 goes, the country code comes in front.
    ['06 12 34', 'FR', ['3361234', '061234']],
    ['020 7946', 'GB', ['44207946', '0207946']],
    // A lone trunk prefix reads as nothing nationally; the digit alone stays.
    ['1', 'US', ['1']],
    // Typed with the country code but no plus: the national reading is wrong, the literal one right.
    ['33 6 12', 'US', ['133612', '33612']],
  ] as const)('%s in %s → %j', (typed, country, expected) => {
    expect(phonePrefixesOf(typed, country)).toEqual(expected);
  });

  it.each(['ana', '312a', 'ana@example.com', '', '  ', '+', '()', '1234567890123456'])('%j is not a phone fragment', (typed) => {
    expect(phonePrefixesOf(typed, 'US')).toEqual([]);
  });
});

describe('customer cursors', () => {
  const byLastName: CustomerOrdering = { sort: 'lastName', order: 'desc' };
  const byCreated: CustomerOrdering = { sort: 'createdAt', order: 'asc' };

  it('encodes [sort:order, key, id] as base64url JSON', () => {
    // base64url of ["lastName:desc","lopez ana","3f2b8c1e-0d4a-4e7b-9c5d-1a2b3c4d5e6f"]
    expect(encodeCustomerCursor(byLastName, { key: 'lopez ana', id: ID })).toBe(
      'WyJsYXN0TmFtZTpkZXNjIiwibG9wZXogYW5hIiwiM2YyYjhjMWUtMGQ0YS00ZTdiLTljNWQtMWEyYjNjNGQ1ZTZmIl0',
    );
  });

  it('reads back what it wrote, including keys outside the BMP (the no-value key U+10FFFF)', () => {
    for (const key of ['lopez ana', 'élodie durand', '\u{10FFFF}', '']) {
      expect(decodeCustomerCursor(encodeCustomerCursor(byLastName, { key, id: ID }), byLastName)).toEqual({ key, id: ID });
    }
    const at = '2026-03-01T09:30:00.123456Z';
    expect(decodeCustomerCursor(cursorOf(['createdAt:asc', at, ID]), byCreated)).toEqual({ key: at, id: ID });
  });

  it.each([
    ['not base64 JSON', 'not-a-cursor!!'],
    ['the old two-value cursor', cursorOf(['2026-03-01 09:30:00.123456+00', ID])],
    ['a number as key', cursorOf(['createdAt:asc', 5, ID])],
    ['an id that is not a uuid', cursorOf(['createdAt:asc', '2026-03-01T09:30:00.123456Z', 'x'])],
    ['a day that does not exist', cursorOf(['createdAt:asc', '2026-02-30T09:30:00.123456Z', ID])],
    ['month 13', cursorOf(['createdAt:asc', '2026-13-01T09:30:00.123456Z', ID])],
    ['hour 24', cursorOf(['createdAt:asc', '2026-03-01T24:00:00.000000Z', ID])],
    ['milliseconds only', cursorOf(['createdAt:asc', '2026-03-01T09:30:00.123Z', ID])],
    ['a time with an offset', cursorOf(['createdAt:asc', '2026-03-01T09:30:00.123456+01:00', ID])],
    ['year 0001', cursorOf(['createdAt:asc', '0001-03-01T09:30:00.123456Z', ID])],
  ])('refuses %s with INVALID_CURSOR naming cursor', (_name, cursor) => {
    expect(refusal(() => decodeCustomerCursor(cursor, byCreated))).toMatchObject({ code: 'INVALID_CURSOR', fields: ['cursor'] });
  });

  it('refuses a text key PostgreSQL cannot hold (NUL) or longer than any real key', () => {
    expect(refusal(() => decodeCustomerCursor(cursorOf(['lastName:desc', 'a\u0000b', ID]), byLastName)).fields).toEqual(['cursor']);
    expect(refusal(() => decodeCustomerCursor(cursorOf(['lastName:desc', 'a'.repeat(2001), ID]), byLastName)).fields).toEqual(['cursor']);
  });

  it('refuses a cursor of another sort or order, saying so', () => {
    const cursor = encodeCustomerCursor(byLastName, { key: 'lopez ana', id: ID });
    expect(refusal(() => decodeCustomerCursor(cursor, { sort: 'lastName', order: 'asc' })).message).toBe(
      'cursor: was issued for another sort or order (lastName:desc); start again without it',
    );
    expect(refusal(() => decodeCustomerCursor(cursor, byCreated)).fields).toEqual(['cursor']);
  });
});

describe('totalFrom', () => {
  it.each([
    // Counted (capped at EXACT_TOTAL_LIMIT + 1) and within the limit: exact, whatever the planner guessed.
    [500, 480, { total: 480, isEstimate: false }],
    [20_000, 7, { total: 7, isEstimate: false }],
    [9_000, 10_000, { total: 10_000, isEstimate: false }],
    // The cap was reached: more than the limit, so the planner's number, never below the cap.
    [50, 10_001, { total: 10_001, isEstimate: true }],
    [31_000, 10_001, { total: 31_000, isEstimate: true }],
    // Not counted (the planner expects many): its estimate, rounded.
    [25_000.4, undefined, { total: 25_000, isEstimate: true }],
  ])('estimate %d, counted %s → %j', (estimate, counted, expected) => {
    expect(totalFrom(estimate, counted)).toEqual(expected);
  });

  it('the exact limit is 10,000, and nothing is counted when the planner expects more than 30,000', () => {
    expect(EXACT_TOTAL_LIMIT).toBe(10_000);
    expect(COUNT_IF_ESTIMATE_AT_MOST).toBe(30_000);
  });
});

describe('customer list SQL (reviewed snapshot)', () => {
  const match = {
    email: 'ana@example.com', tag: 'vip', consent: { email: 'granted' as const, sms: 'unknown' as const }, segmentId: ID,
    search: { text: 'Ana Lo', phonePrefixes: ['1312'] },
  };

  it('a page: scoped, filtered, searched as literal prefixes, in keyset order after the cursor', () => {
    const page = customerPageSql(BIZ, match, { sort: 'lastName', order: 'desc' }, { key: 'lopez ana', id: ID }, 51, 'c.id');
    expect(page.sql).toBe(
      `SELECT c.id, c.last_name_key AS sort_key FROM customer c
 WHERE c.business_id = $1
   AND c.erased_at IS NULL
   AND c.email = $2
   AND c.tags @> ARRAY[$3::text]
   AND c.consent_email = $4
   AND c.consent_sms IS NULL
   AND EXISTS (SELECT 1 FROM segment_membership m WHERE m.business_id = c.business_id AND m.segment_id = $5 AND m.customer_id = c.id)
   AND (c.first_name_key LIKE (replace(replace(replace(localreach_search_fold($6), '\\', '\\\\'), '%', '\\%'), '_', '\\_') || '%') ` +
        `OR c.last_name_key LIKE (replace(replace(replace(localreach_search_fold($6), '\\', '\\\\'), '%', '\\%'), '_', '\\_') || '%') ` +
        `OR c.email_key LIKE (replace(replace(replace(localreach_search_fold($6), '\\', '\\\\'), '%', '\\%'), '_', '\\_') || '%') ` +
        `OR c.phone_digits LIKE $7)
   AND (c.last_name_key, c.id) < ($8::text, $9::uuid)
 ORDER BY c.last_name_key DESC, c.id DESC LIMIT $10`,
    );
    expect(page.params).toEqual([BIZ, 'ana@example.com', 'vip', 'granted', ID, 'Ana Lo', '1312%', 'lopez ana', ID, 51]);
  });

  it('time sorts compare as timestamptz and print the key as fixed-width UTC', () => {
    const page = customerPageSql(BIZ, {}, { sort: 'createdAt', order: 'asc' }, { key: '2026-03-01T09:30:00.123456Z', id: ID }, 8, 'c.id');
    expect(page.sql).toBe(
      `SELECT c.id, to_char(c.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS sort_key FROM customer c
 WHERE c.business_id = $1
   AND c.erased_at IS NULL
   AND (c.created_at, c.id) > ($2::timestamptz, $3::uuid)
 ORDER BY c.created_at ASC, c.id ASC LIMIT $4`,
    );
  });

  it('a search counts the union of each key\'s matches, each read no further than the cap', () => {
    const count = customerCountSql(BIZ, { tag: 'vip', search: { text: 'ana', phonePrefixes: ['1312'] } }, 10_001);
    const prefix = `(replace(replace(replace(localreach_search_fold($3), '\\', '\\\\'), '%', '\\%'), '_', '\\_') || '%')`;
    const scope = 'c.business_id = $1 AND c.erased_at IS NULL AND c.tags @> ARRAY[$2::text]';
    expect(count.sql).toBe(
      'SELECT count(*)::int AS n FROM (' +
        `(SELECT c.id FROM customer c WHERE ${scope} AND c.first_name_key LIKE ${prefix} LIMIT $5)\n UNION ` +
        `(SELECT c.id FROM customer c WHERE ${scope} AND c.last_name_key LIKE ${prefix} LIMIT $5)\n UNION ` +
        `(SELECT c.id FROM customer c WHERE ${scope} AND c.email_key LIKE ${prefix} LIMIT $5)\n UNION ` +
        `(SELECT c.id FROM customer c WHERE ${scope} AND c.phone_digits LIKE $4 LIMIT $5)) s`,
    );
    expect(count.params).toEqual([BIZ, 'vip', 'ana', '1312%', 10_001]);
  });

  it('count and estimate share the conditions', () => {
    expect(customerCountSql(BIZ, { tag: 'vip' }, 10_001)).toEqual({
      sql: 'SELECT count(*)::int AS n FROM (SELECT 1 FROM customer c WHERE c.business_id = $1 AND c.erased_at IS NULL AND c.tags @> ARRAY[$2::text] LIMIT $3) s',
      params: [BIZ, 'vip', 10_001],
    });
    expect(customerEstimateSql(BIZ, { consent: { location: 'denied' } })).toEqual({
      sql: 'EXPLAIN (FORMAT JSON) SELECT 1 FROM customer c WHERE c.business_id = $1 AND c.erased_at IS NULL AND c.consent_location = $2',
      params: [BIZ, 'denied'],
    });
  });
});
