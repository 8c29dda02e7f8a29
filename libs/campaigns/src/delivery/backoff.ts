/** How transient provider failures are retried. */
export interface RetryPolicy {
  /** Ceiling of the first retry's delay. */
  readonly baseMs: number;
  readonly factor: number;
  /** No ceiling grows past this. */
  readonly capMs: number;
  /** Provider attempts in all, the first included; a transient failure of the last one fails the message. */
  readonly maxAttempts: number;
  /** Uniform in [0, 1); injectable so tests are deterministic. */
  readonly random: () => number;
}

/** Base 30 s, factor 2, cap 1 h, six attempts: retries within about 31 minutes at most. */
export const DEFAULT_RETRY_POLICY: RetryPolicy = { baseMs: 30_000, factor: 2, capMs: 60 * 60_000, maxAttempts: 6, random: Math.random };

export const RETRY_POLICY = Symbol('RETRY_POLICY');

/** The ceiling of the delay after failed attempt `attempt` (1-based): min(cap, base · factor^(attempt − 1)). */
export function backoffCeilingMs(attempt: number, policy: Pick<RetryPolicy, 'baseMs' | 'factor' | 'capMs'>): number {
  if (!Number.isInteger(attempt) || attempt < 1) throw new RangeError(`attempt must be a positive integer, got ${attempt}`);
  // Computed in the exponent's log so large attempt numbers cannot overflow to Infinity · 0 = NaN.
  const exponent = attempt - 1;
  if (exponent * Math.log(policy.factor) >= Math.log(policy.capMs / policy.baseMs)) return policy.capMs;
  return Math.min(policy.capMs, policy.baseMs * policy.factor ** exponent);
}

/**
 * "Full jitter" (AWS architecture blog, 2015): uniform in [0, ceiling), so
 * many messages failing together at an outage do not come back together.
 */
export function retryDelayMs(attempt: number, policy: RetryPolicy): number {
  return Math.floor(policy.random() * backoffCeilingMs(attempt, policy));
}

/** When to try again after transient failure of attempt `attempt`, or null when the attempts are used up. */
export function nextRetryAt(attempt: number, now: Date, policy: RetryPolicy): Date | null {
  if (attempt >= policy.maxAttempts) return null;
  return new Date(now.getTime() + retryDelayMs(attempt, policy));
}
