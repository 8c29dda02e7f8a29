import { OmitType, PartialType } from '@nestjs/swagger';
import { Allow, IsOptional } from 'class-validator';
import { InputErrorCode, IsOmittable, ValidateNestedWith } from '@localreach/core';
import { checkEnum, checkKeys, checkNumber, isObject, Problems, validateDefinition, type SegmentDefinition } from '@localreach/segmentation';
import { checkDuration } from './campaign-checks';
import {
  CAMPAIGN_LIMITS, CAMPAIGN_PRIORITIES, type CampaignGoal, type CampaignPriority, type ReentryPolicy, type Step, type Trigger,
} from './campaign-definition';

/**
 * A property checked by one of the campaign checks (segmentation's `Problems`
 * helpers), its problems placed below the property ("" for the property
 * itself, ".after"), so the messages are those of the rest of the definition.
 */
function CheckedBy(check: (value: unknown, path: string, out: Problems) => void): PropertyDecorator {
  return ValidateNestedWith((value) => {
    const out = new Problems();
    check(value, '', out);
    return out.list.map((p) => ({ path: p.field, message: p.message }));
  });
}

/** A campaign name: not blank, at most 200 characters as written. */
export function checkCampaignName(name: unknown, path: string, out: Problems): void {
  if (typeof name !== 'string') {
    out.add(path, name === undefined ? 'is required' : 'must be a string');
    return;
  }
  const max = CAMPAIGN_LIMITS.maxNameLength;
  if (name.trim().length === 0) out.add(path, 'must not be empty');
  else if (name.length > max) out.add(path, `must be at most ${max} characters`);
}

/** A campaign name (also a preset's `params.name`). */
export const IsCampaignName = (): PropertyDecorator => CheckedBy(checkCampaignName);

function checkHoldout(value: unknown, path: string, out: Problems): void {
  if (!checkNumber(value, path, out, { min: 0, max: CAMPAIGN_LIMITS.maxHoldoutPercent })) return;
  // Tenths are the finest split the assignment honours; 12.5 is fine, 12.25 is not.
  const tenths = value * 10;
  if (Math.abs(tenths - Math.round(tenths)) > 1e-9) out.add(path, 'must have at most one decimal');
}

function checkReentry(reentry: unknown, path: string, out: Problems): void {
  if (!isObject(reentry)) {
    out.add(path, 'must be { policy: never } or { policy: after, after }');
    return;
  }
  if (!checkEnum(reentry.policy, ['never', 'after'], `${path}.policy`, out)) return;
  if (reentry.policy === 'never') {
    checkKeys(reentry, ['policy'], path, out);
    return;
  }
  checkKeys(reentry, ['policy', 'after'], path, out);
  checkDuration(reentry.after, `${path}.after`, out, CAMPAIGN_LIMITS.maxReentryYears);
}

/** An entry filter: a segment rule tree, checked by segmentation's validator (no sinceEnrollment here). */
function checkEntry(entry: unknown, path: string, out: Problems): void {
  out.list.push(...validateDefinition(entry, path).problems);
}

/**
 * A campaign definition (POST /v1/campaigns; its OpenAPI schema is
 * CAMPAIGN_SCHEMAS.CampaignInput). The class checks the fields that stand
 * alone: name, entry filter, holdout, re-entry and priority, and refuses
 * unknown ones. The trigger, the steps and the goal are checked by
 * `checkCampaign` with the business's templates, segments and geofences.
 */
@InputErrorCode('INVALID_CAMPAIGN')
export class CampaignInput {
  @IsCampaignName() name: string;

  /** Checked by checkCampaign (the segments and geofences it names). */
  @Allow() trigger: Trigger;

  @IsOmittable() @CheckedBy(checkEntry) entry?: SegmentDefinition;

  /** Checked by checkCampaign (the templates they use, the journey as a graph). */
  @Allow() steps: Step[];

  /** Checked by checkCampaign. */
  @Allow() goal?: CampaignGoal;

  @IsOmittable() @CheckedBy(checkHoldout) holdoutPercent?: number;

  @IsOmittable() @CheckedBy(checkReentry) reentry?: ReentryPolicy;

  @IsOmittable() @CheckedBy((value, path, out) => checkEnum(value, CAMPAIGN_PRIORITIES, path, out)) priority?: CampaignPriority;
}

/** The optional fields a PATCH may remove with null (the default then applies). */
export const REMOVABLE_CAMPAIGN_FIELDS = ['entry', 'goal', 'holdoutPercent', 'reentry', 'priority'] as const;

/**
 * PATCH /v1/campaigns/:id (CAMPAIGN_SCHEMAS.CampaignPatch): fields given
 * replace the current ones, and the result is checked again as a whole.
 * null removes an optional field (entry filter, goal, holdout, re-entry,
 * priority); name, trigger and steps cannot be null.
 */
@InputErrorCode('INVALID_CAMPAIGN')
export class CampaignPatch extends PartialType(OmitType(CampaignInput, REMOVABLE_CAMPAIGN_FIELDS), { skipNullProperties: false }) {
  @IsOptional() @CheckedBy(checkEntry) entry?: SegmentDefinition | null;

  /** Checked by checkCampaign once merged. */
  @Allow() goal?: CampaignGoal | null;

  @IsOptional() @CheckedBy(checkHoldout) holdoutPercent?: number | null;

  @IsOptional() @CheckedBy(checkReentry) reentry?: ReentryPolicy | null;

  @IsOptional() @CheckedBy((value, path, out) => checkEnum(value, CAMPAIGN_PRIORITIES, path, out)) priority?: CampaignPriority | null;
}
