import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsOptional, ValidateBy, ValidateNested } from 'class-validator';
import type { CountryCode } from 'libphonenumber-js';
import type { CustomerRef } from '../customers/customer.types';
import { isPlainObject, normalizeEmail, normalizePhone, type ProblemList } from './field-checks';
import { IsEmailAddress, IsText, IsUuid } from './input-rules';

const REF_KEYS = ['id', 'externalId', 'email', 'phone'] as const;

/** Who an event, order or ping is about: exactly one of the four keys (a null key counts as not given). */
export class CustomerRefInput {
  @ApiPropertyOptional({ format: 'uuid', description: "The customer's LocalReach id" })
  @IsOptional() @IsUuid() id?: string;

  @ApiPropertyOptional({ maxLength: 255, description: 'Your id for the customer' })
  @IsOptional() @IsText(255) externalId?: string;

  @ApiPropertyOptional({ format: 'email', maxLength: 254 })
  @IsOptional() @IsEmailAddress() email?: string;

  @ApiPropertyOptional({ maxLength: 32, description: 'E.164, or national for the business country', example: '+13125550123' })
  @IsOptional() @IsText(32) phone?: string;
}

function givenKeys(value: object): string[] {
  return REF_KEYS.filter((key) => (value as Record<string, unknown>)[key] != null);
}

const isObject = (value: unknown): value is object => value instanceof CustomerRefInput || isPlainObject(value);

/**
 * The `customer` property of an input: an object holding exactly one of id,
 * externalId, email, phone, each checked by CustomerRefInput.
 */
export function IsCustomerRef(): PropertyDecorator {
  return applyDecorators(
    ValidateBy({
      name: 'isCustomerRef',
      validator: {
        validate: (value: unknown) => isObject(value) && givenKeys(value).length === 1,
        defaultMessage: (args) =>
          isObject(args?.value) ? 'must hold exactly one of id, externalId, email, phone' : 'must be an object with exactly one of id, externalId, email, phone',
      },
    }),
    ValidateNested(),
    Type(() => CustomerRefInput),
  );
}

/**
 * The normalised reference of a checked CustomerRefInput (lower-case id and
 * email, trimmed externalId). A phone is read in the business's country, the
 * one check the class cannot make; a bad one is reported at `<path>.phone`.
 */
export function customerRefOf(input: CustomerRefInput, path: string, country: CountryCode, out: ProblemList): CustomerRef | undefined {
  if (input.id != null) return { id: input.id.toLowerCase() };
  if (input.email != null) return { email: normalizeEmail(input.email)! };
  if (input.externalId != null) return { externalId: input.externalId.trim() };
  const phone = normalizePhone(input.phone ?? '', country);
  if (phone) return { phone };
  out.add(`${path}.phone`, 'must be a valid phone number');
  return undefined;
}
