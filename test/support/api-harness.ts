import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { DataSource as DataSourceToken } from 'typeorm';
import { loadConfig, type AppConfig } from '../../libs/core/src';
import { createApiApp } from '../../apps/api/src/bootstrap';
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
  return {
    app,
    http: () => request(server),
    dataSource: app.get(DataSourceToken),
    config,
    close: () => app.close(),
  };
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
