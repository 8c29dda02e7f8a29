import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { LocationInput, LocationPatch, LocationService, type Location, type Tenant } from '@localreach/core';
import { StoreGeoService } from '@localreach/geo';
import { CurrentTenant } from '../common/auth';
import { PageQueryDto } from '../common/pagination.dto';
import { LocationDto, LocationPageDto } from './location.dto';

const LOCATION_EXAMPLE = {
  name: 'Elm Street',
  address: { line1: '12 Elm Street', city: 'Springfield', region: 'IL', postalCode: '62701', country: 'US' },
  lat: 39.7817,
  lng: -89.6501,
  timezone: 'America/Chicago',
  phone: '+12175550100',
  openingHours: { mon: [['07:00', '18:00']], tue: [['07:00', '18:00']], sat: [['08:00', '14:00']] },
};

@ApiTags('locations')
@ApiBearerAuth()
@Controller('v1/locations')
export class LocationsController {
  constructor(
    private readonly locations: LocationService,
    private readonly storeGeo: StoreGeoService,
  ) {}

  /** After a store changes: geocode it if it has only an address, and recompute customers' nearest store if it moved. */
  private async withGeo(tenant: Tenant, store: Location, before: { lat: number; lng: number } | null): Promise<LocationDto> {
    const now = await this.storeGeo.afterStoreChange(tenant.businessId, store.id, before);
    return LocationDto.from(now ? { ...store, lat: now.lat, lng: now.lng } : store);
  }

  @Post()
  @ApiOperation({ summary: 'Add a store' })
  @ApiBody({ type: LocationInput, examples: { store: { value: LOCATION_EXAMPLE } } })
  @ApiCreatedResponse({ type: LocationDto })
  async create(@CurrentTenant() tenant: Tenant, @Body() body: LocationInput): Promise<LocationDto> {
    return this.withGeo(tenant, await this.locations.create(tenant, body), null);
  }

  @Get()
  @ApiOkResponse({ type: LocationPageDto })
  async list(@CurrentTenant() tenant: Tenant, @Query() query: PageQueryDto): Promise<LocationPageDto> {
    const page = await this.locations.list(tenant, query.limit ?? 50, query.cursor);
    return { items: page.items.map(LocationDto.from), nextCursor: page.nextCursor };
  }

  @Get(':id')
  @ApiOkResponse({ type: LocationDto })
  async get(@CurrentTenant() tenant: Tenant, @Param('id') id: string): Promise<LocationDto> {
    return LocationDto.from(await this.locations.get(tenant, id));
  }

  @Patch(':id')
  @ApiBody({ type: LocationPatch, examples: { hours: { value: { openingHours: { sun: [['10:00', '14:00']] } } } } })
  @ApiOkResponse({ type: LocationDto })
  async update(@CurrentTenant() tenant: Tenant, @Param('id') id: string, @Body() body: LocationPatch): Promise<LocationDto> {
    const before = await this.storeGeo.coordinatesOf(tenant.businessId, id);
    return this.withGeo(tenant, await this.locations.update(tenant, id, body), before);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Remove a store (past orders keep their reference)' })
  async remove(@CurrentTenant() tenant: Tenant, @Param('id') id: string): Promise<void> {
    const before = await this.storeGeo.coordinatesOf(tenant.businessId, id);
    await this.locations.remove(tenant, id);
    await this.storeGeo.afterStoreChange(tenant.businessId, id, before);
  }
}
