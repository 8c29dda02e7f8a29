import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import type { CampaignListStats } from '@localreach/analytics';
import { PRESET_NAMES, type Campaign, type CampaignStatus } from '@localreach/campaigns';
import { PageQueryDto } from '../../common/pagination.dto';
import { TriggerSummaryDto } from './audience.dto';

const STATUSES: CampaignStatus[] = ['draft', 'active', 'paused', 'archived'];

export class CampaignDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: STATUSES }) status: CampaignStatus;
  @ApiProperty({ type: 'integer', description: 'Current version; editing a campaign that has run makes a new one, running enrolments finish on theirs' }) version: number;
  @ApiProperty({ nullable: true, type: String, enum: [...PRESET_NAMES, null], description: 'The preset it was made from' }) preset: string | null;
  @ApiProperty({ allOf: [{ $ref: '#/components/schemas/CampaignInput' }], description: 'The definition of the current version, as POST /v1/campaigns takes it' }) definition: unknown;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) activatedAt: string | null;

  static from(c: Campaign): CampaignDto {
    return {
      id: c.id, name: c.name, status: c.status, version: c.version, preset: c.preset, definition: c.definition,
      createdAt: c.createdAt.toISOString(), updatedAt: c.updatedAt.toISOString(), activatedAt: c.activatedAt?.toISOString() ?? null,
    };
  }
}

export class CampaignStatsDto {
  @ApiProperty({ type: 'integer', minimum: 0, description: 'Enrolments, held-out ones included (the report\'s enrolled)' }) enrolled: number;
  @ApiProperty({ type: 'integer', minimum: 0, description: 'Messages sent' }) sent: number;
  @ApiProperty({ minimum: 0, description: 'What the sent messages cost, in the business\'s currency' }) cost: number;
  @ApiProperty({ type: 'integer', minimum: 0, description: 'Orders credited to the campaign\'s messages (last touch, the report\'s attribution)' }) orders: number;
  @ApiProperty({ minimum: 0, description: 'Those orders\' revenue' }) revenue: number;
  @ApiProperty({ type: Number, nullable: true, description: '(revenue − cost) / cost; null when nothing was spent' }) roi: number | null;
  @ApiProperty({ description: 'ISO 4217 code of revenue and cost', example: 'USD' }) currency: string;
}

export class CampaignListItemDto extends CampaignDto {
  @ApiProperty({ type: TriggerSummaryDto }) trigger: TriggerSummaryDto;
  @ApiPropertyOptional({ type: CampaignStatsDto, description: 'With include=stats' }) stats?: CampaignStatsDto;

  static of(c: Campaign, triggerSummary: string, figures: { currency: string; stats: Map<string, CampaignListStats> } | null): CampaignListItemDto {
    const item: CampaignListItemDto = { ...CampaignDto.from(c), trigger: { type: c.definition.trigger.type, summary: triggerSummary } };
    const stats = figures?.stats.get(c.id);
    if (figures && stats) item.stats = { ...stats, currency: figures.currency };
    return item;
  }
}

export class CampaignPageDto {
  @ApiProperty({ type: [CampaignListItemDto] }) items: CampaignListItemDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor: string | null;
}

export class CampaignListQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: STATUSES }) @IsOptional() @IsIn(STATUSES) status?: CampaignStatus;
  @ApiPropertyOptional({ enum: ['stats'], description: 'stats: each campaign\'s figures (enrolled, sent, cost, orders, revenue, ROI)' }) @IsOptional() @IsIn(['stats']) include?: 'stats';
}
