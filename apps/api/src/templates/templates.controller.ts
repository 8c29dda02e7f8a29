import { IsIn, IsOptional } from 'class-validator';
import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiCreatedResponse, ApiExtraModels, ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags, getSchemaPath } from '@nestjs/swagger';
import type { Tenant } from '@localreach/core';
import {
  TEMPLATE_CHANNELS, TemplateDraftPreviewInput, TemplateInput, TemplatePatch, TemplatePreviewInput, TemplateService, type StoredTemplate, type TemplateChannel,
} from '@localreach/campaigns';
import { CurrentTenant, Roles } from '../common/auth';
import { PageQueryDto } from '../common/pagination.dto';
import { EXAMPLE_IDS } from '../common/example-ids';

export class TemplateDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'Welcome email' }) name: string;
  @ApiProperty({ enum: [...TEMPLATE_CHANNELS] }) channel: TemplateChannel;
  @ApiPropertyOptional({ description: 'Email: Handlebars subject line' }) subject?: string;
  @ApiPropertyOptional({ description: 'Email: Handlebars inbox preview line, shown after the subject' }) preheader?: string;
  @ApiPropertyOptional({ description: 'Email: Handlebars html, may wrap its content in {{#> layout}}...{{/layout}}' }) html?: string;
  @ApiPropertyOptional({ description: 'Email: plain-text part; derived from the html when absent' }) text?: string;
  @ApiPropertyOptional({ description: 'SMS: Handlebars body (the STOP text is added by the sender)' }) body?: string;
  @ApiProperty({ nullable: true, type: String, description: 'The shipped template it was copied from, for preset campaigns' }) presetKey: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;

  static from(t: StoredTemplate): TemplateDto {
    const sources = t.channel === 'sms' ? { body: t.body } : {
      subject: t.subject, html: t.html, ...(t.text !== undefined ? { text: t.text } : {}), ...(t.preheader !== undefined ? { preheader: t.preheader } : {}),
    };
    return {
      id: t.id, name: t.name, channel: t.channel, ...sources, presetKey: t.presetKey, createdAt: t.createdAt.toISOString(), updatedAt: t.updatedAt.toISOString(),
    };
  }
}

class TemplateListQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: [...TEMPLATE_CHANNELS], description: 'Only templates of this channel' })
  @IsOptional() @IsIn(TEMPLATE_CHANNELS, { message: `must be one of ${TEMPLATE_CHANNELS.join(', ')}` }) channel?: TemplateChannel;
}

class TemplatePageDto {
  @ApiProperty({ type: [TemplateDto] }) items: TemplateDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor: string | null;
}

class EmailPreviewDto {
  @ApiProperty({ example: 'Welcome to Maple & Crumb Bakery, Jamie!' }) subject: string;
  @ApiProperty() html: string;
  @ApiProperty() text: string;
}

class SmsPreviewDto {
  @ApiProperty({ example: 'Hi Jamie, show this text for 10% off: WELCOME10' }) body: string;
  @ApiProperty({ description: 'Billed segments of the body (the STOP footer of a first SMS is not counted)', example: 1 }) segments: number;
  @ApiProperty({ enum: ['GSM-7', 'UCS-2'], description: 'UCS-2 when the body has a character outside the GSM alphabet (e.g. an emoji)' }) encoding: string;
}

const EMAIL_EXAMPLE = {
  name: 'Welcome email',
  channel: 'email',
  subject: 'Welcome to {{business.name}}, {{default customer.firstName "friend"}}!',
  html: '{{#> layout}}<p>Hi {{default customer.firstName "there"}},</p><p>Show code <b>{{offer.couponCode}}</b> at {{store.name}}.</p>{{/layout}}',
};
const SMS_EXAMPLE = { name: 'Nearby offer', channel: 'sms', body: '{{business.name}}: {{customer.firstName}}, 10% off today with {{offer.couponCode}}' };
// One input class; the fields each channel needs.
const channel = (name: TemplateChannel, description: string, required: string[]) => ({
  type: 'object', description, allOf: [{ $ref: getSchemaPath(TemplateInput) }], required: ['name', 'channel', ...required], properties: { channel: { type: 'string', enum: [name] } },
});
const PREVIEW_EXAMPLE = { customerId: EXAMPLE_IDS.customer, context: { offer: { couponCode: 'SPRING10', description: '10% off' } } };

