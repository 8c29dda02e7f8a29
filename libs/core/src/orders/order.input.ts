import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsOptional, ValidateBy, ValidateNested, type ValidationOptions } from 'class-validator';
import { CustomerRefInput, IsCustomerRef } from '../validation/customer-ref.input';
import { InputErrorCode } from '../validation/input-class';
import { IsArrayOfSize, IsCurrencyCode, IsFlag, IsOmittable, IsStringLength, IsText, IsTimestamp, IsUuid, IsWholeNumberBetween } from '../validation/input-rules';

export const ORDER_LIMITS = { maxItems: 500 };

/** A non-negative amount below 10^12 with at most 2 decimals. */
function isMoney(v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(v) && v >= 0 && v < 1e12 && Math.round(v * 100) === Number((v * 100).toFixed(6));
}

function IsMoney(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy({ name: 'isMoney', validator: { validate: isMoney, defaultMessage: () => 'must be a non-negative amount with at most 2 decimals' } }, options);
}

/** A line of an order; also the items an order answers with. */
export class OrderItemInput {
  @ApiProperty({ minLength: 1, maxLength: 100, example: 'CROISSANT' })
  @IsStringLength(1, 100) sku: string;

  @ApiProperty({ minLength: 1, maxLength: 200, example: 'Butter croissant' })
  @IsStringLength(1, 200) name: string;

  @ApiProperty({ type: 'integer', minimum: 1, maximum: 100000, example: 5 })
  @IsWholeNumberBetween(1, 100000) quantity: number;

  @ApiProperty({ minimum: 0, description: 'Unit price, at most 2 decimals', example: 4.7 })
  @IsMoney() price: number;
}

/** An online or in-store order. "At most a day ahead" needs the clock and is checked by OrderService. */
@InputErrorCode('INVALID_ORDER')
export class OrderInput {
  @ApiProperty({ minLength: 1, maxLength: 255, description: 'Your order id: replaying it answers 200, different details 409' })
  @IsText(255) externalId: string;

  @ApiProperty({
    type: CustomerRefInput,
    description:
      'Exactly one of id, externalId, email, phone. An unknown externalId, email or phone creates a customer holding only that identifier ' +
      '(customerCreated: true in the response), who enters customer_created campaigns and, unless the business requires email opt-in, can be emailed; ' +
      'pass createCustomer: false to refuse it',
  })
  @IsCustomerRef()
  customer: CustomerRefInput;

  @ApiProperty({ minimum: 0, description: 'At most 2 decimals' })
  @IsMoney() total: number;

  @ApiProperty({ minLength: 3, maxLength: 3, description: 'ISO 4217', example: 'USD' })
  @IsCurrencyCode() currency: string;

  @ApiPropertyOptional({ type: [OrderItemInput], maxItems: ORDER_LIMITS.maxItems })
  @IsOmittable() @IsArrayOfSize(0, ORDER_LIMITS.maxItems) @ValidateNested({ each: true }) @Type(() => OrderItemInput)
  items?: OrderItemInput[];

  @ApiProperty({ enum: ['online', 'in_store'] })
  @IsIn(['online', 'in_store'], { message: 'must be "online" or "in_store"' })
  channel: 'online' | 'in_store';

  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true, description: 'The store, for in-store orders' })
  @IsOptional() @IsUuid() locationId?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, minLength: 1, maxLength: 64, description: 'Credits the message that carried this coupon' })
  @IsOptional() @IsText(64) couponCode?: string | null;

  @ApiPropertyOptional({ format: 'date-time', description: 'Defaults to now; at most a day ahead' })
  @IsOmittable() @IsTimestamp() occurredAt?: string;

  @ApiPropertyOptional({
    type: Boolean,
    default: true,
    description: 'false: an unknown customer externalId/email/phone is refused with 422 UNKNOWN_CUSTOMER naming customer, and nothing is written',
  })
  @IsOmittable() @IsFlag() createCustomer?: boolean;
}
