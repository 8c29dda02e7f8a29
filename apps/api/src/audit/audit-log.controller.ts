import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { AuditLogService, type Tenant } from '@localreach/core';
import { CurrentTenant, Roles } from '../common/auth';
import { instantOf } from '../common/instant-query';
import { streamDownload } from '../common/stream-response';
import { AuditEntryDto, AuditLogFilterQueryDto, AuditLogQueryDto, AuditPageDto } from './audit-log.dto';

const filterOf = (q: AuditLogFilterQueryDto) => ({
  entity: q.entity, entityId: q.entityId, action: q.action, actorKeyId: q.actorKeyId, from: instantOf(q.from), to: instantOf(q.to),
});

/** Who changed what with which key, for the business's owners. */
@ApiTags('audit')
@ApiBearerAuth()
@Roles('owner')
@Controller('v1/audit-log')
export class AuditLogController {
  constructor(private readonly audit: AuditLogService) {}

  @Get()
  @ApiOperation({
    summary: 'The audit trail, newest first with cursor pages (owner only)',
    description: 'Every change made with an API key (campaigns, segments, templates and partials, geofences, stores, settings, keys, customers and their consent, imports, erasures): '
      + 'the key and its role, the entity and its id, the action, what changed without personal data, and when. Kept for AUDIT_LOG_RETENTION_DAYS.',
  })
  @ApiOkResponse({ type: AuditPageDto })
  async list(@CurrentTenant() tenant: Tenant, @Query() query: AuditLogQueryDto): Promise<AuditPageDto> {
    const page = await this.audit.list(tenant, { ...filterOf(query), cursor: query.cursor, limit: query.limit ?? 50 });
    return { items: page.items.map(AuditEntryDto.from), nextCursor: page.nextCursor };
  }

  @Get('export.csv')
  @ApiOperation({
    summary: 'The filtered audit trail as CSV, newest first: every match, streamed (owner only)',
    description: 'Columns at, id, actorKeyId, actorRole, action, entity, entityId, details (JSON). RFC 4180 with a header row and CRLF line ends.',
  })
  @ApiProduces('text/csv')
  @ApiOkResponse({ description: 'CSV, header row first', content: { 'text/csv': { schema: { type: 'string' } } } })
  async exportCsv(@CurrentTenant() tenant: Tenant, @Query() query: AuditLogFilterQueryDto, @Res() res: Response): Promise<void> {
    await streamDownload(res, 'text/csv; charset=utf-8', 'audit-log.csv', this.audit.csv(tenant, filterOf(query)));
  }
}
