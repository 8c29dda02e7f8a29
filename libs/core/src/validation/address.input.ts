import { ApiProperty, ApiPropertyOptional, OmitType } from '@nestjs/swagger';
import type { PostalAddress } from '../database/entities';
import { IsOmittable, IsShortString, IsText } from './input-rules';

const TEXT = 200;

/** A postal address; every field optional (customers and stores). Blank fields are dropped. */
export class AddressInput {
  @ApiPropertyOptional({ maxLength: TEXT, example: '12 Elm Street' }) @IsOmittable() @IsShortString(TEXT) line1?: string;
  @ApiPropertyOptional({ maxLength: TEXT }) @IsOmittable() @IsShortString(TEXT) line2?: string;
  @ApiPropertyOptional({ maxLength: TEXT, example: 'Springfield' }) @IsOmittable() @IsShortString(TEXT) city?: string;
  @ApiPropertyOptional({ maxLength: TEXT, example: 'IL' }) @IsOmittable() @IsShortString(TEXT) region?: string;
  @ApiPropertyOptional({ maxLength: TEXT, example: '62701' }) @IsOmittable() @IsShortString(TEXT) postalCode?: string;
  @ApiPropertyOptional({ maxLength: TEXT, example: 'US' }) @IsOmittable() @IsShortString(TEXT) country?: string;
}

/** The stored form of an address input: trimmed, blank fields dropped. */
export function addressOf(input: AddressInput): PostalAddress {
  const address: Record<string, string> = {};
  for (const [key, value] of Object.entries(input)) if (typeof value === 'string' && value.trim() !== '') address[key] = value.trim();
  return address as unknown as PostalAddress;
}

/** A business's postal address, printed in email footers: line1, city, postalCode and country are required. */
export class BusinessAddressInput extends OmitType(AddressInput, ['line1', 'city', 'postalCode', 'country'] as const) {
  @ApiProperty({ maxLength: TEXT, example: '12 Elm Street' }) @IsText(TEXT) line1: string;
  @ApiProperty({ maxLength: TEXT, example: 'Springfield' }) @IsText(TEXT) city: string;
  @ApiProperty({ maxLength: TEXT, example: '62701' }) @IsText(TEXT) postalCode: string;
  @ApiProperty({ maxLength: TEXT, example: 'US' }) @IsText(TEXT) country: string;
}
