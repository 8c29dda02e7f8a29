/** One problem the API named: the field path (`address.city`, `definition.all[1].radiusMeters`) and what is wrong. */
export interface FieldProblem {
  field: string;
  message: string;
}

/** An error answer of the API ({ statusCode, code, message, details }), or a network failure (status 0). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: FieldProblem[] = [],
    readonly retryAfterSeconds: number | null = null,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  /** The problem the API reported for `field`, or for a field under it. */
  problemAt(field: string): string | undefined {
    return problemsByField(this.details)[field];
  }
}

/** Builds an ApiError from whatever came back: the documented error body, or anything else. */
export function apiErrorOf(status: number, body: unknown, retryAfter: string | null = null): ApiError {
  const b = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  const details = Array.isArray(b.details)
    ? b.details.flatMap((d: unknown) => {
        const p = d as Record<string, unknown>;
        return typeof p?.field === 'string' ? [{ field: p.field, message: typeof p.message === 'string' ? p.message : 'is invalid' }] : [];
      })
    : [];
  const message = typeof b.message === 'string' ? b.message : status === 0 ? 'The server cannot be reached' : `Request failed (${status})`;
  const code = typeof b.code === 'string' ? b.code : status === 0 ? 'NETWORK_ERROR' : 'HTTP_ERROR';
  const seconds = retryAfter !== null && /^\d+$/.test(retryAfter) ? Number(retryAfter) : null;
  return new ApiError(status, code, message, details, seconds);
}

/**
 * The first message per field. A problem at a nested path also shows at each
 * of its parents' paths when none of their own exists (a form that shows only
 * `address` still shows a problem at `address.city`).
 */
export function problemsByField(details: FieldProblem[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const { field, message } of details) {
    if (!(field in out)) out[field] = message;
  }
  for (const { field, message } of details) {
    const parts = field.split(/\.|(?=\[)/);
    for (let i = parts.length - 1; i > 0; i--) {
      const parent = parts.slice(0, i).join('.').replace(/\.\[/g, '[');
      if (!(parent in out)) out[parent] = `${field.slice(parent.length).replace(/^\./, '')}: ${message}`;
    }
  }
  return out;
}
