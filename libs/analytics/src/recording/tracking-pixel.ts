/**
 * The 1×1 transparent GIF every open pixel answers with: the classic 43-byte
 * GIF89a (one-colour global table, a graphic control extension marking that
 * colour transparent, one LZW-coded pixel).
 */
export const TRANSPARENT_GIF: Buffer = Buffer.from('R0lGODlhAQABAIAAAP///wAAACH5BAEAAAAALAAAAAABAAEAAAICRAEAOw==', 'base64');

/** Cache-Control of tracking answers (pixel and click redirect): never cached anywhere, so every hit reaches us. */
export const TRACKING_NO_STORE = 'no-store, no-cache, must-revalidate, private';

/** Response headers of the pixel: never cached anywhere, so every open reaches us. */
export const PIXEL_HEADERS: Readonly<Record<string, string>> = {
  'Content-Type': 'image/gif',
  'Content-Length': String(TRANSPARENT_GIF.length),
  'Cache-Control': TRACKING_NO_STORE,
  Pragma: 'no-cache',
  Expires: '0',
  // Webmail shows the image on its own origin; helmet's default same-origin would make browsers refuse it.
  'Cross-Origin-Resource-Policy': 'cross-origin',
};
