import { checkString, durationProblem, type Problems } from '@localreach/segmentation';

const LOCAL_TIME = /^([01]\d|2[0-3]):[0-5]\d$/;

/**
 * An ISO-8601 duration for a wait, goal window or re-entry cool-down:
 * whole units (seconds allowed), positive, at most `maxYears` (a year counts
 * as 365 days, a month as 30, as luxon converts them).
 */
export function checkDuration(value: unknown, path: string, out: Problems, maxYears: number): value is string {
  if (!checkString(value, path, out)) return false;
  const problem = durationProblem(value, { maxYears, examples: 'P3D, PT1H or PT30S' });
  if (problem) out.add(path, problem);
  return problem === undefined;
}

/** A time of day `HH:MM` (24-hour). */
export function checkLocalTime(value: unknown, path: string, out: Problems): value is string {
  if (typeof value === 'string' && LOCAL_TIME.test(value)) return true;
  out.add(path, value === undefined ? 'is required' : 'must be a time of day HH:MM, such as 09:30');
  return false;
}

/** A reference to another step; whether that step exists is checked with the whole journey. */
export function checkStepRef(value: unknown, path: string, out: Problems): value is string {
  if (typeof value === 'string' && value.length > 0) return true;
  out.add(path, value === undefined ? 'is required' : 'must be a step id');
  return false;
}

/** Reports each repeated value at its own index, naming the first occurrence. */
export function checkUnique(values: readonly unknown[], path: string, out: Problems, suffix = ''): void {
  const first = new Map<unknown, number>();
  values.forEach((value, i) => {
    if (value === undefined) return;
    const seen = first.get(value);
    if (seen === undefined) first.set(value, i);
    else out.add(`${path}[${i}]${suffix}`, `duplicates ${path}[${seen}]${suffix}`);
  });
}
