import { ValidateBy, type ValidationOptions } from 'class-validator';

const EARLIEST = Date.parse('1900-01-01T00:00:00Z');
const LATEST = Date.parse('2200-01-01T00:00:00Z');

/**
 * An ISO-8601 date or time within 1900–2200: report windows and filters
 * beyond that would only overflow date arithmetic in SQL.
 */
export function IsInstantInRange(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isInstantInRange',
      validator: {
        validate: (value: unknown) => {
          const time = typeof value === 'string' ? Date.parse(value) : Number.NaN;
          return time >= EARLIEST && time < LATEST;
        },
        defaultMessage: () => 'must be a date or time between 1900 and 2200',
      },
    },
    options,
  );
}
