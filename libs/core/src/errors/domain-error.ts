/** One offending input field and what is wrong with it. */
export interface FieldProblem {
  readonly field: string;
  readonly message: string;
}

/**
 * Error codes libs may throw. The HTTP layer maps each kind to a status; the
 * worker maps them to retry or give up.
 */
export type DomainErrorKind = 'invalid' | 'not_found' | 'conflict' | 'forbidden' | 'unauthenticated' | 'too_large' | 'unsupported_media' | 'too_many_requests';

export class DomainError extends Error {
  constructor(
    readonly kind: DomainErrorKind,
    readonly code: string,
    message: string,
    readonly details: FieldProblem[] = [],
  ) {
    super(message);
    this.name = 'DomainError';
  }

  static invalid(code: string, problems: FieldProblem[]): DomainError {
    const message = problems.map((p) => `${p.field}: ${p.message}`).join('; ');
    return new DomainError('invalid', code, message, problems);
  }

  /** `field` names where the id came from: the path's id unless said otherwise. */
  static notFound(entity: string, id: string, field = 'id'): DomainError {
    const code = `${entity.toUpperCase().replace(/\s+/g, '_')}_NOT_FOUND`;
    return new DomainError('not_found', code, `${entity} ${id} not found`, [{ field, message: `no ${entity} with this id in your business` }]);
  }

  static conflict(code: string, message: string, details: FieldProblem[] = []): DomainError {
    return new DomainError('conflict', code, message, details);
  }

  /** A limit was reached; the HTTP layer answers 429 with Retry-After. */
  static tooManyRequests(code: string, message: string, retryAfterSeconds: number, details: FieldProblem[] = []): RateLimitError {
    return new RateLimitError(code, message, Math.max(1, Math.ceil(retryAfterSeconds)), details);
  }
}

/** A DomainError of kind too_many_requests, with when to try again. */
export class RateLimitError extends DomainError {
  constructor(
    code: string,
    message: string,
    readonly retryAfterSeconds: number,
    details: FieldProblem[] = [],
  ) {
    super('too_many_requests', code, message, details);
  }
}
