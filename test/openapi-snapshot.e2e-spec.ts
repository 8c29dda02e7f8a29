import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startApi, type ApiHarness } from './support/api-harness';

const ROOT = join(__dirname, '..');
const SNAPSHOT = join(ROOT, 'libs/api-client/openapi.json');
const TYPES = join(ROOT, 'libs/api-client/src/schema.d.ts');
const UPDATE = process.env.UPDATE_OPENAPI_SNAPSHOT === '1';

/** The TypeScript that openapi-typescript makes of a document file. */
function generateTypes(documentPath: string): string {
  // Defaults are what the server assumes when a field is left out, so a field with one stays optional in request types.
  return execFileSync(process.execPath, [join(ROOT, 'node_modules/openapi-typescript/bin/cli.js'), documentPath, '--default-non-nullable', 'false'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

/**
 * The generated client is built from a committed snapshot of the document;
 * `npm run openapi` refreshes both after an API change, and these tests fail
 * until someone does.
 */
describe('OpenAPI snapshot and generated client types', () => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await startApi();
  });
  afterAll(() => api.close());

  it('the committed snapshot is the document the API serves (run `npm run openapi` after changing the API)', async () => {
    const served = `${JSON.stringify((await api.http().get('/docs-json')).body, null, 2)}\n`;
    if (UPDATE) writeFileSync(SNAPSHOT, served);
    expect(readFileSync(SNAPSHOT, 'utf8') === served).toBe(true);
  });

  it('the committed client types are generated from the snapshot', () => {
    const generated = generateTypes(SNAPSHOT);
    if (UPDATE) writeFileSync(TYPES, generated);
    expect(readFileSync(TYPES, 'utf8') === generated).toBe(true);
  });
});
