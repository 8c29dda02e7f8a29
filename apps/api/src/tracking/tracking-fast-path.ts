import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { Logger } from '@nestjs/common';
import encodeUrl from 'encodeurl';
import { PIXEL_HEADERS, TRACKING_NO_STORE, TRANSPARENT_GIF, type TrackingService } from '@localreach/analytics';
import type { Metrics } from '@localreach/core';

// The token alphabet (base64url) only: anything else is left to the controller.
const TRACKING_PATH = /^\/t\/([oc])\/([A-Za-z0-9_-]{1,128})(?:\?|$)/;

const logger = new Logger('TrackingFastPath');
// The templates Express would label these routes with (TrackingController's).
const OPEN_ROUTE = '/t/o/:token';
const CLICK_ROUTE = '/t/c/:token';

type RequestListener = (req: IncomingMessage, res: ServerResponse) => void;
type Middleware = (req: IncomingMessage, res: ServerResponse, next: (error?: unknown) => void) => void;

const lowerCaseKeys = (headers: Readonly<Record<string, string>>): Record<string, string> =>
  Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]));

/**
 * The headers a middleware that only sets response headers (helmet) puts on
 * every answer, found by running it once on a stand-in response; names in
 * lower case. Throws when it does anything else, or does not pass the request on.
 */
export function headersSetBy(middleware: Middleware): Record<string, string> {
  const headers: Record<string, string> = {};
  const response = {
    setHeader(name: string, value: unknown) {
      headers[name.toLowerCase()] = String(value);
      return response;
    },
    removeHeader(name: string) {
      delete headers[name.toLowerCase()];
    },
    getHeader: (name: string) => headers[name.toLowerCase()],
  };
  let passedOn = false;
  middleware({ method: 'GET', url: '/', headers: {} } as IncomingMessage, response as unknown as ServerResponse, (error?: unknown) => {
    if (error) throw error instanceof Error ? error : new Error(String(error));
    passedOn = true;
  });
  if (!passedOn) throw new Error('the header middleware answered the request instead of passing it on');
  return headers;
}

/**
 * The open pixel and click redirect of valid tokens, answered on the HTTP
 * server ahead of Express and Nest (routing, middleware, body parsers,
 * request logging, guard, pipes): they are most of the traffic, public,
 * bodiless, not logged, and their token is their only input, which
 * TrackingService checks. The answers carry `commonHeaders` (helmet's, the
 * same as every other answer), and `Connection: close` once the server has
 * stopped listening (see close-on-shutdown.ts). Whatever this cannot answer
 * (HEAD, an invalid token, an unknown link, a failed lookup) goes on to
 * Express and TrackingController, which answers it as before; nothing is
 * recorded twice, as a hit is recorded only together with its answer here.
 * Answers given here are timed into the HTTP histogram under the routes'
 * templates, until the answer is handed to the socket (no 'finish' listener
 * per hit); the rest are timed by Express's middleware.
 */
export function installTrackingFastPath(server: Server, tracking: TrackingService, commonHeaders: Readonly<Record<string, string>>, metrics: Metrics): void {
  // Flat [name, value, …] lists: Node writes them as they are, and copying one is far cheaper than spreading a 20-key object.
  const flat = (headers: Readonly<Record<string, string>>): string[] => Object.entries(headers).flat();
  const pixel = flat({ ...lowerCaseKeys(commonHeaders), ...lowerCaseKeys(PIXEL_HEADERS) });
  const redirect = flat({ ...lowerCaseKeys(commonHeaders), 'cache-control': TRACKING_NO_STORE, 'content-type': 'text/plain; charset=utf-8' });
  const closing = (headers: string[]): string[] => (server.listening ? headers : headers.concat('connection', 'close'));
  // As a latin1 string Node sends the GIF in one piece with the headers instead of as a second buffer.
  const gif = TRANSPARENT_GIF.toString('latin1');

  const elapsed = (started: bigint): number => Number(process.hrtime.bigint() - started) / 1e9;
  const answerClick = (res: ServerResponse, url: string, started: bigint): void => {
    const location = encodeUrl(url);
    const body = `Found. Redirecting to ${location}`;
    res.writeHead(302, closing(redirect.concat('location', location, 'content-length', String(Buffer.byteLength(body))))).end(body);
    metrics.httpRequest('GET', CLICK_ROUTE, 302, elapsed(started));
  };

  const listeners = server.listeners('request') as RequestListener[];
  if (listeners.length !== 1) throw new Error(`expected one request listener (the Express app), found ${listeners.length}`);
  const [express] = listeners;
  server.removeAllListeners('request');
  const failed = (res: ServerResponse, error: unknown): void => {
    // Only after the hit was recorded: answered here, so it is not recorded again.
    logger.error(`answering a tracking hit failed: ${(error as Error).message}`);
    if (res.headersSent) res.destroy();
    else res.writeHead(500, closing(['content-type', 'text/plain; charset=utf-8'])).end('Internal Server Error');
  };

  // A listener of the server, not of Express: nothing catches what it throws, so it catches everything itself.
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const match = req.method === 'GET' ? TRACKING_PATH.exec(req.url ?? '') : null;
    if (!match) return express(req, res);
    const started = process.hrtime.bigint();
    const [, kind, token] = match;
    const userAgent = req.headers['user-agent'];
    let target: string | null | Promise<string | null>;
    try {
      if (kind === 'o') {
        if (!tracking.recordOpen(token, userAgent)) return express(req, res);
        res.writeHead(200, closing(pixel)).end(gif, 'latin1');
        metrics.httpRequest('GET', OPEN_ROUTE, 200, elapsed(started));
        return;
      }
      target = tracking.clickTarget(token, userAgent);
      if (typeof target === 'string') return answerClick(res, target, started);
    } catch (error) {
      return failed(res, error);
    }
    if (target === null) return express(req, res);
    target
      .then(
        (url) => (url === null ? express(req, res) : answerClick(res, url, started)),
        () => express(req, res),
      )
      .catch((error: unknown) => failed(res, error));
  });
}
