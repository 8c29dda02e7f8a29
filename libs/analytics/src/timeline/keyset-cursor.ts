import { decodeCursor, DomainError, encodeCursor } from '@localreach/core';
import { SOURCE_ID_TYPE, TIMELINE_SOURCES, type TimelinePosition, type TimelineSource } from './timeline.types';

/**
 * A row's time as a fixed-width UTC text with microseconds (PostgreSQL keeps
 * microseconds; a JavaScript Date would round them to milliseconds and pages
 * would skip or repeat rows a few microseconds apart). Text order is time order.
 */
export const atKeySql = (column: string): string => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

const AT_KEY = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})\.(\d{6})Z$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const BIGINT = /^[1-9]\d{0,18}$/;
const MAX_BIGINT = 9223372036854775807n;

/** True for a real instant written as `atKeySql` writes it (so a forged cursor never reaches a SQL cast). */
export function isAtKey(value: unknown): value is string {
  if (typeof value !== 'string' || !AT_KEY.test(value)) return false;
  const millis = `${value.slice(0, 23)}Z`;
  const date = new Date(millis);
  return !Number.isNaN(date.getTime()) && date.toISOString() === millis;
}

/** True for an id of the given type as the database prints it (lower-case uuid, decimal bigint). */
export function isRowId(value: unknown, type: 'bigint' | 'uuid'): value is string {
  if (typeof value !== 'string') return false;
  if (type === 'uuid') return UUID.test(value);
  return BIGINT.test(value) && BigInt(value) <= MAX_BIGINT;
}

function invalidCursor(): DomainError {
  return DomainError.invalid('INVALID_CURSOR', [{ field: 'cursor', message: 'is not a cursor returned by this endpoint' }]);
}

/** The timeline's cursor: the last item's place in the order (time, source, id). */
export function encodeTimelineCursor(position: TimelinePosition): string {
  return encodeCursor([position.atKey, position.source, position.id]);
}

export function decodeTimelineCursor(cursor: string): TimelinePosition {
  const [atKey, source, id] = decodeCursor(cursor, 3) ?? [];
  if (!isAtKey(atKey) || !(TIMELINE_SOURCES as readonly unknown[]).includes(source)) throw invalidCursor();
  if (!isRowId(id, SOURCE_ID_TYPE[source as TimelineSource])) throw invalidCursor();
  return { atKey, source: source as TimelineSource, id };
}

/** A list's cursor: the last row's (time, id). */
export function encodeTimeIdCursor(atKey: string, id: string): string {
  return encodeCursor([atKey, id]);
}

export function decodeTimeIdCursor(cursor: string, idType: 'bigint' | 'uuid'): { atKey: string; id: string } {
  const [atKey, id] = decodeCursor(cursor, 2) ?? [];
  if (!isAtKey(atKey) || !isRowId(id, idType)) throw invalidCursor();
  return { atKey, id };
}
