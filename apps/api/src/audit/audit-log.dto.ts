import { ApiProperty, ApiPropertyOptional, IntersectionType } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, IsUUID, Matches, MaxLength } from 'class-validator';
import type { AuditRow } from '@localreach/core';
import { IsInstantQuery } from '../common/instant-query';
import { PageQueryDto } from '../common/pagination.dto';

/** What the audit trail records changes of. */
export const AUDIT_ENTITIES = ['business', 'api_key', 'campaign', 'segment', 'template', 'template_partial', 'geofence', 'store', 'customer', 'customer_import'] as const;
const ROLES = ['owner', 'marketer', 'analyst'] as const;

/** The audit-log filters (the CSV download takes these). */
export class AuditLogFilterQueryDto {
  @ApiPropertyOptional({ enum: AUDIT_ENTITIES, description: 'Only changes of this kind of thing' })
  @IsOptional()
  @IsIn(AUDIT_ENTITIES)
  entity?: string;

  @ApiPropertyOptional({ description: 'Only changes of this one (a campaign id, a partial\'s name, …); usually with entity', maxLength: 200 })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  entityId?: string;

  @ApiPropertyOptional({ description: 'Only this action, `<entity>.<verb>`, e.g. campaign.activated', example: 'campaign.activated', maxLength: 100 })
  @IsOptional()
  @Matches(/^[a-z_]+\.[a-z_]+$/, { message: 'must look like <entity>.<verb>, e.g. campaign.activated' })
  @MaxLength(100)
  action?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Only changes made with this API key' })
  @IsOptional()
  @IsUUID()
  actorKeyId?: string;

  @ApiPropertyOptional({ type: String, format: 'date-time', description: 'Changes at or after this instant' })
  @IsOptional()
  @IsInstantQuery()
  from?: string;

  @ApiPropertyOptional({ type: String, format: 'date-time', description: 'Changes before this instant' })
  @IsOptional()
  @IsInstantQuery()
  to?: string;
}

/** The filters with keyset pages. */
export class AuditLogQueryDto extends IntersectionType(PageQueryDto, AuditLogFilterQueryDto) {}

/** One recorded change: who, what, when; never a customer's contact details, names, address or attribute values. */
export class AuditEntryDto {
  @ApiProperty({ description: 'Row id (ascending in insertion order)', example: '1042' }) id: string;
  @ApiProperty({ format: 'date-time', description: 'When the change committed (its transaction\'s time)' }) at: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'The API key it was made with; null for sign-up and confirmation links' }) actorKeyId: string | null;
  @ApiProperty({ type: String, enum: [...ROLES, null], nullable: true, description: 'That key\'s role' }) actorRole: string | null;
  @ApiProperty({ description: '`<entity>.<verb>`', example: 'campaign.activated' }) action: string;
  @ApiProperty({ enum: AUDIT_ENTITIES }) entity: string;
  @ApiProperty({ type: String, nullable: true, description: 'Its id (a partial: its name)' }) entityId: string | null;
  @ApiProperty({
    type: 'object', additionalProperties: true,
    description: 'What changed: field names, and non-personal new values (a campaign\'s status and version, a segment\'s definition, a consent change\'s channel, status and source, an import\'s counts)',
  })
  details: Record<string, unknown>;

  static from(row: AuditRow): AuditEntryDto {
    return {
      id: row.id, at: row.at.toISOString(), actorKeyId: row.actorKeyId, actorRole: row.actorRole, action: row.action, entity: row.entity, entityId: row.entityId,
      details: row.details,
    };
  }
}

export class AuditPageDto {
  @ApiProperty({ type: [AuditEntryDto], description: 'Newest first (by time, then id)' }) items: AuditEntryDto[];
  @ApiProperty({ type: String, nullable: true, description: 'Pass as cursor for the next (older) page; null on the last page' }) nextCursor: string | null;
}
