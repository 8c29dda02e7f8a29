import type { NextFunction, Request, Response } from 'express';

const JSON_TYPE = /^application\/([\w.+-]+\+)?json$/i;
const STREAMED_UPLOADS = new Set(['/v1/customers/import']);

/**
 * API writes take JSON; anything else gets a 415 naming the header instead of
 * an empty body being validated. Bulk uploads stream their own formats.
 */
export function requireJsonBodies(req: Request, res: Response, next: NextFunction): void {
  const hasBody = req.headers['transfer-encoding'] !== undefined || Number(req.headers['content-length'] ?? 0) > 0;
  const isWrite = req.method === 'POST' || req.method === 'PATCH' || req.method === 'PUT';
  if (!isWrite || !hasBody || !req.path.startsWith('/v1/') || STREAMED_UPLOADS.has(req.path)) return next();
  const type = (req.headers['content-type'] ?? '').split(';')[0].trim();
  if (JSON_TYPE.test(type)) return next();
  res.status(415).json({
    statusCode: 415,
    error: 'Unsupported Media Type',
    message: `send JSON with Content-Type: application/json, not "${type || 'nothing'}"`,
    code: 'UNSUPPORTED_MEDIA_TYPE',
    details: [{ field: 'Content-Type', message: 'must be application/json' }],
  });
}
