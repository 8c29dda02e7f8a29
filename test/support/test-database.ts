import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import type { DataSource } from 'typeorm';
import { createDataSource } from '../../libs/core/src';

const TEMPLATE_DB = 'localreach_template';

function adminUrl(): string {
  const url = process.env.LOCALREACH_TEST_PG_ADMIN_URL;
  if (!url) throw new Error('The test PostgreSQL is not running: run tests through jest (globalSetup starts it)');
  return url;
}

/** A fresh, migrated database for one test file (a copy of the template: ~0.1 s). */
export async function createTestDatabase(): Promise<string> {
  const name = `t_${randomBytes(6).toString('hex')}`;
  const client = new Client({ connectionString: adminUrl() });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE ${name} TEMPLATE ${TEMPLATE_DB}`);
  } finally {
    await client.end();
  }
  const url = new URL(adminUrl());
  url.pathname = `/${name}`;
  return url.toString();
}

export async function openTestDataSource(): Promise<{ url: string; dataSource: DataSource }> {
  const url = await createTestDatabase();
  const dataSource = await createDataSource(url, 5, 'test').initialize();
  return { url, dataSource };
}
