import { DomainError, encodeCursor } from '@localreach/core';
import {
  decodeTimeIdCursor, decodeTimelineCursor, encodeTimeIdCursor, encodeTimelineCursor, isAtKey, isRowId,
} from './keyset-cursor';

const UUID = '0f8e2a9c-1b2d-4c3e-8f4a-5b6c7d8e9f00';

function refusal(work: () => unknown): { code: string; fields: string[] } | undefined {
  try {
    work();
    return undefined;
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    return { code: error.code, fields: error.details.map((d) => d.field) };
  }
}
const INVALID = { code: 'INVALID_CURSOR', fields: ['cursor'] };

describe('time keys', () => {
  it.each([
    ['2026-03-10T15:00:00.123456Z', true],
    ['0001-01-01T00:00:00.000000Z', true],
    ['2024-02-29T23:59:59.999999Z', true],
    ['2026-02-29T10:00:00.000000Z', false], // not a leap year: would roll over to March 1st
    ['2026-03-10T24:00:00.000000Z', false],
    ['2026-03-10T15:00:00.123Z', false], // milliseconds only: not the fixed width the order relies on
    ['2026-03-10 15:00:00.123456+00', false],
    ['2026-03-10T15:00:00.123456+01:00', false],
  ])('%s is a time key: %s', (value, expected) => {
    expect(isAtKey(value)).toBe(expected);
  });

  it('row ids are canonical: lower-case uuids, decimal bigints up to 2^63 - 1', () => {
    expect(isRowId(UUID, 'uuid')).toBe(true);
    expect(isRowId(UUID.toUpperCase(), 'uuid')).toBe(false);
    expect(isRowId('42', 'bigint')).toBe(true);
    expect(isRowId('9223372036854775807', 'bigint')).toBe(true);
    expect(isRowId('9223372036854775808', 'bigint')).toBe(false);
    expect(isRowId('042', 'bigint')).toBe(false);
    expect(isRowId('0', 'bigint')).toBe(false);
    expect(isRowId('-1', 'bigint')).toBe(false);
    expect(isRowId(42, 'bigint')).toBe(false);
  });
});

describe('timeline cursor', () => {
  it('round-trips a position, as opaque base64url text', () => {
    const position = { atKey: '2026-03-10T15:00:00.000001Z', source: 'engagement' as const, id: '77' };
    const cursor = encodeTimelineCursor(position);
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    // The JSON array ["2026-03-10T15:00:00.000001Z","engagement","77"], base64url.
    expect(Buffer.from(cursor, 'base64url').toString()).toBe('["2026-03-10T15:00:00.000001Z","engagement","77"]');
    expect(decodeTimelineCursor(cursor)).toEqual(position);
  });

  it.each([
    ['not base64 json', 'x!'],
    ['an unknown source', encodeCursor(['2026-03-10T15:00:00.000001Z', 'pageview', '7'])],
    ['a uuid where the source has bigint ids', encodeCursor(['2026-03-10T15:00:00.000001Z', 'event', UUID])],
    ['a bigint where the source has uuids', encodeCursor(['2026-03-10T15:00:00.000001Z', 'message', '7'])],
    ['an impossible date', encodeCursor(['2026-02-30T15:00:00.000001Z', 'event', '7'])],
    ['SQL in the id', encodeCursor(['2026-03-10T15:00:00.000001Z', 'event', "7); DROP TABLE event; --"])],
    ['two values', encodeCursor(['2026-03-10T15:00:00.000001Z', 'event'])],
    ['a list cursor', encodeTimeIdCursor('2026-03-10T15:00:00.000001Z', '7')],
  ])('refuses %s with 422-kind INVALID_CURSOR naming cursor', (_what, cursor) => {
    expect(refusal(() => decodeTimelineCursor(cursor))).toEqual(INVALID);
  });
});

describe('list cursors', () => {
  it('round-trip (time, id)', () => {
    expect(decodeTimeIdCursor(encodeTimeIdCursor('2026-03-10T15:00:00.500000Z', UUID), 'uuid')).toEqual({ atKey: '2026-03-10T15:00:00.500000Z', id: UUID });
    expect(decodeTimeIdCursor(encodeTimeIdCursor('2026-03-10T15:00:00.500000Z', '9'), 'bigint')).toEqual({ atKey: '2026-03-10T15:00:00.500000Z', id: '9' });
  });

  it('refuses an id of the other type, a timeline cursor and junk', () => {
    expect(refusal(() => decodeTimeIdCursor(encodeTimeIdCursor('2026-03-10T15:00:00.500000Z', UUID), 'bigint'))).toEqual(INVALID);
    expect(refusal(() => decodeTimeIdCursor(encodeTimelineCursor({ atKey: '2026-03-10T15:00:00.500000Z', source: 'event', id: '1' }), 'bigint'))).toEqual(INVALID);
    expect(refusal(() => decodeTimeIdCursor(encodeCursor(['2026-03-10T15:00:00.500000Z', 12]), 'bigint'))).toEqual(INVALID);
    expect(refusal(() => decodeTimeIdCursor('%%%', 'uuid'))).toEqual(INVALID);
  });
});
