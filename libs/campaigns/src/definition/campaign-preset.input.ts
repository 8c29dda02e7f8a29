import { IsIn } from 'class-validator';
import { checkInput, InputErrorCode, isPlainObject, IsOmittable, IsUuid, ValidateNestedWith, type NestedProblem } from '@localreach/core';
import { IsCampaignName } from './campaign.input';

export const PRESET_NAMES = ['welcome_series', 'abandoned_cart', 'birthday_offer', 'nearby_offer', 'win_back'] as const;
export type PresetName = (typeof PRESET_NAMES)[number];

/** A preset's parameters (CAMPAIGN_SCHEMAS.CampaignPresetParams). */
export class PresetParamsInput {
  /** Campaign name; defaults to the preset's title. */
  @IsOmittable() @IsCampaignName() name?: string;

  /** The geofence whose entry triggers `nearby_offer` (required there, not allowed elsewhere). */
  @IsOmittable() @IsUuid() geofenceId?: string;

  /** Limits the audience to customers whose nearest store this is (an `entry` filter). */
  @IsOmittable() @IsUuid() storeId?: string;
}

export type PresetParams = PresetParamsInput;

/** `params`: a PresetParamsInput when given, with a geofence for nearby_offer and for nothing else. */
function presetParamsProblems(params: unknown, body: Record<string, unknown>): NestedProblem[] {
  if (params !== undefined && !isPlainObject(params)) return [{ path: '', message: 'must be an object { name?, geofenceId?, storeId? }' }];
  const checked = params === undefined ? undefined : checkInput(PresetParamsInput, params);
  const problems = checked && !checked.ok ? checked.problems.map((p) => ({ path: `.${p.field}`, message: p.message })) : [];
  const geofenceId = params?.geofenceId;
  if (body.preset === 'nearby_offer' && geofenceId === undefined) problems.push({ path: '.geofenceId', message: 'required for nearby_offer' });
  if (body.preset !== 'nearby_offer' && geofenceId !== undefined) problems.push({ path: '.geofenceId', message: 'only allowed for nearby_offer' });
  return problems;
}

/**
 * POST /v1/campaigns/from-preset (CAMPAIGN_SCHEMAS.CampaignFromPresetInput):
 * a preset and its parameters. The campaign it makes is checked like any other.
 */
@InputErrorCode('INVALID_CAMPAIGN_PRESET')
export class CampaignFromPresetInput {
  @IsIn(PRESET_NAMES, { message: `must be one of ${PRESET_NAMES.join(', ')}` }) preset: PresetName;

  @ValidateNestedWith(presetParamsProblems) params?: PresetParamsInput;
}
