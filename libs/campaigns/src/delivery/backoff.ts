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

/** Base 30 s, factor 2, cap 1 h, six attempts: the last retry comes between about 15.5 and 31 minutes after the first attempt. */
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
 * "Equal jitter" (AWS architecture blog, 2015): uniform in [ceiling / 2,
 * ceiling), so many messages failing together at an outage still come back
 * spread out, and the six attempts always span at least half the sum of the
 * ceilings (15.5 min by default). Full jitter (uniform from 0) could spend all
 * six within seconds: with it, a provider outage of a few ceilings failed a
 * share of the queued mail for good (the SMTP refusal test caught it).
 */
export function retryDelayMs(attempt: number, policy: RetryPolicy): number {
  const ceiling = backoffCeilingMs(attempt, policy);
  return Math.floor(ceiling / 2 + policy.random() * (ceiling / 2));
}

/** When to try again after transient failure of attempt `attempt`, or null when the attempts are used up. */
export function nextRetryAt(attempt: number, now: Date, policy: RetryPolicy): Date | null {
  if (attempt >= policy.maxAttempts) return null;
  return new Date(now.getTime() + retryDelayMs(attempt, policy));
}
