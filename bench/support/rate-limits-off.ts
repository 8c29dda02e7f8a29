/**
 * The benchmarks measure what the engine can take, so the production API they
 * start runs without request limits (a limit is an operator's choice; the
 * throttler's own cost at the default 6,000 per minute is a sliding log of at
 * most that many timestamps per key, a few microseconds a request).
 */
export const RATE_LIMITS_OFF = {
  RATE_LIMIT_SIGNUPS_PER_HOUR: '0',
  RATE_LIMIT_AUTH_FAILURES_PER_MINUTE: '0',
  RATE_LIMIT_API_PER_MINUTE: '0',
  RATE_LIMIT_PUBLIC_PER_MINUTE: '0',
} as const;
