import type { FieldProblem } from '../errors/domain-error';

/**
 * Limits every JSON body and query string is held to before any validator or
 * SQL sees it. Documented in the OpenAPI description and README.
 */
export const UNTRUSTED_INPUT_LIMITS = {
  /** Objects and arrays nested deeper than this are refused (a segment tree needs about 12). */
  maxDepth: 32,
  /** No array in a request may hold more items (a batch of events holds at most 1,000). */
  maxArrayItems: 10_000,
  /** No object in a request may hold more keys. */
  maxObjectKeys: 1_000,
  /** No string may be longer, in UTF-16 code units (a whole email template fits). */
  maxStringLength: 1_000_000,
  /** At most this many problems are reported; the walk stops after. */
  maxProblems: 20,
} as const;

/** Keys that reach Object.prototype or a class when merged into an object. */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

// C0 controls other than tab, line feed and carriage return, and DEL. PostgreSQL refuses U+0000 in text.
// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTER = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;

/** What is wrong with a string's characters, or undefined when it is safe to store. */
export function unsafeTextProblem(text: string): string | undefined {
  const control = CONTROL_CHARACTER.exec(text);
  if (control) return `contains a control character (U+${control[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')})`;
  if (!text.isWellFormed()) return 'contains a lone UTF-16 surrogate (not valid Unicode)';
  return undefined;
}

function childPath(parent: string, key: string | number): string {
  if (typeof key === 'number') return `${parent}[${key}]`;
  const name = /^[A-Za-z_$][\w$]*$/.test(key) ? key : JSON.stringify(key);
  if (!parent) return name;
  return name.startsWith('"') ? `${parent}[${name}]` : `${parent}.${name}`;
}

/**
 * Walks parsed JSON (or a parsed query string) and names every value no
 * validator downstream should have to think about: control characters and
 * lone surrogates in strings or keys, prototype keys, non-finite numbers,
 * nesting, arrays, objects or strings past UNTRUSTED_INPUT_LIMITS. Never
 * recurses deeper than the limit, so a 5,000-deep body costs 32 steps.
 */
export function findUnsafeInput(value: unknown, root = ''): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const limits = UNTRUSTED_INPUT_LIMITS;
  const add = (field: string, message: string) => {
    if (problems.length < limits.maxProblems) problems.push({ field: field || 'body', message });
  };
  const visit = (node: unknown, path: string, depth: number): void => {
    if (problems.length >= limits.maxProblems) return;
    if (typeof node === 'string') {
      if (node.length > limits.maxStringLength) add(path, `must be at most ${limits.maxStringLength} characters`);
      else {
        const problem = unsafeTextProblem(node);
        if (problem) add(path, problem);
      }
      return;
    }
    if (typeof node === 'number') {
      if (!Number.isFinite(node)) add(path, 'must be a finite number');
      return;
    }
    if (typeof node !== 'object' || node === null) return;
    if (depth >= limits.maxDepth) {
      add(path, `is nested deeper than ${limits.maxDepth} levels`);
      return;
    }
    if (Array.isArray(node)) {
      if (node.length > limits.maxArrayItems) {
        add(path, `must hold at most ${limits.maxArrayItems} items`);
        return;
      }
      node.forEach((item, index) => visit(item, childPath(path, index), depth + 1));
      return;
    }
    const keys = Object.keys(node);
    if (keys.length > limits.maxObjectKeys) {
      add(path, `must hold at most ${limits.maxObjectKeys} keys`);
      return;
    }
    for (const key of keys) {
      const field = childPath(path, key);
      if (FORBIDDEN_KEYS.has(key)) add(field, 'is a reserved name and cannot be used as a key');
      else if (key.length > 1000 || unsafeTextProblem(key)) add(field, 'is not a usable key name (control characters, lone surrogates or over 1,000 characters)');
      else visit((node as Record<string, unknown>)[key], field, depth + 1);
    }
  };
  visit(value, root, 0);
  return problems;
}
