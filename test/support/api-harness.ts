import type { INestApplication } from '@nestjs/common';
import request, { type Test } from 'supertest';
import type { DataSource } from 'typeorm';
import { DataSource as DataSourceToken } from 'typeorm';
import { loadConfig, type AppConfig } from '../../libs/core/src';
import { createApiApp } from '../../apps/api/src/bootstrap';
import { type OpenApiDocument } from './openapi-validator';
import { ResponseContract } from './response-contract';
import { createTestDatabase } from './test-database';

export interface ApiHarness {
  app: INestApplication;
  http: () => ReturnType<typeof request>;
  dataSource: DataSource;
  config: AppConfig;
  close(): Promise<void>;
}

/** Boots the real API in-process against a fresh database cloned from the migrated template. */
export async function startApi(env: Record<string, string> = {}): Promise<ApiHarness> {
  const databaseUrl = await createTestDatabase();
  const config = loadConfig({ NODE_ENV: 'test', DATABASE_URL: databaseUrl, LOG_LEVEL: 'silent', ...env });
  const app = await createApiApp(config);
  await app.init();
  const server = app.getHttpServer();
  const contract = await responseContract(server);
  return {
    app,
    http: () => checkedAgainstDocument(request(server), contract),
    dataSource: app.get(DataSourceToken),
    config,
    close: () => app.close(),
  };
}

let sharedContract: Promise<ResponseContract> | undefined;
/** One document per test file: every harness serves the same one. */
function responseContract(server: Parameters<typeof request>[0]): Promise<ResponseContract> {
  sharedContract ??= request(server).get('/docs-json').then((res) => new ResponseContract(res.body as OpenApiDocument));
  return sharedContract;
}

const METHODS = new Set(['get', 'post', 'put', 'patch', 'delete', 'head']);
/** Every request made through the harness has its response checked against the OpenAPI document. */
function checkedAgainstDocument(agent: ReturnType<typeof request>, contract: ResponseContract): ReturnType<typeof request> {
  return new Proxy(agent, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver) as unknown;
      if (typeof property !== 'string' || !METHODS.has(property) || typeof value !== 'function') return value;
      return (url: string) => (value as (url: string) => Test).call(target, url).expect((res) => contract.check(property, url, res));
    },
  });
}

let businessCounter = 0;

/** Factory: signs up a business and returns its owner key (and id). */
export async function signUpBusiness(api: ApiHarness, overrides: Record<string, unknown> = {}): Promise<{ apiKey: string; businessId: string }> {
  businessCounter += 1;
  const res = await api
    .http()
    .post('/v1/businesses')
    .send({
      name: `Test Bakery ${businessCounter}`,
      timezone: 'America/Chicago',
      currency: 'USD',
      country: 'US',
      address: { line1: '1 Main St', city: 'Springfield', postalCode: '62701', country: 'US' },
      ...overrides,
    });
  if (res.status !== 201) throw new Error(`sign-up failed: ${res.status} ${JSON.stringify(res.body)}`);
  return { apiKey: res.body.apiKey, businessId: res.body.business.id };
}

export const bearer = (key: string) => ({ Authorization: `Bearer ${key}` });
