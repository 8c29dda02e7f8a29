import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { Order } from '@localreach/core';
import { CustomerRefDto } from '../common/customer-ref.dto';

export class OrderItemDto {
  @ApiProperty({ minLength: 1, maxLength: 100, example: 'CROISSANT' }) sku: string;
  @ApiProperty({ minLength: 1, maxLength: 200, example: 'Butter croissant' }) name: string;
  @ApiProperty({ type: 'integer', minimum: 1, maximum: 100000, example: 5 }) quantity: number;
  @ApiProperty({ minimum: 0, description: 'Unit price, at most 2 decimals', example: 4.7 }) price: number;
}

export class OrderInputDto {
  @ApiProperty({ minLength: 1, maxLength: 255, description: 'Your order id: replaying it answers 200, different details 409' }) externalId: string;
  @ApiProperty({ type: CustomerRefDto, description: 'Exactly one of id, externalId, email, phone; an unknown externalId/email/phone creates the customer' })
  customer: CustomerRefDto;
  @ApiProperty({ minimum: 0, description: 'At most 2 decimals' }) total: number;
  @ApiProperty({ minLength: 3, maxLength: 3, description: 'ISO 4217', example: 'USD' }) currency: string;
  @ApiPropertyOptional({ type: [OrderItemDto], maxItems: 500 }) items?: OrderItemDto[];
  @ApiProperty({ enum: ['online', 'in_store'] }) channel: 'online' | 'in_store';
  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true, description: 'The store, for in-store orders' }) locationId?: string | null;
  @ApiPropertyOptional({ type: String, nullable: true, minLength: 1, maxLength: 64, description: 'Credits the message that carried this coupon' }) couponCode?: string | null;
  @ApiPropertyOptional({ format: 'date-time', description: 'Defaults to now; at most a day ahead' }) occurredAt?: string;
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

  static from(o: Order): OrderDto {
    return { ...o, currency: o.currency.trim(), occurredAt: o.occurredAt.toISOString(), createdAt: o.createdAt.toISOString() };
  }
}

export class OrderPageDto {
  @ApiProperty({ type: [OrderDto] }) items: OrderDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor: string | null;
}
