import type { SegmentDefinition } from '@localreach/segmentation';
import type { CampaignPriority, StepType, TriggerType } from './campaign-definition';
import { PRESET_NAMES, PRESET_SEGMENT_PLACEHOLDER, buildPreset, type PresetName, type PresetParams } from './campaign-presets';
import { goalInWords, reentryInWords, stepInWords, triggerInWords } from './describe';

/** One field of a preset's `params`. */
export interface PresetParamSpec {
  name: keyof PresetParams;
  type: 'string';
  format: 'uuid' | null;
  required: boolean;
  description: string;
}

export interface PresetStepSummary {
  id: string;
  type: StepType;
  summary: string;
  /** The shipped template (library key) of an email or SMS step. */
  templateKey: string | null;
}

/** What a preset makes, in brief: for a catalogue page before anything is created. */
export interface PresetSummary {
  key: PresetName;
  name: string;
  description: string;
  params: PresetParamSpec[];
  trigger: { type: TriggerType; summary: string };
  steps: PresetStepSummary[];
  goal: string | null;
  reentry: string;
  priority: CampaignPriority;
  /** Library keys of the templates copied into the business. */
  templateKeys: string[];
  /** The segment the preset creates first (win_back), with its rule. */
  createsSegment: { name: string; definition: SegmentDefinition } | null;
}

const DESCRIPTIONS: Record<PresetName, string> = {
  welcome_series: 'Three emails over the first week after a customer is created; the last brings a first-order coupon.',
  abandoned_cart: 'After a cart_abandoned event: an email an hour later and an SMS a day later, each only if the customer has not ordered meanwhile.',
  birthday_offer: 'A birthday coupon by email a week before the birthday, at 10:00 in the customer\'s time zone; once a year.',
  nearby_offer: 'An SMS coupon valid for a day when a customer enters a geofence while its store is open; at most once a week.',
  win_back: 'A comeback coupon by email to customers who have ordered before but not in the last 60 days; creates that segment.',
};

const NAME_PARAM: PresetParamSpec = { name: 'name', type: 'string', format: null, required: false, description: 'Campaign name; defaults to the preset\'s title' };
const STORE_PARAM: PresetParamSpec = {
  name: 'storeId', type: 'string', format: 'uuid', required: false, description: 'Only customers whose nearest store this is (an entry filter)',
};
const GEOFENCE_PARAM: PresetParamSpec = {
  name: 'geofenceId', type: 'string', format: 'uuid', required: true, description: 'The geofence whose entry triggers the offer',
};

// Stands in for the caller's geofence while the plan is only described.
const SAMPLE_GEOFENCE = '00000000-0000-4000-8000-000000000000';

function paramsOf(key: PresetName): PresetParamSpec[] {
  return key === 'nearby_offer' ? [NAME_PARAM, GEOFENCE_PARAM, STORE_PARAM] : [NAME_PARAM, STORE_PARAM];
}

/** Every preset, in PRESET_NAMES order, built from the same plans POST /v1/campaigns/from-preset uses. */
export function presetCatalog(): PresetSummary[] {
  return PRESET_NAMES.map((key) => {
    const plan = buildPreset(key, key === 'nearby_offer' ? { geofenceId: SAMPLE_GEOFENCE } : {});
    const d = plan.definition;
    const names = {
      segment: (id: string) => (id === PRESET_SEGMENT_PLACEHOLDER ? plan.segment?.name : undefined),
      geofence: (id: string) => (id === SAMPLE_GEOFENCE ? 'given as params.geofenceId' : undefined),
    };
    return {
      key,
      name: d.name,
      description: DESCRIPTIONS[key],
      params: paramsOf(key),
      trigger: { type: d.trigger.type, summary: triggerInWords(d.trigger, names) },
      steps: d.steps.map((s) => ({
        id: s.id, type: s.type, summary: stepInWords(s, (k) => `template ${k}`), templateKey: s.type === 'email' || s.type === 'sms' ? s.templateId : null,
      })),
      goal: goalInWords(d.goal),
      reentry: reentryInWords(d.reentry),
      priority: d.priority ?? 'normal',
      templateKeys: plan.templateKeys,
      createsSegment: plan.segment ? { name: plan.segment.name, definition: plan.segment.definition } : null,
    };
  });
}
