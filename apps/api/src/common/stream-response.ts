import type { Response } from 'express';

/** Resolves when the response can take more (drain) or will take no more (closed by the client). */
function writable(res: Response): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}

/**
 * Streams text chunks as a download, holding at most one chunk in memory: it
 * waits for the socket to drain and stops reading when the client goes away.
 * The first chunk is read before any header, so a refusal (a bad filter) is
 * still a JSON error; a failure after that aborts the connection, so a cut-off
 * file is never mistaken for a complete one.
 */
export async function streamDownload(res: Response, contentType: string, filename: string, chunks: AsyncGenerator<string>): Promise<void> {
  let next = await chunks.next();
  res.setHeader('content-type', contentType);
  res.setHeader('content-disposition', `attachment; filename="${filename}"`);
  res.setHeader('cache-control', 'no-store');
  try {
    for (; !next.done; next = await chunks.next()) {
      if (res.destroyed) break;
      if (!res.write(next.value)) await writable(res);
    }
  } catch (error) {
    res.destroy();
    throw error;
  } finally {
    await chunks.return(undefined);
  }
  res.end();
}
