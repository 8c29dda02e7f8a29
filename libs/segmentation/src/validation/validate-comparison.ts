import { DateTime } from 'luxon';
import {
  ATTRIBUTE_OPS, ATTRIBUTE_PREFIX, BUILT_IN_FIELDS, SEGMENT_LIMITS, type AttributeOp, type BuiltInField, type BuiltInKind,
} from '../segment-definition';
import { checkEnum, checkString, type JsonObject, type Problems } from './problems';

/** `json` = a value inside a jsonb document (custom attribute or event property), typed by the rule's value. */
export type ValueKind = BuiltInKind | 'json';

const DATE = /^\d{4}-\d{2}-\d{2}$/;
// An instant needs its offset: "2025-01-31T09:00" alone would mean different moments per zone.
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:?\d{2})$/;

/** Resolves `field` of an attribute condition to how its values are typed, or reports it. */
export function fieldKind(field: unknown, path: string, out: Problems): ValueKind | undefined {
  if (!checkString(field, path, out)) return undefined;
  if (field.startsWith(ATTRIBUTE_PREFIX)) {
    if (field.length > ATTRIBUTE_PREFIX.length) return 'json';
    out.add(path, 'must name an attribute after "attributes."');
    return undefined;
  }
  if (Object.hasOwn(BUILT_IN_FIELDS, field)) return BUILT_IN_FIELDS[field as BuiltInField].kind;
  out.add(path, `must be one of ${Object.keys(BUILT_IN_FIELDS).join(', ')} or attributes.<key>`);
  return undefined;
}

/** Checks `op` and `value` of an attribute or property condition against the field's kind. */
export function checkComparison(node: JsonObject, kind: ValueKind | undefined, path: string, out: Problems): void {
  if (!checkEnum(node.op, ATTRIBUTE_OPS, `${path}.op`, out)) return;
  if (kind === undefined) return;
  const op: AttributeOp = node.op;
  const valuePath = `${path}.value`;
  const value = node.value;
  if (value === undefined) {
    out.add(valuePath, 'is required');
    return;
  }
  switch (op) {
    case 'exists':
      if (typeof value !== 'boolean') out.add(valuePath, 'must be true or false');
      return;
    case 'in':
      checkInList(value, kind, valuePath, out);
      return;
    case 'between':
      checkBetween(value, kind, valuePath, out);
      return;
    case 'contains':
      if (kind === 'text' || kind === 'json') checkScalar(value, kind, valuePath, out);
      else out.add(`${path}.op`, 'contains applies to text fields and attributes');
      return;
    case 'lt': case 'lte': case 'gt': case 'gte':
      if (kind === 'json' && typeof value === 'boolean') out.add(valuePath, 'must be a number or a string to compare in order');
      else checkScalar(value, kind, valuePath, out);
      return;
    default:
      checkScalar(value, kind, valuePath, out);
  }
}

function checkInList(value: unknown, kind: ValueKind, path: string, out: Problems): void {
  if (!Array.isArray(value) || value.length === 0) {
    out.add(path, 'must be a non-empty array');
    return;
  }
  if (value.length > SEGMENT_LIMITS.maxInValues) {
    out.add(path, `must have at most ${SEGMENT_LIMITS.maxInValues} values`);
    return;
  }
  value.forEach((item, i) => checkScalar(item, kind, `${path}[${i}]`, out));
}

function checkBetween(value: unknown, kind: ValueKind, path: string, out: Problems): void {
  if (!Array.isArray(value) || value.length !== 2) {
    out.add(path, 'must be [low, high]');
    return;
  }
  const [low, high] = value as unknown[];
  const okLow = checkScalar(low, kind, `${path}[0]`, out);
  const okHigh = checkScalar(high, kind, `${path}[1]`, out);
  if (!okLow || !okHigh) return;
  if (typeof low !== typeof high || typeof low === 'boolean') {
    out.add(path, 'bounds must both be numbers or both be strings');
    return;
  }
  if (orderKey(low as string | number, kind) > orderKey(high as string | number, kind)) out.add(path, 'low must not exceed high');
}

function orderKey(value: string | number, kind: ValueKind): string | number {
  return kind === 'instant' ? Date.parse(value as string) : value;
}

/** One comparable value of the field's kind. */
export function checkScalar(value: unknown, kind: ValueKind, path: string, out: Problems): boolean {
  switch (kind) {
    case 'json':
      if (typeof value === 'string') return checkString(value, path, out);
      if (typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value))) return true;
      out.add(path, 'must be a string, a number or a boolean');
      return false;
    case 'text':
      return checkString(value, path, out);
    case 'number':
      if (typeof value === 'number' && Number.isFinite(value)) return true;
      out.add(path, 'must be a number');
      return false;
    case 'date':
      if (typeof value === 'string' && DATE.test(value) && DateTime.fromISO(value).isValid) return true;
      out.add(path, 'must be a date such as 1990-05-31');
      return false;
    case 'instant':
      if (typeof value === 'string' && INSTANT.test(value) && DateTime.fromISO(value).isValid) return true;
      out.add(path, 'must be an ISO-8601 date-time with an offset, such as 2025-01-31T09:00:00Z');
      return false;
  }
}
