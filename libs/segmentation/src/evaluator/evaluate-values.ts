import type { CountOp, Scalar, ValueComparison } from '../segment-definition';

/**
 * Value comparisons as the rule semantics define them, independent of SQL:
 * a rule value only ever matches a stored value of the same JSON type.
 */
export function matchJsonValue(actual: unknown, cmp: ValueComparison): boolean {
  switch (cmp.op) {
    case 'exists':
      return (actual !== undefined && actual !== null) === cmp.value;
    case 'eq':
      return sameScalar(actual, cmp.value);
    case 'neq':
      return !sameScalar(actual, cmp.value);
    case 'in':
      return cmp.value.some((v) => sameScalar(actual, v));
    case 'contains':
      if (Array.isArray(actual)) return actual.some((element) => sameScalar(element, cmp.value));
      return typeof actual === 'string' && typeof cmp.value === 'string' && actual.toLowerCase().includes(cmp.value.toLowerCase());
    case 'between': {
      const [low, high] = cmp.value;
      return typeof actual === typeof low && (actual as number | string) >= low && (actual as number | string) <= high;
    }
    default:
      return typeof actual === typeof cmp.value && ordered(actual as number | string, cmp.op, cmp.value);
  }
}

function sameScalar(actual: unknown, value: Scalar): boolean {
  return typeof actual === typeof value && actual === value;
}

function ordered<T extends number | string>(a: T, op: 'lt' | 'lte' | 'gt' | 'gte', b: T): boolean {
  if (op === 'lt') return a < b;
  if (op === 'lte') return a <= b;
  if (op === 'gt') return a > b;
  return a >= b;
}

/**
 * A customer column compared with a rule value. `actual` is null when unset;
 * only `exists` and `neq` can match an unset value.
 */
export function matchColumnValue(actual: string | number | null, cmp: ValueComparison, toKey: (v: string | number) => string | number): boolean {
  if (cmp.op === 'exists') return (actual !== null) === cmp.value;
  if (cmp.op === 'neq') return actual === null || toKey(actual) !== toKey(cmp.value as string | number);
  if (actual === null) return false;
  const a = toKey(actual);
  switch (cmp.op) {
    case 'eq':
      return a === toKey(cmp.value as string | number);
    case 'in':
      return cmp.value.some((v) => a === toKey(v as string | number));
    case 'contains':
      return String(actual).toLowerCase().includes(String(cmp.value).toLowerCase());
    case 'between':
      return a >= toKey(cmp.value[0]) && a <= toKey(cmp.value[1]);
    default:
      return ordered(a, cmp.op, toKey(cmp.value as string | number));
  }
}

export function compareCount(a: number, op: CountOp, b: number): boolean {
  if (op === 'eq') return a === b;
  if (op === 'neq') return a !== b;
  if (op === 'lt') return a < b;
  if (op === 'lte') return a <= b;
  if (op === 'gt') return a > b;
  return a >= b;
}

/** An exact decimal p / 10^q for a JS number, read from its shortest decimal form. */
function toDecimal(value: number): { p: bigint; q: number } {
  const [mantissa, exponentText] = value.toString().split('e');
  const [whole, fraction = ''] = mantissa.split('.');
  const exponent = Number(exponentText ?? 0);
  const p = BigInt(whole + fraction);
  const q = fraction.length - exponent;
  return q >= 0 ? { p, q } : { p: p * 10n ** BigInt(-q), q: 0 };
}

/**
 * Compares a money amount given in whole cents, divided by `count`, with a
 * rule value — exactly, as numeric arithmetic does (no float rounding).
 */
export function compareCents(cents: bigint, count: bigint, op: CountOp, value: number): boolean {
  const { p, q } = toDecimal(value);
  const left = cents * 10n ** BigInt(q);
  const right = p * 100n * count;
  const sign = left < right ? -1 : left > right ? 1 : 0;
  return compareCount(sign, op, 0);
}
