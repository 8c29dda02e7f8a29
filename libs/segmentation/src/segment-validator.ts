import type { FieldProblem } from '@localreach/core';
import { canonicalSegmentDefinition } from './event-type-alias';
import { CONDITION_TYPES, SEGMENT_LIMITS, type ConditionType, type SegmentDefinition } from './segment-definition';
import { checkEnum, checkKeys, isObject, Problems, type JsonObject } from './validation/problems';
import {
  validateEngagement, validateEvent, validateOrders, validateRfm, type SegmentValidationOptions,
} from './validation/validate-behaviour';
import { validateChurnRisk } from './validation/validate-churn';
import { validateInside, validateNear, validateNearestStore } from './validation/validate-geo';
import { validateAttribute, validateBirthday, validateConsent, validateLocalTime, validateTag } from './validation/validate-profile';

export interface ValidationResult {
  /** The validated tree, present only when there are no problems. */
  definition?: SegmentDefinition;
  problems: FieldProblem[];
}

export type { SegmentValidationOptions } from './validation/validate-behaviour';

type ConditionValidator = (node: JsonObject, path: string, out: Problems, options: SegmentValidationOptions) => void;

const CONDITION_VALIDATORS: Record<ConditionType, ConditionValidator> = {
  attribute: validateAttribute,
  tag: validateTag,
  consent: validateConsent,
  birthday: validateBirthday,
  near: validateNear,
  inside: validateInside,
  nearestStore: validateNearestStore,
  event: validateEvent,
  orders: validateOrders,
  rfm: validateRfm,
  engagement: validateEngagement,
  localTime: validateLocalTime,
  churnRisk: validateChurnRisk,
};

const GROUP_KEYS = ['all', 'any', 'not'] as const;

/**
 * Checks a segment definition and returns every problem, each with its path
 * from `root` (e.g. `definition.all[2].radiusMeters`). `allowSinceEnrollment`
 * is for campaign branch conditions only.
 */
export function validateDefinition(input: unknown, root = 'definition', options: SegmentValidationOptions = {}): ValidationResult {
  const allowSinceEnrollment = options.allowSinceEnrollment === true;
  // A definition this function already accepted (and froze) is not checked again: polygons' rings cost O(n²).
  const seen = VALIDATED.get(input as object);
  if (seen !== undefined && (seen === false || allowSinceEnrollment)) return { definition: input as SegmentDefinition, problems: [] };
  const out = new Problems();
  validateNode(input, root, 1, { out, options });
  if (out.conditions > SEGMENT_LIMITS.maxConditions) {
    out.add(root, `has ${out.conditions} conditions; at most ${SEGMENT_LIMITS.maxConditions} are allowed (an empty group counts as one)`);
  }
  if (out.list.length > 0) return { problems: out.list };
  const definition = deepFreeze(canonicalSegmentDefinition(input as SegmentDefinition));
  VALIDATED.set(definition, allowSinceEnrollment);
  return { definition, problems: [] };
}

/** Definitions validateDefinition accepted, with whether sinceEnrollment was allowed; frozen, so they stay as checked. */
const VALIDATED = new WeakMap<object, boolean>();

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

interface Walk {
  out: Problems;
  options: SegmentValidationOptions;
}

function validateNode(node: unknown, path: string, depth: number, walk: Walk): void {
  const { out } = walk;
  if (depth > SEGMENT_LIMITS.maxDepth) {
    out.add(path, `is nested deeper than ${SEGMENT_LIMITS.maxDepth} levels`);
    return;
  }
  if (!isObject(node)) {
    out.add(path, 'must be a group ({ all }, { any } or { not }) or a condition with a type');
    return;
  }
  if ('type' in node) {
    validateCondition(node, path, walk);
    return;
  }
  const group = GROUP_KEYS.find((key) => key in node);
  if (!group) {
    out.add(path, 'must be a group ({ all }, { any } or { not }) or a condition with a type');
    return;
  }
  checkKeys(node, [group], path, out);
  const childPath = `${path}.${group}`;
  if (group === 'not') {
    validateNode(node.not, childPath, depth + 1, walk);
    return;
  }
  const children = node[group];
  if (!Array.isArray(children)) {
    out.add(childPath, 'must be a list of groups and conditions');
    return;
  }
  // An empty group matches everyone or no one; it costs like a condition, so it counts as one.
  if (children.length === 0) out.conditions++;
  children.forEach((child, i) => validateNode(child, `${childPath}[${i}]`, depth + 1, walk));
}

function validateCondition(node: JsonObject, path: string, { out, options }: Walk): void {
  out.conditions++;
  if (!checkEnum(node.type, CONDITION_TYPES, `${path}.type`, out)) return;
  CONDITION_VALIDATORS[node.type](node, path, out, options);
}
