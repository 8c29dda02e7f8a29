import { DomainError } from '@localreach/core';

export type StatisticsErrorCode = 'INVALID_COUNT' | 'INVALID_PROBABILITY' | 'INVALID_SUMMARY' | 'INVALID_WEIGHTS' | 'INVALID_EXPERIMENT' | 'INVALID_AMOUNT';

/** Input a statistic cannot be computed from (callers aggregate first; reaching this is a bug or bad stored data). */
export class StatisticsError extends DomainError {
  constructor(code: StatisticsErrorCode, field: string, message: string) {
    super('invalid', code, `${field}: ${message}`, [{ field, message }]);
    this.name = 'StatisticsError';
  }
}

/** A whole number ≥ 0, or a StatisticsError naming the field. */
export function requireCount(value: number, field: string): void {
  if (!Number.isSafeInteger(value) || value < 0) throw new StatisticsError('INVALID_COUNT', field, `must be a whole number ≥ 0, got ${value}`);
}

/** successes and trials are counts with successes ≤ trials. */
export function requireSuccesses(successes: number, trials: number, field: string): void {
  requireCount(successes, `${field}.successes`);
  requireCount(trials, `${field}.trials`);
  if (successes > trials) throw new StatisticsError('INVALID_COUNT', `${field}.successes`, `must not exceed trials (${successes} > ${trials})`);
}

/** A probability strictly between 0 and 1 (a confidence level, alpha or power). */
export function requireOpenProbability(value: number, field: string): void {
  if (!Number.isFinite(value) || value <= 0 || value >= 1) throw new StatisticsError('INVALID_PROBABILITY', field, `must be strictly between 0 and 1, got ${value}`);
}

/** A finite amount of money or a finite measurement. */
export function requireFinite(value: number, field: string): void {
  if (!Number.isFinite(value)) throw new StatisticsError('INVALID_AMOUNT', field, `must be a finite number, got ${value}`);
}
