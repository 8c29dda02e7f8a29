import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { Order, RecordedOrder } from '@localreach/core';
import { CustomerRefDto } from '../common/customer-ref.dto';

export class OrderItemDto {
  @ApiProperty({ minLength: 1, maxLength: 100, example: 'CROISSANT' }) sku: string;
  @ApiProperty({ minLength: 1, maxLength: 200, example: 'Butter croissant' }) name: string;
  @ApiProperty({ type: 'integer', minimum: 1, maximum: 100000, example: 5 }) quantity: number;
  @ApiProperty({ minimum: 0, description: 'Unit price, at most 2 decimals', example: 4.7 }) price: number;
}

export class OrderInputDto {
  @ApiProperty({ minLength: 1, maxLength: 255, description: 'Your order id: replaying it answers 200, different details 409' }) externalId: string;
  @ApiProperty({
    type: CustomerRefDto,
    description:
      'Exactly one of id, externalId, email, phone. An unknown externalId, email or phone creates a customer holding only that identifier ' +
      '(customerCreated: true in the response), who enters customer_created campaigns and, unless the business requires email opt-in, can be emailed; ' +
      'pass createCustomer: false to refuse it',
  })
  customer: CustomerRefDto;
  @ApiProperty({ minimum: 0, description: 'At most 2 decimals' }) total: number;
  @ApiProperty({ minLength: 3, maxLength: 3, description: 'ISO 4217', example: 'USD' }) currency: string;
  @ApiPropertyOptional({ type: [OrderItemDto], maxItems: 500 }) items?: OrderItemDto[];
  @ApiProperty({ enum: ['online', 'in_store'] }) channel: 'online' | 'in_store';
  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true, description: 'The store, for in-store orders' }) locationId?: string | null;
  @ApiPropertyOptional({ type: String, nullable: true, minLength: 1, maxLength: 64, description: 'Credits the message that carried this coupon' }) couponCode?: string | null;
  @ApiPropertyOptional({ format: 'date-time', description: 'Defaults to now; at most a day ahead' }) occurredAt?: string;
  @ApiPropertyOptional({
    type: Boolean,
    default: true,
    description: 'false: an unknown customer externalId/email/phone is refused with 422 UNKNOWN_CUSTOMER naming customer, and nothing is written',
  })
  createCustomer?: boolean;
}

export class OrderDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() externalId: string;
  @ApiProperty({ format: 'uuid' }) customerId: string;
  @ApiProperty() total: number;
  @ApiProperty() currency: string;
  @ApiProperty({ type: [OrderItemDto] }) items: OrderItemDto[];
  @ApiProperty({ enum: ['online', 'in_store'] }) channel: string;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) locationId: string | null;
  @ApiProperty({ nullable: true, type: String }) couponCode: string | null;
  @ApiProperty({ format: 'date-time' }) occurredAt: string;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiPropertyOptional({
    description: 'Only in the answer to POST /v1/orders: true when the order\'s customer did not exist before this request and was created from its reference',
  })
  customerCreated?: boolean;

  static from(o: Order | RecordedOrder): OrderDto {
    const dto: OrderDto = {
      id: o.id, externalId: o.externalId, customerId: o.customerId, total: o.total, currency: o.currency.trim(), items: o.items, channel: o.channel,
      locationId: o.locationId, couponCode: o.couponCode, occurredAt: o.occurredAt.toISOString(), createdAt: o.createdAt.toISOString(),
    };
    if ('customerCreated' in o) dto.customerCreated = o.customerCreated;
    return dto;
  }
}

export class OrderPageDto {
  @ApiProperty({ type: [OrderDto] }) items: OrderDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor: string | null;
}
