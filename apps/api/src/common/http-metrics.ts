import type { NextFunction, Request, Response } from 'express';
import { routeLabel, type Metrics } from '@localreach/core';

/** Requests under these mounts are served by static routers: one label per mount (`/admin/*`). */
const STATIC_MOUNTS = ['/admin', '/docs'];

function staticMount(url: string): string | undefined {
  return STATIC_MOUNTS.find((mount) => url === mount || url.startsWith(`${mount}/`) || url.startsWith(`${mount}?`));
}

/**
 * Times every request Express sees into the HTTP histogram, labelled by the
 * route template Express matched (read once the answer is sent, so 401s,
 * 404s and errors are counted under the route too). The first middleware,
 * so its clock starts before the others run. Tracking hits answered ahead of
 * Express are timed by the fast path itself.
 */
export function httpMetrics(metrics: Metrics) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const started = process.hrtime.bigint();
    const mount = staticMount(req.url);
    res.once('finish', () => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      metrics.httpRequest(req.method, mount === undefined ? routeLabel(req) : `${mount}/*`, res.statusCode, seconds);
    });
    next();
  };
}
