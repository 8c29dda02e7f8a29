import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { newestFirst, outboxIds, readOutboxFile } from './dev-outbox-files';

describe('dev outbox files', () => {
  it('orders ids newest first by their epoch milliseconds (numerically), then by the rest', () => {
    const ids = ['999999999999-000000009-aa', '1767780000000-000000002-aa', '1767780000000-000000010-aa', '1767780000001-000000001-bb'];
    expect([...ids].sort(newestFirst)).toEqual(['1767780000001-000000001-bb', '1767780000000-000000010-aa', '1767780000000-000000002-aa', '999999999999-000000009-aa']);
  });

  it('lists the .json files after a cursor, skipping anything else (.eml, temp files, other names); a missing directory is empty', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lr-outbox-files-'));
    for (const name of ['1000-1-a.json', '1000-1-a.eml', '2000-1-a.json', '3000-1-a.json', '.3000-1-a.json.1f2e.tmp', 'notes.json', 'sms']) writeFileSync(join(dir, name), '{}');
    expect(await outboxIds(dir, undefined)).toEqual(['3000-1-a', '2000-1-a', '1000-1-a']);
    expect(await outboxIds(dir, '3000-1-a')).toEqual(['2000-1-a', '1000-1-a']);
    expect(await outboxIds(join(dir, 'missing'), undefined)).toEqual([]);
    expect(await readOutboxFile(dir, '2000-1-a')).toEqual({});
    expect(await readOutboxFile(dir, '4000-1-a')).toBeUndefined();
  });
});
