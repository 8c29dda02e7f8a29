import { ApiProperty } from '@nestjs/swagger';
import { AddressInput, OpeningHoursInput, type Location } from '@localreach/core';

export class LocationDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty({ nullable: true, type: AddressInput }) address: AddressInput | null;
  @ApiProperty({ nullable: true, type: Number }) lat: number | null;
  @ApiProperty({ nullable: true, type: Number }) lng: number | null;
  @ApiProperty({ nullable: true, type: String }) timezone: string | null;
  @ApiProperty({ nullable: true, type: String }) phone: string | null;
  @ApiProperty({ nullable: true, type: OpeningHoursInput, example: { mon: [['08:00', '18:00']], sat: [['09:00', '13:00']] } }) openingHours: OpeningHoursInput | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;

  static from(l: Location): LocationDto {
    return { ...l, openingHours: l.openingHours as OpeningHoursInput | null, createdAt: l.createdAt.toISOString(), updatedAt: l.updatedAt.toISOString() };
  }
}

export class LocationPageDto {
  @ApiProperty({ type: [LocationDto] }) items: LocationDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor: string | null;
}
