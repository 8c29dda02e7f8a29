import { ApiProperty } from '@nestjs/swagger';
import type { CampaignVersion } from '@localreach/campaigns';

export class CampaignVersionDto {
  @ApiProperty({ type: 'integer', minimum: 1 }) version: number;
  @ApiProperty({ allOf: [{ $ref: '#/components/schemas/CampaignInput' }], description: 'The definition of this version, as POST /v1/campaigns takes it' })
  definition: unknown;
  @ApiProperty({ format: 'date-time', description: 'When it was saved (a draft\'s version 1: its last edit)' }) createdAt: string;
  @ApiProperty({
    type: String, format: 'date-time', nullable: true,
    description: 'When new enrolments started to get it: version 1 at the first activation, later versions when saved; null while never activated',
  })
  activeFrom: string | null;
  @ApiProperty({
    type: String, format: 'date-time', nullable: true,
    description: 'When the next version replaced it or the campaign was archived; null while it is the one new enrolments get (pausing does not end it)',
  })
  activeUntil: string | null;
  @ApiProperty({ description: 'The campaign\'s current version' }) current: boolean;
  @ApiProperty({ type: 'integer', minimum: 0, description: 'Customers enrolled on this version (running enrolments finish on the version they started on)' })
  enrollments: number;

  static from(v: CampaignVersion): CampaignVersionDto {
    return {
      version: v.version, definition: v.definition, createdAt: v.createdAt.toISOString(), activeFrom: v.activeFrom?.toISOString() ?? null,
      activeUntil: v.activeUntil?.toISOString() ?? null, current: v.current, enrollments: v.enrollments,
    };
  }
}

export class CampaignVersionListDto {
  @ApiProperty({ type: [CampaignVersionDto], description: 'Oldest first' }) items: CampaignVersionDto[];
}
