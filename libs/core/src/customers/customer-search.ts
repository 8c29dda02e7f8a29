import { AsYouType, type CountryCode } from 'libphonenumber-js';
import { decodeCursor, encodeCursor } from '../database/sql';
import { DomainError } from '../errors/domain-error';
import { isUuid } from './customer-ref';
import type { ConsentChannel } from './customer.types';

export const CUSTOMER_SORTS = ['createdAt', 'updatedAt', 'lastName', 'firstName', 'email'] as const;
export type CustomerSort = (typeof CUSTOMER_SORTS)[number];
export const SORT_ORDERS = ['asc', 'desc'] as const;
export type SortOrder = (typeof SORT_ORDERS)[number];
/** `unknown`: the customer never said yes or no on that channel. */
export const CONSENT_FILTERS = ['granted', 'denied', 'unknown'] as const;
export type ConsentFilter = (typeof CONSENT_FILTERS)[number];

/** Longest search text: enough for a full name or an email address. */
export const MAX_SEARCH_LENGTH = 100;
/** Totals up to this many matches are counted exactly; above it they are the planner's estimate. */
export const EXACT_TOTAL_LIMIT = 10_000;
/**
 * Above this planner estimate the total is not counted. The planner
 * over-estimates a search (it takes the keys' prefixes as independent, where a
 * name and an email prefix overlap: up to 2.6× on the benchmark), and a count
 * stops at the limit anyway.
 */
export const COUNT_IF_ESTIMATE_AT_MOST = 3 * EXACT_TOTAL_LIMIT;

/** Which customers to list or export, and in what order. Every field optional. */
export interface CustomerQuery {
  /** Prefix of a first name, last name, full name, email or phone (national or international digits). */
  q?: string;
  email?: string;
  phone?: string;
  externalId?: string;
  tag?: string;
  updatedSince?: Date;
  consent?: Partial<Record<ConsentChannel, ConsentFilter>>;
  /** Members of a saved segment at its last refresh. */
  segmentId?: string;
  /** Default createdAt; updatedAt when `updatedSince` is given. */
  sort?: CustomerSort;
  order?: SortOrder;
}

/** A query as the repository runs it: identities normalised like stored values, the search text read as text and as a phone. */
export type CustomerMatch = Omit<CustomerQuery, 'q' | 'sort' | 'order'> & {
  search?: {
    /** Folded by the database (case, accents, spaces) and matched as a literal prefix. */
    text: string;
    /** Digit prefixes of E.164 phones, without the plus. */
    phonePrefixes: string[];
  };
};

export interface CustomerOrdering {
  sort: CustomerSort;
  order: SortOrder;
}

/** Where the previous page ended: its last row's sort key (as the database printed it) and id. */
export interface KeysetPosition {
  key: string;
  id: string;
}

export function orderingOf(query: Pick<CustomerQuery, 'sort' | 'order' | 'updatedSince'>): CustomerOrdering {
  return { sort: query.sort ?? (query.updatedSince ? 'updatedAt' : 'createdAt'), order: query.order ?? 'asc' };
}

/**
 * The digit prefixes a typed phone fragment may be the start of, as stored
 * (E.164 digits): "+44 20" is international ("4420"); anything else is read in
 * the business's country, with its trunk prefix dropped ("(312) 555" in the US
 * is "1312555", "06 12" in France is "33612"), and also as international
 * digits typed without the plus ("33 6 12" → "33612"). Text that is not a phone
 * (letters, @) gives none.
 */
export function phonePrefixesOf(text: string, country: CountryCode): string[] {
  const typed = text.trim();
  if (!/^\+?[\d\s().\-/]+$/.test(typed)) return [];
  const digits = typed.replace(/\D/g, '');
  if (digits.length === 0 || digits.length > 15) return [];
  if (typed.startsWith('+')) return [digits];
  if (digits.startsWith('00')) return digits.length > 2 ? [digits.slice(2)] : [];
  const reader = new AsYouType(country);
  reader.input(typed);
  const national = reader.getNumber()?.number.replace(/\D/g, '');
  return [...new Set([national, digits].filter((p): p is string => Boolean(p)))];
}

const ISO_MICROS = /^(19|[2-9]\d)\d{2}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;
const TIME_SORTS: readonly CustomerSort[] = ['createdAt', 'updatedAt'];
const MAX_TEXT_KEY = 2_000;

function invalidCursor(message: string): DomainError {
  return DomainError.invalid('INVALID_CURSOR', [{ field: 'cursor', message }]);
}

/** A real UTC instant written as the repository writes sort times (2026-03-01T09:30:00.123456Z). */
function isSortTime(key: string): boolean {
  if (!ISO_MICROS.test(key)) return false;
  const parsed = new Date(`${key.slice(0, 23)}Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 19) === key.slice(0, 19);
}

/** Opaque cursor of a page's last row: base64url JSON of [sort:order, key, id]. */
export function encodeCustomerCursor(ordering: CustomerOrdering, position: KeysetPosition): string {
  return encodeCursor([`${ordering.sort}:${ordering.order}`, position.key, position.id]);
}

/**
 * Reads a cursor issued for the same sort and order, or throws a 422 naming
 * `cursor`. Values are checked here so a forged cursor never reaches a SQL cast.
 */
export function decodeCustomerCursor(cursor: string, ordering: CustomerOrdering): KeysetPosition {
  const values = decodeCursor(cursor, 3);
  if (!values) throw invalidCursor('is not a cursor returned by this endpoint');
  const [issuedFor, key, id] = values;
  if (typeof key !== 'string' || typeof id !== 'string' || !isUuid(id)) throw invalidCursor('is not a cursor returned by this endpoint');
  if (issuedFor !== `${ordering.sort}:${ordering.order}`) throw invalidCursor(`was issued for another sort or order (${String(issuedFor)}); start again without it`);
  const keyIsValid = TIME_SORTS.includes(ordering.sort) ? isSortTime(key) : key.length <= MAX_TEXT_KEY && !key.includes('\u0000');
  if (!keyIsValid) throw invalidCursor('is not a cursor returned by this endpoint');
  return { key, id };
}

/** The total shown with a page: exact up to EXACT_TOTAL_LIMIT, otherwise an estimate (never below what was counted). */
export function totalFrom(estimate: number, counted: number | undefined): { total: number; isEstimate: boolean } {
  if (counted !== undefined && counted <= EXACT_TOTAL_LIMIT) return { total: counted, isEstimate: false };
  return { total: Math.max(Math.round(estimate), counted ?? 0, EXACT_TOTAL_LIMIT + 1), isEstimate: true };
}
