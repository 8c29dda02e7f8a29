import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';

/**
 * The parsed JSON body, untouched by the DTO pipe. For payloads whose rules
 * live in a lib validator that reports every field itself (events, orders,
 * stores), so the API and other entry points share one set of rules.
 */
export const RawBody = createParamDecorator((_: unknown, ctx: ExecutionContext): unknown => ctx.switchToHttp().getRequest<Request>().body);
