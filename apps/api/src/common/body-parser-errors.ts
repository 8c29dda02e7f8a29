import type { NextFunction, Request, Response } from 'express';
import { fromBodyParser, type BodyParserError } from './http-exception.filter';

/**
 * Answers body-parser failures (bad JSON, a bare scalar body, too large, bad
 * charset) with the one error shape. Registered right after the parsers: Nest
 * would otherwise turn a parse error into a bare 400 without code or field.
 */
export function answerBodyParserErrors(error: unknown, _req: Request, res: Response, next: NextFunction): void {
  const body = typeof error === 'object' && error !== null ? fromBodyParser(error as BodyParserError) : undefined;
  if (!body || res.headersSent) return next(error);
  res.status(body.statusCode).json(body);
}
