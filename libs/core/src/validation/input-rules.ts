import { applyDecorators } from '@nestjs/common';
import { Type } from 'class-transformer';
import { ValidateBy, ValidateIf, ValidateNested, type ValidationArguments, type ValidationOptions } from 'class-validator';
import { isUuid } from '../customers/customer-ref';
import { isValidCountry, isValidCurrency, isValidTimeZone, normalizeEmail, parseTimestamp } from './field-checks';

/**
 * class-validator rules shared by the input classes. Each wraps the one
 * function in field-checks the rest of libs uses, so a rule has one meaning.
 */

/** A named class-validator rule from a test and its message (fixed, or worked out from the value and object). */
export function rule(
  name: string,
  test: (value: unknown, args?: ValidationArguments) => boolean,
  message: string | ((args?: ValidationArguments) => string),
  options?: ValidationOptions,
): PropertyDecorator {
  return ValidateBy({ name, validator: { validate: test, defaultMessage: typeof message === 'string' ? () => message : message } }, options);
}

/** The field may be left out, but null is checked like any other value (unlike @IsOptional, which skips null). */
export function IsOmittable(options?: ValidationOptions): PropertyDecorator {
  return ValidateIf((_object, value) => value !== undefined, options);
}

/** A string holding something besides white space, at most `max` characters once trimmed. */
export function IsText(max: number, options?: ValidationOptions): PropertyDecorator {
  return rule(
    'isText',
    (v) => typeof v === 'string' && v.trim() !== '' && v.trim().length <= max,
    `must be a non-blank string of at most ${max} characters`,
    options,
  );
}

/** A string of at most `max` characters once trimmed; blank allowed (stored as null where the field is nullable). */
export function IsShortString(max: number, options?: ValidationOptions): PropertyDecorator {
  return rule('isShortString', (v) => typeof v === 'string' && v.trim().length <= max, `must be a string of at most ${max} characters`, options);
}

export function IsTimeZone(options?: ValidationOptions): PropertyDecorator {
  return rule('isTimeZone', (v) => typeof v === 'string' && isValidTimeZone(v), 'must be an IANA time zone such as Europe/Paris', options);
}

/** ISO-8601 with an explicit zone (Z or ±hh:mm), a real calendar date. */
export function IsTimestamp(options?: ValidationOptions): PropertyDecorator {
  return rule('isTimestamp', (v) => parseTimestamp(v) !== undefined, 'must be an ISO-8601 timestamp with a time zone', options);
}

export function IsEmailAddress(options?: ValidationOptions): PropertyDecorator {
  return rule('isEmailAddress', (v) => typeof v === 'string' && normalizeEmail(v) !== undefined, 'must be a valid email address', options);
}

export function IsCurrencyCode(options?: ValidationOptions): PropertyDecorator {
  return rule('isCurrencyCode', (v) => typeof v === 'string' && isValidCurrency(v), 'must be an ISO 4217 currency code such as USD', options);
}

export function IsCountryCode(options?: ValidationOptions): PropertyDecorator {
  return rule('isCountryCode', (v) => typeof v === 'string' && isValidCountry(v), 'must be an ISO 3166-1 alpha-2 country code such as US', options);
}

/** A finite number within [min, max]. */
export function IsNumberBetween(min: number, max: number, options?: ValidationOptions): PropertyDecorator {
  return rule('isNumberBetween', (v) => typeof v === 'number' && Number.isFinite(v) && v >= min && v <= max, `must be a number between ${min} and ${max}`, options);
}

/** A string of `min` to `max` characters, taken as written (identifiers, keys: white space counts). */
export function IsStringLength(min: number, max: number, options?: ValidationOptions): PropertyDecorator {
  return rule('isStringLength', (v) => typeof v === 'string' && v.length >= min && v.length <= max, `must be a string of ${min} to ${max} characters`, options);
}

export function IsUuid(options?: ValidationOptions): PropertyDecorator {
  return rule('isUuid', isUuid, 'must be a UUID', options);
}

/** An integer within [min, max]. */
export function IsWholeNumberBetween(min: number, max: number, options?: ValidationOptions): PropertyDecorator {
  return rule('isWholeNumberBetween', (v) => Number.isSafeInteger(v) && (v as number) >= min && (v as number) <= max, `must be a whole number from ${min} to ${max}`, options);
}

/** An array of `min` to `max` items (check the items with @ValidateNested({ each: true }) or another `each` rule). */
export function IsArrayOfSize(min: number, max: number, options?: ValidationOptions): PropertyDecorator {
  const message = min > 0 ? `must be an array of ${min} to ${max} items` : `must be an array of at most ${max} items`;
  return rule('isArrayOfSize', (v) => Array.isArray(v) && v.length >= min && v.length <= max, message, options);
}

export function IsFlag(options?: ValidationOptions): PropertyDecorator {
  return rule('isFlag', (v) => typeof v === 'boolean', 'must be true or false', options);
}

/** A JSON object (not an array, not null). */
export function IsJsonObject(options?: ValidationOptions): PropertyDecorator {
  return rule('isJsonObject', (v) => typeof v === 'object' && v !== null && !Array.isArray(v), 'must be a JSON object', options);
}

/**
 * A nested object checked by its input class (`address.city`). A value that
 * is not an object is one problem, with `message` when given. Add
 * @IsOptional/@IsOmittable when it may be absent.
 */
export function IsNestedInput(type: () => new () => object, options?: ValidationOptions): PropertyDecorator {
  return applyDecorators(IsJsonObject(options), ValidateNested(), Type(type));
}

/** A problem below the checked property: `path` is relative to it ("" for the property itself, ".mon[0]", "[2].sku"). */
export interface NestedProblem {
  path: string;
  message: string;
}

/** The constraint name whose messages carry nested problems; problemsFromValidationErrors expands them. */
export const NESTED_PROBLEMS_CONSTRAINT = 'nestedProblems';
export const NESTED_PROBLEMS_MARK = '\u0001nested:';

/**
 * A property checked by a lib function that reports problems below it with
 * their paths (opening hours by weekday, a segment's rule tree, a campaign's
 * steps). The function is the one rule for that shape; this makes it part of
 * the class, so every entry point runs it.
 */
export function ValidateNestedWith(check: (value: unknown, object: Record<string, unknown>) => NestedProblem[], options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: NESTED_PROBLEMS_CONSTRAINT,
      validator: {
        validate: (value: unknown, args) => check(value, args?.object as Record<string, unknown>).length === 0,
        defaultMessage: (args) => NESTED_PROBLEMS_MARK + JSON.stringify(check(args?.value, args?.object as Record<string, unknown>)),
      },
    },
    options,
  );
}
