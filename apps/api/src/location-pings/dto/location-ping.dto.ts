import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

class PingResultDto {
  @ApiProperty({ description: 'Position of the ping in the request' }) index: number;
  @ApiProperty({ enum: ['accepted', 'ignored'] }) status: 'accepted' | 'ignored';
  @ApiPropertyOptional({ enum: ['no_consent', 'unknown_customer'], description: 'Why an ignored ping was dropped' }) reason?: 'no_consent' | 'unknown_customer';
}

class GeofenceEventDto {
  @ApiProperty({ pattern: '^[0-9]+$', description: 'Id of the stored event (a decimal number)' }) id: string;
  @ApiProperty({ enum: ['geofence_entered', 'geofence_dwelled', 'geofence_exited'] }) type: string;
  @ApiProperty({ format: 'uuid' }) customerId: string;
  @ApiProperty({ format: 'uuid' }) geofenceId: string;
  @ApiProperty({ format: 'date-time', description: 'The time of the ping that caused it' }) occurredAt: string;
}

export class PingIngestResponseDto {
  @ApiProperty({ description: 'Pings stored and evaluated against geofences' }) accepted: number;
  @ApiProperty({ description: 'Pings dropped without storing anything (no location consent, unknown customer)' }) ignored: number;
  @ApiProperty({ type: [PingResultDto] }) pings: PingResultDto[];
  @ApiProperty({ type: [GeofenceEventDto], description: 'Geofence events these pings emitted' }) events: GeofenceEventDto[];
}

export const PING_EXAMPLE = {
  customer: { externalId: 'app-user-4411' },
  lat: 39.78172,
  lng: -89.65013,
  accuracy: 12,
  occurredAt: '2026-11-20T18:03:00Z',
};
