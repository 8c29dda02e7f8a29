/**
 * The business made its hourly allowance of test sends. Not a DomainError:
 * none of its kinds means "too many requests"; the API answers 429 with a
 * Retry-After (see the campaigns controller's filter).
 */
export class TestSendRateLimitError extends Error {
  readonly code = 'TEST_SEND_RATE_LIMITED';

  constructor(
    readonly limit: number,
    readonly retryAt: Date,
    readonly retryAfterSeconds: number,
  ) {
    super(`at most ${limit} test sends per hour per business; the next is possible at ${retryAt.toISOString()}`);
    this.name = 'TestSendRateLimitError';
  }
}
