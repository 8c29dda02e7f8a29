import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { Response } from 'express';
import { databaseFailure, DomainError, RateLimitError, type DomainErrorKind, type FieldProblem } from '@localreach/core';

const KIND_STATUS: Record<DomainErrorKind, number> = {
  invalid: HttpStatus.UNPROCESSABLE_ENTITY,
  not_found: HttpStatus.NOT_FOUND,
  conflict: HttpStatus.CONFLICT,
  forbidden: HttpStatus.FORBIDDEN,
  unauthenticated: HttpStatus.UNAUTHORIZED,
  too_large: HttpStatus.PAYLOAD_TOO_LARGE,
  unsupported_media: HttpStatus.UNSUPPORTED_MEDIA_TYPE,
  too_many_requests: HttpStatus.TOO_MANY_REQUESTS,
};

const STATUS_TEXT: Record<number, string> = {
  400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 405: 'Method Not Allowed', 409: 'Conflict',
  413: 'Payload Too Large', 415: 'Unsupported Media Type', 422: 'Unprocessable Entity', 429: 'Too Many Requests',
  500: 'Internal Server Error', 503: 'Service Unavailable',
};

/** The one error shape: { statusCode, error, message, code?, details? }. */
export interface ErrorBody {
  statusCode: number;
  error: string;
  message: string;
  code?: string;
  details?: FieldProblem[];
}

export interface BodyParserError {
  type?: string;
  status?: number;
  expose?: boolean;
  message?: string;
}

/** The error body for a body-parser failure (too large, not JSON, bad charset), or undefined for anything else. */
export function fromBodyParser(error: BodyParserError): ErrorBody | undefined {
  switch (error.type) {
    case 'entity.too.large':
      return { statusCode: 413, error: STATUS_TEXT[413], message: 'request body is too large', code: 'BODY_TOO_LARGE', details: [{ field: 'body', message: 'is too large' }] };
    case 'entity.parse.failed':
      return {
        statusCode: 400,
        error: STATUS_TEXT[400],
        message: 'request body is not valid JSON',
        code: 'MALFORMED_JSON',
        details: [{ field: 'body', message: 'is not valid JSON: send an object (or an array where documented), not a bare string, number, boolean or null' }],
      };
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return { statusCode: 415, error: STATUS_TEXT[415], message: error.message ?? 'unsupported encoding', code: 'UNSUPPORTED_ENCODING' };
    default:
      return undefined;
  }
}

/** Express's router refuses a path it cannot percent-decode; Nest hands that on as a bare 400. */
function fromUndecodablePath(exception: HttpException): ErrorBody | undefined {
  if (exception.getStatus() !== 400 || !exception.message.startsWith('Failed to decode param')) return undefined;
  return {
    statusCode: 400,
    error: STATUS_TEXT[400],
    message: 'the path holds invalid percent-encoding',
    code: 'MALFORMED_PATH',
    details: [{ field: 'path', message: 'holds invalid percent-encoding (each % must start a UTF-8 byte written as two hex digits)' }],
  };
}

function fromHttpException(exception: HttpException): ErrorBody {
  const status = exception.getStatus();
  const response = exception.getResponse();
  const body: ErrorBody = { statusCode: status, error: STATUS_TEXT[status] ?? 'Error', message: exception.message };
  if (typeof response === 'object' && response !== null) {
    const r = response as { message?: unknown; details?: FieldProblem[]; code?: string };
    if (typeof r.message === 'string') body.message = r.message;
    if (r.details) body.details = r.details;
    if (r.code) body.code = r.code;
  }
  return body;
}

/** What a database failure that is not the request's fault looks like from the API, or undefined for any other error. */
export function databaseUnavailable(exception: unknown): { body: ErrorBody; retryAfterSeconds: number } | undefined {
  const answer = (code: string, text: string, retryAfterSeconds: number) => ({
    body: { statusCode: 503, error: STATUS_TEXT[503], message: text, code, details: [{ field: 'database', message: text }] },
    retryAfterSeconds,
  });
  switch (databaseFailure(exception)) {
    case 'timeout':
      return answer('DATABASE_TIMEOUT', 'the database took too long to answer this request; try again, or narrow it', 1);
    case 'busy':
      return answer('DATABASE_BUSY', 'every database connection is in use; try again shortly', 1);
    case 'unreachable':
      return answer('DATABASE_UNAVAILABLE', 'the database is not reachable; try again shortly', 5);
    default:
      return undefined;
  }
}

@Catch()
export class HttpErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger(HttpErrorFilter.name);

  catch(exception: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    const unavailable = databaseUnavailable(exception);
    if (unavailable && !response.headersSent) {
      this.logger.warn(`${unavailable.body.code}: ${exception instanceof Error ? exception.message : String(exception)}`);
      response.setHeader('Retry-After', String(unavailable.retryAfterSeconds));
      response.status(503).json(unavailable.body);
      return;
    }
    const body = this.toBody(exception);
    if (body.statusCode >= 500) this.logger.error(exception instanceof Error ? exception.stack : String(exception));
    if (response.headersSent) {
      response.end();
      return;
    }
    if (exception instanceof RateLimitError) response.setHeader('Retry-After', String(exception.retryAfterSeconds));
    response.status(body.statusCode).json(body);
  }

  private toBody(exception: unknown): ErrorBody {
    if (exception instanceof DomainError) {
      const statusCode = KIND_STATUS[exception.kind];
      const body: ErrorBody = { statusCode, error: STATUS_TEXT[statusCode], message: exception.message, code: exception.code };
      if (exception.details.length > 0) body.details = exception.details;
      return body;
    }
    if (exception instanceof HttpException) return fromUndecodablePath(exception) ?? fromHttpException(exception);
    const parserBody = fromBodyParser(exception as BodyParserError);
    if (parserBody) return parserBody;
    return { statusCode: 500, error: STATUS_TEXT[500], message: 'internal error' };
  }
}
