/**
 * A constant-arrival-rate HTTP client for the load benches: request i is due
 * at start + i / rate whatever happened to the earlier ones (open loop), and
 * its latency runs from that due time to the end of its answer. A closed loop
 * (autocannon's connections, each waiting for its answer) sends less when the
 * server slows down and so hides the wait a real visitor would have had
 * (coordinated omission); here a stall shows up in every request due during
 * it. Keep-alive node:http sockets, one per request in flight; a request due
 * while `maxInFlight` are already waiting is not sent and counts as an error
 * (the server is past saturation; queueing it would only stretch the run).
 */
import { Agent, request } from 'node:http';

export interface Shot {
  kind: string;
  method: 'GET' | 'POST';
  path: string;
  body?: Buffer;
  headers?: Record<string, string>;
  /** The status that counts as answered; anything else is "other status". */
  expect: number;
}

export interface KindResult {
  sent: number;
  answered: number;
  otherStatus: number;
  /** Connection errors and timeouts. */
  errors: number;
  /** Due time → last byte of the answer, ms, answered requests only. */
  latencies: number[];
  firstProblem: string | null;
}

export interface OpenLoopResult {
  rate: number;
  seconds: number;
  byKind: Record<string, KindResult>;
  /** How late the client itself sent requests (its own event loop lag), ms: p99 and max. */
  sendLagP99: number;
  sendLagMax: number;
  maxInFlight: number;
}

export interface OpenLoopOptions {
  maxInFlight?: number;
  timeoutMs?: number;
}

const emptyKind = (): KindResult => ({ sent: 0, answered: 0, otherStatus: 0, errors: 0, latencies: [], firstProblem: null });

export function percentileOf(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

/** Every kind's results together. */
export function totalOf(r: OpenLoopResult): KindResult {
  const total = emptyKind();
  for (const k of Object.values(r.byKind)) {
    total.sent += k.sent;
    total.answered += k.answered;
    total.otherStatus += k.otherStatus;
    total.errors += k.errors;
    total.latencies.push(...k.latencies);
    total.firstProblem ??= k.firstProblem;
  }
  total.latencies.sort((a, b) => a - b);
  return total;
}

/**
 * `ratePerS` requests a second for `seconds`, request i being `shot(i)`; resolves once every request has ended.
 * Several base URLs (API processes side by side) take the requests in turn, as a round-robin proxy spreads them.
 */
export async function openLoop(baseUrl: string | readonly string[], shot: (i: number) => Shot, ratePerS: number, seconds: number, opts: OpenLoopOptions = {}): Promise<OpenLoopResult> {
  const targets = (typeof baseUrl === 'string' ? [baseUrl] : baseUrl).map((u) => new URL(u));
  const maxInFlightAllowed = opts.maxInFlight ?? 1000;
  const agent = new Agent({ keepAlive: true, maxSockets: maxInFlightAllowed });
  const timeoutMs = opts.timeoutMs ?? 10_000;
  const total = Math.round(ratePerS * seconds);
  const byKind: Record<string, KindResult> = {};
  const lags: number[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  let ended = 0;
  const start = performance.now() + 20;
  const dueAt = (i: number) => start + (i * 1000) / ratePerS;

  return new Promise<OpenLoopResult>((resolve) => {
    const finishIfDone = () => {
      if (ended < total || issued < total) return;
      agent.destroy();
      for (const k of Object.values(byKind)) k.latencies.sort((a, b) => a - b);
      lags.sort((a, b) => a - b);
      resolve({ rate: ratePerS, seconds, byKind, sendLagP99: percentileOf(lags, 99), sendLagMax: lags[lags.length - 1] ?? 0, maxInFlight });
    };
    const send = (i: number) => {
      const s = shot(i);
      const k = (byKind[s.kind] ??= emptyKind());
      const due = dueAt(i);
      lags.push(performance.now() - due);
      k.sent += 1;
      if (inFlight >= maxInFlightAllowed) {
        k.errors += 1;
        k.firstProblem ??= `not sent: ${maxInFlightAllowed} requests already in flight`;
        ended += 1;
        return;
      }
      inFlight += 1;
      maxInFlight = Math.max(maxInFlight, inFlight);
      let done = false;
      const end = (status: number | null, problem: string | null) => {
        if (done) return;
        done = true;
        inFlight -= 1;
        ended += 1;
        if (status === s.expect) {
          k.answered += 1;
          k.latencies.push(performance.now() - due);
        } else {
          if (status === null) k.errors += 1;
          else k.otherStatus += 1;
          k.firstProblem ??= problem ?? `${s.method} ${s.path.slice(0, 60)} → ${status}`;
        }
        finishIfDone();
      };
      const headers: Record<string, string | number> = { ...s.headers };
      if (s.body) headers['content-length'] = s.body.length;
      const { hostname, port } = targets[i % targets.length];
      const req = request({ hostname, port, method: s.method, path: s.path, agent, headers }, (res) => {
        res.on('data', () => undefined);
        res.once('end', () => end(res.statusCode ?? null, null));
        res.once('error', (e) => end(null, e.message));
      });
      req.setTimeout(timeoutMs, () => req.destroy(new Error(`timeout after ${timeoutMs} ms`)));
      req.once('error', (e) => end(null, e.message));
      req.end(s.body);
    };
    let issued = 0;
    const tick = () => {
      const now = performance.now();
      while (issued < total && dueAt(issued) <= now) send(issued++);
      if (issued < total) setTimeout(tick, Math.max(0, dueAt(issued) - performance.now()));
      else finishIfDone();
    };
    setTimeout(tick, Math.max(0, start - performance.now()));
  });
}
