import * as http from 'node:http';

export interface FormPostResult {
  status: number;
  body: string;
}

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);
const MAX_RESPONSE_BYTES = 1024 * 1024;

/**
 * POSTs an application/x-www-form-urlencoded body. Stand-ins exist so nothing leaves the
 * machine, so only plain-HTTP loopback targets are allowed.
 */
export function postForm(
  target: string,
  params: Record<string, string>,
  headers: Record<string, string>,
  timeoutMs: number,
): Promise<FormPostResult> {
  let url: URL;
  try {
    url = parseLoopbackUrl(target);
  } catch (err) {
    return Promise.reject(err);
  }
  const payload = new URLSearchParams(params).toString();
  return new Promise<FormPostResult>((resolve, reject) => {
    const request = http.request(url, {
      method: 'POST',
      agent: false,
      timeout: timeoutMs,
      headers: {
        ...headers,
        'Content-Type': 'application/x-www-form-urlencoded',
        'Content-Length': Buffer.byteLength(payload),
        Connection: 'close',
      },
    });
    request.once('timeout', () => request.destroy(new Error(`POST ${target} timed out after ${timeoutMs} ms`)));
    request.once('error', reject);
    request.once('response', (response) => readResponse(response).then(resolve, reject));
    request.end(payload);
  });
}

function parseLoopbackUrl(target: string): URL {
  const url = new URL(target);
  const loopback = LOOPBACK_HOSTS.has(url.hostname) || /^127(\.\d{1,3}){3}$/.test(url.hostname);
  if (url.protocol !== 'http:' || !loopback) {
    throw new Error(`Refusing to POST to ${target}: the dev stand-ins only call http:// loopback URLs`);
  }
  return url;
}

function readResponse(response: http.IncomingMessage): Promise<FormPostResult> {
  return new Promise<FormPostResult>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    response.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_RESPONSE_BYTES) chunks.push(chunk);
    });
    response.once('error', reject);
    response.once('end', () =>
      resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }),
    );
  });
}
