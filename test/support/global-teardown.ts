import { rmSync } from 'node:fs';
import type { EmbeddedPostgresHandle } from '../../libs/core/src';

export default async function globalTeardown(): Promise<void> {
  const pg = (globalThis as { __LOCALREACH_PG__?: EmbeddedPostgresHandle }).__LOCALREACH_PG__;
  await pg?.stop();
  const dir = process.env.LOCALREACH_TEST_PG_DATA_DIR;
  if (dir) rmSync(dir, { recursive: true, force: true });
}
