import { Body, Controller, Delete, Inject, Get, HttpCode, Param, Patch, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import {
  APP_CONFIG, CUSTOMER_CSV_COLUMNS, CustomerErasureService, CustomerExportService, CustomerInput, CustomerPatch, CustomerService, type AppConfig, type Customer, type Tenant,
} from '@localreach/core';
import { NearestStoreService } from '@localreach/geo';
import { CurrentTenant } from '../common/auth';
import { streamDownload } from '../common/stream-response';
import { CustomerExportDto } from './dto/customer-export.dto';
import { CustomerDetailDto, CustomerListPageDto, CustomerResponseDto } from './dto/customer-response.dto';
import { CustomerFilterQueryDto, CustomerListQueryDto, customerQueryOf } from './dto/customer.dto';

const CSV_EXAMPLE =
  `${CUSTOMER_CSV_COLUMNS.join(',')}\r\n` +
  '0b6f5a52-5d0e-4a8e-9a43-7d1c1a1e2f10,pos-10042,ana@example.com,+13125550123,Ana,Lopez,1990-02-14,America/Chicago,41.88,-87.63,vip;newsletter,' +
  'granted,,,,"{""tier"":""gold""}",2026-05-01T10:00:00.000Z,2026-05-02T08:30:00.000Z\r\n';

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
    private readonly erasure: CustomerErasureService,
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
  @ApiBody({ type: CustomerInput, examples: { customer: { value: CUSTOMER_EXAMPLE } } })
  @ApiCreatedResponse({ type: CustomerResponseDto, description: 'Created' })
  @ApiOkResponse({ type: CustomerResponseDto, description: 'An existing customer was matched and updated' })
  async upsert(@CurrentTenant() tenant: Tenant, @Body() body: CustomerInput, @Res({ passthrough: true }) res: Response): Promise<CustomerResponseDto> {
    const result = await this.customers.upsert(tenant, body);
    res.status(result.created ? 201 : 200);
    return result.changed ? this.withNearestStore(tenant, result.customer) : CustomerResponseDto.from(result.customer);
  }

  @Get()
  @ApiOperation({
    summary: 'Search, filter and sort customers: keyset pages with the total',
    description: 'Every filter narrows the list (they combine with AND). Pages follow `sort` and `order`; pass `nextCursor` back as `cursor` with the same filters, sort and order.',
  })
  @ApiOkResponse({ type: CustomerListPageDto })
  async list(@CurrentTenant() tenant: Tenant, @Query() query: CustomerListQueryDto): Promise<CustomerListPageDto> {
    const page = await this.customers.list(tenant, { ...customerQueryOf(query), cursor: query.cursor, limit: query.limit ?? 50 });
    return { items: page.items.map(CustomerResponseDto.from), nextCursor: page.nextCursor, total: page.total, totalIsEstimate: page.totalIsEstimate };
  }

  // Declared before ':id' so that route does not take "export.csv" for an id.
  @Get('export.csv')
  @ApiOperation({
    summary: 'The filtered, sorted customer list as CSV: every match, streamed',
    description:
      'Takes the list\'s filters, search and sort (no pages). RFC 4180 with a header row and CRLF line ends; tags joined with ";", address ' +
      'and attributes as JSON. A text cell starting with = + - @, tab or CR gets a leading \' so a spreadsheet shows it instead of running it ' +
      '(a cell that is just a number, such as an E.164 phone, is left as it is). Read in keyset pages of 1,000 (no database connection waits ' +
      'on a slow download), so not one snapshot: a customer changed during the export is listed where it sorted when its page was read.',
  })
  @ApiProduces('text/csv')
  @ApiOkResponse({ description: 'CSV, header row first', content: { 'text/csv': { schema: { type: 'string' }, example: CSV_EXAMPLE } } })
  async exportCsv(@CurrentTenant() tenant: Tenant, @Query() query: CustomerFilterQueryDto, @Res() res: Response): Promise<void> {
    await streamDownload(res, 'text/csv; charset=utf-8', 'customers.csv', this.customers.exportCsv(tenant, customerQueryOf(query)));
  }

  @Get(':id')
  @ApiOperation({ summary: 'One customer, with their nearest store' })
  @ApiOkResponse({ type: CustomerDetailDto })
  async get(@CurrentTenant() tenant: Tenant, @Param('id') id: string): Promise<CustomerDetailDto> {
    const customer = await this.customers.get(tenant, id);
    return { ...CustomerResponseDto.from(customer), nearestStore: await this.nearestStores.nearestStoreOf(tenant.businessId, customer.id) };
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Change some fields; null clears a field' })
  @ApiBody({ type: CustomerPatch, examples: { move: { value: { lastName: 'Lopez-Garcia', tags: ['vip'], lat: null, lng: null } } } })
  @ApiOkResponse({ type: CustomerResponseDto })
  async patch(@CurrentTenant() tenant: Tenant, @Param('id') id: string, @Body() body: CustomerPatch): Promise<CustomerResponseDto> {
    return this.withNearestStore(tenant, await this.customers.patch(tenant, id, body));
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({
    summary: 'Erase a customer (GDPR art. 17): personal data removed everywhere, anonymised aggregates kept',
    description:
      'In one transaction: the profile, message recipients, subjects and links, click URLs, event properties (inbound SMS included), ' +
      'enrolment contexts, pings, the geocode of their address, consent history and audit details. Messages, engagements, orders and ' +
      'enrolments stay without personal columns, so report totals do not change. Only a keyed hash of the email and phone is kept: a later ' +
      'grant of email or SMS consent to that address by the business (API, import) is 409 CONSENT_WITHDRAWN; only the person\'s own opt-in ' +
      '(source form) grants it. See docs/customer-data-rights.md.',
  })
  async erase(@CurrentTenant() tenant: Tenant, @Param('id') id: string): Promise<void> {
    await this.erasure.erase(tenant, id);
  }

  @Get(':id/export')
  @ApiOperation({
    summary: 'Everything held about one customer (GDPR access and portability, art. 15 and 20)',
    description: 'One JSON document read in one snapshot: profile, attributes, tags, consent per channel with its history, events, orders, messages, engagements, enrolments with their steps, location pings, inbound SMS and suppressions.',
  })
  @ApiOkResponse({ type: CustomerExportDto })
  async export(@CurrentTenant() tenant: Tenant, @Param('id') id: string): Promise<CustomerExportDto> {
    return CustomerExportDto.from(await this.exporter.export(tenant, id));
  }
}
