import { existsSync, readFileSync } from 'node:fs';
import { extname, join, resolve, sep } from 'node:path';
import { gzipSync } from 'node:zlib';
import express, { type RequestHandler, type Router } from 'express';
import type { AppConfig } from '@localreach/core';

/**
 * The Content-Security-Policy of the admin pages: scripts only from this
 * origin (no eval, no inline script), requests only to this API, images from
 * here and from the configured map tiles, and no framing by other sites.
 * Styles may be inline: Mantine and Leaflet set them at run time.
 */
export function adminContentSecurityPolicy(mapTileUrl: string | undefined): string {
  const tiles = mapTileUrl ? ` ${new URL(mapTileUrl.replace(/\{[a-z]\}/g, '0')).origin}` : '';
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    `img-src 'self' data: blob:${tiles}`,
    "connect-src 'self'",
    "font-src 'self' data:",
    "frame-src 'self' blob: data:",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

function escapeAttribute(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
}

/** index.html with the settings the UI reads at start (map tiles) as meta tags. */
export function adminIndexHtml(template: string, config: Pick<AppConfig, 'mapTileUrl'>): string {
  const meta = `<meta name="localreach-map-tiles" content="${escapeAttribute(config.mapTileUrl ?? '')}" />`;
  return template.replace('</head>', `    ${meta}\n  </head>`);
}

/**
 * Hashed JavaScript and CSS gzip-compressed once (level 9) and kept in memory,
 * for clients that accept gzip: the first page's scripts are about 185 KB on
 * the wire instead of 600 KB. The files never change under a hashed name.
 */
function gzippedAssets(assetsDir: string): RequestHandler {
  const root = resolve(assetsDir);
  const cache = new Map<string, Buffer>();
  return (req, res, next) => {
    const accepts = /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''));
    if ((req.method !== 'GET' && req.method !== 'HEAD') || !accepts || !/\.(js|css)$/.test(req.path)) return next();
    const file = resolve(root, `.${decodeURIComponent(req.path)}`);
    if (!file.startsWith(root + sep) || !existsSync(file)) return next();
    let body = cache.get(file);
    if (!body) cache.set(file, (body = gzipSync(readFileSync(file), { level: 9 })));
    res.setHeader('Content-Encoding', 'gzip');
    res.setHeader('Vary', 'Accept-Encoding');
    res.setHeader('Cache-Control', 'public, max-age=31536000, immutable');
    res.type(extname(file)).send(body);
  };
}

/**
 * /admin: the built UI's files (hashed assets cached for a year), and
 * index.html for every other path below it, where the client router takes
 * over. Without a build, /admin says how to make one.
 */
export function adminUiRouter(config: Pick<AppConfig, 'adminDir' | 'mapTileUrl'>): Router {
  const router = express.Router();
  const csp = adminContentSecurityPolicy(config.mapTileUrl);
  const security: RequestHandler = (_req, res, next) => {
    res.setHeader('Content-Security-Policy', csp);
    next();
  };
  router.use(security);
  const indexPath = join(config.adminDir, 'index.html');
  if (!existsSync(indexPath)) {
    router.use((_req, res) => {
      res.status(503).type('text/plain').send('The admin UI is not built. Run `npm run build` (npm start does it) and restart.\n');
    });
    return router;
  }
  const index = adminIndexHtml(readFileSync(indexPath, 'utf8'), config);
  router.use('/assets', gzippedAssets(join(config.adminDir, 'assets')));
  router.use('/assets', express.static(join(config.adminDir, 'assets'), { immutable: true, maxAge: '365d', index: false }));
  // A missing asset is a stale or mistyped link, not a client route.
  router.use('/assets', (_req, res) => {
    res.status(404).type('text/plain').send('Not found\n');
  });
  router.use(express.static(config.adminDir, { index: false }));
  router.get(/.*/, (_req, res) => {
    res.setHeader('Cache-Control', 'no-cache');
    res.type('html').send(index);
  });
  return router;
}
