import { Controller, HttpCode, Inject, Post, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { APP_CONFIG, CustomerImportService, type AppConfig, type Tenant } from '@localreach/core';
import { NearestStoreService } from '@localreach/geo';
import { CurrentTenant } from '../common/auth';
import { IMPORT_ROUTE_DESCRIPTION } from './customer-import.docs';
import { CustomerImportQueryDto, CustomerImportReportDto } from './dto/customer-import.dto';
import { importOptionsFrom } from './import-request';

@ApiTags('customers')
@ApiBearerAuth()
@Controller('v1/customers')
export class CustomerImportController {
  constructor(
    private readonly importer: CustomerImportService,
    private readonly nearestStores: NearestStoreService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Post('import')
  @HttpCode(200)
  @ApiOperation({ summary: 'Bulk import customers from CSV or NDJSON (streamed, up to 1,000,000 rows, idempotent; ?dryRun=true to preview)', description: IMPORT_ROUTE_DESCRIPTION })
  @ApiConsumes('text/csv', 'application/x-ndjson')
  @ApiBody({ schema: { type: 'string', description: 'The file: CSV with a header row, or NDJSON (one customer object per line, the POST /v1/customers shape)' } })
  @ApiOkResponse({ type: CustomerImportReportDto })
  async import(@CurrentTenant() tenant: Tenant, @Query() query: CustomerImportQueryDto, @Req() req: Request): Promise<CustomerImportReportDto> {
    const report = await this.importer.import(tenant, req, importOptionsFrom(req, query, this.config.maxImportBytes));
    if (!report.dryRun && report.inserted + report.updated > 0) await this.nearestStores.refreshNearestStores(tenant.businessId);
    return CustomerImportReportDto.from(report);
  }
}
