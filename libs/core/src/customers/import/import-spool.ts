import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable, Writable } from 'node:stream';

/**
 * The staged COPY text of one upload, kept in a private temporary file while
 * the upload arrives (at whatever rate the client sends), then read back into
 * the database. The import takes a database connection only once the whole
 * file is here, so a slow upload holds disk, never a pooled connection.
 */
export class ImportSpool {
  private constructor(private readonly dir: string) {}

  static async create(parent = tmpdir()): Promise<ImportSpool> {
    return new ImportSpool(await mkdtemp(join(parent, 'localreach-import-')));
  }

  private get path(): string {
    return join(this.dir, 'staged.copy');
  }

  writer(): Writable {
    // 'wx': the file is new in a directory only this import knows.
    return createWriteStream(this.path, { flags: 'wx', mode: 0o600 });
  }

  reader(): Readable {
    return createReadStream(this.path, { highWaterMark: 1024 * 1024 });
  }

  /** Deletes the file; personal data never outlives the request that brought it. */
  async remove(): Promise<void> {
    await rm(this.dir, { recursive: true, force: true });
  }
}
