import { EXAMPLE_IDS } from '../../common/example-ids';
import { ApiProperty } from '@nestjs/swagger';
import { GeoJsonPolygonInput, LatLngInput, type Geofence } from '@localreach/geo';

export class GeofenceDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'Elm Street store' }) name: string;
  @ApiProperty({ enum: ['circle', 'polygon'] }) kind: 'circle' | 'polygon';
  @ApiProperty({ type: LatLngInput, nullable: true, description: 'Circle centre (circles only)' }) center: LatLngInput | null;
  @ApiProperty({ type: Number, nullable: true, minimum: 50, maximum: 50000, description: 'Circle radius in metres (circles only)' }) radiusMeters: number | null;
  @ApiProperty({ type: GeoJsonPolygonInput, nullable: true, description: 'GeoJSON Polygon (polygons only)' }) polygon: GeoJsonPolygonInput | null;
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
