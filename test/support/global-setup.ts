import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureDatabase, migrateDatabase, startEmbeddedPostgres } from '../../libs/core/src';
import { leaveOutBrowserTests } from './chromium-path';

export const TEMPLATE_DB = 'localreach_template';

/** Starts one throwaway PostgreSQL for the whole run and migrates a template database once. */
export default async function globalSetup(): Promise<void> {
  if (leaveOutBrowserTests()) {
    process.stderr.write('\n*** The browser tests (test/admin-*) are LEFT OUT of this run: no Chromium found. Install it with `apt-get install -y chromium` (or set CHROMIUM_PATH); CI always runs them. ***\n\n');
  }
  const dataDir = mkdtempSync(join(tmpdir(), 'localreach-test-'));
  const pg = await startEmbeddedPostgres({ dataDir, persistent: false, fast: true });
  await ensureDatabase(pg.adminUrl, TEMPLATE_DB);
  await migrateDatabase(pg.urlFor(TEMPLATE_DB));
  (globalThis as { __LOCALREACH_PG__?: unknown }).__LOCALREACH_PG__ = pg;
  process.env.LOCALREACH_TEST_PG_ADMIN_URL = pg.adminUrl;
  process.env.LOCALREACH_TEST_PG_DATA_DIR = dataDir;
}
