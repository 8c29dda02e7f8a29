import type { CustomerRef } from './customer.types';

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID_RE.test(value);
}

export function refKey(ref: CustomerRef): string {
  const [k, v] = Object.entries(ref)[0];
  return `${k}:${v}`;
}
