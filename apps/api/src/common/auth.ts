import { CanActivate, createParamDecorator, ExecutionContext, Inject, Injectable, SetMetadata } from '@nestjs/common';
import { InjectThrottlerStorage, ThrottlerStorageService } from '@nestjs/throttler';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { APP_CONFIG, DomainError, TenancyService, type AppConfig, type Role, type Tenant } from '@localreach/core';

export const IS_PUBLIC = 'localreach:public';
const ROLES = 'localreach:roles';

/** Marks a route as reachable without an API key (sign-up, tracking, webhooks, health). */
export const Public = () => SetMetadata(IS_PUBLIC, true);
/** Restricts a route to some roles. Without it, analysts may only read (GET) and the others may do anything. */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES, roles);

type TenantRequest = Request & { tenant?: Tenant };

/** The calling business, as resolved by the API key guard. */
export const CurrentTenant = createParamDecorator((_: unknown, ctx: ExecutionContext): Tenant => {
  const tenant = ctx.switchToHttp().getRequest<TenantRequest>().tenant;
  if (!tenant) throw new DomainError('unauthenticated', 'NO_TENANT', 'no API key on this request');
  return tenant;
});

@Injectable()
export class ApiKeyGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly tenancy: TenancyService,
    @InjectThrottlerStorage() private readonly storage: ThrottlerStorageService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    const request = context.switchToHttp().getRequest<TenantRequest>();
    this.refuseWhileBlocked(request);
    const header = request.headers.authorization ?? '';
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match) return this.failed(request, new DomainError('unauthenticated', 'MISSING_API_KEY', 'send your API key as "Authorization: Bearer <key>"'));
    const tenant = await this.tenancy.authenticate(match[1]);
    if (!tenant) return this.failed(request, new DomainError('unauthenticated', 'INVALID_API_KEY', 'the API key is unknown or revoked'));
    request.tenant = tenant;
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES, targets);
    const allowed = roles ? roles.includes(tenant.role) : tenant.role !== 'analyst' || ['GET', 'HEAD'].includes(request.method);
    if (!allowed) throw new DomainError('forbidden', 'FORBIDDEN_FOR_ROLE', `the ${tenant.role} role cannot do this`);
    return true;
  }

  private failureKey(request: Request): string {
    return `authFailures:address:${String(request.ip)}`;
  }

  /** An address past its failed-authentication limit is refused, valid key or not, until the block ends: guessing keys gets nowhere. */
  private refuseWhileBlocked(request: Request): void {
    if (this.config.rateLimits.authFailuresPerMinute === 0) return;
    const record = this.storage.storage.get(this.failureKey(request));
    const left = record?.isBlocked ? record.blockExpiresAt - Date.now() : 0;
    if (left > 0) throw this.tooManyFailures(left / 1000);
  }

  /** Counts a failed authentication of the address; past the limit the address is blocked for a minute. */
  private async failed(request: Request, error: DomainError): Promise<never> {
    const limit = this.config.rateLimits.authFailuresPerMinute;
    if (limit > 0) {
      const record = await this.storage.increment(this.failureKey(request), AUTH_FAILURE_WINDOW_MS, limit, AUTH_FAILURE_WINDOW_MS, 'authFailures');
      if (record.isBlocked) throw this.tooManyFailures(record.timeToBlockExpire);
    }
    throw error;
  }

  private tooManyFailures(retryAfterSeconds: number): DomainError {
    const limit = this.config.rateLimits.authFailuresPerMinute;
    return DomainError.tooManyRequests('AUTH_RATE_LIMITED', `more than ${limit} requests without a valid API key from this address in a minute; try again later`, retryAfterSeconds, [
      { field: 'authorization', message: `more than ${limit} failed attempts per minute from this address` },
    ]);
  }
}

const AUTH_FAILURE_WINDOW_MS = 60_000;
