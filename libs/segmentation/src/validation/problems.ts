import { ProblemList } from '@localreach/core';
import { SEGMENT_LIMITS } from '../segment-definition';

export type JsonObject = Record<string, unknown>;

/**
 * The one problem collector of libs/core, plus what the segment validator
 * has met across the tree (conditions, empty groups and polygon positions,
 * each with a tree-wide limit); validators keep going after the first problem.
 */
export class Problems extends ProblemList {
  conditions = 0;
  polygonPositions = 0;

  get list(): ProblemList['problems'] {
    return this.problems;
  }
}

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Reports keys other than `allowed`: a misspelt key must not silently widen a segment. */
export function checkKeys(node: JsonObject, allowed: readonly string[], path: string, out: Problems): void {
  for (const key of Object.keys(node)) {
    if (!allowed.includes(key)) out.add(`${path}.${key}`, 'is not an allowed key');
  }
}

export function checkString(value: unknown, path: string, out: Problems): value is string {
  if (typeof value !== 'string') {
    out.add(path, value === undefined ? 'is required' : 'must be a string');
    return false;
  }
  if (value.length === 0) {
    out.add(path, 'must not be empty');
    return false;
  }
  if (value.length > SEGMENT_LIMITS.maxStringLength) {
    out.add(path, `must be at most ${SEGMENT_LIMITS.maxStringLength} characters`);
    return false;
  }
  return true;
}

export function checkBoolean(value: unknown, path: string, out: Problems): value is boolean {
  if (typeof value === 'boolean') return true;
  out.add(path, value === undefined ? 'is required' : 'must be true or false');
  return false;
}

export function checkNumber(value: unknown, path: string, out: Problems, range?: { min: number; max: number; integer?: boolean }): value is number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    out.add(path, value === undefined ? 'is required' : 'must be a number');
    return false;
  }
  if (range?.integer && !Number.isInteger(value)) {
    out.add(path, 'must be a whole number');
    return false;
  }
  if (range && (value < range.min || value > range.max)) {
    out.add(path, `must be between ${range.min} and ${range.max}`);
    return false;
  }
  return true;
}

export function checkEnum<T extends string>(value: unknown, allowed: readonly T[], path: string, out: Problems): value is T {
  if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return true;
  out.add(path, value === undefined ? 'is required' : `must be one of ${allowed.join(', ')}`);
  return false;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function checkUuid(value: unknown, path: string, out: Problems): value is string {
  if (typeof value === 'string' && UUID.test(value)) return true;
  out.add(path, value === undefined ? 'is required' : 'must be a UUID');
  return false;
}
