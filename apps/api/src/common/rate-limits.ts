import { Injectable, SetMetadata, type ExecutionContext } from '@nestjs/common';
import { ThrottlerGuard, type ThrottlerLimitDetail, type ThrottlerModuleOptions, type ThrottlerOptions } from '@nestjs/throttler';
import type { Request } from 'express';
import { DomainError, type AppConfig, type Tenant } from '@localreach/core';
import { IS_PUBLIC } from './auth';

/**
 * Request limits (@nestjs/throttler, in-process memory: one API process, or
 * per process behind a load balancer). Each limit is one bucket per tracker
 * across every route it covers, not per route:
 * - signUp: POST /v1/businesses per client address per hour;
 * - public: the other routes reachable without a key (unsubscribe pages,
 *   tracking fallbacks, webhooks, health) per client address per minute (not
 *   /ready: a probe is never refused for other traffic from its address);
 * - api: every route with a key, per API key per minute.
 * Failed authentication per address is counted by the API key guard (auth.ts).
 * Valid pixel and click hits are answered ahead of Nest (tracking-fast-path.ts)
 * and are not limited; invalid tokens fall through to the limited controller.
 * A limit of 0 is off. Over a limit: 429 RATE_LIMITED with Retry-After.
 */

const SIGN_UP = 'localreach:sign-up';
/** Marks the sign-up route for its own, stricter limit. */
export const SignUpRoute = () => SetMetadata(SIGN_UP, true);

const marked = (context: ExecutionContext, key: string): boolean =>
  Reflect.getMetadata(key, context.getHandler()) === true || Reflect.getMetadata(key, context.getClass()) === true;

const byAddress = (req: Record<string, unknown>): string => `address:${String((req as unknown as Request).ip)}`;
const byKey = (req: Record<string, unknown>): string => `key:${(req as { tenant?: Tenant }).tenant?.keyId ?? 'none'}`;

const WINDOWS: Record<string, { ttl: number; per: string }> = {
  signUp: { ttl: 3_600_000, per: 'sign-ups per hour from this address' },
  public: { ttl: 60_000, per: 'requests per minute from this address' },
  api: { ttl: 60_000, per: 'requests per minute with this API key' },
};

/** The throttler options for the configured limits. */
export function rateLimitOptions(config: AppConfig): ThrottlerModuleOptions {
  const { signUpsPerHour, publicRequestsPerMinute, apiRequestsPerMinute } = config.rateLimits;
  const throttlers: ThrottlerOptions[] = [
    { name: 'signUp', ttl: WINDOWS.signUp.ttl, limit: signUpsPerHour, getTracker: byAddress, skipIf: (c) => signUpsPerHour === 0 || !marked(c, SIGN_UP) },
    {
      name: 'public', ttl: WINDOWS.public.ttl, limit: publicRequestsPerMinute, getTracker: byAddress,
      skipIf: (c) => publicRequestsPerMinute === 0 || !marked(c, IS_PUBLIC) || marked(c, SIGN_UP),
    },
    { name: 'api', ttl: WINDOWS.api.ttl, limit: apiRequestsPerMinute, getTracker: byKey, skipIf: (c) => apiRequestsPerMinute === 0 || marked(c, IS_PUBLIC) },
  ];
  // One bucket per limit and tracker, whatever the route.
  return { throttlers, generateKey: (_context, tracker, name) => `${name}:${tracker}`, setHeaders: false };
}

/** The throttler guard answering in the one error shape: 429 RATE_LIMITED with Retry-After. */
@Injectable()
export class RateLimitGuard extends ThrottlerGuard {
  protected override async throwThrottlingException(_context: ExecutionContext, detail: ThrottlerLimitDetail): Promise<void> {
    // Keys are `${name}:${tracker}` (rateLimitOptions' generateKey).
    const per = WINDOWS[detail.key.slice(0, detail.key.indexOf(':'))]?.per ?? 'requests';
    const retryAfter = detail.timeToBlockExpire || detail.timeToExpire;
    throw DomainError.tooManyRequests('RATE_LIMITED', `at most ${detail.limit} ${per}; try again in ${retryAfter} s`, retryAfter, [
      { field: 'request', message: `at most ${detail.limit} ${per}` },
    ]);
  }
}
