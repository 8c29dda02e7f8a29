import { ApiPropertyOptional } from '@nestjs/swagger';

/** Who an event, order or ping is about: exactly one of the four keys. */
export class CustomerRefDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'The customer\'s LocalReach id' }) id?: string;
  @ApiPropertyOptional({ maxLength: 255, description: 'Your id for the customer' }) externalId?: string;
  @ApiPropertyOptional({ format: 'email', maxLength: 254 }) email?: string;
  @ApiPropertyOptional({ maxLength: 32, description: 'E.164, or national for the business country', example: '+13125550123' }) phone?: string;
}
