import type { Response } from 'supertest';
import { bearer, type ApiHarness } from './api-harness';
import { generateApiKey } from '../../libs/core/src/tenancy/api-key-secret';

/** The error shape every failure must use: { statusCode, error, message, details?: [{ field, message }] }. */
interface FieldProblem {
  field: string;
  message: string;
}

export function fieldsOf(res: Response): string[] {
  const details = (res.body as { details?: FieldProblem[] }).details;
  return Array.isArray(details) ? details.map((d) => d.field) : [];
}

/** Asserts a JSON error with the given status (or any 4xx when '4xx') naming at least these fields. */
export function expectError(res: Response, status: number | '4xx', fields: string[] = []): void {
  const context = `${res.status} ${JSON.stringify(res.body)}`;
  if (status === '4xx') {
    expect({ status: res.status >= 400 && res.status < 500, context }).toEqual({ status: true, context });
  } else {
    expect({ status: res.status, context }).toEqual({ status, context });
  }
  expect(res.headers['content-type']).toMatch(/application\/json/);
  expect(res.body).toEqual(
    expect.objectContaining({ statusCode: res.status, error: expect.any(String), message: expect.any(String) }),
  );
  if (fields.length > 0) {
    const details = (res.body as { details?: FieldProblem[] }).details;
    expect(Array.isArray(details)).toBe(true);
    for (const d of details ?? []) expect(d).toEqual({ field: expect.any(String), message: expect.any(String) });
    expect({ fields: fieldsOf(res), context }).toEqual({ fields: expect.arrayContaining(fields), context });
  }
}

/** Asserts a success status, printing the body when it is not. */
export function expectStatus(res: Response, status: number): void {
  expect({ status: res.status, body: res.status === status ? 'ok' : res.body }).toEqual({ status, body: 'ok' });
}

/** A tiny client bound to one API key. */
export function clientFor(api: ApiHarness, key: string) {
  return {
    get: (path: string) => api.http().get(path).set(bearer(key)),
    post: (path: string, body?: unknown) => api.http().post(path).set(bearer(key)).send(body as object),
    patch: (path: string, body?: unknown) => api.http().patch(path).set(bearer(key)).send(body as object),
    delete: (path: string) => api.http().delete(path).set(bearer(key)),
  };
}
export type Client = ReturnType<typeof clientFor>;

/** Owner creates a key with a role; returns the secret and the key id. */
export async function createKey(owner: Client, role: 'owner' | 'marketer' | 'analyst', name = `${role} key`): Promise<{ apiKey: string; id: string }> {
  const res = await owner.post('/v1/api-keys', { name, role });
  if (res.status !== 201) throw new Error(`creating a ${role} key failed: ${res.status} ${JSON.stringify(res.body)}`);
  return { apiKey: res.body.apiKey, id: res.body.key.id };
}

/** Number of rows of a table belonging to one business (tables: customer, event, orders, location, api_key). */
export async function countRows(api: ApiHarness, table: 'customer' | 'event' | 'orders' | 'location' | 'api_key', businessId: string): Promise<number> {
  const rows = await api.dataSource.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM ${table} WHERE business_id = $1`, [businessId]);
  return rows[0].n;
}

export const GB_BUSINESS = {
  timezone: 'Europe/London',
  currency: 'GBP',
  country: 'GB',
  address: { line1: '10 High Street', city: 'London', postalCode: 'SW1A 1AA', country: 'GB' },
};

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Factory: an API key written straight to the database, so role tests do not
 * depend on POST /v1/api-keys (which has tests of its own).
 */
export async function seedKey(api: ApiHarness, businessId: string, role: 'owner' | 'marketer' | 'analyst'): Promise<{ apiKey: string; id: string }> {
  const generated = generateApiKey();
  const rows = await api.dataSource.query<{ id: string }[]>(
    `INSERT INTO api_key (business_id, name, role, prefix, secret_hash) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
    [businessId, `seeded ${role}`, role, generated.prefix, generated.secretHash],
  );
  return { apiKey: generated.key, id: rows[0].id };
}
