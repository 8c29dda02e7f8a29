import type { PropertyCondition } from './definition-types';

/** What an event trigger's property filters may compare (segmentation AttributeOp), as people say it. */
export const PROPERTY_OPS = [
  { value: 'eq', label: 'is' }, { value: 'neq', label: 'is not' }, { value: 'contains', label: 'contains' }, { value: 'in', label: 'is one of' },
  { value: 'gt', label: 'greater than' }, { value: 'gte', label: 'at least' }, { value: 'lt', label: 'less than' }, { value: 'lte', label: 'at most' },
  { value: 'between', label: 'between' }, { value: 'exists', label: 'is present' },
] as const;

// Text the way a number, a boolean or a quoted string reads; anything else is plain text.
const NEEDS_QUOTES = /^(?:true|false|".*"|\s.*|.*\s)$|,/s;

/** One value as typed: 12 → "12", "12" (text) → "\"12\"", true → "true", abc → "abc". */
export function scalarText(value: unknown): string {
  if (typeof value !== 'string') return value === undefined || value === null ? '' : String(value);
  const looksLikeNumber = value.trim() !== '' && String(Number(value.trim())) === value.trim();
  return looksLikeNumber || NEEDS_QUOTES.test(value) ? JSON.stringify(value) : value;
}

/** The value typed: a number or true/false when it reads as one, quoted text as text, anything else as it is. */
export function scalarOf(text: string): string | number | boolean {
  const t = text.trim();
  if (/^".*"$/s.test(t)) {
    try {
      return JSON.parse(t) as string;
    } catch {
      return text;
    }
  }
  if (t === 'true' || t === 'false') return t === 'true';
  return t !== '' && String(Number(t)) === t ? Number(t) : text;
}

/** Splits "a, \"b, c\"" at the commas outside quotes. */
function splitList(text: string): string[] {
  const parts: string[] = [];
  let current = '';
  let quoted = false;
  for (const ch of text) {
    if (ch === '"') quoted = !quoted;
    if (ch === ',' && !quoted) {
      parts.push(current);
      current = '';
    } else current += ch;
  }
  return [...parts, current];
}

/** The value box's text for a condition: lists (in, between) as "a, b". */
export function propertyText(condition: PropertyCondition): string {
  return Array.isArray(condition.value) ? condition.value.map(scalarText).join(', ') : scalarText(condition.value);
}

/** The value sent for what was typed: a list for "in" and "between", yes/no for "exists". */
export function propertyValue(op: string, text: string): unknown {
  if (op === 'exists') return text !== 'false';
  if (op === 'in' || op === 'between') return splitList(text).map((part) => scalarOf(part.trim()));
  return scalarOf(text);
}

/** The condition with another comparison, its value carried over where it fits. */
export function withPropertyOp(condition: PropertyCondition, op: string): PropertyCondition {
  if (op === 'exists') return { ...condition, op, value: true };
  const text = condition.op === 'exists' ? '' : propertyText(condition);
  return { ...condition, op, value: propertyValue(op, text) };
}

export const NEW_PROPERTY_CONDITION: PropertyCondition = { field: '', op: 'eq', value: '' };
