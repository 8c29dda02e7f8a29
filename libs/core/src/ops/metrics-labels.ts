/** The route label of requests no route matched (scanners, typos): one label, not one per URL. */
export const UNMATCHED_ROUTE = 'unmatched';

/** What Express leaves on a request once a route has handled it (or nothing, when none matched). */
export interface RoutedRequest {
  baseUrl?: string;
  route?: { path?: unknown };
}

/**
 * The route template of a request (`/v1/customers/:id`), never its URL: a
 * label per URL (ids, tokens, query strings) would grow without bound.
 * Requests no route matched share one label; so do the files under a static
 * mount (`/admin/*`).
 */
export function routeLabel(req: RoutedRequest): string {
  const path = req.route?.path;
  if (typeof path !== 'string') return UNMATCHED_ROUTE;
  const template = `${req.baseUrl ?? ''}${path}` || '/';
  // Nest answers URLs no controller has with a catch-all route of its own (`/{*path}`): that is "no route" too.
  return CATCH_ALL.test(template) ? UNMATCHED_ROUTE : template;
}

const CATCH_ALL = /^\/?(\*|\{\*[^}]*\})$/;

/** Label values that are not safe identifiers (or too long) are all the same bucket. */
const SAFE_LABEL = /^[A-Za-z0-9_.:-]{1,64}$/;
export const OTHER_LABEL = 'other';

/**
 * Keeps a label whose values come from outside (provider error codes) to at
 * most `max` distinct values: the first ones seen are kept, later new ones
 * and unsafe ones are `other`, so a provider inventing codes cannot grow the
 * series without bound.
 */
export class BoundedLabel {
  private readonly seen = new Set<string>();

  constructor(private readonly max: number) {}

  value(raw: string): string {
    if (this.seen.has(raw)) return raw;
    if (!SAFE_LABEL.test(raw) || this.seen.size >= this.max) return OTHER_LABEL;
    this.seen.add(raw);
    return raw;
  }
}
