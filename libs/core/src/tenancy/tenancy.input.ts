import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import { ROLES, type Role } from '../database/entities';
import { BusinessAddressInput } from '../validation/address.input';
import { InputErrorCode } from '../validation/input-class';
import { IsCountryCode, IsCurrencyCode, IsNestedInput, IsOmittable, IsText, IsTimeZone } from '../validation/input-rules';

/** POST /v1/businesses: a business and its first owner key. */
@InputErrorCode('INVALID_BUSINESS')
export class SignUpInput {
  @ApiProperty({ minLength: 1, maxLength: 200, example: "Rosa's Bakery" })
  @IsText(200) name: string;

  @ApiProperty({ maxLength: 64, description: 'IANA time zone', example: 'America/Chicago' })
  @IsTimeZone() timezone: string;

  @ApiProperty({ minLength: 3, maxLength: 3, description: 'ISO 4217', example: 'USD' })
  @IsCurrencyCode() currency: string;

  @ApiProperty({ minLength: 2, maxLength: 2, description: 'ISO 3166-1 alpha-2; the default for national phone numbers', example: 'US' })
  @IsCountryCode() country: string;

  @ApiProperty({ type: BusinessAddressInput, description: 'Postal address, printed in email footers' })
  @IsNestedInput(() => BusinessAddressInput, { message: 'must be the postal address { line1, line2?, city, region?, postalCode, country } printed in email footers' })
  address: BusinessAddressInput;
}

/** PATCH /v1/business (owners): the fields given replace the stored ones; none may be null. */
@InputErrorCode('INVALID_BUSINESS')
export class BusinessPatchInput {
  @ApiPropertyOptional({ minLength: 1, maxLength: 200, example: "Rosa's Bakery & Café" })
  @IsOmittable() @IsText(200) name?: string;

  @ApiPropertyOptional({ maxLength: 64, description: 'IANA time zone: reports, quiet hours and local-time sends follow it from now on', example: 'America/Chicago' })
  @IsOmittable() @IsTimeZone() timezone?: string;

  @ApiPropertyOptional({ minLength: 3, maxLength: 3, description: 'ISO 4217; only while no order is recorded (409 CURRENCY_IN_USE after)', example: 'USD' })
  @IsOmittable() @IsCurrencyCode() currency?: string;

  @ApiPropertyOptional({ minLength: 2, maxLength: 2, description: 'ISO 3166-1 alpha-2; the default for national phone numbers from now on', example: 'US' })
  @IsOmittable() @IsCountryCode() country?: string;

  @ApiPropertyOptional({ type: BusinessAddressInput, description: 'Postal address, printed in email footers' })
  @IsOmittable()
  @IsNestedInput(() => BusinessAddressInput, { message: 'must be the postal address { line1, line2?, city, region?, postalCode, country } printed in email footers' })
  address?: BusinessAddressInput;
}

/** POST /v1/api-keys. */
@InputErrorCode('INVALID_API_KEY')
export class CreateApiKeyInput {
  @ApiProperty({ minLength: 1, maxLength: 100, example: 'Front desk tablet' })
  @IsText(100) name: string;

  @ApiProperty({ enum: ROLES, description: 'analyst is read-only' })
  @IsIn(ROLES, { message: `must be one of ${ROLES.join(', ')}` }) role: Role;
}
