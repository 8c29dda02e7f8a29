import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { Location } from '@localreach/core';
import { AddressDto } from '../customers/dto/customer.dto';

const RANGES = {
  type: 'array',
  maxItems: 6,
  description: 'Open ranges of the day, each ["HH:mm", "HH:mm"] (open, close; a close before the open runs past midnight)',
  items: { type: 'array', minItems: 2, maxItems: 2, items: { type: 'string', pattern: '^([01]\\d|2[0-3]):[0-5]\\d$' } },
} as const;

/** Opening hours by weekday; a day left out is closed. */
export class OpeningHoursDto {
  @ApiPropertyOptional(RANGES) mon?: string[][];
  @ApiPropertyOptional(RANGES) tue?: string[][];
  @ApiPropertyOptional(RANGES) wed?: string[][];
  @ApiPropertyOptional(RANGES) thu?: string[][];
  @ApiPropertyOptional(RANGES) fri?: string[][];
  @ApiPropertyOptional(RANGES) sat?: string[][];
  @ApiPropertyOptional(RANGES) sun?: string[][];
}

/** A store. On PATCH every field is optional and null clears it (except name). */
export class LocationInputDto {
  @ApiProperty({ minLength: 1, maxLength: 200, example: 'Elm Street' }) name: string;
  @ApiPropertyOptional({ type: AddressDto, nullable: true, description: 'Geocoded when lat/lng are not given and geocoding is configured' }) address?: AddressDto | null;
  @ApiPropertyOptional({ type: Number, nullable: true, minimum: -90, maximum: 90, description: 'Given together with lng' }) lat?: number | null;
  @ApiPropertyOptional({ type: Number, nullable: true, minimum: -180, maximum: 180, description: 'Given together with lat' }) lng?: number | null;
  @ApiPropertyOptional({ type: String, nullable: true, description: 'IANA time zone; the business\'s when null' }) timezone?: string | null;
  @ApiPropertyOptional({ type: String, nullable: true, description: 'Stored as E.164' }) phone?: string | null;
  @ApiPropertyOptional({ type: OpeningHoursDto, nullable: true }) openingHours?: OpeningHoursDto | null;
}

export class LocationPatchDto {
  @ApiPropertyOptional({ minLength: 1, maxLength: 200 }) name?: string;
  @ApiPropertyOptional({ type: AddressDto, nullable: true }) address?: AddressDto | null;
  @ApiPropertyOptional({ type: Number, nullable: true, minimum: -90, maximum: 90 }) lat?: number | null;
  @ApiPropertyOptional({ type: Number, nullable: true, minimum: -180, maximum: 180 }) lng?: number | null;
  @ApiPropertyOptional({ type: String, nullable: true }) timezone?: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) phone?: string | null;
  @ApiPropertyOptional({ type: OpeningHoursDto, nullable: true }) openingHours?: OpeningHoursDto | null;
}

export class LocationDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty({ nullable: true, type: AddressDto }) address: AddressDto | null;
  @ApiProperty({ nullable: true, type: Number }) lat: number | null;
  @ApiProperty({ nullable: true, type: Number }) lng: number | null;
  @ApiProperty({ nullable: true, type: String }) timezone: string | null;
  @ApiProperty({ nullable: true, type: String }) phone: string | null;
  @ApiProperty({ nullable: true, type: OpeningHoursDto, example: { mon: [['08:00', '18:00']], sat: [['09:00', '13:00']] } }) openingHours: OpeningHoursDto | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;

  static from(l: Location): LocationDto {
    return { ...l, openingHours: l.openingHours as OpeningHoursDto | null, createdAt: l.createdAt.toISOString(), updatedAt: l.updatedAt.toISOString() };
  }
}

export class LocationPageDto {
  @ApiProperty({ type: [LocationDto] }) items: LocationDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor: string | null;
}
