import { EXAMPLE_IDS } from '../../common/example-ids';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { Geofence } from '@localreach/geo';

export class LatLngDto {
  @ApiProperty({ example: 39.7817, minimum: -85, maximum: 85 }) lat: number;
  @ApiProperty({ example: -89.6501, minimum: -180, maximum: 180 }) lng: number;
}

export class GeoJsonPolygonDto {
  @ApiProperty({ enum: ['Polygon'] }) type: 'Polygon';
  @ApiProperty({
    description: 'One closed outer ring of [lng, lat] positions (4 to 2,000, the last repeating the first). Holes are not supported.',
    type: 'array',
    minItems: 1,
    maxItems: 1,
    items: { type: 'array', minItems: 4, maxItems: 2000, items: { type: 'array', minItems: 2, maxItems: 2, items: { type: 'number' } } },
    example: [[[-89.652, 39.781], [-89.648, 39.781], [-89.648, 39.784], [-89.652, 39.784], [-89.652, 39.781]]],
  })
  coordinates: number[][][];
}

export class GeofenceDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'Elm Street store' }) name: string;
  @ApiProperty({ enum: ['circle', 'polygon'] }) kind: 'circle' | 'polygon';
  @ApiProperty({ type: LatLngDto, nullable: true, description: 'Circle centre (circles only)' }) center: LatLngDto | null;
  @ApiProperty({ type: Number, nullable: true, minimum: 50, maximum: 50000, description: 'Circle radius in metres (circles only)' }) radiusMeters: number | null;
  @ApiProperty({ type: GeoJsonPolygonDto, nullable: true, description: 'GeoJSON Polygon (polygons only)' }) polygon: GeoJsonPolygonDto | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'The store this geofence belongs to' }) storeId: string | null;
  @ApiProperty({ type: Number, nullable: true, minimum: 60, maximum: 86400, description: 'Seconds inside (between pings) before geofence_dwelled' }) dwellSeconds: number | null;
  @ApiProperty({ minimum: 0, maximum: 2592000, description: 'Seconds after a geofence_entered during which a re-entry is not announced' }) cooldownSeconds: number;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;

  static from(g: Geofence): GeofenceDto {
    return { ...g, createdAt: g.createdAt.toISOString(), updatedAt: g.updatedAt.toISOString() };
  }
}

export class GeofencePageDto {
  @ApiProperty({ type: [GeofenceDto] }) items: GeofenceDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor: string | null;
}

const COMMON = {
  storeId: { type: String, format: 'uuid', nullable: true, description: 'One of your stores, which this geofence belongs to' },
  dwellSeconds: { type: 'integer', nullable: true, minimum: 60, maximum: 86400, description: 'Seconds inside before geofence_dwelled; null = no dwell events' },
  cooldownSeconds: { type: 'integer', minimum: 0, maximum: 2592000, description: 'Seconds after an entry during which a re-entry is not announced' },
} as const;

export class GeofenceCircleInputDto {
  @ApiProperty({ minLength: 1, maxLength: 200, example: 'Elm Street store' }) name: string;
  @ApiProperty({ type: LatLngDto, description: 'Circle centre; the circle must stay within ±85° latitude and not cross ±180° longitude' }) center: LatLngDto;
  @ApiProperty({ minimum: 50, maximum: 50000, description: 'Radius in metres' }) radiusMeters: number;
  @ApiPropertyOptional(COMMON.storeId) storeId?: string | null;
  @ApiPropertyOptional(COMMON.dwellSeconds) dwellSeconds?: number | null;
  @ApiPropertyOptional(COMMON.cooldownSeconds) cooldownSeconds?: number;
}

export class GeofencePolygonInputDto {
  @ApiProperty({ minLength: 1, maxLength: 200, example: 'Old Town square' }) name: string;
  @ApiProperty({ type: GeoJsonPolygonDto, description: 'A simple polygon (no self-intersection) within ±85° latitude' }) polygon: GeoJsonPolygonDto;
  @ApiPropertyOptional(COMMON.storeId) storeId?: string | null;
  @ApiPropertyOptional(COMMON.dwellSeconds) dwellSeconds?: number | null;
  @ApiPropertyOptional(COMMON.cooldownSeconds) cooldownSeconds?: number;
}

/** PATCH: any fields; giving center + radiusMeters or polygon replaces the shape. */
export class GeofencePatchDto {
  @ApiPropertyOptional({ minLength: 1, maxLength: 200 }) name?: string;
  @ApiPropertyOptional({ type: LatLngDto }) center?: LatLngDto;
  @ApiPropertyOptional({ minimum: 50, maximum: 50000 }) radiusMeters?: number;
  @ApiPropertyOptional({ type: GeoJsonPolygonDto }) polygon?: GeoJsonPolygonDto;
  @ApiPropertyOptional(COMMON.storeId) storeId?: string | null;
  @ApiPropertyOptional(COMMON.dwellSeconds) dwellSeconds?: number | null;
  @ApiPropertyOptional(COMMON.cooldownSeconds) cooldownSeconds?: number;
}

export const CIRCLE_EXAMPLE = {
  name: 'Elm Street store',
  center: { lat: 39.7817, lng: -89.6501 },
  radiusMeters: 150,
  storeId: EXAMPLE_IDS.store,
  dwellSeconds: 300,
  cooldownSeconds: 86400,
};

export const POLYGON_EXAMPLE = {
  name: 'Old Town square',
  polygon: { type: 'Polygon', coordinates: [[[-89.652, 39.781], [-89.648, 39.781], [-89.648, 39.784], [-89.652, 39.784], [-89.652, 39.781]]] },
  cooldownSeconds: 3600,
};
