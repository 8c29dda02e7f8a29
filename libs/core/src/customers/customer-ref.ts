import type { CountryCode } from 'libphonenumber-js';
import { isPlainObject, normalizeEmail, normalizePhone, type ProblemList } from '../validation/field-checks';
import type { CustomerRef } from './customer.types';

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID_RE.test(value);
}

/** Validates `{ id | externalId | email | phone }` (exactly one) and normalises it. */
export function readCustomerRef(value: unknown, path: string, country: CountryCode, out: ProblemList): CustomerRef | undefined {
  if (!isPlainObject(value)) {
    out.add(path, 'must be an object with exactly one of id, externalId, email, phone');
    return undefined;
  }
  const keys = Object.keys(value).filter((k) => value[k] !== undefined && value[k] !== null);
  const known = keys.filter((k) => ['id', 'externalId', 'email', 'phone'].includes(k));
  for (const k of keys) if (!known.includes(k)) out.add(`${path}.${k}`, 'is not a customer reference field');
  if (known.length !== 1) {
    out.add(path, 'must hold exactly one of id, externalId, email, phone');
    return undefined;
  }
  const key = known[0];
  const raw = value[key];
  if (typeof raw !== 'string' || raw.trim() === '' || raw.length > 255) {
    out.add(`${path}.${key}`, 'must be a non-empty string');
    return undefined;
  }
  switch (key) {
    case 'id':
      if (isUuid(raw)) return { id: raw.toLowerCase() };
      out.add(`${path}.id`, 'must be a UUID');
      return undefined;
    case 'email': {
      const email = normalizeEmail(raw);
      if (email) return { email };
      out.add(`${path}.email`, 'must be a valid email address');
      return undefined;
    }
    case 'phone': {
      const phone = normalizePhone(raw, country);
      if (phone) return { phone };
      out.add(`${path}.phone`, 'must be a valid phone number');
      return undefined;
    }
    default:
      return { externalId: raw.trim() };
  }
}

export function refKey(ref: CustomerRef): string {
  const [k, v] = Object.entries(ref)[0];
  return `${k}:${v}`;
}

/** Reads an optional `createCustomer` flag: may an unknown externalId/email/phone create the customer? */
export function readCreateCustomer(value: unknown, path: string, fallback: boolean, out: ProblemList): boolean {
  if (value === undefined) return fallback;
  if (typeof value === 'boolean') return value;
  out.add(path, 'must be true or false');
  return fallback;
}