@ApiTags('templates')
@ApiBearerAuth()
@ApiExtraModels(EmailPreviewDto, SmsPreviewDto, TemplateInput)
@Controller('v1/templates')
export class TemplatesController {
  constructor(private readonly templates: TemplateService) {}

  @Post()
  @ApiOperation({
    summary: 'Create an email or SMS template',
    description: 'Handlebars sources are checked for syntax, variables (customer, business, store, offer, event, links, message, campaign; event only in campaigns an event triggers), helpers and partials; '
      + 'every problem is reported with its field and line.',
  })
  @ApiBody({
    schema: { oneOf: [channel('email', 'An email template', ['subject', 'html']), channel('sms', 'An SMS template', ['body'])] },
    examples: { email: { value: EMAIL_EXAMPLE }, sms: { value: SMS_EXAMPLE } },
  })
  @ApiCreatedResponse({ type: TemplateDto })
  async create(@CurrentTenant() tenant: Tenant, @Body() body: TemplateInput): Promise<TemplateDto> {
    return TemplateDto.from(await this.templates.create(tenant, body));
  }

  @Post('preview')
  @HttpCode(200)
  @Roles('owner', 'marketer', 'analyst')
  @ApiOperation({
    summary: 'Render sources not saved yet (an editor\'s live preview)',
    description: 'The channel and its sources are checked as on save (422 INVALID_TEMPLATE, each problem with its field and line), '
      + 'then rendered as POST /v1/templates/{id}/preview renders a stored template.',
  })
  @ApiBody({ type: TemplateDraftPreviewInput, examples: { sms: { value: { channel: 'sms', body: SMS_EXAMPLE.body } } } })
  @ApiOkResponse({ schema: { oneOf: [{ $ref: getSchemaPath(EmailPreviewDto) }, { $ref: getSchemaPath(SmsPreviewDto) }] } })
  async previewDraft(@CurrentTenant() tenant: Tenant, @Body() body: TemplateDraftPreviewInput): Promise<EmailPreviewDto | SmsPreviewDto> {
    return this.templates.previewDraft(tenant, body);
  }

  @Get()
  @ApiOperation({ summary: 'List templates, oldest first' })
  @ApiOkResponse({ type: TemplatePageDto })
  async list(@CurrentTenant() tenant: Tenant, @Query() query: TemplateListQueryDto): Promise<TemplatePageDto> {
    const page = await this.templates.list(tenant, query.limit ?? 50, query.cursor, query.channel);
    return { items: page.items.map(TemplateDto.from), nextCursor: page.nextCursor };
  }

  @Get(':id')
  @ApiOkResponse({ type: TemplateDto })
  async get(@CurrentTenant() tenant: Tenant, @Param('id') id: string): Promise<TemplateDto> {
    return TemplateDto.from(await this.templates.get(tenant, id));
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Edit a template: fields given replace the stored ones; a channel change must bring the new channel\'s fields' })
  @ApiBody({ type: TemplatePatch, examples: { subject: { value: { subject: 'A warm welcome from {{business.name}}' } } } })
  @ApiOkResponse({ type: TemplateDto })
  async update(@CurrentTenant() tenant: Tenant, @Param('id') id: string, @Body() body: TemplatePatch): Promise<TemplateDto> {
    return TemplateDto.from(await this.templates.update(tenant, id, body));
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a template; 409 TEMPLATE_IN_USE naming the campaigns (not archived) that use it' })
  async remove(@CurrentTenant() tenant: Tenant, @Param('id') id: string): Promise<void> {
    await this.templates.remove(tenant, id);
  }

  @Post(':id/preview')
  @HttpCode(200)
  // Reads only: analysts may preview too.
  @Roles('owner', 'marketer', 'analyst')
  @ApiOperation({
    summary: 'Render a template for one of your customers, or for a sample customer',
    description: 'customerId picks a customer of the business; context overrides sample sections (customer, store, offer, event, links, message, campaign). '
      + 'Email returns subject, html and text; SMS returns the body, its segment count and encoding.',
  })
  @ApiBody({ required: false, type: TemplatePreviewInput, examples: { offer: { value: PREVIEW_EXAMPLE } } })
  @ApiOkResponse({ schema: { oneOf: [{ $ref: getSchemaPath(EmailPreviewDto) }, { $ref: getSchemaPath(SmsPreviewDto) }] } })
  async preview(@CurrentTenant() tenant: Tenant, @Param('id') id: string, @Body() body: TemplatePreviewInput): Promise<EmailPreviewDto | SmsPreviewDto> {
    return this.templates.preview(tenant, id, body);
  }
}
