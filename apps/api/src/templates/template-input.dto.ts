import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { TEMPLATE_LIMITS } from '@localreach/campaigns';

const SOURCE = 'Handlebars; checked for syntax, known variables (customer, business, store, offer, links, message, campaign), helpers and partials';

export class EmailTemplateInputDto {
  @ApiProperty({ minLength: 1, maxLength: 200 }) name: string;
  @ApiProperty({ enum: ['email'] }) channel: 'email';
  @ApiProperty({ minLength: 1, maxLength: TEMPLATE_LIMITS.subjectMaxChars, description: `Subject line. ${SOURCE}` }) subject: string;
  @ApiProperty({ minLength: 1, description: `HTML body, at most 512 KB; may wrap its content in {{#> layout}}…{{/layout}}. ${SOURCE}` }) html: string;
  @ApiPropertyOptional({ minLength: 1, description: 'Plain-text part, at most 512 KB; derived from the html when absent' }) text?: string;
}

export class SmsTemplateInputDto {
  @ApiProperty({ minLength: 1, maxLength: 200 }) name: string;
  @ApiProperty({ enum: ['sms'] }) channel: 'sms';
  @ApiProperty({ minLength: 1, maxLength: TEMPLATE_LIMITS.smsBodyMaxChars, description: `Message body (the STOP text is added by the sender). ${SOURCE}` }) body: string;
}

/** PATCH: any fields; changing channel needs that channel's sources. */
export class TemplatePatchDto {
  @ApiPropertyOptional({ minLength: 1, maxLength: 200 }) name?: string;
  @ApiPropertyOptional({ enum: ['email', 'sms'] }) channel?: 'email' | 'sms';
  @ApiPropertyOptional({ minLength: 1, maxLength: TEMPLATE_LIMITS.subjectMaxChars }) subject?: string;
  @ApiPropertyOptional({ minLength: 1 }) html?: string;
  @ApiPropertyOptional({ minLength: 1 }) text?: string;
  @ApiPropertyOptional({ minLength: 1, maxLength: TEMPLATE_LIMITS.smsBodyMaxChars }) body?: string;
}

export class TemplatePreviewInputDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'Render for this customer (then context may not hold customer)' }) customerId?: string;
  @ApiPropertyOptional({ allOf: [{ $ref: '#/components/schemas/TemplatePreviewContext' }] }) context?: Record<string, unknown>;
}
