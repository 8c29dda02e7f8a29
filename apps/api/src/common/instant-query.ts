import { applyDecorators } from '@nestjs/common';
import { IsISO8601, Matches } from 'class-validator';
import { IsInstantInRange } from './instant-range';

/** A query parameter naming an instant: an ISO-8601 date-time with a time zone (Z or ±hh:mm) between 1900 and 2200. */
export function IsInstantQuery(): PropertyDecorator {
  return applyDecorators(
    IsISO8601({ strict: true, strictSeparator: true }),
    Matches(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/, { message: 'must be an ISO-8601 date-time with a time zone, e.g. 2026-03-01T09:00:00Z' }),
    IsInstantInRange(),
  );
}

/** A validated instant query value as a Date. */
export const instantOf = (value: string | undefined): Date | undefined => (value === undefined ? undefined : new Date(value));
