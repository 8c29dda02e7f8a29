import { durationProblem } from '../durations';
import { COUNT_OPS } from '../segment-definition';
import { checkEnum, checkKeys, checkNumber, checkString, checkUuid, isObject, type JsonObject, type Problems } from './problems';
import { checkComparison } from './validate-comparison';

/** event, orders, rfm, engagement. */
export function validateEvent(node: JsonObject, path: string, out: Problems): void {
  checkKeys(node, ['type', 'name', 'where', 'within', 'count', 'first', 'last'], path, out);
  checkString(node.name, `${path}.name`, out);
  if (node.where !== undefined) validateWhere(node.where, `${path}.where`, out);
  if (node.within !== undefined) checkDuration(node.within, `${path}.within`, out);
  if (node.count !== undefined) validateCount(node.count, `${path}.count`, out);
  for (const key of ['first', 'last'] as const) {
    if (node[key] !== undefined) validateOccurrence(node[key], `${path}.${key}`, out);
  }
}

function validateWhere(where: unknown, path: string, out: Problems): void {
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

export function validateOrders(node: JsonObject, path: string, out: Problems): void {
  checkKeys(node, ['type', 'metric', 'op', 'value', 'within'], path, out);
  checkEnum(node.metric, ['count', 'sum', 'avg'], `${path}.metric`, out);
  checkEnum(node.op, COUNT_OPS, `${path}.op`, out);
  const integer = node.metric === 'count';
  checkNumber(node.value, `${path}.value`, out, { min: 0, max: 1e12, integer });
  if (node.within !== undefined) checkDuration(node.within, `${path}.within`, out);
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

export function validateEngagement(node: JsonObject, path: string, out: Problems): void {
  checkKeys(node, ['type', 'action', 'within', 'campaignId'], path, out);
  checkEnum(node.action, ['received', 'opened', 'clicked'], `${path}.action`, out);
  checkDuration(node.within, `${path}.within`, out);
  if (node.campaignId !== undefined) checkUuid(node.campaignId, `${path}.campaignId`, out);
}

function checkDuration(value: unknown, path: string, out: Problems): void {
  if (!checkString(value, path, out)) return;
  const problem = durationProblem(value);
  if (problem) out.add(path, problem);
}
