import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsObject, IsString, MaxLength } from 'class-validator';
import type { ApiKeyEntity, BusinessEntity } from '@localreach/core';
import { BusinessAddressDto } from '../../customers/dto/customer.dto';

export class SignUpDto {
  @ApiProperty({ minLength: 1, maxLength: 200, example: 'Rosa\'s Bakery' }) @IsString() @MaxLength(200) name: string;
  @ApiProperty({ maxLength: 64, description: 'IANA time zone', example: 'America/Chicago' }) @IsString() timezone: string;
  @ApiProperty({ minLength: 3, maxLength: 3, description: 'ISO 4217', example: 'USD' }) @IsString() currency: string;
  @ApiProperty({ minLength: 2, maxLength: 2, description: 'ISO 3166-1 alpha-2; the default for national phone numbers', example: 'US' }) @IsString() country: string;
  @ApiProperty({ type: BusinessAddressDto, description: 'Postal address, printed in email footers' })
  @IsObject()
  address: BusinessAddressDto;
}

export class BusinessDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty() timezone: string;
  @ApiProperty() currency: string;
  @ApiProperty() country: string;
  @ApiProperty({ type: BusinessAddressDto }) address: BusinessAddressDto;
  @ApiProperty({ format: 'date-time' }) createdAt: string;

  static from(b: BusinessEntity): BusinessDto {
    return { id: b.id, name: b.name, timezone: b.timezone, currency: b.currency.trim(), country: b.country, address: b.address, createdAt: b.createdAt.toISOString() };
  }
}

export class ApiKeyDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: ['owner', 'marketer', 'analyst'] }) role: string;
  @ApiProperty({ description: 'The public part of the key, to recognise it' }) prefix: string;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) lastUsedAt: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) revokedAt: string | null;

  static from(k: ApiKeyEntity): ApiKeyDto {
    return {
      id: k.id, name: k.name, role: k.role, prefix: `lr_${k.prefix}`, createdAt: new Date(k.createdAt).toISOString(),
      lastUsedAt: k.lastUsedAt ? new Date(k.lastUsedAt).toISOString() : null, revokedAt: k.revokedAt ? new Date(k.revokedAt).toISOString() : null,
    };
  }
}

export class SignUpResponseDto {
  @ApiProperty({ type: BusinessDto }) business: BusinessDto;
  @ApiProperty({ description: 'The owner API key. Shown once: store it now.', example: 'lr_0123456789ab_...' }) apiKey: string;
  @ApiProperty({ type: ApiKeyDto }) key: ApiKeyDto;
}

export class MeDto {
  @ApiProperty({ type: BusinessDto }) business: BusinessDto;
  @ApiProperty({ type: ApiKeyDto }) key: ApiKeyDto;
}

export class CreateApiKeyDto {
  @ApiProperty({ minLength: 1, maxLength: 100, example: 'Front desk tablet' }) @IsString() @MaxLength(100) name: string;
  @ApiProperty({ enum: ['owner', 'marketer', 'analyst'], description: 'analyst is read-only' }) @IsIn(['owner', 'marketer', 'analyst']) role: 'owner' | 'marketer' | 'analyst';
}

export class CreatedApiKeyDto {
  @ApiProperty({ type: ApiKeyDto }) key: ApiKeyDto;
  @ApiProperty({ description: 'The secret key. Shown once.' }) apiKey: string;
}

export class ApiKeyListDto {
  @ApiProperty({ type: [ApiKeyDto] }) items: ApiKeyDto[];
}
