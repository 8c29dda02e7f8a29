import { Body, Controller, Delete, Get, HttpCode, Param, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import type { Tenant } from '@localreach/core';
import { TemplatePartialInput, TemplatePartialService, type PartialView } from '@localreach/campaigns';
import { CurrentTenant } from '../common/auth';

export class TemplatePartialDto {
  @ApiProperty({ example: 'footer', description: '"layout" wraps {{#> layout}}…{{/layout}}; any other name is used as {{> name}} in email html' }) name: string;
  @ApiProperty() source: string;
  @ApiProperty({ description: 'false: the shipped layout, used until the business saves its own' }) custom: boolean;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) updatedAt: string | null;

  static from(p: PartialView): TemplatePartialDto {
    return { name: p.name, source: p.source, custom: p.custom, updatedAt: p.updatedAt ? p.updatedAt.toISOString() : null };
  }
}

class TemplatePartialListDto {
  @ApiProperty({ type: [TemplatePartialDto] }) items: TemplatePartialDto[];
}

/** Shared email parts of the business: one layout and named partials, edited once for all its templates. */
@ApiTags('templates')
@ApiBearerAuth()
@Controller('v1/template-partials')
export class TemplatePartialsController {
  constructor(private readonly partials: TemplatePartialService) {}

  @Get()
  @ApiOperation({ summary: 'The business\'s email layout (the shipped one until it saves its own) and named partials' })
  @ApiOkResponse({ type: TemplatePartialListDto })
  async list(@CurrentTenant() tenant: Tenant): Promise<TemplatePartialListDto> {
    return { items: (await this.partials.list(tenant)).map(TemplatePartialDto.from) };
  }

  @Get(':name')
  @ApiOkResponse({ type: TemplatePartialDto })
  async get(@CurrentTenant() tenant: Tenant, @Param('name') name: string): Promise<TemplatePartialDto> {
    return TemplatePartialDto.from(await this.partials.get(tenant, name));
  }

  @Put(':name')
  @ApiOperation({
    summary: 'Create or replace a partial (or the layout)',
    description: 'Names: a-z, 0-9, _ and -, starting with a letter; at most 50 per business. 422 INVALID_PARTIAL names `name` or `source` (with its line). '
      + 'Every template using it renders with the new source from the next send and preview on.',
  })
  @ApiBody({ type: TemplatePartialInput, examples: { footer: { value: { source: '<p style="font-size:12px;color:#555">{{business.name}} · {{business.address.formatted}}</p>' } } } })
  @ApiOkResponse({ type: TemplatePartialDto })
  async put(@CurrentTenant() tenant: Tenant, @Param('name') name: string, @Body() body: TemplatePartialInput): Promise<TemplatePartialDto> {
    return TemplatePartialDto.from(await this.partials.put(tenant, name, body.source));
  }

  @Delete(':name')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a partial; 409 PARTIAL_IN_USE naming the templates that use it. Deleting the layout goes back to the shipped one.' })
  async remove(@CurrentTenant() tenant: Tenant, @Param('name') name: string): Promise<void> {
    await this.partials.remove(tenant, name);
  }
}
