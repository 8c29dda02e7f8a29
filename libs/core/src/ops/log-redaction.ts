import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * What never reaches a log line: API keys, tracking and unsubscribe tokens
 * (an unsubscribe link changes that person's consent), email addresses and
 * phone numbers, wherever they appear (request URLs and query strings,
 * messages, error texts). Applied to every pino logger of the API and the
 * worker, so no call site has to remember it.
 */

// Query parameters whose values are never personal: filters on ids, enums, times and paging sizes.
const SAFE_QUERY_KEYS = new Set([
  'limit', 'sort', 'order', 'from', 'to', 'period', 'status', 'channel', 'outcome', 'type', 'kind', 'action', 'granularity',
  'campaignId', 'segmentId', 'customerId', 'storeId', 'geofenceId', 'templateId', 'stepId', 'version', 'source',
  'consentEmail', 'consentSms', 'consentLocation', 'updatedSince', 'format', 'dryRun', 'view', 'compare', 'preset',
]);

// Paths that carry bearer secrets: /t/o/<token> and /t/c/<token> (pixel and clicks), /u/<token> (unsubscribe),
// /sender-confirmation/<token> (confirms a business's email sender).
const TRACKING_PATH = /^\/t\/(?:([co])\/)?.*$/;
const UNSUBSCRIBE_PATH = /^\/u\/.*$/;
const SENDER_CONFIRMATION_PATH = /^\/sender-confirmation\/.*$/;
const API_KEY = /\blr_[A-Za-z0-9_-]{8,}/g;
// Local parts as addresses are written in practice (a log line's /, = and ? must not be swallowed into one).
const EMAIL = /[A-Za-z0-9._%+-]+(?:@|%40)[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+/g;
// International numbers (+ or its URL encoding, then 7 to 15 digits with the usual separators) and long digit runs.
const PHONE = /(?:\+|%2B)\d[\d\s().-]{5,20}\d|\(?\b\d{3}\)?[\s.-]?\d{3}[\s.-]?\d{4}\b/gi;

/** The text with API keys, emails and phone numbers replaced by placeholders. */
export function redactText(text: string): string {
  return text.replace(API_KEY, 'lr_[redacted]').replace(EMAIL, '[email]').replace(PHONE, '[phone]');
}

/** A request URL fit for a log: token paths masked, query values kept only for non-personal keys, the rest scrubbed. */
export function redactUrl(url: string): string {
  const queryAt = url.indexOf('?');
  const path = (queryAt === -1 ? url : url.slice(0, queryAt))
    .replace(TRACKING_PATH, (_m, kind: string | undefined) => (kind ? `/t/${kind}/[token]` : '/t/[token]'))
    .replace(UNSUBSCRIBE_PATH, '/u/[token]')
    .replace(SENDER_CONFIRMATION_PATH, '/sender-confirmation/[token]');
  if (queryAt === -1) return redactText(path);
  const query = url
    .slice(queryAt + 1)
    .split('&')
    .map((pair) => {
      const equals = pair.indexOf('=');
      const key = equals === -1 ? pair : pair.slice(0, equals);
      if (equals === -1) return redactText(key);
      return SAFE_QUERY_KEYS.has(key) ? redactText(pair) : `${redactText(key)}=[redacted]`;
    })
    .join('&');
  return `${redactText(path)}?${query}`;
}

/** Strings, arrays and plain objects with every string scrubbed; Errors as scrubbed { type, message, stack }; anything else as is. */
export function redactValue(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return redactText(value);
  if (depth > 8 || value === null || typeof value !== 'object') return value;
  if (value instanceof Error) {
    return { type: value.name, message: redactText(value.message), ...(value.stack ? { stack: redactText(value.stack) } : {}) };
  }
  if (Array.isArray(value)) return value.map((item) => redactValue(item, depth + 1));
  const proto = Object.getPrototypeOf(value) as object | null;
  if (proto !== null && proto !== Object.prototype) return value;
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, redactValue(item, depth + 1)]));
}

type LogMethod = (this: unknown, ...args: unknown[]) => void;

/**
 * pino options for every logger: requests logged as id, method, scrubbed URL
 * and (for responses) status only; headers, bodies and client addresses are
 * never logged; every message and object argument is scrubbed.
 */
export function redactingPinoOptions() {
  return {
    serializers: {
      req: (req: IncomingMessage & { id?: unknown }) => ({ id: req.id, method: req.method, url: redactUrl(req.url ?? '') }),
      res: (res: ServerResponse) => ({ statusCode: res.statusCode }),
      err: (err: unknown) => redactValue(err),
    },
    hooks: {
      logMethod(this: unknown, args: unknown[], method: LogMethod): void {
        method.apply(this, args.map((arg) => redactValue(arg)));
      },
    },
  };
}
