import type { paths } from '@localreach/api-client';
import { apiErrorOf } from './api-error';

type ImportOperation = paths['/v1/customers/import']['post'];
export type ImportReport = ImportOperation['responses'][200]['content']['application/json'];
export type ImportQuery = NonNullable<ImportOperation['parameters']['query']>;

const PATH: keyof paths = '/v1/customers/import';

/**
 * POST /v1/customers/import with upload progress. The one request the admin
 * makes outside the generated client: fetch reports no upload progress, and
 * an import of a large file takes long enough that a bar is owed. The path
 * and query are typed from the same OpenAPI snapshot; errors become the
 * same ApiError the client's answers do.
 */
export function uploadImport(
  { apiKey, file, query, onProgress, signal }: { apiKey: string | null; file: Blob; query: ImportQuery; onProgress?: (fraction: number) => void; signal?: AbortSignal },
): Promise<ImportReport> {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined) params.set(k, String(v));
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `${window.location.origin}${PATH}?${params.toString()}`);
    if (apiKey) xhr.setRequestHeader('Authorization', `Bearer ${apiKey}`);
    // Browsers label .csv files inconsistently (application/vnd.ms-excel on Windows); the API reads CSV by this type.
    xhr.setRequestHeader('Content-Type', 'text/csv');
    xhr.responseType = 'json';
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable && onProgress) onProgress(e.loaded / e.total);
    };
    xhr.onload = () => {
      if (xhr.status >= 200 && xhr.status < 300) resolve(xhr.response as ImportReport);
      else reject(apiErrorOf(xhr.status, xhr.response, xhr.getResponseHeader('retry-after')));
    };
    xhr.onerror = () => reject(apiErrorOf(0, undefined));
    xhr.onabort = () => reject(apiErrorOf(0, { code: 'ABORTED', message: 'The upload was cancelled' }));
    signal?.addEventListener('abort', () => xhr.abort());
    xhr.send(file);
  });
}
