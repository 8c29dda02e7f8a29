import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiExtraModels, ApiOperation, ApiResponse, ApiTags, getSchemaPath } from '@nestjs/swagger';
import type { Tenant } from '@localreach/core';
import { LocationPingBatchInput, LocationPingInput, LocationPingService, parseLocationPingBody } from '@localreach/geo';
import { CurrentTenant } from '../common/auth';
import { PING_EXAMPLE, PingIngestResponseDto } from './dto/location-ping.dto';

@ApiTags('location-pings')
@ApiBearerAuth()
@ApiExtraModels(LocationPingInput, LocationPingBatchInput)
@Controller('v1/location-pings')
export class LocationPingsController {
  constructor(private readonly pings: LocationPingService) {}

  @Post()
  @HttpCode(202)
  @ApiOperation({
    summary: 'Record one location ping, or a batch { pings: [...] } of up to 1,000 (all valid or none written)',
    description:
      'Only customers with location consent granted are tracked; pings of others are counted as ignored and not stored. ' +
      'Stored coordinates are coarsened to the business setting locationPrecisionMeters (default 100 m); geofences are matched on the exact ping. ' +
      'Pings older than the last one applied, or with accuracy worse than max(100 m, radius) (500 m for polygons), do not change geofence state.',
  })
  @ApiBody({
    schema: { oneOf: [{ $ref: getSchemaPath(LocationPingInput) }, { $ref: getSchemaPath(LocationPingBatchInput) }] },
    examples: { single: { value: PING_EXAMPLE }, batch: { value: { pings: [PING_EXAMPLE, { ...PING_EXAMPLE, occurredAt: '2026-11-20T18:09:00Z' }] } } },
  })
  @ApiResponse({ status: 202, type: PingIngestResponseDto })
  async ingest(@CurrentTenant() tenant: Tenant, @Body({ transform: parseLocationPingBody }) body: LocationPingInput | LocationPingBatchInput): Promise<PingIngestResponseDto> {
    const result = await this.pings.ingest(tenant, body);
    return { ...result, events: result.events.map((e) => ({ ...e, occurredAt: e.occurredAt.toISOString() })) };
  }
}
