import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';
import { InputErrorCode, IsShortString, IsText, ValidateNestedWith, type NestedProblem } from '@localreach/core';
import type { SegmentDefinition } from '../segment-definition';
import { validateDefinition } from '../segment-validator';

export const SEGMENT_NAME_MAX = 200;
export const SEGMENT_DESCRIPTION_MAX = 2000;

/** The rule tree, described once as JSON Schema (SEGMENT_DEFINITION_SCHEMAS). */
const DEFINITION = { allOf: [{ $ref: '#/components/schemas/SegmentDefinition' }] };

/**
 * A rule tree's problems below the property holding it ("" for the tree itself,
 * ".all[1].radiusMeters"): validateDefinition stays the one checker of the tree.
 */
export function definitionProblems(value: unknown): NestedProblem[] {
  return validateDefinition(value, '').problems.map((p) => ({ path: p.field, message: p.message }));
}

/** A segment. The stores and geofences its rules name are checked against the business by SegmentService. */
@InputErrorCode('INVALID_SEGMENT')
export class SegmentInput {
  @ApiProperty({ minLength: 1, maxLength: SEGMENT_NAME_MAX, example: 'Loyal regulars near Elm Street' })
  @IsText(SEGMENT_NAME_MAX) name: string;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: SEGMENT_DESCRIPTION_MAX })
  @IsOptional() @IsShortString(SEGMENT_DESCRIPTION_MAX) description?: string | null;

  @ApiProperty({ ...DEFINITION, description: 'The rule tree' })
  @ValidateNestedWith(definitionProblems) definition: SegmentDefinition;
}

/** PATCH: fields given replace the stored ones; null clears the description only. */
@InputErrorCode('INVALID_SEGMENT')
export class SegmentPatch extends PartialType(SegmentInput, { skipNullProperties: false }) {}

/** An unsaved definition to count. */
@InputErrorCode('INVALID_SEGMENT')
export class SegmentPreviewInput {
  @ApiProperty({ ...DEFINITION, description: 'The rule tree to count' })
  @ValidateNestedWith(definitionProblems) definition: SegmentDefinition;
}
