import { DomainError } from '@localreach/core';

export type SchedulingErrorCode =
  | 'INVALID_LOCAL_TIME'
  | 'INVALID_TIME_ZONE'
  | 'INVALID_WAIT_DURATION'
  | 'INVALID_WEEKDAYS'
  | 'INVALID_DATE_TRIGGER'
  | 'INVALID_WALL_TIME'
  | 'INVALID_INSTANT'
  | 'INVALID_OPENING_HOURS';

/** A schedule input that cannot be used (callers validate first; reaching this is a bug or bad stored data). */
export class SchedulingError extends DomainError {
  constructor(code: SchedulingErrorCode, field: string, message: string) {
    super('invalid', code, `${field}: ${message}`, [{ field, message }]);
    this.name = 'SchedulingError';
  }
}
