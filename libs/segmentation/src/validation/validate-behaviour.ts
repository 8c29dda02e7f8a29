import { durationProblem } from '../durations';
import { checkEventType } from '../event-type-alias';
import { COUNT_OPS } from '../segment-definition';
import { checkEnum, checkKeys, checkNumber, checkString, checkUuid, isObject, type JsonObject, type Problems } from './problems';
import { checkComparison } from './validate-comparison';

export interface SegmentValidationOptions {
  /** Campaign branch conditions: event, orders and engagement may count `sinceEnrollment` instead of a `within` window. */
  allowSinceEnrollment?: boolean;
}

/** event, orders, rfm, engagement. */
export function validateEvent(node: JsonObject, path: string, out: Problems, options: SegmentValidationOptions = {}): void {
  checkKeys(node, ['type', 'eventType', 'name', 'where', 'within', 'count', 'first', 'last', 'sinceEnrollment'], path, out);
  checkEventType(node, path, out);
  if (node.where !== undefined) validateWhere(node.where, `${path}.where`, out);
  checkWithinOrSinceEnrollment(node, path, out, options);
  if (node.count !== undefined) validateCount(node.count, `${path}.count`, out);
  for (const key of ['first', 'last'] as const) {
    if (node[key] !== undefined) validateOccurrence(node[key], `${path}.${key}`, out);
  }
}

/**
 * A list of conditions on event properties (`{ field, op, value }`), as in the
 * event condition's `where`; campaigns reuse it for event triggers.
 */
export function validateWhere(where: unknown, path: string, out: Problems): void {
  if (!Array.isArray(where)) {
    out.add(path, 'must be a list of property conditions');
    return;
  }
  where.forEach((item, i) => {
    const itemPath = `${path}[${i}]`;
    out.conditions++;
    if (!isObject(item)) {
      out.add(itemPath, 'must be a property condition { field, op, value }');
      return;
    }
    checkKeys(item, ['type', 'field', 'op', 'value'], itemPath, out);
    if (item.type !== undefined && item.type !== 'attribute') out.add(`${itemPath}.type`, 'must be attribute when given');
    const ok = checkString(item.field, `${itemPath}.field`, out);
    checkComparison(item, ok ? 'json' : undefined, itemPath, out);
  });
}

function validateCount(count: unknown, path: string, out: Problems): void {
  if (!isObject(count)) {
    out.add(path, 'must be { op, value }');
    return;
  }
  checkKeys(count, ['op', 'value'], path, out);
  checkEnum(count.op, COUNT_OPS, `${path}.op`, out);
  checkNumber(count.value, `${path}.value`, out, { min: 0, max: 1_000_000_000, integer: true });
}

function validateOccurrence(window: unknown, path: string, out: Problems): void {
  if (!isObject(window)) {
    out.add(path, 'must be { within } or { before }');
    return;
  }
  checkKeys(window, ['within', 'before'], path, out);
  const keys = (['within', 'before'] as const).filter((k) => window[k] !== undefined);
  if (keys.length !== 1) {
    out.add(path, 'needs exactly one of within or before');
    return;
  }
  checkDuration(window[keys[0]], `${path}.${keys[0]}`, out);
}

export function validateOrders(node: JsonObject, path: string, out: Problems, options: SegmentValidationOptions = {}): void {
  checkKeys(node, ['type', 'metric', 'op', 'value', 'within', 'sinceEnrollment'], path, out);
  checkEnum(node.metric, ['count', 'sum', 'avg'], `${path}.metric`, out);
  checkEnum(node.op, COUNT_OPS, `${path}.op`, out);
  const integer = node.metric === 'count';
  checkNumber(node.value, `${path}.value`, out, { min: 0, max: 1e12, integer });
  checkWithinOrSinceEnrollment(node, path, out, options);
}

export function validateRfm(node: JsonObject, path: string, out: Problems): void {
  checkKeys(node, ['type', 'recency', 'frequency', 'monetary'], path, out);
  const given = (['recency', 'frequency', 'monetary'] as const).filter((k) => node[k] !== undefined);
  if (given.length === 0) out.add(path, 'needs recency, frequency or monetary');
  for (const key of given) {
    const range = node[key];
    const rangePath = `${path}.${key}`;
    if (!Array.isArray(range) || range.length !== 2) {
      out.add(rangePath, 'must be [min, max] scores from 1 to 5');
      continue;
    }
    const ok = [0, 1].map((i) => checkNumber(range[i], `${rangePath}[${i}]`, out, { min: 1, max: 5, integer: true }));
    if (ok[0] && ok[1] && range[0] > range[1]) out.add(rangePath, 'min must not exceed max');
  }
}

export function validateEngagement(node: JsonObject, path: string, out: Problems, options: SegmentValidationOptions = {}): void {
  checkKeys(node, ['type', 'action', 'within', 'campaignId', 'sinceEnrollment'], path, out);
  checkEnum(node.action, ['received', 'opened', 'clicked'], `${path}.action`, out);
  // Since enrolment is a window of its own, so `within` may narrow it but is no longer needed.
  const since = checkSinceEnrollment(node, path, out, options);
  if (!since || node.within !== undefined) checkDuration(node.within, `${path}.within`, out);
  if (node.campaignId !== undefined) checkUuid(node.campaignId, `${path}.campaignId`, out);
}

/** Event and order counts: an optional `within` window, or `sinceEnrollment` instead of it. */
function checkWithinOrSinceEnrollment(node: JsonObject, path: string, out: Problems, options: SegmentValidationOptions): void {
  const since = checkSinceEnrollment(node, path, out, options);
  if (node.within === undefined) return;
  if (since) out.add(`${path}.within`, 'must be absent when sinceEnrollment is true');
  else checkDuration(node.within, `${path}.within`, out);
}

/** True when the condition validly counts since enrolment; reports `sinceEnrollment` outside campaign branches. */
function checkSinceEnrollment(node: JsonObject, path: string, out: Problems, options: SegmentValidationOptions): boolean {
  if (node.sinceEnrollment === undefined) return false;
  const field = `${path}.sinceEnrollment`;
  if (!options.allowSinceEnrollment) {
    out.add(field, 'only allowed in campaign branch conditions');
    return false;
  }
  if (node.sinceEnrollment !== true) {
    out.add(field, 'must be true when given');
    return false;
  }
  return true;
}

function checkDuration(value: unknown, path: string, out: Problems): void {
  if (!checkString(value, path, out)) return;
  const problem = durationProblem(value);
  if (problem) out.add(path, problem);
}
