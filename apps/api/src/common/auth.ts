import { CanActivate, createParamDecorator, ExecutionContext, Injectable, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { DomainError, TenancyService, type Role, type Tenant } from '@localreach/core';

const PUBLIC = 'localreach:public';
const ROLES = 'localreach:roles';

/** Marks a route as reachable without an API key (sign-up, tracking, webhooks, health). */
export const Public = () => SetMetadata(PUBLIC, true);
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
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC, targets)) return true;
    const request = context.switchToHttp().getRequest<TenantRequest>();
    const header = request.headers.authorization ?? '';
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match) throw new DomainError('unauthenticated', 'MISSING_API_KEY', 'send your API key as "Authorization: Bearer <key>"');
    const tenant = await this.tenancy.authenticate(match[1]);
    if (!tenant) throw new DomainError('unauthenticated', 'INVALID_API_KEY', 'the API key is unknown or revoked');
    request.tenant = tenant;
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES, targets);
    const allowed = roles ? roles.includes(tenant.role) : tenant.role !== 'analyst' || ['GET', 'HEAD'].includes(request.method);
    if (!allowed) throw new DomainError('forbidden', 'FORBIDDEN_FOR_ROLE', `the ${tenant.role} role cannot do this`);
    return true;
  }
}
