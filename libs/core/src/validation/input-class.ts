import 'reflect-metadata';
import { validateSync, type ValidationError, type ValidatorOptions } from 'class-validator';
import { DomainError, type FieldProblem } from '../errors/domain-error';
import { isPlainObject } from './field-checks';
import { inputInstance } from './input-instance';
import { NESTED_PROBLEMS_MARK, type NestedProblem } from './input-rules';

/**
 * Input classes: one class-validator class per body shape, used by the API's
 * global ValidationPipe, the CSV/NDJSON importer's rows and anything else that
 * takes the same payload, so one rule serves every entry point.
 *
 * A class marked with @InputErrorCode is validated with `checkInput` (here)
 * wherever it arrives; its problems answer 422 with that code and every field
 * path, as the lib validators always have.
 */

const ERROR_CODE = Symbol('localreach:input-error-code');

/** Marks a class as a request/row input and names the code its problems carry (INVALID_LOCATION, ...). */
export function InputErrorCode(code: string): ClassDecorator {
  return (target) => {
    Reflect.defineMetadata(ERROR_CODE, code, target);
  };
}

export type InputClass<T extends object> = new () => T;

/** The error code of an input class, or undefined for any other type. */
export function inputErrorCodeOf(type: unknown): string | undefined {
  return typeof type === 'function' ? (Reflect.getMetadata(ERROR_CODE, type) as string | undefined) : undefined;
}

/** The options every entry point validates with: unknown fields are problems, every problem is reported. */
export const INPUT_VALIDATOR_OPTIONS: ValidatorOptions = {
  whitelist: true,
  forbidNonWhitelisted: true,
  forbidUnknownValues: true,
  validationError: { target: false, value: false },
};

function joinPath(parent: string, property: string): string {
  if (!parent) return property;
  return /^\d+$/.test(property) ? `${parent}[${property}]` : `${parent}.${property}`;
}

/** The constraint @ValidateNested reports for a value that is not an object. */
const NESTED_VALIDATION = 'nestedValidation';

/**
 * class-validator's nested errors as field problems, each under its full path ("address.city", "items[2].sku").
 * A value of the wrong shape (a string where an object is expected, too many items) is one problem: neither
 * @ValidateNested's own "must be an object" beside it nor the problems found inside it.
 */
export function problemsFromValidationErrors(errors: readonly ValidationError[], parent = ''): FieldProblem[] {
  return errors.flatMap((error) => {
    const field = joinPath(parent, error.property);
    const constraints = Object.entries(error.constraints ?? {});
    const shapeRefused = constraints.some(([name]) => name !== NESTED_VALIDATION);
    const own = constraints.flatMap(([name, message]) => {
      if (name === NESTED_VALIDATION) return shapeRefused ? [] : [{ field, message: 'must be an object' }];
      if (message.startsWith(NESTED_PROBLEMS_MARK)) {
        const nested = JSON.parse(message.slice(NESTED_PROBLEMS_MARK.length)) as NestedProblem[];
        return nested.map((p) => ({ field: `${field}${p.path}`, message: p.message }));
      }
      return [{ field, message: tidyMessage(message, error.property) }];
    });
    return shapeRefused ? own : [...own, ...problemsFromValidationErrors(error.children ?? [], field)];
  });
}

/** class-validator's default messages without the property name they start with. */
function tidyMessage(message: string, property: string): string {
  return message
    .replace(/^property \S+ should not exist$/, 'is not a known field')
    .replace(new RegExp(`^(nested )?property ${escapeRegExp(property)} `), '')
    .replace(new RegExp(`^(each value in )?${escapeRegExp(property)} `), '');
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export type InputCheck<T> = { ok: true; value: T } | { ok: false; problems: FieldProblem[] };

/**
 * Validates a parsed JSON value against an input class. Problems are named
 * under `prefix` ("rows[3].", "events[0]."); the value must be a JSON object.
 */
export function checkInput<T extends object>(type: InputClass<T>, raw: unknown, prefix = ''): InputCheck<T> {
  const field = prefix.replace(/\.$/, '') || 'body';
  if (!isPlainObject(raw)) return { ok: false, problems: [{ field, message: 'must be a JSON object' }] };
  const value = inputInstance(type, raw);
  const errors = validateSync(value, INPUT_VALIDATOR_OPTIONS);
  if (errors.length === 0) return { ok: true, value };
  const problems = problemsFromValidationErrors(errors).map((p) => ({ field: `${prefix}${p.field}`, message: p.message }));
  return { ok: false, problems };
}

/** Validates like checkInput and throws the class's DomainError (422) when anything is wrong. */
export function parseInput<T extends object>(type: InputClass<T>, raw: unknown, prefix = ''): T {
  const checked = checkInput(type, raw, prefix);
  if (checked.ok) return checked.value;
  throw DomainError.invalid(inputErrorCodeOf(type) ?? 'INVALID_REQUEST', checked.problems);
}

/**
 * A body that is one item or a batch `{ <key>: [...] }` (events, location pings): checked with the batch
 * class when it has that key, with the item class otherwise. Throws like parseInput.
 */
export function parseOneOrBatch<I extends object, B extends object>(item: InputClass<I>, batch: InputClass<B>, key: string, raw: unknown): I | B {
  return isPlainObject(raw) && Object.hasOwn(raw, key) ? parseInput(batch, raw) : parseInput(item, raw);
}
