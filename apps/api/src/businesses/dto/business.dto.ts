import { ApiProperty } from '@nestjs/swagger';
import { BusinessAddressInput, type ApiKeyEntity, type BusinessEntity } from '@localreach/core';

export class BusinessDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty() timezone: string;
  @ApiProperty() currency: string;
  @ApiProperty() country: string;
  @ApiProperty({ type: BusinessAddressInput }) address: BusinessAddressInput;
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

export class CreatedApiKeyDto {
  @ApiProperty({ type: ApiKeyDto }) key: ApiKeyDto;
  @ApiProperty({ description: 'The secret key. Shown once.' }) apiKey: string;
}

export class ApiKeyListDto {
  @ApiProperty({ type: [ApiKeyDto] }) items: ApiKeyDto[];
}
