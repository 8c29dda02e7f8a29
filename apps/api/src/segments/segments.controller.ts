import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import type { Response } from 'express';
import type { Tenant } from '@localreach/core';
import { SegmentInput, SegmentPatch, SegmentPreviewInput, SegmentService } from '@localreach/segmentation';
import { CurrentTenant, Roles } from '../common/auth';
import { PageQueryDto } from '../common/pagination.dto';
import { EXAMPLE_IDS } from '../common/example-ids';
import { SegmentDto, SegmentRefreshDto } from './segment.dto';
import { CustomerPageDto, CustomerResponseDto } from '../customers/dto/customer-response.dto';

class SegmentPageDto {
  @ApiProperty({ type: [SegmentDto] }) items: SegmentDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor: string | null;
}

class PreviewDto {
  @ApiProperty() count: number;
  @ApiProperty({ type: [CustomerResponseDto], description: 'Up to 20 members' }) sample: CustomerResponseDto[];
  @ApiProperty({ description: 'Query time in milliseconds' }) tookMs: number;
}

class MembersQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: ['json', 'csv'], default: 'json', description: 'csv streams every member' }) @IsOptional() @IsIn(['json', 'csv']) format?: 'json' | 'csv';
}

const EXAMPLE = {
  name: 'Loyal regulars near Elm Street',
  definition: {
    all: [
      { type: 'near', storeId: EXAMPLE_IDS.store, radiusMeters: 2000 },
      { type: 'orders', metric: 'count', op: 'gte', value: 2, within: 'P90D' },
      { type: 'consent', channel: 'sms', status: 'granted' },
      { not: { type: 'engagement', action: 'clicked', within: 'P30D' } },
    ],
  },
};

@ApiTags('segments')
@ApiBearerAuth()
@Controller('v1/segments')
export class SegmentsController {
  constructor(private readonly segments: SegmentService) {}

  @Post()
  @ApiOperation({ summary: 'Save a segment; membership is materialised and refreshed within seconds of new data' })
  @ApiBody({ type: SegmentInput, examples: { regulars: { value: EXAMPLE } } })
  @ApiCreatedResponse({ type: SegmentDto })
  async create(@CurrentTenant() tenant: Tenant, @Body() body: SegmentInput): Promise<SegmentDto> {
    return SegmentDto.from(await this.segments.create(tenant, body));
  }

  @Post('preview')
  @HttpCode(200)
  // Read-only despite the POST: analysts may preview.
  @Roles('owner', 'marketer', 'analyst')
  @ApiOperation({ summary: 'Count and 20 sample members of an unsaved definition' })
  @ApiBody({ type: SegmentPreviewInput, examples: { regulars: { value: { definition: EXAMPLE.definition } } } })
  @ApiOkResponse({ type: PreviewDto })
  async preview(@CurrentTenant() tenant: Tenant, @Body() body: SegmentPreviewInput): Promise<PreviewDto> {
    const result = await this.segments.preview(tenant, body);
    return { count: result.count, sample: result.sample.map(CustomerResponseDto.from), tookMs: result.tookMs };
  }

  @Get()
  @ApiOkResponse({ type: SegmentPageDto })
  async list(@CurrentTenant() tenant: Tenant, @Query() query: PageQueryDto): Promise<SegmentPageDto> {
    const page = await this.segments.list(tenant, query.limit ?? 50, query.cursor);
    return { items: page.items.map(SegmentDto.from), nextCursor: page.nextCursor };
  }

  @Get(':id')
  @ApiOkResponse({ type: SegmentDto })
  async get(@CurrentTenant() tenant: Tenant, @Param('id') id: string): Promise<SegmentDto> {
    return SegmentDto.from(await this.segments.get(tenant, id));
  }

  @Patch(':id')
  @ApiBody({ type: SegmentPatch, examples: { rename: { value: { name: 'Regulars (2 km)' } } } })
  @ApiOkResponse({ type: SegmentDto })
  async update(@CurrentTenant() tenant: Tenant, @Param('id') id: string, @Body() body: SegmentPatch): Promise<SegmentDto> {
    return SegmentDto.from(await this.segments.update(tenant, id, body));
  }

  @Delete(':id')
  @HttpCode(204)
  async remove(@CurrentTenant() tenant: Tenant, @Param('id') id: string): Promise<void> {
    await this.segments.remove(tenant, id);
  }

  @Post(':id/refresh')
  @HttpCode(200)
  @ApiOperation({ summary: 'Refresh membership now (emits segment_entered / segment_exited events)' })
  @ApiOkResponse({ type: SegmentRefreshDto })
  async refresh(@CurrentTenant() tenant: Tenant, @Param('id') id: string): Promise<SegmentRefreshDto> {
    const { entered, exited, members } = await this.segments.refreshNow(tenant, id);
    return { entered, exited, members };
  }

  @Get(':id/members')
  @ApiOperation({ summary: 'Members at the last refresh: cursor pages, or ?format=csv for all of them' })
  @ApiProduces('application/json', 'text/csv')
  @ApiOkResponse({ type: CustomerPageDto })
  async members(@CurrentTenant() tenant: Tenant, @Param('id') id: string, @Query() query: MembersQueryDto, @Res({ passthrough: true }) res: Response): Promise<CustomerPageDto | undefined> {
    if (query.format === 'csv') {
      const lines = this.segments.membersCsv(tenant, id);
      const first = await lines.next(); // 404s before any header is sent
      res.setHeader('content-type', 'text/csv; charset=utf-8');
      res.setHeader('content-disposition', `attachment; filename="segment-${id}.csv"`);
      if (!first.done) res.write(first.value);
      for await (const line of lines) if (!res.write(line)) await new Promise((r) => res.once('drain', r));
      res.end();
      return undefined;
    }
    const page = await this.segments.members(tenant, id, query.limit ?? 50, query.cursor);
    return { items: page.items.map(CustomerResponseDto.from), nextCursor: page.nextCursor };
  }
}
