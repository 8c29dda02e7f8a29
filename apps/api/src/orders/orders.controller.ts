import { Body, Controller, Get, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsOptional, IsUUID } from 'class-validator';
import type { Response } from 'express';
import { OrderInput, OrderService, type Tenant } from '@localreach/core';
import { CurrentTenant } from '../common/auth';
import { PageQueryDto } from '../common/pagination.dto';
import { EXAMPLE_IDS } from '../common/example-ids';
import { OrderDto, OrderPageDto } from './order.dto';

class OrderListQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() customerId?: string;
}

const ORDER_EXAMPLE = {
  externalId: 'pos-2026-000123',
  customer: { phone: '+13125550123' },
  total: 23.5,
  currency: 'USD',
  items: [{ sku: 'CROISSANT', name: 'Butter croissant', quantity: 5, price: 4.7 }],
  channel: 'in_store',
  locationId: EXAMPLE_IDS.store,
  couponCode: 'BDAY-7F3K',
  occurredAt: '2026-11-21T09:12:00-06:00',
};

@ApiTags('orders')
@ApiBearerAuth()
@Controller('v1/orders')
export class OrdersController {
  constructor(private readonly orders: OrderService) {}

  @Post()
  @ApiOperation({ summary: 'Record an online or in-store (POS) order; idempotent on externalId (replay → 200, different details → 409)' })
  @ApiBody({ type: OrderInput, examples: { order: { value: ORDER_EXAMPLE } } })
  @ApiCreatedResponse({ type: OrderDto, description: 'Recorded' })
  @ApiOkResponse({ type: OrderDto, description: 'The same order was already recorded' })
  async record(@CurrentTenant() tenant: Tenant, @Body() body: OrderInput, @Res({ passthrough: true }) res: Response): Promise<OrderDto> {
    const { order, created } = await this.orders.record(tenant, body);
    res.status(created ? 201 : 200);
    return OrderDto.from(order);
  }

  @Get()
  @ApiOkResponse({ type: OrderPageDto })
  async list(@CurrentTenant() tenant: Tenant, @Query() query: OrderListQueryDto): Promise<OrderPageDto> {
    const page = await this.orders.list(tenant, { customerId: query.customerId, cursor: query.cursor, limit: query.limit ?? 50 });
    return { items: page.items.map(OrderDto.from), nextCursor: page.nextCursor };
  }

  @Get(':id')
  @ApiOkResponse({ type: OrderDto })
  async get(@CurrentTenant() tenant: Tenant, @Param('id') id: string): Promise<OrderDto> {
    return OrderDto.from(await this.orders.get(tenant, id));
  }
}
