/** transient: worth retrying later (timeouts, 4xx SMTP replies, HTTP 429/5xx); permanent: retrying cannot help. */
export type ProviderErrorKind = 'transient' | 'permanent';

export interface ProviderErrorOptions {
  /** The address is bad or opted out: add it to the business's suppression list. */
  suppress?: boolean;
  /** The recipient opted out at the carrier (Twilio 21610): their SMS consent becomes denied. */
  optedOut?: boolean;
  /** The provider asked to wait this long before trying again (HTTP Retry-After). */
  retryAfterMs?: number;
  cause?: unknown;
}

/**
 * A provider refused or could not take a message. `code` is the provider's own
 * (an SMTP reply code such as "550", a Twilio error code such as "21211", or a
 * network errno such as "ECONNREFUSED") and is stored on the message.
 */
export class ProviderError extends Error {
  readonly suppress: boolean;
  readonly optedOut: boolean;
  readonly retryAfterMs: number | undefined;

  constructor(
    readonly kind: ProviderErrorKind,
    readonly code: string,
    message: string,
    options: ProviderErrorOptions = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'ProviderError';
    this.suppress = options.suppress ?? false;
    this.optedOut = options.optedOut ?? false;
    this.retryAfterMs = options.retryAfterMs;
  }

  static transient(code: string, message: string, cause?: unknown, retryAfterMs?: number): ProviderError {
    return new ProviderError('transient', code, message, { cause, retryAfterMs });
  }

  static permanent(code: string, message: string, options: ProviderErrorOptions = {}): ProviderError {
    return new ProviderError('permanent', code, message, options);
  }
}
