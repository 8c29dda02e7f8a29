/**
 * Load for the tracking bench: autocannon (programmatic, in the bench
 * process, one thread) going round a list of paths. Connection c of C takes
 * paths c, c + C, c + 2C, … in turn, so together they go round the list in
 * order and each hit names a different message until the list wraps. Each
 * connection's requests are built once (autocannon rebuilds a request with a
 * `setupRequest` hook every time it sends it, which cost the load generator,
 * sharing the 2 cores with the server it loads, about a fifth of its CPU).
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
  const perConnection = Array.from({ length: connections }, (_, c) => {
    const own = paths.filter((_, i) => i % connections === c);
    return (own.length > 0 ? own : [paths[c % paths.length]]).map((path) => ({ method: 'GET' as const, path }));
  });
  let connection = 0;
  const started = performance.now();
  const result = await autocannon({
    url: baseUrl,
    connections,
    ...(typeof length === 'number' ? { duration: length } : { amount: length.requests }),
    timeout: 10,
    headers: REQUEST_HEADERS,
    requests: [{ method: 'GET', path: paths[0] }],
    setupClient: (client) => client.setRequests(perConnection[connection++ % connections]),
  });
  const byStatus = result.statusCodeStats as Record<string, { count: number }>;
  const answered = byStatus[expectStatus]?.count ?? 0;
  const otherStatus = Object.values(byStatus).reduce((sum, s) => sum + s.count, 0) - answered;
  const sent = (result.requests as { sent: number }).sent;
  return {
    seconds: (performance.now() - started) / 1000,
    answered, sent, otherStatus,
    errors: result.errors, timeouts: result.timeouts,
    p50: result.latency.p50, p99: result.latency.p99, max: result.latency.max,
  };
}

/** One answer of the API, kept byte for byte (less the per-connection headers) for the bare server to repeat. */
export async function capture(url: string, expectStatus: number, init: RequestInit = {}): Promise<CapturedReply> {
  const res = await fetch(url, { redirect: 'manual', ...init, headers: { ...REQUEST_HEADERS, ...(init.headers as Record<string, string> | undefined) } });
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

/**
 * `hammer` against several servers at once (API processes side by side, as a
 * round-robin proxy would spread clients over them): the connections and the
 * paths split evenly between them, each with its own autocannon instance in
 * this process. Counts add up; latency percentiles cannot be merged from the
 * instances' summaries, so p50, p99 and max are the largest of them.
 */
export async function hammerSpread(
  baseUrls: readonly string[],
  paths: readonly string[],
  expectStatus: number,
  connections: number,
  length: number | { requests: number },
): Promise<LoadResult> {
  if (baseUrls.length === 1) return hammer(baseUrls[0], paths, expectStatus, connections, length);
  const n = baseUrls.length;
  const parts = await Promise.all(baseUrls.map((url, k) => {
    const own = paths.filter((_, i) => i % n === k);
    const share = typeof length === 'number' ? length : { requests: own.length };
    return hammer(url, own, expectStatus, Math.max(1, Math.round(connections / n)), share);
  }));
  const sum = (pick: (r: LoadResult) => number) => parts.reduce((total, r) => total + pick(r), 0);
  const most = (pick: (r: LoadResult) => number) => Math.max(...parts.map(pick));
  return {
    seconds: most((r) => r.seconds), answered: sum((r) => r.answered), sent: sum((r) => r.sent), otherStatus: sum((r) => r.otherStatus),
    errors: sum((r) => r.errors), timeouts: sum((r) => r.timeouts), p50: most((r) => r.p50), p99: most((r) => r.p99), max: most((r) => r.max),
  };
}
