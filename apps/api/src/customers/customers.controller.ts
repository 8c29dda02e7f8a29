import { Controller, Delete, Inject, Get, HttpCode, Param, Patch, Post, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { APP_CONFIG, CustomerExportService, CustomerImportService, CustomerService, type AppConfig, type Customer, type Tenant } from '@localreach/core';
import { NearestStoreService } from '@localreach/geo';
import { CurrentTenant } from '../common/auth';
import { RawBody } from '../common/raw-body';
import { CustomerExportDto, CustomerPageDto, CustomerResponseDto, ImportReportDto } from './dto/customer-response.dto';
import { CustomerInputDto, CustomerListQueryDto, ImportQueryDto } from './dto/customer.dto';
import { importOptionsFrom } from './import-request';

const CUSTOMER_EXAMPLE = {
  externalId: 'pos-10042',
  email: 'ana@example.com',
  phone: '+13125550123',
  firstName: 'Ana',
  lastName: 'Lopez',
  birthday: '1990-02-14',
  timezone: 'America/Chicago',
  lat: 41.88,
  lng: -87.63,
  attributes: { tier: 'gold', visits: 12 },
  tags: ['vip', 'newsletter'],
  consent: { email: { status: 'granted', source: 'form' } },
};

@ApiTags('customers')
@ApiBearerAuth()
@Controller('v1/customers')
export class CustomersController {
  constructor(
    private readonly customers: CustomerService,
    private readonly exporter: CustomerExportService,
    private readonly importer: CustomerImportService,
    private readonly nearestStores: NearestStoreService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Located customers get their nearest store derived as they are saved. */
  private async withNearestStore(tenant: Tenant, customer: Customer): Promise<CustomerResponseDto> {
    if (customer.lat !== null && customer.lng !== null) await this.nearestStores.refreshNearestStores(tenant.businessId, [customer.id]);
    return CustomerResponseDto.from(customer);
  }

  @Post()
  @ApiOperation({ summary: 'Create or update a customer (matched by externalId, then email, then phone)' })
  @ApiBody({ type: CustomerInputDto, examples: { customer: { value: CUSTOMER_EXAMPLE } } })
  @ApiCreatedResponse({ type: CustomerResponseDto, description: 'Created' })
  @ApiOkResponse({ type: CustomerResponseDto, description: 'An existing customer was matched and updated' })
  async upsert(@CurrentTenant() tenant: Tenant, @RawBody() body: Record<string, unknown>, @Res({ passthrough: true }) res: Response): Promise<CustomerResponseDto> {
    const result = await this.customers.upsert(tenant, body);
    res.status(result.created ? 201 : 200);
    return result.changed ? this.withNearestStore(tenant, result.customer) : CustomerResponseDto.from(result.customer);
  }

  @Get()
  @ApiOperation({ summary: 'List customers, newest last, with cursor pages and filters' })
  @ApiOkResponse({ type: CustomerPageDto })
  async list(@CurrentTenant() tenant: Tenant, @Query() query: CustomerListQueryDto): Promise<CustomerPageDto> {
    const page = await this.customers.list(tenant, {
      email: query.email, phone: query.phone, externalId: query.externalId, tag: query.tag,
      updatedSince: query.updatedSince ? new Date(query.updatedSince) : undefined, cursor: query.cursor, limit: query.limit ?? 50,
    });
    return { items: page.items.map(CustomerResponseDto.from), nextCursor: page.nextCursor };
  }

  @Post('import')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Bulk import customers from CSV or NDJSON (streamed, up to 1,000,000 rows, idempotent)',
    description:
      'Rows match existing customers like the upsert (externalId, then email, then phone). An import never clears a stored value: ' +
      'empty cells and nulls mean "not given"; attributes and address are merged field by field and tags are added, whereas the ' +
      'customer API replaces address and tags. Bad rows are reported (row, field, reason) and do not stop the others.',
  })
  @ApiConsumes('text/csv', 'application/x-ndjson')
  @ApiBody({ schema: { type: 'string', example: 'email,phone,first_name\nana@example.com,+13125550123,Ana\n' } })
  @ApiOkResponse({ type: ImportReportDto })
  async import(@CurrentTenant() tenant: Tenant, @Query() query: ImportQueryDto, @Req() req: Request): Promise<ImportReportDto> {
    const report = await this.importer.import(tenant, req, importOptionsFrom(req, query, this.config.maxImportBytes));
    if (report.inserted + report.updated > 0) await this.nearestStores.refreshNearestStores(tenant.businessId);
    return report;
  }

  @Get(':id')
  @ApiOkResponse({ type: CustomerResponseDto })
  async get(@CurrentTenant() tenant: Tenant, @Param('id') id: string): Promise<CustomerResponseDto> {
    return CustomerResponseDto.from(await this.customers.get(tenant, id));
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Change some fields; null clears a field' })
  @ApiBody({ type: CustomerInputDto, examples: { move: { value: { lastName: 'Lopez-Garcia', tags: ['vip'], lat: null, lng: null } } } })
  @ApiOkResponse({ type: CustomerResponseDto })
  async patch(@CurrentTenant() tenant: Tenant, @Param('id') id: string, @RawBody() body: Record<string, unknown>): Promise<CustomerResponseDto> {
    return this.withNearestStore(tenant, await this.customers.patch(tenant, id, body));
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Erase a customer (GDPR): personal data removed, anonymised aggregates kept' })
  async erase(@CurrentTenant() tenant: Tenant, @Param('id') id: string): Promise<void> {
    await this.customers.erase(tenant, id);
  }

  @Get(':id/export')
  @ApiOperation({ summary: 'Everything held about one customer (GDPR access request)' })
  @ApiOkResponse({ type: CustomerExportDto })
  async export(@CurrentTenant() tenant: Tenant, @Param('id') id: string): Promise<CustomerExportDto> {
    return CustomerExportDto.from(await this.exporter.export(tenant, id));
  }
}
