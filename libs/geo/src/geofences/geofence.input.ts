import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsObject, IsOptional, ValidateNested } from 'class-validator';
import { InputErrorCode, IsNumberBetween, IsText, IsUuid, IsWholeNumberBetween, ProblemList, ValidateNestedWith, type NestedProblem } from '@localreach/core';
import { POLYGON_LIMITS, validatePolygon, type GeoJsonPolygon } from '../polygon/polygon-validation';
import { GEOFENCE_LIMITS as LIMITS } from './geofence.types';

const { maxAbsLatitude: MAX_LAT } = LIMITS;

/** A circle's centre. */
export class LatLngInput {
  @ApiProperty({ example: 39.7817, minimum: -MAX_LAT, maximum: MAX_LAT })
  @IsNumberBetween(-MAX_LAT, MAX_LAT) lat: number;

  @ApiProperty({ example: -89.6501, minimum: -180, maximum: 180 })
  @IsNumberBetween(-180, 180) lng: number;
}

/** A GeoJSON Polygon with one outer ring. (Documents the shape geofencePolygonProblems checks.) */
export class GeoJsonPolygonInput {
  @ApiProperty({ enum: ['Polygon'] }) type: 'Polygon';

  @ApiProperty({
    description: `One closed outer ring of [lng, lat] positions (${POLYGON_LIMITS.minPositions} to ${POLYGON_LIMITS.maxPositions.toLocaleString('en-US')}, `
      + 'the last repeating the first); a third number (altitude) is dropped. Holes are not supported.',
    type: 'array',
    minItems: 1,
    maxItems: 1,
    items: {
      type: 'array', minItems: POLYGON_LIMITS.minPositions, maxItems: POLYGON_LIMITS.maxPositions,
      items: { type: 'array', minItems: 2, maxItems: 3, items: { type: 'number' } },
    },
    example: [[[-89.652, 39.781], [-89.648, 39.781], [-89.648, 39.784], [-89.652, 39.784], [-89.652, 39.781]]],
  })
  coordinates: number[][][];
}

/**
 * A geofence polygon's problems below the property ("", ".coordinates[0][3][1]"):
 * libs/geo's polygon validator, and the Web Mercator limit geofences keep to.
 */
export function geofencePolygonProblems(value: unknown): NestedProblem[] {
  const out = new ProblemList();
  const polygon = validatePolygon(value, '', out);
  const far = polygon?.coordinates[0].findIndex(([, lat]) => Math.abs(lat) > MAX_LAT) ?? -1;
  if (far >= 0) out.add(`.coordinates[0][${far}][1]`, `geofences must stay within ±${MAX_LAT}° latitude`);
  return out.problems.map((p) => ({ path: p.field, message: p.message }));
}

const { dwellSeconds: DWELL, cooldownSeconds: COOLDOWN, radiusMeters: RADIUS } = LIMITS;

/**
 * A geofence: a circle (center + radiusMeters) or a polygon. Which shape it is,
 * and the rules that need both centre and radius, are checked by
 * geofenceDraftOf (over the stored geofence on PATCH); a store named by
 * storeId must be the business's (GeofenceService).
 */
@InputErrorCode('INVALID_GEOFENCE')
export class GeofenceInput {
  @ApiProperty({ minLength: 1, maxLength: LIMITS.nameMaxLength, example: 'Elm Street store' })
  @IsText(LIMITS.nameMaxLength) name: string;

  @ApiPropertyOptional({
    type: LatLngInput, nullable: true,
    description: `Circle centre, given with radiusMeters; the circle must stay within ±${MAX_LAT}° latitude and not cross ±180° longitude`,
  })
  @IsOptional() @IsObject() @ValidateNested() @Type(() => LatLngInput) center?: LatLngInput | null;

  @ApiPropertyOptional({ type: Number, nullable: true, minimum: RADIUS.min, maximum: RADIUS.max, description: 'Circle radius in metres, given with center' })
  @IsOptional() @IsNumberBetween(RADIUS.min, RADIUS.max) radiusMeters?: number | null;

  @ApiPropertyOptional({
    type: GeoJsonPolygonInput, nullable: true,
    description: `Instead of a circle: a GeoJSON Polygon, simple (no self-intersection) and within ±${MAX_LAT}° latitude`,
  })
  @IsOptional() @ValidateNestedWith(geofencePolygonProblems) polygon?: GeoJsonPolygon | null;

  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true, description: 'One of your stores, which this geofence belongs to' })
  @IsOptional() @IsUuid({ message: 'must be the id (UUID) of one of your stores' }) storeId?: string | null;

  @ApiPropertyOptional({
    type: 'integer', nullable: true, minimum: DWELL.min, maximum: DWELL.max,
    description: 'Seconds inside before geofence_dwelled; null = no dwell events',
  })
  @IsOptional() @IsWholeNumberBetween(DWELL.min, DWELL.max, { message: `must be a whole number of seconds from ${DWELL.min} to ${DWELL.max}` }) dwellSeconds?: number | null;

  @ApiPropertyOptional({
    type: 'integer', minimum: COOLDOWN.min, maximum: COOLDOWN.max,
    description: 'Seconds after an entry during which a re-entry is not announced (default 0)',
  })
  @IsOptional() @IsWholeNumberBetween(COOLDOWN.min, COOLDOWN.max, { message: `must be a whole number of seconds from ${COOLDOWN.min} to ${COOLDOWN.max}` }) cooldownSeconds?: number;
}

/** PATCH: any fields; giving center + radiusMeters or polygon replaces the shape. */
@InputErrorCode('INVALID_GEOFENCE')
export class GeofencePatch extends PartialType(GeofenceInput) {}
