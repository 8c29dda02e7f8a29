import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { OrderItemInput, type Order, type RecordedOrder } from '@localreach/core';

export class OrderDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() externalId: string;
  @ApiProperty({ format: 'uuid' }) customerId: string;
  @ApiProperty() total: number;
  @ApiProperty() currency: string;
  @ApiProperty({ type: [OrderItemInput] }) items: OrderItemInput[];
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
