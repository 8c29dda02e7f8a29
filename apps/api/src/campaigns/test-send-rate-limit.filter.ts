import { ArgumentsHost, Catch, type ExceptionFilter } from '@nestjs/common';
import type { Response } from 'express';
import { TestSendRateLimitError } from '@localreach/campaigns';

/** 429 TEST_SEND_RATE_LIMITED with Retry-After, in the one error shape; every other error goes on to the global filter. */
@Catch(TestSendRateLimitError)
export class TestSendRateLimitFilter implements ExceptionFilter {
  catch(error: TestSendRateLimitError, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    response.setHeader('Retry-After', String(error.retryAfterSeconds));
    response.status(429).json({
      statusCode: 429, error: 'Too Many Requests', message: error.message, code: error.code,
      details: [{ field: 'campaign', message: `at most ${error.limit} test sends per hour per business; try again after ${error.retryAt.toISOString()}` }],
    });
  }
}
