import type { CountOp } from '../segment-definition';

export const OP_SQL: Record<CountOp, string> = { eq: '=', neq: '<>', lt: '<', lte: '<=', gt: '>', gte: '>=' };

export function compareNumbers(a: number, op: CountOp, b: number): boolean {
  switch (op) {
    case 'eq': return a === b;
    case 'neq': return a !== b;
    case 'lt': return a < b;
    case 'lte': return a <= b;
    case 'gt': return a > b;
    case 'gte': return a >= b;
  }
}

/** Counts that every customer (>= 0) or none (< 0) has; decided before any parameter is added, so none is left unused. */
export function trivialCount(op: CountOp, k: number): 'TRUE' | 'FALSE' | undefined {
  if (op === 'gte' && k === 0) return 'TRUE';
  if (op === 'lt' && k === 0) return 'FALSE';
  return undefined;
}
