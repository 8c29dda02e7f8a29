import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { PIXEL_HEADERS, TRANSPARENT_GIF, type TrackingService } from '@localreach/analytics';

export const TRACKING_NO_STORE = 'no-store, no-cache, must-revalidate, private';

// The token alphabet (base64url) only: anything else is left to the controller.
const TRACKING_PATH = /^\/t\/([oc])\/([A-Za-z0-9_-]{1,128})(?:\?|$)/;

/**
 * The open pixel and click redirect of valid tokens, answered ahead of the
 * Nest pipeline (body parsers, request logging, guard, pipes): they are most
 * of the traffic, public, bodiless, not logged, and their token is their only
 * input, which TrackingService checks. Mounted after helmet, so the answers
 * carry the same headers. Whatever this cannot answer (HEAD, an invalid
 * token, an unknown link, a failed lookup) goes on to TrackingController,
 * which answers it as before; nothing is recorded twice, as a hit is recorded
 * only together with its answer here.
 */
export function trackingFastPath(tracking: TrackingService): RequestHandler {
  return (req: Request, res: Response, next: NextFunction): void => {
    const match = req.method === 'GET' ? TRACKING_PATH.exec(req.url) : null;
    if (!match) return next();
    const [, kind, token] = match;
    const userAgent = req.headers['user-agent'];
    if (kind === 'o') {
      if (!tracking.recordOpen(token, userAgent)) return next();
      res.writeHead(200, PIXEL_HEADERS).end(TRANSPARENT_GIF);
      return;
    }
    tracking.resolveClick(token, userAgent).then(
      (url) => {
        if (url === null) return next();
        res.setHeader('Cache-Control', TRACKING_NO_STORE);
        res.redirect(302, url);
      },
      () => next(),
    );
  };
}
