import { ApiProperty } from '@nestjs/swagger';
import type { Segment } from '@localreach/segmentation';

/** The rule tree, described once as JSON Schema in libs/segmentation (SEGMENT_DEFINITION_SCHEMAS). */
const DEFINITION = { allOf: [{ $ref: '#/components/schemas/SegmentDefinition' }] };

export class SegmentDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty({ nullable: true, type: String }) description: string | null;
  @ApiProperty({ ...DEFINITION, description: 'The rule tree' }) definition: unknown;
  @ApiProperty({ nullable: true, type: 'integer', description: 'Members at the last refresh' }) memberCount: number | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) refreshedAt: string | null;
  @ApiProperty({ nullable: true, type: String }) refreshError: string | null;
  @ApiProperty({ description: 'True while changes wait for the next refresh (seconds)' }) refreshPending: boolean;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;

  static from(s: Segment): SegmentDto {
    return {
      id: s.id, name: s.name, description: s.description, definition: s.definition, memberCount: s.memberCount,
      refreshedAt: s.refreshedAt?.toISOString() ?? null, refreshError: s.refreshError, refreshPending: s.staleSince !== null,
      createdAt: s.createdAt.toISOString(), updatedAt: s.updatedAt.toISOString(),
    };
  }
}

export class SegmentRefreshDto {
  @ApiProperty({ type: 'integer', description: 'Customers who joined (segment_entered events)' }) entered: number;
  @ApiProperty({ type: 'integer', description: 'Customers who left (segment_exited events)' }) exited: number;
  @ApiProperty({ type: 'integer', description: 'Members now' }) members: number;
}
