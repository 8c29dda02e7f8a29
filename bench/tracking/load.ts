/**
 * Load for the tracking bench: autocannon (programmatic, in the bench
 * process, one thread) going round a list of paths, every request the next
 * path of one counter shared by all connections, so each hit names a
 * different message until the list wraps.
 */
import autocannon from 'autocannon';
import type { CapturedReply } from './bare-server';

/** Apple Mail's own agent (not a proxy's), so hits are classified as a person's, as most would be. */
export const USER_AGENT = 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko)';
const REQUEST_HEADERS = { 'user-agent': USER_AGENT, accept: '*/*' };

export interface LoadResult {
  seconds: number;
  /** Answers with the expected status (200 for opens, 302 for clicks). */
  answered: number;
  /** Requests written to a connection, answered or not (the difference was in flight when the run ended). */
  sent: number;
  otherStatus: number;
  errors: number;
  timeouts: number;
  p50: number;
  p99: number;
  max: number;
}

/** `durationS` seconds of load, or with `{ requests }` exactly that many requests (e.g. every path once). */
export async function hammer(
  baseUrl: string,
  paths: readonly string[],
  expectStatus: number,
  connections: number,
  length: number | { requests: number },
): Promise<LoadResult> {
  let next = 0;
  let sent = 0;
  let answered = 0;
  let otherStatus = 0;
  const started = performance.now();
  const result = await autocannon({
    url: baseUrl,
    connections,
    ...(typeof length === 'number' ? { duration: length } : { amount: length.requests }),
    timeout: 10,
    headers: REQUEST_HEADERS,
    requests: [{
      method: 'GET',
      setupRequest: (req) => {
        sent += 1;
        return { ...req, path: paths[next++ % paths.length] };
      },
      onResponse: (status) => {
        if (status === expectStatus) answered += 1;
        else otherStatus += 1;
      },
    }],
  });
  return {
    seconds: (performance.now() - started) / 1000,
    answered, sent, otherStatus,
    errors: result.errors, timeouts: result.timeouts,
    p50: result.latency.p50, p99: result.latency.p99, max: result.latency.max,
  };
}

/** One answer of the API, kept byte for byte (less the per-connection headers) for the bare server to repeat. */
export async function capture(url: string, expectStatus: number): Promise<CapturedReply> {
  const res = await fetch(url, { redirect: 'manual', headers: REQUEST_HEADERS });
  if (res.status !== expectStatus) throw new Error(`GET ${url} → ${res.status}, expected ${expectStatus}`);
  const body = Buffer.from(await res.arrayBuffer());
  const location = res.headers.get('location');
  const headers: Record<string, string> = {};
  res.headers.forEach((value, name) => {
    if (!['date', 'connection', 'keep-alive', 'transfer-encoding', 'content-length', 'x-request-id', 'location'].includes(name)) headers[name] = value;
  });
  const text = location ? body.toString('utf8').replace(location, '{location}') : null;
  return {
    status: res.status, headers, requestId: res.headers.has('x-request-id'),
    bodyBase64: text === null ? body.toString('base64') : Buffer.from(text, 'utf8').toString('base64'),
  };
}
