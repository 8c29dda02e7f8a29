import { createHash, timingSafeEqual } from 'node:crypto';
import type { AppConfig } from '../config/app-config';
import { DomainError } from '../errors/domain-error';

/** Whether a scrape may read the metrics: `ok`, or why not. */
export type MetricsAccess = 'ok' | 'token_required' | 'invalid_token' | 'disabled';

const digest = (value: string): Buffer => createHash('sha256').update(value).digest();

/**
 * METRICS_TOKEN set: every scrape sends `Authorization: Bearer <token>`
 * (compared in constant time). Unset: open outside production, and not
 * served in production (the figures are not for the public internet the API
 * faces; set a token there).
 */
export function metricsAccess(config: Pick<AppConfig, 'metricsToken' | 'nodeEnv'>, authorization: string | undefined): MetricsAccess {
  const token = config.metricsToken;
  if (token === undefined) return config.nodeEnv === 'production' ? 'disabled' : 'ok';
  const match = /^Bearer\s+(\S+)$/i.exec(authorization ?? '');
  if (!match) return 'token_required';
  return timingSafeEqual(digest(match[1]), digest(token)) ? 'ok' : 'invalid_token';
}

/** The refusal for each denied access, as the error every HTTP answer uses (401 or 404, naming the header). */
export function metricsRefusal(access: Exclude<MetricsAccess, 'ok'>): DomainError {
  const field = [{ field: 'authorization', message: 'Bearer <METRICS_TOKEN>' }];
  if (access === 'token_required') return new DomainError('unauthenticated', 'METRICS_TOKEN_REQUIRED', 'send the metrics token as "Authorization: Bearer <METRICS_TOKEN>"', field);
  if (access === 'invalid_token') return new DomainError('unauthenticated', 'INVALID_METRICS_TOKEN', 'the metrics token is wrong', field);
  return new DomainError('not_found', 'METRICS_DISABLED', 'metrics are served in production only with METRICS_TOKEN set', [{ field: 'METRICS_TOKEN', message: 'not set' }]);
}
