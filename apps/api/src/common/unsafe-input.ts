import { BadRequestException, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { findUnsafeInput, unsafeTextProblem, type FieldProblem } from '@localreach/core';

function refusal(details: FieldProblem[]) {
  return {
    statusCode: 400,
    error: 'Bad Request',
    message: details.map((d) => `${d.field}: ${d.message}`).join('; '),
    code: 'UNSAFE_INPUT',
    details,
  };
}

/**
 * Refuses JSON bodies and query strings holding what no validator or SQL
 * statement should meet (control characters, lone surrogates, prototype keys,
 * non-finite numbers, nesting or sizes past the documented limits), naming
 * each field, before any route handler runs.
 */
export function rejectUnsafeInput(req: Request, res: Response, next: NextFunction): void {
  // Provider webhooks carry what a phone sent and are verified by signature; the public token pages
  // (/t/, /u/) read only fixed form values and answer HTML of their own: neither is bounced here.
  if (!req.path.startsWith('/v1/')) return next();
  const details = [...findUnsafeInput(req.query), ...(req.body !== undefined ? findUnsafeInput(req.body) : [])];
  if (details.length === 0) return next();
  res.status(400).json(refusal(details));
}

/**
 * Path parameters of the API (/v1) get the same character check, named by
 * the parameter. Public token routes keep answering unknown tokens with 404.
 */
@Injectable()
export class UnsafePathParamsGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<Request>();
    if (!request.path.startsWith('/v1/')) return true;
    const details: FieldProblem[] = [];
    for (const [name, value] of Object.entries(request.params ?? {})) {
      const problem = typeof value === 'string' ? unsafeTextProblem(value) : undefined;
      if (problem) details.push({ field: name, message: problem });
    }
    if (details.length > 0) throw new BadRequestException({ message: refusal(details).message, code: 'UNSAFE_INPUT', details });
    return true;
  }
}
