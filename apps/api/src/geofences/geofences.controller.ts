import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiCreatedResponse, ApiExtraModels, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags, getSchemaPath } from '@nestjs/swagger';
import type { Tenant } from '@localreach/core';
import { GeofenceInput, GeofencePatch, GeofenceService } from '@localreach/geo';
import { CurrentTenant } from '../common/auth';
import { PageQueryDto } from '../common/pagination.dto';
import { CIRCLE_EXAMPLE, GeofenceDto, GeofencePageDto, POLYGON_EXAMPLE } from './dto/geofence.dto';

// One input class; the two shapes it takes, each with the fields it needs.
const shape = (description: string, required: string[]) => ({ type: 'object', description, allOf: [{ $ref: getSchemaPath(GeofenceInput) }], required });
const BODY_SCHEMA = {
  schema: { oneOf: [shape('A circle', ['name', 'center', 'radiusMeters']), shape('A polygon', ['name', 'polygon'])] },
  examples: { circle: { summary: 'A circle around a store', value: CIRCLE_EXAMPLE }, polygon: { summary: 'A drawn polygon', value: POLYGON_EXAMPLE } },
};

@ApiTags('geofences')
@ApiBearerAuth()
@ApiExtraModels(GeofenceInput)
@Controller('v1/geofences')
export class GeofencesController {
  constructor(private readonly geofences: GeofenceService) {}

  @Post()
  @ApiOperation({
    summary: 'Create a geofence',
    description: 'Either a circle (center { lat, lng } + radiusMeters 50..50,000) or a GeoJSON Polygon; optional storeId, dwellSeconds (60..86,400), cooldownSeconds (0..30 days).',
  })
  @ApiBody(BODY_SCHEMA)
  @ApiCreatedResponse({ type: GeofenceDto })
  async create(@CurrentTenant() tenant: Tenant, @Body() body: GeofenceInput): Promise<GeofenceDto> {
    return GeofenceDto.from(await this.geofences.create(tenant, body));
  }

  @Get()
  @ApiOperation({ summary: 'List geofences, oldest first, a page at a time' })
  @ApiOkResponse({ type: GeofencePageDto })
  async list(@CurrentTenant() tenant: Tenant, @Query() query: PageQueryDto): Promise<GeofencePageDto> {
    const page = await this.geofences.list(tenant, query.limit ?? 50, query.cursor);
    return { items: page.items.map(GeofenceDto.from), nextCursor: page.nextCursor };
  }

  @Get(':id')
  @ApiOkResponse({ type: GeofenceDto })
  async get(@CurrentTenant() tenant: Tenant, @Param('id') id: string): Promise<GeofenceDto> {
    return GeofenceDto.from(await this.geofences.get(tenant, id));
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Change a geofence; sending a polygon turns a circle into a polygon and vice versa' })
  @ApiBody({ type: GeofencePatch, examples: { resize: { value: { radiusMeters: 250, dwellSeconds: 600 } } } })
  @ApiOkResponse({ type: GeofenceDto })
  async update(@CurrentTenant() tenant: Tenant, @Param('id') id: string, @Body() body: GeofencePatch): Promise<GeofenceDto> {
    return GeofenceDto.from(await this.geofences.update(tenant, id, body));
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Remove a geofence (events already recorded keep its id)' })
  @ApiNoContentResponse()
  async remove(@CurrentTenant() tenant: Tenant, @Param('id') id: string): Promise<void> {
    await this.geofences.remove(tenant, id);
  }
}
