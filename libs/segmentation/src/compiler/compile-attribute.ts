import {
  ATTRIBUTE_PREFIX, BUILT_IN_FIELDS, type AttributeCondition, type BuiltInField, type BuiltInKind, type Scalar, type ValueComparison,
} from '../segment-definition';
import type { CompileScope } from './compile-scope';

/**
 * Compiles an attribute condition. Built-in fields compare their column
 * (index-friendly `col = $n`); `attributes.<key>` reads the jsonb document with
 * the key as a parameter.
 */
export function compileAttribute(cond: AttributeCondition, scope: CompileScope): string {
  if (cond.field.startsWith(ATTRIBUTE_PREFIX)) {
    return compileJsonComparison('c.attributes', cond.field.slice(ATTRIBUTE_PREFIX.length), cond, scope);
  }
  const { column, kind } = BUILT_IN_FIELDS[cond.field as BuiltInField];
  return compileColumnComparison(`c.${column}`, kind, cond, scope);
}

const CASTS: Record<BuiltInKind, string> = { text: 'text', number: 'float8', date: 'date', instant: 'timestamptz' };

function compileColumnComparison(col: string, kind: BuiltInKind, cmp: ValueComparison, scope: CompileScope): string {
  const cast = CASTS[kind];
  // Byte order, like the evaluator's string comparison, whatever the database's collation.
  const ordered = kind === 'text' ? `${col} COLLATE "C"` : col;
  switch (cmp.op) {
    case 'exists':
      return cmp.value ? `${col} IS NOT NULL` : `${col} IS NULL`;
    case 'eq':
      return `${col} = ${scope.param(cmp.value, cast)}`;
    case 'neq':
      return `${col} IS DISTINCT FROM ${scope.param(cmp.value, cast)}`;
    case 'in':
      return `${col} = ANY(${scope.param(cmp.value, `${cast}[]`)})`;
    case 'contains':
      return `strpos(lower(${col}), lower(${scope.param(cmp.value, 'text')})) > 0`;
    case 'between':
      return `${ordered} BETWEEN ${scope.param(cmp.value[0], cast)} AND ${scope.param(cmp.value[1], cast)}`;
    default:
      return `${ordered} ${ORDER_SQL[cmp.op]} ${scope.param(cmp.value, cast)}`;
  }
}

const ORDER_SQL = { lt: '<', lte: '<=', gt: '>', gte: '>=' } as const;

/**
 * A typed comparison on one key of a jsonb document (`c.attributes`,
 * `e.properties`). The rule value's JSON type picks the comparison, and a
 * CASE guards every cast so a value of another type is simply not matched
 * (never a cast error). NULL results count as "no match" (see compileNot).
 */
export function compileJsonComparison(doc: string, key: string, cmp: ValueComparison, scope: CompileScope): string {
  const keyRef = scope.param(key, 'text');
  const value = `${doc} -> ${keyRef}`;
  const text = `(${doc} ->> ${keyRef})`;
  switch (cmp.op) {
    case 'exists':
      return `coalesce(jsonb_typeof(${value}), 'null') ${cmp.value ? '<>' : '='} 'null'`;
    case 'eq':
      return `${value} = ${jsonParam(cmp.value, scope)}`;
    case 'neq':
      return `${value} IS DISTINCT FROM ${jsonParam(cmp.value, scope)}`;
    case 'in':
      // Containment in a JSON array of scalars = equal to one of them; [null] (missing key) is never contained.
      return `${scope.param(JSON.stringify(cmp.value), 'jsonb')} @> jsonb_build_array(${value})`;
    case 'contains':
      return compileJsonContains(value, text, cmp.value, scope);
    case 'between': {
      const [low, high] = cmp.value;
      const { type, expr, cast } = typedText(text, low);
      return `CASE WHEN jsonb_typeof(${value}) = '${type}' THEN ${expr} BETWEEN ${scope.param(low, cast)} AND ${scope.param(high, cast)} ELSE false END`;
    }
    default: {
      const { type, expr, cast } = typedText(text, cmp.value);
      return `CASE WHEN jsonb_typeof(${value}) = '${type}' THEN ${expr} ${ORDER_SQL[cmp.op]} ${scope.param(cmp.value, cast)} ELSE false END`;
    }
  }
}

function typedText(text: string, sample: string | number): { type: 'number' | 'string'; expr: string; cast: string } {
  return typeof sample === 'number'
    ? { type: 'number', expr: `${text}::numeric`, cast: 'numeric' }
    : { type: 'string', expr: `${text} COLLATE "C"`, cast: 'text' };
}

function jsonParam(value: Scalar, scope: CompileScope): string {
  return scope.param(JSON.stringify(value), 'jsonb');
}

/** Strings: case-insensitive substring of a string value. Any scalar: an element of an array value. */
function compileJsonContains(value: string, text: string, needle: Scalar, scope: CompileScope): string {
  const element = `WHEN 'array' THEN ${value} @> jsonb_build_array(${jsonParam(needle, scope)})`;
  if (typeof needle !== 'string') return `CASE jsonb_typeof(${value}) ${element} ELSE false END`;
  return `CASE jsonb_typeof(${value}) WHEN 'string' THEN strpos(lower(${text}), lower(${scope.param(needle, 'text')})) > 0 ${element} ELSE false END`;
}
