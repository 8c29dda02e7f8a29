import { DomainError, isPlainObject, parseTimestamp, ProblemList, readCustomerRef, type CustomerRef, type Tenant } from '@localreach/core';

export const PING_LIMITS = {
  maxBatch: 1000,
  maxAccuracyM: 100_000,
  /** A ping from the future would freeze presence (later pings look out of order), so device clocks get only this much slack. */
  maxFutureSkewMs: 5 * 60_000,
} as const;

/** One validated ping; `index` is its position in the request. */
export interface PingInput {
  index: number;
  ref: CustomerRef;
  lat: number;
  lng: number;
  accuracyM: number | null;
  at: Date;
}

const KNOWN_FIELDS = ['customer', 'lat', 'lng', 'accuracy', 'occurredAt'];

function readOccurredAt(value: unknown, field: string, now: Date, out: ProblemList): Date {
  if (value === undefined) return now;
  const parsed = parseTimestamp(value);
  if (!parsed) out.add(field, 'must be an ISO-8601 timestamp with a time zone');
  else if (parsed.getTime() > now.getTime() + PING_LIMITS.maxFutureSkewMs) out.add(field, 'must not be more than 5 minutes in the future');
  return parsed ?? now;
}

function readPing(raw: unknown, index: number, path: string, tenant: Tenant, now: Date, out: ProblemList): PingInput | undefined {
  const at = (field: string) => (path ? `${path}.${field}` : field);
  if (!isPlainObject(raw)) {
    out.add(path || 'body', 'must be a ping { customer, lat, lng, accuracy?, occurredAt? }');
    return undefined;
  }
  const before = out.problems.length;
  for (const key of Object.keys(raw)) if (!KNOWN_FIELDS.includes(key)) out.add(at(key), 'is not a known ping field');
  const ref = readCustomerRef(raw.customer, at('customer'), tenant.business.country, out);
  const { lat, lng, accuracy } = raw;
  if (typeof lat !== 'number' || !(lat >= -90 && lat <= 90)) out.add(at('lat'), 'must be a number between -90 and 90');
  if (typeof lng !== 'number' || !(lng >= -180 && lng <= 180)) out.add(at('lng'), 'must be a number between -180 and 180');
  if (accuracy != null && (typeof accuracy !== 'number' || !(accuracy >= 0 && accuracy <= PING_LIMITS.maxAccuracyM))) {
    out.add(at('accuracy'), `must be the accuracy radius in metres, 0 to ${PING_LIMITS.maxAccuracyM}`);
  }
  const occurredAt = readOccurredAt(raw.occurredAt, at('occurredAt'), now, out);
  if (out.problems.length > before || !ref) return undefined;
  return { index, ref, lat: lat as number, lng: lng as number, accuracyM: (accuracy as number | null | undefined) ?? null, at: occurredAt };
}

/** Validates one ping or `{ pings: [...] }` (up to 1,000): all valid, or a 422 naming every bad field (`pings[3].lat`). */
export function readPings(body: unknown, tenant: Tenant, now: Date): PingInput[] {
  const batch = isPlainObject(body) && 'pings' in body;
  const raws = batch ? (body as { pings: unknown }).pings : [body];
  if (!Array.isArray(raws) || raws.length === 0) throw DomainError.invalid('INVALID_PINGS', [{ field: 'pings', message: 'must be a non-empty array' }]);
  if (raws.length > PING_LIMITS.maxBatch) throw DomainError.invalid('INVALID_PINGS', [{ field: 'pings', message: `must hold at most ${PING_LIMITS.maxBatch} pings` }]);
  const out = new ProblemList();
  if (batch) for (const key of Object.keys(body as object)) if (key !== 'pings') out.add(key, 'is not a known field of a ping batch');
  const pings = raws.map((raw, i) => readPing(raw, i, batch ? `pings[${i}]` : '', tenant, now, out));
  if (!out.ok) throw DomainError.invalid('INVALID_PINGS', out.problems);
  return pings as PingInput[];
}
